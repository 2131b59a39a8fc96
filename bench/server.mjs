/**
 * Serves the benchmark on 127.0.0.1 as a CDN would:
 * - bodies compressed with brotli (quality 11) or gzip (level 9) when the browser accepts it, each
 *   file compressed once and kept, as a CDN serving precompressed files does;
 * - cache headers: what a page names in its markup (its HTML, Témoin's `temoin.min.js`, every
 *   vanilla-cookieconsent file) keeps its URL from release to release, so it is revalidated
 *   (`no-cache` and an ETag, answered 304 when unchanged); what a library loads by itself from its
 *   folder is named by its content, so it is `immutable` for a year. No file name is known here:
 *   the rule follows from the pages' markup, whatever parts a build has.
 * Logs each response's path, status, encoding and body bytes on the wire.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../test/browser/harness.mjs';
import { libraryPath, pageHtml, TRACKER_FILES, TRACKER_PATH, VANILLA_CONFIG } from './page.mjs';

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const REVALIDATED = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

const ENCODERS = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipSync(body, { level: 9 }),
};

/** The URLs a page's markup names (`src` and `href`): those a site keeps stable from release to release. */
const namedBy = (html) => [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]);

/**
 * `variants`: the pages to serve (see page.mjs); `schemes`: folder of each alternative build of
 * Témoin, by scheme name (see schemes.mjs), served where `libraryPath` says.
 */
export function startServer({ variants, schemes = {} }) {
  const pages = Object.fromEntries(variants.map((v) => [`/${v}.html`, pageHtml(v)]));
  const named = new Set(Object.values(pages).flatMap(namedBy));
  const directories = {
    '/dist/': join(ROOT, 'dist'),
    [libraryPath('vanilla')]: join(ROOT, 'node_modules/vanilla-cookieconsent/dist'),
    ...Object.fromEntries(Object.entries(schemes).map(([name, dir]) => [libraryPath(`temoin-${name}`), dir])),
  };
  /** Generated answers: [content type, body, cache-control]. */
  const generated = {
    '/blank.html': ['text/html; charset=utf-8', '<!doctype html><title>blank</title>', 'no-store'],
    ...Object.fromEntries(Object.entries(pages).map(([path, html]) => [path, ['text/html; charset=utf-8', html, REVALIDATED]])),
    [`${libraryPath('vanilla')}config.js`]: ['text/javascript; charset=utf-8', VANILLA_CONFIG, REVALIDATED],
  };

  const find = (path) => {
    if (generated[path]) return generated[path];
    if (path.startsWith(TRACKER_PATH)) {
      const tracker = TRACKER_FILES[path.slice(TRACKER_PATH.length)];
      return tracker && [...tracker, 'no-store'];
    }
    const prefix = Object.keys(directories).find((p) => path.startsWith(p));
    if (!prefix) return null;
    const file = normalize(join(directories[prefix], path.slice(prefix.length)));
    if (!file.startsWith(directories[prefix]) || !existsSync(file) || !statSync(file).isFile()) return null;
    return [TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), named.has(path) ? REVALIDATED : IMMUTABLE];
  };

  // Files do not change while the benchmark runs: each is hashed and compressed once.
  const prepared = new Map();
  const prepare = (path, [type, raw, cacheControl], encoding) => {
    const key = `${encoding} ${path}`;
    if (!prepared.has(key)) {
      const body = encoding === 'identity' ? Buffer.from(raw) : ENCODERS[encoding](raw);
      // One ETag per representation, as for any strong validator.
      const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}-${encoding}"`;
      prepared.set(key, { type, body, cacheControl, etag });
    }
    return prepared.get(key);
  };

  const log = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    const found = find(path);
    if (!found) {
      log.push({ path, status: 404, bytes: 0 });
      res.writeHead(404).end('not found');
      return;
    }
    const accepted = req.headers['accept-encoding'] ?? '';
    const encoding = found[0].startsWith('text/') ? (Object.keys(ENCODERS).find((e) => accepted.includes(e)) ?? 'identity') : 'identity';
    const { type, body, cacheControl, etag } = prepare(path, found, encoding);
    const headers = { 'cache-control': cacheControl, vary: 'accept-encoding', ...(cacheControl === 'no-store' ? {} : { etag }) };
    if (cacheControl !== 'no-store' && req.headers['if-none-match'] === etag) {
      log.push({ path, status: 304, encoding, bytes: 0 });
      res.writeHead(304, headers).end();
      return;
    }
    log.push({ path, status: 200, encoding, bytes: body.length });
    res.writeHead(200, {
      ...headers,
      'content-type': type,
      'content-length': body.length,
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    });
    res.end(body);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      done({ origin: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((closed) => server.close(closed)) });
    });
  });
}
