/**
 * The ledger's limits, unit by unit: what an address is and what the rate limit counts (an IPv4
 * address, an IPv6 /64, zone ids dropped), which proxies are believed, what `--store-ip truncated`
 * keeps (6to4's embedded IPv4 cut like any other), and a rate limit whose memory stays flat
 * however many addresses a flood brings.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { clientAddress, isTruncated, parseAddress, rateKey, truncateAddress, TrustedProxies } from '../../src/server/client-address';
import { RATE_LIMIT_CAPACITY, RateLimit } from '../../src/server/rate-limit';

describe('addresses', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['192.0.2.1:8080', undefined],
    ['unknown', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j reads as %j', (text, address) => {
    expect(parseAddress(text)).toBe(address);
  });

  it('drops a zone id of any length', () => {
    expect(parseAddress(`fe80::1%${'a'.repeat(16 * 1024)}`)).toBe('fe80::1');
  });

  it('counts an IPv4 address, or the /64 of an IPv6 address', () => {
    expect(rateKey('192.0.2.1')).toBe('192.0.2.1');
    expect(rateKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(rateKey('2001:db8:85a3:8d3::1')).toBe(rateKey('2001:db8:85a3:8d3:ffff:ffff:ffff:ffff'));
    expect(rateKey('2001:db8:85a3:8d4::1')).not.toBe(rateKey('2001:db8:85a3:8d3::1'));
  });

  it.each([
    ['192.0.2.77', '192.0.2.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    // 6to4: 2002:c000:024d is 192.0.2.77, the whole IPv4 address inside the /48.
    ['2002:c000:024d::1', '2002:c000:200::'],
    ['2002:c000:024d:1234:5678::1', '2002:c000:200::'],
    ['::ffff:192.0.2.77', '192.0.2.0'],
    // NAT64, IPv4-compatible, Teredo: the IPv4 address sits below the /48, which drops it.
    ['64:ff9b::192.0.2.77', '64:ff9b:0::'],
    ['::192.0.2.77', '0:0:0::'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:4136::'],
  ])('--store-ip truncated keeps %s as %s', (address, kept) => {
    expect(truncateAddress(address)).toBe(kept);
    expect(isTruncated(kept)).toBe(true);
  });
});

describe('trusted proxies', () => {
  const named = () => new TrustedProxies(['10.0.0.0/8', '2001:db8:1::/48', '192.0.2.7']);

  it('trust the addresses and ranges named, loopback with "loopback"', () => {
    const proxies = named();
    expect(['10.1.2.3', '2001:db8:1:2::5', '192.0.2.7'].map((a) => proxies.trusts(a))).toEqual([true, true, true]);
    expect(['11.0.0.1', '2001:db8:2::1', '192.0.2.8', '127.0.0.1'].map((a) => proxies.trusts(a))).toEqual([false, false, false, false]);
    const local = new TrustedProxies(['loopback']);
    expect(['127.0.0.1', '127.8.9.1', '::1', '10.0.0.1'].map((a) => local.trusts(a))).toEqual([true, true, true, false]);
  });

  it.each(['10.0.0.0/33', 'example.com', '10.0.0.0/8/8', '::1/129', '10.0.0.0/'])('refuse %j, naming it', (entry) => {
    expect(() => new TrustedProxies([entry])).toThrow(`proxy "${entry}": expected loopback, an IP address or a CIDR range such as 10.0.0.0/8`);
  });

  it('give the hop the nearest trusted proxy appended, skipping trusted proxies before it', () => {
    const proxies = named();
    // The client wrote the first hop itself; 10.9.9.9 is the site's own CDN edge, also trusted.
    expect(clientAddress('10.0.0.1', '6.6.6.6, 203.0.113.77, 10.9.9.9', proxies)).toBe('203.0.113.77');
    expect(clientAddress('10.0.0.1', '203.0.113.77', proxies)).toBe('203.0.113.77');
    // Everything trusted: the first hop is all there is.
    expect(clientAddress('10.0.0.1', '10.0.0.2', proxies)).toBe('10.0.0.2');
    // A hop that is no address: the proxy that passed it on is the client as far as anyone knows.
    expect(clientAddress('10.0.0.1', 'unknown', proxies)).toBe('10.0.0.1');
  });

  it('ignore X-Forwarded-For from a sender that is not one', () => {
    expect(clientAddress('198.51.100.9', '203.0.113.77', named())).toBe('198.51.100.9');
    expect(clientAddress('198.51.100.9', '203.0.113.77', undefined)).toBe('198.51.100.9');
  });
});

describe('the rate limit', () => {
  it('allows N posts a minute per client, then tells how long to wait', () => {
    const limit = new RateLimit(2);
    expect([0, 1, 2].map(() => limit.take('192.0.2.1', 1000))).toEqual([0, 0, 60]);
    expect(limit.take('192.0.2.2', 1000)).toBe(0);
    expect(limit.take('192.0.2.1', 31_000)).toBe(30);
    expect(limit.take('192.0.2.1', 61_000)).toBe(0);
  });

  it('forgets the clients not heard from for longest past its capacity, not an active one', () => {
    const limit = new RateLimit(1, 4);
    limit.take('a', 0);
    limit.take('b', 1);
    limit.take('c', 2);
    expect(limit.take('a', 3)).toBe(60); // a is heard from again: kept with the recent ones
    limit.take('d', 4); // b, not heard from since, goes
    expect(limit.size).toBeLessThanOrEqual(4);
    expect(limit.take('a', 5)).toBe(60);
    expect(limit.take('b', 6)).toBe(0);
  });

  it('keeps its memory flat under 1,000,000 distinct addresses', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const address = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    const start = heap();
    const limit = new RateLimit(60);
    let n = 0x0b000000;
    // A busy site's minute, then a flood.
    for (let i = 0; i < 100_000; i++) limit.take(address(n++), 1000);
    const full = heap();
    for (let i = 100_000; i < 1_000_000; i++) limit.take(address(n++), 1000);
    const after = heap();
    const MB = 1024 * 1024;
    console.info(
      `rate limit: ${((full - start) / MB).toFixed(1)} MB after 100,000 distinct addresses, ` +
        `${((after - start) / MB).toFixed(1)} MB after 1,000,000 (${limit.size} clients remembered, at most ${RATE_LIMIT_CAPACITY})`,
    );
    expect(after - full).toBeLessThan(2 * MB);
    expect(limit.size).toBeLessThanOrEqual(RATE_LIMIT_CAPACITY);
    expect(full - start).toBeLessThan(32 * MB);
  }, 60_000);
});
