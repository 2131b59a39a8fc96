/**
 * `npm run demo`: serves the bilingual demo site (demo/site/), the build (/dist/) and the demo's
 * configuration (/consent.json) on 127.0.0.1, with a strict Content-Security-Policy on every page.
 * The "third parties" the site embeds are fakes under /fake/, answered here: nothing leaves the machine.
 *
 *   node demo/serve.mjs [--port N]     (or PORT=N; 0 picks a free port; default 8080)
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const site = join(repo, 'demo', 'site');
const dist = join(repo, 'dist');
const configFile = join(repo, 'demo', 'consent.json');

const flag = process.argv.indexOf('--port');
const port = Number(flag > 0 ? process.argv[flag + 1] : process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Not a port number: ${flag > 0 ? process.argv[flag + 1] : process.env.PORT}`);
  process.exit(1);
}

/** No inline script or style anywhere: Témoin, the site and the panel all run under it. */
const CSP = "default-src 'self'; img-src 'self' data:; frame-src 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.png': 'image/png',
  '.ico': 'image/x-icon',
};
/** What a tracking pixel answers: a transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The last proofs of consent received, newest last (a real site would store them for years). */
const KEEP = 50;
const proofs = [];
/** Page views counted by the fake analytics, per `_ga` client id, and by the cookieless counter. */
const pageViews = new Map();
let cookielessHits = 0;

const send = (res, status, type, body, headers = {}) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
};
const sendJson = (res, value) => send(res, 200, TYPES['.json'], JSON.stringify(value));
const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** A file under `base` for a URL path, `index.html` for a folder; null for anything outside `base`. */
function fileUnder(base, path) {
  let file = normalize(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) ? file : null;
}

/** `/` sends a French-speaking browser to /fr/, everyone else to /en/. */
const homeFor = (req) => {
  const first = (req.headers['accept-language'] ?? '').split(',')[0].trim().toLowerCase();
  return first.startsWith('fr') ? '/fr/' : '/en/';
};

/** Endpoints: the proof of consent, and what the fake trackers send home. Each answers `(req, res, body)`. */
const ROUTES = {
  'POST /consent-records': (req, res, body) => {
    const proof = parseJson(body);
    if (!proof || typeof proof !== 'object') return send(res, 400, 'text/plain', 'expected a JSON record');
    proofs.push({ receivedAt: new Date().toISOString(), proof });
    proofs.splice(0, proofs.length - KEEP);
    console.log(`proof of consent received: ${JSON.stringify(proof)}`);
    send(res, 204, 'text/plain', '');
  },
  'GET /consent-records': (req, res) => sendJson(res, proofs),
  'POST /fake/google-analytics/collect': (req, res, body) => {
    const { cid = 'unknown', page = '' } = parseJson(body) ?? {};
    const count = (pageViews.get(cid) ?? 0) + 1;
    pageViews.set(cid, count);
    console.log(`fake analytics: page view ${page} (client ${cid}, view ${count})`);
    sendJson(res, { pageViews: count });
  },
  'GET /fake/meta/tr': (req, res) => {
    console.log(`fake ad pixel: ${new URL(req.url, 'http://localhost').searchParams.get('ev') ?? 'hit'}`);
    send(res, 200, TYPES['.gif'], PIXEL);
  },
  'POST /stats/hit': (req, res) => {
    cookielessHits += 1;
    sendJson(res, { hits: cookielessHits });
  },
};

function answer(req, res, body) {
  const { pathname } = new URL(req.url, 'http://localhost');
  const route = ROUTES[`${req.method} ${pathname}`];
  if (route) return route(req, res, body);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
  if (pathname === '/') return send(res, 302, 'text/plain', '', { location: homeFor(req) });

  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, 'text/plain', 'bad path');
  }
  const file =
    path === '/consent.json' ? configFile : path.startsWith('/dist/') ? fileUnder(dist, path.slice(5)) : fileUnder(site, path);
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  // A folder without its trailing slash: redirect, so that relative links resolve inside it.
  if (file.endsWith(`${sep}index.html`) && !path.endsWith('/') && !path.endsWith('.html'))
    return send(res, 301, 'text/plain', '', { location: `${pathname}/` });
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  send(res, 200, type, readFileSync(file), type.startsWith('text/html') ? { 'content-security-policy': CSP } : {});
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => answer(req, res, Buffer.concat(chunks).toString()));
});
server.on('error', (e) => {
  const next = port + 1;
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is busy: try  npm run demo -- --port ${next}  (or PORT=${next} npm run demo)` : e.message);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  if (!existsSync(join(dist, 'temoin.min.js'))) console.warn('dist/temoin.min.js is missing: run `npm run build` first.');
  console.log(`Témoin demo: http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
