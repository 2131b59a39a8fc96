/**
 * Serves the benchmark on 127.0.0.1 as a CDN would: brotli (quality 11) or gzip (level 9) when
 * the browser accepts it, the same for every file of both libraries. Logs each response's path,
 * encoding and body bytes on the wire.
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../test/browser/harness.mjs';
import { pageHtml, TRACKER_FILES, TRACKER_PATH, VANILLA_CONFIG, VARIANTS } from './page.mjs';

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };

/** Directories served as they are, by URL prefix. */
const DIRECTORIES = { '/dist/': join(ROOT, 'dist'), '/vendor/cookieconsent/': join(ROOT, 'node_modules/vanilla-cookieconsent/dist') };

/** Generated answers: the three pages, an empty one, and vanilla-cookieconsent's configuration file. */
const GENERATED = {
  '/blank.html': ['text/html; charset=utf-8', '<!doctype html><title>blank</title>'],
  ...Object.fromEntries(VARIANTS.map((v) => [`/${v}.html`, ['text/html; charset=utf-8', pageHtml(v)]])),
  '/vendor/cookieconsent/config.js': ['text/javascript; charset=utf-8', VANILLA_CONFIG],
};

function find(path) {
  if (GENERATED[path]) return GENERATED[path];
  if (path.startsWith(TRACKER_PATH)) return TRACKER_FILES[path.slice(TRACKER_PATH.length)];
  const prefix = Object.keys(DIRECTORIES).find((p) => path.startsWith(p));
  if (!prefix) return null;
  const file = normalize(join(DIRECTORIES[prefix], path.slice(prefix.length)));
  if (!file.startsWith(DIRECTORIES[prefix]) || !existsSync(file)) return null;
  return [TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file)];
}

const ENCODERS = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipSync(body, { level: 9 }),
};
const compressed = new Map();

/** Compresses text once per path and encoding (the files do not change while the benchmark runs). */
function encode(path, type, body, accepted) {
  const encoding = Object.keys(ENCODERS).find((e) => accepted.includes(e));
  if (!encoding || !type.startsWith('text/')) return { encoding: 'identity', body: Buffer.from(body) };
  const key = `${encoding} ${path}`;
  if (!compressed.has(key)) compressed.set(key, ENCODERS[encoding](body));
  return { encoding, body: compressed.get(key) };
}

export function startServer() {
  const log = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    const found = find(path);
    if (!found) {
      log.push({ path, status: 404 });
      res.writeHead(404).end('not found');
      return;
    }
    const [type, raw] = found;
    const { encoding, body } = encode(path, type, raw, req.headers['accept-encoding'] ?? '');
    log.push({ path, status: 200, encoding, bytes: body.length });
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      vary: 'accept-encoding',
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
