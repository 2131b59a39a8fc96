/**
 * What a hostile client can send the ledger, as fast-check generators: raw bytes on a socket
 * (request lines that Node's parser lets through and URL does not, headers in conflict, bodies
 * chunked wrong), Fetch-API requests, and the bodies inside both (valid proofs, proofs with one
 * field replaced by anything, any JSON, any bytes, nesting, sizes around the limit).
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { proof } from './temoin';

/** How many cases each target gets: bounded in `npm test`, many more with `npm run fuzz:ledger`. */
export const FUZZ_RUNS = Number(process.env.TEMOIN_FUZZ_RUNS ?? 1);

const FIELDS = ['v', 'id', 'revision', 'granted', 'refused', 'method', 'language', 'createdAt', 'updatedAt', 'gpc', 'url', 'userAgent', 'jurisdiction', 'model'];

/** Strings an attacker tries first: empty, huge, control and bidi characters, lone surrogates, other types' look-alikes. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '\u0000', '\u202e', '\ud800', 'null', '1e400', '-0', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', 'javascript:alert(1)', 'https://x.test/?a=1#b', 'x'.repeat(20_000)),
);

/** Any JSON value, nasty strings included. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, fc.constantFrom(2 ** 53, -1, 1.5, 2 ** 31, [], {}, null, true));

/** A proof as Témoin sends it, or with one field replaced, removed, or one added. */
const proofBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(() => proof()),
  fc.tuple(fc.constantFrom(...FIELDS), anyJson).map(([field, value]) => ({ ...proof(), [field]: value })),
  fc.constantFrom(...FIELDS).map((field) => {
    const { [field]: _, ...rest } = proof();
    return rest;
  }),
  fc.tuple(fc.string(), anyJson).map(([field, value]) => ({ ...proof(), [field]: value })),
);

/** A body's bytes: JSON of the above, any JSON, broken JSON, deep nesting, any bytes, sizes around 16 KiB. */
export const bodyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: proofBody.map((value) => new TextEncoder().encode(JSON.stringify(value))) },
  anyJson.map((value) => new TextEncoder().encode(JSON.stringify(value))),
  proofBody.map((value) => new TextEncoder().encode(JSON.stringify(value).slice(0, -3))),
  fc.integer({ min: 1, max: 5000 }).map((depth) => new TextEncoder().encode(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  // A duplicate key: JSON.parse keeps the last.
  fc.constant(null).map(() => new TextEncoder().encode(JSON.stringify(proof()).replace('{', '{"method":"reject-all",'))),
  fc.uint8Array({ maxLength: 512 }),
  fc.integer({ min: 16 * 1024 - 64, max: 16 * 1024 + 64 }).map((size) => new TextEncoder().encode(JSON.stringify({ ...proof(), userAgent: 'x'.repeat(size) }))),
);

const METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'CONNECT', 'TRACE', 'PRI', 'FOO', 'post', ''];

/** The dashboard token of the ledgers the fuzzer runs (`temoin serve` with TEMOIN_DASHBOARD_TOKEN). */
export const FUZZ_DASHBOARD_TOKEN = 'fuzz-dashboard-token-0123456789';
const INSIGHTS_PATHS = ['/stats', '/dashboard', '/dashboard/sign-out', '/dashboard/dashboard.css'];
/** A sign-in form's body: the token right, wrong, repeated, huge, or broken encoding. */
const signInBody: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    fc.constant(`token=${FUZZ_DASHBOARD_TOKEN}`),
    fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((value) => `token=${encodeURIComponent(value)}`),
    fc.constantFrom('token=%zz', 'token=&token=x', `token=${'t'.repeat(20_000)}`, '=', '&&&'),
  )
  .map((text) => new TextEncoder().encode(text));
/** A query of the insights' parameters, with values right, wrong, odd or huge. */
const insightsQuery = fc
  .array(
    fc.tuple(
      fc.constantFrom('by', 'from', 'to', 'through', 'format', 'x', ''),
      fc.oneof(
        fc.constantFrom('day', 'week', 'jurisdiction', 'language', 'revision', 'model', 'year', '2026-01-01', '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '2026-01-01T00:00:00Z', '-1', ''),
        fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
        fc.constant('9'.repeat(5000)),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'));
/** The insights' paths, with or without a query. */
const insightsTarget = fc.tuple(fc.constantFrom(...INSIGHTS_PATHS), fc.option(insightsQuery)).map(([path, query]) => (query === null ? path : `${path}?${query}`));

/** Request targets: the ledger's paths, in every form Node's parser lets through, and noise. */
const target = fc.oneof(
  { weight: 2, arbitrary: insightsTarget },
  fc.constantFrom(
    '/consent-records',
    '/health',
    '/',
    '*',
    'http://[/consent-records',
    'http://a:99999/consent-records',
    'http://%zz/consent-records',
    'http://ledger.test/consent-records',
    'https://[::1]:0/health',
    '//consent-records',
    '/consent-records?x=1#y',
    '/consent-records/../health',
    '/%2e%2e/consent-records',
    '/consent-records%00',
    '/consent%2Drecords',
    'ledger.test:443',
    `/${'a'.repeat(9000)}`,
  ),
  fc.webPath(),
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
);
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'HTTP/1.1x', ''];

const addressText = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('unknown', '', '::ffff:192.0.2.1', `fe80::1%${'z'.repeat(16 * 1024)}`, '2002:c000:24d::1', '1.2.3.4:80', '[::1]'));
const headerValue = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }));
/** Headers in every combination that matters: conflicting lengths, odd encodings, forged addresses, origins. */
const header: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['content-type', 'application/json'],
    ['content-type', 'application/json; charset=utf-8'],
    ['content-type', 'text/plain'],
    ['content-type', 'application/json, text/plain'],
    ['transfer-encoding', 'chunked'],
    ['transfer-encoding', 'gzip, chunked'],
    ['transfer-encoding', 'chunked, identity'],
    ['expect', '100-continue'],
    ['connection', 'keep-alive'],
    ['connection', 'upgrade'],
    ['upgrade', 'websocket'],
    ['host', ''],
  ),
  fc.tuple(fc.constant('content-length'), fc.oneof(fc.nat({ max: 40_000 }).map(String), fc.constantFrom('-1', '1e3', '0x10', ' 5', '99999999999999999999', '1, 2'))),
  fc.tuple(fc.constant('x-forwarded-for'), fc.array(addressText, { maxLength: 5 }).map((hops) => hops.join(', '))),
  fc.tuple(fc.constant('origin'), fc.oneof(fc.webUrl(), fc.constantFrom('null', 'https://www.example.com', '*'), headerValue)),
  // The dashboard's credentials: the token right or wrong, a session cookie forged, a form's headers.
  fc.tuple(fc.constant('authorization'), fc.oneof(fc.constant(`Bearer ${FUZZ_DASHBOARD_TOKEN}`), fc.constantFrom('Bearer', 'Bearer ', 'Basic x', `bearer ${FUZZ_DASHBOARD_TOKEN}`), headerValue)),
  fc.tuple(fc.constant('cookie'), fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((value) => `temoin-dashboard=${value}`), headerValue, fc.constant(`temoin-dashboard=${'a'.repeat(8000)}`))),
  fc.constantFrom<[string, string]>(['content-type', 'application/x-www-form-urlencoded'], ['sec-fetch-site', 'same-origin'], ['sec-fetch-site', 'cross-site']),
  fc.tuple(fc.stringMatching(/^[a-zA-Z-]{1,20}$/), headerValue),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 10 }), headerValue),
);

/** `bytes` chunked, right or wrong. */
const chunked = (bytes: Uint8Array, wrong: boolean) =>
  Buffer.concat([Buffer.from(`${wrong ? 'zz' : bytes.length.toString(16)}\r\n`), bytes, Buffer.from(wrong ? '\r\n' : '\r\n0\r\n\r\n')]);

/** Bytes a client may write on a socket to the ledger: HTTP/1.1 requests in every shape, and pure noise. */
export const rawRequest: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 8, arbitrary: fc
    .record({
      method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ unit: 'grapheme-ascii', maxLength: 8 })),
      target,
      version: fc.constantFrom(...VERSIONS),
      headers: fc.array(header, { maxLength: 8 }),
      body: fc.oneof({ weight: 4, arbitrary: bodyBytes }, signInBody),
      framing: fc.constantFrom('length', 'chunked', 'bad-chunks', 'none'),
    })
    .map(({ method, target: path, version, headers, body, framing }) => {
      const framed = framing === 'length' ? [...headers, ['content-length', String(body.length)] as [string, string]] : framing === 'none' ? headers : [...headers, ['transfer-encoding', 'chunked'] as [string, string]];
      const head = Buffer.from(`${method} ${path} ${version}\r\nHost: ledger.test\r\n${framed.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1');
      return Buffer.concat([head, framing === 'chunked' || framing === 'bad-chunks' ? chunked(body, framing === 'bad-chunks') : body]);
    }) },
  // A post as Témoin's browser code sends it, with its body varied and a few headers added.
  { weight: 4, arbitrary: fc.tuple(proofBody, fc.array(header, { maxLength: 3 })).map(([value, headers]) => {
    const body = Buffer.from(JSON.stringify(value));
    const head = `POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${headers.map(([name, text]) => `${name}: ${text}\r\n`).join('')}\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  }) },
  // Two requests on one connection, the second one whatever.
  fc.tuple(bodyBytes, fc.uint8Array({ maxLength: 200 })).map(([body, tail]) =>
    Buffer.concat([Buffer.from(`POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`), body, tail]),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
);

/** The statuses of every response in bytes read from a socket. */
export const statusesIn = (answer: Buffer): number[] => [...answer.toString('latin1').matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((match) => Number(match[1]));

/** The seqs the ledger acknowledged in bytes read from a socket (`201 {"seq": …}`). */
export const seqsIn = (answer: Buffer): number[] => [...answer.toString('latin1').matchAll(/\{"seq":(\d+),"hash":"[0-9a-f]{64}"\}/g)].map((match) => Number(match[1]));

/**
 * Writes `bytes` to `host:port`, half-closes, and resolves with all the server answered once it
 * closes the connection; rejects if it has not within `ms` (a request left hanging is a failure).
 */
export function exchange(port: number, bytes: Buffer, ms = 15_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end after ${ms} ms for ${JSON.stringify(bytes.subarray(0, 200).toString('latin1'))}`));
    }, ms);
    socket.on('data', (part: Buffer) => parts.push(part));
    // A reset after the server refused the request is an answer too.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(parts));
    });
    socket.end(bytes);
  });
}

/** A Fetch-API request made of generated parts, or null when the Request constructor itself refuses them. */
export const fetchRequest: fc.Arbitrary<Request | null> = fc
  .record({
    method: fc.oneof({ weight: 4, arbitrary: fc.constant('POST') }, fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH'), fc.stringMatching(/^[A-Za-z]{1,8}$/)),
    path: fc.oneof({ weight: 3, arbitrary: fc.constant('/consent-records') }, target),
    headers: fc.tuple(fc.boolean(), fc.array(header, { maxLength: 6 })).map(([json, others]): [string, string][] => (json ? [['content-type', 'application/json'], ...others] : others)),
    body: fc.option(bodyBytes, { nil: undefined, freq: 5 }),
  })
  .map(({ method, path, headers, body }) => {
    // What a Fetch-API runtime can carry at all: a URL, header names and values without line breaks.
    const url = URL.canParse(path, 'http://ledger.test') ? new URL(path, 'http://ledger.test') : new URL('http://ledger.test/consent-records');
    const carried = headers.filter(([name, value]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && !/[\0\r\n]/.test(value) && !['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade'].includes(name.toLowerCase()));
    try {
      return new Request(url, { method, headers: carried, ...(body && method !== 'GET' && method !== 'HEAD' ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
    } catch {
      return null;
    }
  });
