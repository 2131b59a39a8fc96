/**
 * The client's address: the connection's, or behind trusted reverse proxies (`--trust-proxy`) the
 * nearest `X-Forwarded-For` hop that no trusted proxy appended. What the rate limit counts (an
 * IPv4 address, an IPv6 /64), and what `--store-ip truncated` keeps.
 */
import { BlockList, isIP } from 'node:net';

/** An IPv6 address is at most 45 characters (`ffff:…:255.255.255.255`); longer text is none. */
const MAX_ADDRESS_LENGTH = 45;
/** Hops of `X-Forwarded-For` looked at, from the last: more proxies than this in a row is not a real setup. */
const MAX_HOPS = 16;

/**
 * An IP address as the ledger reads one, or undefined when the text is none: spaces trimmed, an
 * IPv6 zone id dropped (`fe80::1%eth0` is `fe80::1`; the zone names an interface of the sender's
 * machine, not a client), an IPv4 client on a dual-stack socket (`::ffff:192.0.2.1`) as IPv4.
 */
export function parseAddress(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const zone = trimmed.indexOf('%');
  const address = zone === -1 ? trimmed : trimmed.slice(0, zone);
  if (address.length > MAX_ADDRESS_LENGTH || !isIP(address)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/** The proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges. */
export class TrustedProxies {
  readonly #list = new BlockList();

  /**
   * `loopback` (127.0.0.0/8 and ::1: a proxy on the same machine), an address (`10.1.2.3`) or a
   * CIDR range (`10.0.0.0/8`, `2001:db8::/32`). Throws naming the first that is none of these.
   */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry === 'loopback') {
        this.#list.addSubnet('127.0.0.0', 8, 'ipv4');
        this.#list.addAddress('::1', 'ipv6');
        continue;
      }
      const [address = '', bits, extra] = entry.split('/');
      const family = isIP(address);
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (!family || extra !== undefined || !(prefix <= (family === 4 ? 32 : 128)))
        throw new Error(`proxy "${entry}": expected loopback, an IP address or a CIDR range such as 10.0.0.0/8`);
      this.#list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  trusts(address: string): boolean {
    return this.#list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The client's address. Without trusted proxies, or from a sender that is not one, the
 * connection's: `X-Forwarded-For` is then whatever the client wrote. From a trusted proxy, the
 * hops are read from the last (the one that proxy appended) back, past every trusted proxy; a hop
 * that is not an address ends the walk at the proxy that passed it on.
 */
export function clientAddress(connection: string | undefined, forwardedFor: string | undefined, proxies: TrustedProxies | undefined): string | undefined {
  let client = parseAddress(connection);
  if (!proxies || !forwardedFor) return client;
  const hops = forwardedFor.split(',', 4096).slice(-MAX_HOPS);
  while (client !== undefined && proxies.trusts(client)) {
    const hop = parseAddress(hops.pop());
    if (hop === undefined) break;
    client = hop;
  }
  return client;
}

/** The eight 16-bit groups of an IPv6 address (as `parseAddress` returns it), as numbers. */
function ipv6Groups(address: string): number[] {
  let text = address;
  // A dotted IPv4 tail (`::192.0.2.1`) is the last two groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const before = parse(head);
  const after = rest === undefined ? [] : parse(rest);
  return [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
}

const hexGroups = (groups: number[]) => groups.map((group) => group.toString(16)).join(':');

/**
 * What the rate limit counts: an IPv4 address, or an IPv6 address's /64, the smallest network a
 * provider hands one customer (a client picks any address within it at will).
 */
export function rateKey(address: string): string {
  return isIP(address) === 4 ? address : `${hexGroups(ipv6Groups(address).slice(0, 4))}::/64`;
}

/** 6to4 (`2002::/16`): the next 32 bits are the sender's whole IPv4 address. */
const SIX_TO_FOUR = 0x2002;

/**
 * IPv4 to its /24 (`192.0.2.0`), IPv6 to its /48 (`2001:db8:85a3::`); anything else to undefined.
 * A 6to4 address carries an IPv4 address in its /48: that address is cut to its /24 as well
 * (`2002:c000:204::1` to `2002:c000:200::`). The other forms that embed IPv4 keep it below the /48.
 */
export function truncateAddress(address: string | undefined): string | undefined {
  const parsed = parseAddress(address);
  if (parsed === undefined) return undefined;
  if (isIP(parsed) === 4) return `${parsed.split('.').slice(0, 3).join('.')}.0`;
  const [first = 0, second = 0, third = 0] = ipv6Groups(parsed);
  return `${hexGroups([first, second, first === SIX_TO_FOUR ? third & 0xff00 : third])}::`;
}

/** Whether `ip` is what `truncateAddress` keeps: an IPv4 /24 or an IPv6 /48. */
export function isTruncated(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) return ip.endsWith('.0');
  return version === 6 && ipv6Groups(ip).slice(3).every((group) => group === 0);
}
