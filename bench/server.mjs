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
import { GENERATED_FILES, library, libraryDirs, libraryPath } from './libraries.mjs';
import { APP_FILES, PAGES, pagePath, TRACKER_FILES, TRACKER_HOSTS, TRACKER_PATH } from './page.mjs';

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const REVALIDATED = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

const ENCODERS = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipSync(body, { level: 9 }),
};

/** The URLs a page's markup names (`src` and `href`): those a site keeps stable from release to release. */
const namedBy = (html) => [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]);

/** The first and last line (0-based) of `text` in `html`. */
function linesOf(html, text) {
  const first = html.slice(0, html.indexOf(text)).split('\n').length - 1;
  return [first, first + text.split('\n').length - 1];
}

/** Listens on a new port of 127.0.0.1; resolves to the server and its origin. */
const listen = (handler) =>
  new Promise((done) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => done({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });

/**
 * `variants`: the libraries to serve (see libraries.mjs), each on every page of `pages` (see
 * page.mjs); `builds`: the folder of each other build of Témoin (`temoin-<name>`), by name.
 * Every file is served on the site's origin, and on each tracker host's (TRACKER_HOSTS, the same
 * server on another port). Resolves to `{ origin, log, libraries, inlineLines, close }`:
 * `libraries[variant]` as `library()` gives it; `log`: every response, whatever the origin;
 * `inlineLines[page path]`: the lines of that page that carry library code, [first, last] each.
 */
export async function startServer({ variants, pages = Object.keys(PAGES), builds = {} }) {
  let answer;
  const listening = await Promise.all([null, ...TRACKER_HOSTS].map(() => listen((req, res) => answer(req, res))));
  const [site, ...trackers] = listening;
  const hosts = Object.fromEntries(TRACKER_HOSTS.map((host, i) => [host, trackers[i].origin]));
  const dirs = libraryDirs(builds);
  const libraries = Object.fromEntries(variants.map((v) => [v, library(v, dirs[v])]));
  const html = Object.fromEntries(pages.flatMap((page) => variants.map((v) => [pagePath(page, v), PAGES[page](libraries[v], hosts)])));
  // The lines (0-based, as the profiler counts) each page carries library code on.
  const inlineLines = Object.fromEntries(
    pages.flatMap((page) =>
      variants.map((v) => {
        const path = pagePath(page, v);
        return [path, libraries[v].inline.map((code) => linesOf(html[path], code))];
      }),
    ),
  );
  const named = new Set(Object.values(html).flatMap(namedBy));
  const directories = Object.fromEntries(variants.filter((v) => dirs[v]).map((v) => [libraryPath(v), dirs[v]]));
  /** Generated answers: [content type, body, cache-control]. */
  const generated = {
    '/blank.html': ['text/html; charset=utf-8', '<!doctype html><title>blank</title>', 'no-store'],
    ...APP_FILES,
    ...Object.fromEntries(Object.entries(html).map(([path, body]) => [path, ['text/html; charset=utf-8', body, REVALIDATED]])),
    ...Object.fromEntries(
      Object.entries(GENERATED_FILES).flatMap(([variant, files]) =>
        Object.entries(files).map(([file, [type, body]]) => [`${libraryPath(variant)}${file}`, [type, body, REVALIDATED]]),
      ),
    ),
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

  // Files do not change while the benchmark runs: each is hashed and compressed once. Trackers
  // (`no-store`) are sent as they are.
  const prepared = new Map();
  const prepare = (path, [type, raw, cacheControl], encoding) => {
    if (cacheControl === 'no-store') return { type, body: Buffer.from(raw), cacheControl, encoding: 'identity' };
    const key = `${encoding} ${path}`;
    if (!prepared.has(key)) {
      const body = encoding === 'identity' ? Buffer.from(raw) : ENCODERS[encoding](raw);
      // One ETag per representation, as for any strong validator.
      const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}-${encoding}"`;
      prepared.set(key, { type, body, cacheControl, etag, encoding });
    }
    return prepared.get(key);
  };

  const log = [];
  answer = (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    const found = find(path);
    if (!found) {
      log.push({ path, status: 404, bytes: 0 });
      res.writeHead(404).end('not found');
      return;
    }
    const accepted = req.headers['accept-encoding'] ?? '';
    const wanted = found[0].startsWith('text/') ? (Object.keys(ENCODERS).find((e) => accepted.includes(e)) ?? 'identity') : 'identity';
    const { type, body, cacheControl, etag, encoding } = prepare(path, found, wanted);
    const headers = { 'cache-control': cacheControl, vary: 'accept-encoding', ...(etag ? { etag } : {}) };
    if (etag && req.headers['if-none-match'] === etag) {
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
  };
  const close = () => Promise.all(listening.map(({ server }) => new Promise((closed) => server.close(closed))));
  return { origin: site.origin, log, libraries, inlineLines, close };
}
