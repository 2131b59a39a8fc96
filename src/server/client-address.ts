/**
 * The client's address: the connection's, or behind a reverse proxy (`--trust-proxy`) the last
 * hop of `X-Forwarded-For`, the one the proxy itself appended (earlier hops are whatever the client
 * claimed). Kept only truncated, and only with `--store-ip truncated`.
 */
import { isIP } from 'node:net';

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`. */
const unmapped = (address: string): string => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

export function clientAddress(connection: string | undefined, forwardedFor: string | null | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor.split(',').at(-1)?.trim() ?? '';
    if (isIP(unmapped(last))) return unmapped(last);
  }
  return connection === undefined ? undefined : unmapped(connection);
}

/** The eight 16-bit groups of an IPv6 address, as numbers. */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? '';
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

/** IPv4 to its /24 (`192.0.2.0`), IPv6 to its /48 (`2001:db8:85a3::`); anything else to undefined. */
export function truncateAddress(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const version = isIP(address);
  if (version === 4) return `${address.split('.').slice(0, 3).join('.')}.0`;
  if (version === 6) return `${ipv6Groups(address).slice(0, 3).map((group) => group.toString(16)).join(':')}::`;
  return undefined;
}
