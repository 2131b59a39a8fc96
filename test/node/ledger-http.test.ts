/**
 * The ledger's HTTP endpoint as browsers, proxies and attackers meet it: what it accepts, what it
 * refuses (and that nothing refused is stored), CORS, the rate limit, client addresses, the
 * site's own configuration, health, what a 5xx says, the store's permissions, and the limits on
 * slow and numerous clients. In-process, over real HTTP.
 */
import { once } from 'node:events';
import { writeFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger, type LedgerOptions } from '../../src/server/create-ledger';
import { listen, type Limits } from '../../src/server/listen';
import { post, proof, tempFolder } from './support/temoin';

const folders: string[] = [];
const open: { ledger: Ledger; server: Server }[] = [];
afterEach(async () => {
  for (const { ledger, server } of open.splice(0)) {
    server.closeAllConnections();
    server.close();
    await ledger.close();
  }
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A ledger on a fresh embedded store, listening on a free port. */
async function start(options: LedgerOptions = {}, limits?: Partial<Limits>) {
  const folder = tempFolder();
  folders.push(folder);
  const data = join(folder, 'ledger');
  const ledger = createLedger({ data, ...options });
  await ledger.ready;
  const { server, url } = await listen(ledger, '127.0.0.1', 0, limits);
  open.push({ ledger, server });
  return { url, data, ledger };
}

/** What the store holds: its entries, read back with SQL. */
function stored(data: string) {
  const db = new Database(join(data, 'ledger.sqlite3'), { readonly: true });
  try {
    return db
      .prepare<[], { received_at: string; record: string; ip: string | null; hash: string }>('SELECT received_at, record, ip, hash FROM temoin_entries ORDER BY seq')
      .all()
      .map(({ received_at, record, ip, hash }) => ({ receivedAt: received_at, record: JSON.parse(record) as Record<string, unknown>, hash, ...(ip === null ? {} : { ip }) }));
  } finally {
    db.close();
  }
}

/** A request through the Fetch API, from `clientAddress`. */
const postFrom = (ledger: Ledger, clientAddress?: string, record = proof()) =>
  ledger.fetch(
    new Request('http://ledger.test/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) }),
    clientAddress === undefined ? undefined : { clientAddress },
  );

describe('POST /consent-records', () => {
  it('answers 201 {seq, hash} and keeps the record as sent, with the server time', async () => {
    const { url, data } = await start();
    const record = proof();
    const first = await post(url, record, { origin: 'https://www.example.com' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(first.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect((await post(url, proof())).body?.seq).toBe(2);
    const [entry] = stored(data);
    expect(entry?.record).toEqual(record);
    expect(entry?.hash).toBe(first.body?.hash);
    expect(Date.now() - Date.parse(entry?.receivedAt ?? '')).toBeLessThan(60_000);
    expect(entry).not.toHaveProperty('ip');
  });

  it.each([
    ['not JSON', '{"v":1,', 'record: not JSON'],
    ['an array', '[]', 'record: expected a JSON object'],
    ['an unknown field', { ...proof(), email: 'a@b.c' }, 'email: unknown field'],
    ['a missing id', { ...proof(), id: undefined }, 'id: missing'],
    ['an id that is not a UUID v4', proof({ id: 'visitor-42' }), 'id: expected a UUID v4'],
    ['a negative revision', proof({ revision: -1 }), 'revision: expected an integer from 0 to 2147483647'],
    ['a category id with spaces', proof({ granted: ['necessary', 'ad tracking'] }), 'granted: expected an array of distinct category ids'],
    ['a category both granted and refused', proof({ granted: ['necessary'], refused: ['necessary'] }), 'refused: "necessary" is also granted'],
    ['an unknown method', proof({ method: 'dismiss' }), 'method: expected one of accept-all, reject-all, custom'],
    ['a time that is not ISO 8601', proof({ createdAt: 'yesterday' }), 'createdAt: expected an ISO 8601 UTC time'],
    // The pattern holds, the day does not exist: once answered 500 (toISOString threw).
    ['a month 13', proof({ updatedAt: '2026-13-01T00:00:00Z' }), 'updatedAt: expected an ISO 8601 UTC time'],
    ['the 30th of February', proof({ createdAt: '2026-02-30T00:00:00Z' }), 'createdAt: expected an ISO 8601 UTC time'],
    ['a NUL in the user agent', proof({ userAgent: 'Mozilla/5.0\u0000' }), 'userAgent: expected text without control or bidirectional formatting characters'],
    ['a right-to-left override in the url', proof({ url: 'https://www.example.com/\u202Egpj.exe' }), 'url: expected text without control or bidirectional formatting characters'],
    ['a line break in the url', proof({ url: 'https://www.example.com/\nInjected: yes' }), 'url: expected text without control or bidirectional formatting characters'],
    ['a url that is not http(s)', proof({ url: 'javascript:alert(1)' }), 'url: expected an http or https page address'],
    ['a url with a password', proof({ url: 'https://admin:secret@www.example.com/' }), 'url: expected an http or https page address'],
    ['a url after spaces', proof({ url: '  https://www.example.com/' }), 'url: expected an http or https page address'],
    ['a lone surrogate in the url', JSON.stringify(proof({ url: 'X' })).replace('"X"', '"https://x.test/\\ud800"'), 'url: expected well-formed text of at most 2048 characters'],
    ['deep nesting', `{"v":${'['.repeat(50)}${']'.repeat(50)}}`, 'record: nested deeper than 4 levels'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_, body, error) => {
    const { url, data } = await start();
    const answer = await post(url, body);
    expect(answer).toMatchObject({ status: 400, body: { error } });
    expect(stored(data)).toEqual([]);
  });

  it('keeps the page address without its query or fragment, as the browser sends it', async () => {
    const { url, data } = await start();
    const record = proof({ url: 'https://www.example.com/fr/merci?email=ana@example.com&token=42#section' });
    expect((await post(url, record)).status).toBe(201);
    expect((stored(data))[0]?.record).toEqual({ ...record, url: 'https://www.example.com/fr/merci' });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/consent-records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'record: not UTF-8 text' });
  });

  it('refuses a body over 16 KiB with 413, announced or streamed, before parsing it', async () => {
    const { url, data } = await start();
    const big = JSON.stringify(proof({ userAgent: 'x'.repeat(17 * 1024) }));
    expect((await post(url, big)).status).toBe(413);
    // Without Content-Length (chunked): cut off while reading.
    const { port } = new URL(url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/consent-records', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        resolve(res.statusCode);
        res.resume();
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(stored(data)).toEqual([]);
  });

  it('refuses another content type with 415', async () => {
    const { url } = await start();
    expect((await post(url, JSON.stringify(proof()), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(url, proof(), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
  });
});

describe('origins', () => {
  const origins = ['https://www.example.com', 'https://shop.example.com'];

  it('takes posts from the listed origins only; a post without Origin is refused', async () => {
    const { url, data } = await start({ origins });
    const allowed = await post(url, proof(), { origin: 'https://shop.example.com' });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await post(url, proof(), { origin: 'https://evil.example' });
    expect(other).toMatchObject({ status: 403, body: { error: 'origin: not allowed' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(await post(url, proof())).toMatchObject({ status: 403, body: { error: 'origin: missing' } });
    expect(stored(data)).toHaveLength(1);
  });

  it('answers CORS preflights for them, echoing the origin', async () => {
    const { url } = await start({ origins });
    const preflight = (origin: string) =>
      fetch(`${url}/consent-records`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const ok = await preflight('https://www.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('takes any origin when none is listed (development)', async () => {
    const { url } = await start();
    expect((await post(url, proof(), { origin: 'http://localhost:3000' })).status).toBe(201);
    expect((await post(url, proof())).status).toBe(201);
  });

  it('refuses an origin option that is not an origin', async () => {
    const data = tempFolder();
    folders.push(data);
    await expect(createLedger({ data, origins: ['https://www.example.com/consent'] }).ready).rejects.toThrow(
      'origin "https://www.example.com/consent": expected a scheme, host and optional port',
    );
  });
});

describe('rate limit and client addresses', () => {
  it('allows --rate posts a minute per address, refused ones included, then 429 with Retry-After', async () => {
    const { url } = await start({ rate: 3 });
    expect((await post(url, proof())).status).toBe(201);
    expect((await post(url, 'nonsense')).status).toBe(400);
    expect((await post(url, proof())).status).toBe(201);
    const over = await post(url, proof());
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Without --trust-proxy, X-Forwarded-For is whatever the client says: ignored.
    expect((await post(url, proof(), { 'x-forwarded-for': '198.51.100.23' })).status).toBe(429);
  });

  it('behind a trusted proxy, counts and keeps the last X-Forwarded-For hop, truncated', async () => {
    const { url, data } = await start({ rate: 1, trustProxy: true, storeIp: 'truncated' });
    // The client may claim anything in the first hops; the proxy appended the last one.
    expect((await post(url, proof(), { 'x-forwarded-for': '10.9.9.9, 203.0.113.77' })).status).toBe(201);
    expect((await post(url, proof(), { 'x-forwarded-for': '10.9.9.9, 203.0.113.77' })).status).toBe(429);
    expect((await post(url, proof(), { 'x-forwarded-for': '2001:db8:85a3:8d3:1319:8a2e:370:7348' })).status).toBe(201);
    // 6to4: the /48 holds the whole IPv4 address 192.0.2.77, which is cut to its /24 like any other.
    expect((await post(url, proof(), { 'x-forwarded-for': '2002:c000:24d:1:2:3:4:5' })).status).toBe(201);
    expect((stored(data)).map((entry) => entry.ip)).toEqual(['203.0.113.0', '2001:db8:85a3::', '2002:c000:200::']);
  });

  it('believes X-Forwarded-For only from the proxies named', async () => {
    // The ledger is reached directly (from 127.0.0.1), not through 10.0.0.0/8: the header is the client's own claim.
    const direct = await start({ rate: 1, trustProxy: ['10.0.0.0/8'] });
    expect((await post(direct.url, proof(), { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await post(direct.url, proof(), { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429);
    const proxied = await start({ rate: 1, trustProxy: ['127.0.0.1'] });
    expect((await post(proxied.url, proof(), { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await post(proxied.url, proof(), { 'x-forwarded-for': '198.51.100.2' })).status).toBe(201);
  });

  it('counts an IPv6 client by its /64, whatever address or zone id it picks', async () => {
    const { ledger } = await start({ rate: 1 });
    expect((await postFrom(ledger, '2001:db8:1:2::1')).status).toBe(201);
    expect((await postFrom(ledger, '2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(429);
    expect((await postFrom(ledger, '2001:db8:1:3::1')).status).toBe(201);
    expect((await postFrom(ledger, 'fe80::1%eth0')).status).toBe(201);
    expect((await postFrom(ledger, `fe80::1%${'a'.repeat(16 * 1024)}`)).status).toBe(429);
  });

  it('never puts clients whose address is unknown in one shared allowance', async () => {
    // A Fetch-API server that passes no address: one client cannot use up everyone's allowance.
    const { ledger } = await start({ rate: 1 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postFrom(ledger)).status);
    expect(statuses).toEqual([201, 201, 201]);
  });

  it('keeps the connection address truncated with storeIp, and nothing without', async () => {
    const kept = await start({ storeIp: 'truncated' });
    await post(kept.url, proof());
    expect((stored(kept.data))[0]?.ip).toBe('127.0.0.0');
  });
});

describe('--config: the site’s own categories and revision', () => {
  it('refuses category ids the site does not have and revisions it has not published', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const config = join(folder, 'consent.json');
    writeFileSync(config, JSON.stringify({ revision: 2, categories: { necessary: { required: true }, performance: {}, advertising: {}, 'third-party': {} } }));
    const { url } = await start({ config });
    expect((await post(url, proof({ revision: 2 }))).status).toBe(201);
    expect((await post(url, proof({ refused: ['advertising', 'social'] }))).body).toEqual({ error: 'refused: "social" is not a category of this site' });
    expect((await post(url, proof({ revision: 3 }))).body).toEqual({ error: "revision: expected at most 2, this site's revision" });
  });

  it('names the problem in a configuration that does not pass the checks', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const config = join(folder, 'consent.json');
    writeFileSync(config, JSON.stringify({ revision: 'two' }));
    await expect(createLedger({ data: folder, config }).ready).rejects.toThrow(`${config}: revision: expected an integer`);
  });
});

describe('GET /health', () => {
  it('is 200 {"ok": true} when the store takes writes', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('a store that cannot be reached', () => {
  it('answers 503 to posts and health, saying nothing of the store (its details go to stderr)', async () => {
    const ledger = createLedger({ databaseUrl: 'postgres://nobody:hunter2@127.0.0.1:1/secret_db' });
    await expect(ledger.ready).rejects.toThrow('postgres://nobody@127.0.0.1:1/secret_db');
    const health = await ledger.fetch(new Request('http://ledger.test/health'));
    expect(health.status).toBe(503);
    expect(await health.text()).toBe('{"error":"store: not available, try again"}');
    const posted = await postFrom(ledger, '192.0.2.1');
    expect(posted.status).toBe(503);
    expect(posted.headers.get('retry-after')).toBe('5');
    expect(await posted.text()).toBe('{"error":"store: not available, try again"}');
    await ledger.close();
  });

  it('says nothing of an embedded store’s path either', async () => {
    // A folder inside a file: it cannot be created.
    const file = join(tempFolder(), 'private-name');
    folders.push(dirname(file));
    writeFileSync(file, '');
    const ledger = createLedger({ data: join(file, 'ledger') });
    await expect(ledger.ready).rejects.toThrow('private-name');
    const answer = await (await postFrom(ledger, '192.0.2.1')).text();
    expect(answer).toBe('{"error":"store: not available, try again"}');
    await ledger.close();
  });
});

describe('the store’s files', () => {
  it('are created readable by the ledger’s own user only: the folder 0700, the files 0600', async () => {
    const { url, data } = await start();
    expect((await post(url, proof())).status).toBe(201);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([mode(data), mode(join(data, 'ledger.sqlite3')), mode(join(data, 'ledger.sqlite3-wal'))]).toEqual(['700', '600', '600']);
  });
});

describe('as a library', () => {
  it('serves the Fetch API (Deno, Bun, edge), with the client address the runtime gives', async () => {
    const data = tempFolder();
    folders.push(data);
    const ledger = createLedger({ data, rate: 1 });
    const request = () =>
      new Request('http://ledger.test/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(proof()) });
    const first = await ledger.fetch(request(), { clientAddress: '192.0.2.1' });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ seq: 1 });
    expect((await ledger.fetch(request(), { clientAddress: '192.0.2.1' })).status).toBe(429);
    expect((await ledger.fetch(request(), { clientAddress: '192.0.2.2' })).status).toBe(201);
    expect((await ledger.fetch(new Request('http://ledger.test/elsewhere'))).status).toBe(404);
    await ledger.close();
  });

  it('mounts in a Node server beside the site, passing other paths on (Express-style next)', async () => {
    const data = tempFolder();
    folders.push(data);
    const ledger = createLedger({ data });
    const server = createServer((req, res) => {
      ledger.node(req, res, () => res.end('the site'));
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    open.push({ ledger, server });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${url}/about`)).text()).toBe('the site');
    expect((await post(url, proof())).status).toBe(201);
  });

  it('answers when Express mounts it on its path (the mount path stripped from req.url)', async () => {
    const data = tempFolder();
    folders.push(data);
    const ledger = createLedger({ data });
    const server = createServer((req, res) => {
      // What app.use('/consent-records', ledger.node) hands over.
      Object.assign(req, { originalUrl: req.url, url: '/' });
      ledger.node(req, res, () => res.writeHead(404).end());
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    open.push({ ledger, server });
    expect((await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, proof())).status).toBe(201);
  });
});

describe('numerous and slow clients', () => {
  it('holds at most maxConnections connections; one more is closed at once', async () => {
    const { url } = await start({}, { maxConnections: 2 });
    const port = Number(new URL(url).port);
    const held: Socket[] = [];
    for (let i = 0; i < 2; i++) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write('POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\n');
      held.push(socket);
    }
    const extra = connect(port, '127.0.0.1');
    extra.write('GET /health HTTP/1.1\r\nHost: ledger.test\r\n\r\n');
    let answer = '';
    extra.setEncoding('utf8').on('data', (text: string) => (answer += text));
    extra.on('error', () => undefined);
    await once(extra, 'close');
    expect(answer).toBe('');
    for (const socket of held) socket.destroy();
    await Promise.all(held.map((socket) => (socket.closed ? Promise.resolve() : once(socket, 'close'))));
    // The held ones gone, the next connection is served.
    for (;;) {
      const response = await fetch(`${url}/health`).catch(() => undefined);
      if (response) {
        expect(response.status).toBe(200);
        break;
      }
    }
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const { url } = await start({}, { headersMs: 300, requestMs: 600, keepAliveMs: 300 });
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\n');
    let answer = '';
    socket.setEncoding('utf8').on('data', (text: string) => (answer += text));
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });

  it('closes a connection whose body trickles past the request timeout', async () => {
    const { url, data } = await start({}, { headersMs: 300, requestMs: 600, keepAliveMs: 300 });
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{');
    socket.on('error', () => undefined); // EPIPE: writing after the server closed
    const trickle = setInterval(() => socket.write(' '), 100);
    await new Promise((resolve) => socket.on('close', resolve));
    clearInterval(trickle);
    expect(stored(data)).toEqual([]);
  });
});
