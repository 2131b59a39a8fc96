/**
 * `npm run demo`: serves the bilingual demo site (demo/site/), the build (/dist/) and the demo's
 * configuration (/consent.json) on 127.0.0.1, with a strict Content-Security-Policy on every page.
 * The "third parties" the site embeds are fakes under /fake/, answered here: nothing leaves the machine.
 * The proofs of consent go to Témoin's own ledger (`createLedger` from temoin/server, on the
 * embedded store in demo/.ledger/), mounted on this server's `/consent-records`: the site's
 * `recordEndpoint` stays same-origin, as it would be behind a site's own reverse proxy.
 * `?region=US-CA` on a page writes `<meta name="temoin-region" content="US-CA">` into it, as a
 * site's server does from its CDN's geolocation header: each consent model in a click.
 * The ledger has consent insights on (`/dashboard`, with a token printed at start), and a new
 * ledger starts with twelve weeks of history (history.mjs), so that the charts say something.
 *
 *   node demo/serve.mjs [--port N]     (or PORT=N; 0 picks a free port; default 8080)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { backdate } from './backdate.mjs';
import { demoHistory } from './history.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const site = join(repo, 'demo', 'site');
const dist = join(repo, 'dist');
const configFile = join(repo, 'demo', 'consent.json');
const ledgerFolder = join(repo, 'demo', '.ledger');
const { createLedger } = await import('../dist/node/server.js').catch(() => {
  console.error('dist/node/server.js is missing: run `npm run build` first (`npm run demo` does).');
  process.exit(1);
});
const temoinCommand = join(dist, 'node', 'temoin.js');

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
  'GET /consent-records': async (req, res) => sendJson(res, (await ledgerView()).entries),
  'GET /consent-records/verify': async (req, res) => sendJson(res, (await ledgerView()).verify),
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
  if (route) return Promise.resolve(route(req, res, body)).catch((problem) => send(res, 500, 'text/plain', problem.message));
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
  if (!type.startsWith('text/html')) return send(res, 200, type, readFileSync(file));
  send(res, 200, type, withRegion(readFileSync(file, 'utf8'), new URL(req.url, 'http://localhost').searchParams.get('region')), {
    'content-security-policy': CSP,
  });
}

/** The page with the visitor's region stated for Témoin, as a server behind a CDN writes it (only well-formed regions). */
const withRegion = (html, region) =>
  region && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(region)
    ? html.replace('<head>', `<head>\n  <meta name="temoin-region" content="${region}">`)
    : html;

/**
 * The ledger's latest entries and what `temoin verify` says, as the site owner would see them:
 * read by running the commands themselves (the embedded store lets them read beside the server),
 * again only after the ledger took a new entry. Each new entry is logged.
 */
const run = promisify(execFile);
const LATEST = 50;
let view = { entries: [], verify: { ok: true, line: 'no entry yet' } };
/** The last entry logged: the seeded history is not. */
let loggedSeq = 0;
let stale = true;
let refreshing;
async function readLedger() {
  stale = false;
  const [exported, verified] = await Promise.all([
    run(process.execPath, [temoinCommand, 'export', '--data', ledgerFolder], { maxBuffer: 64 * 1024 * 1024 }),
    run(process.execPath, [temoinCommand, 'verify', '--data', ledgerFolder]).then(
      ({ stdout }) => ({ ok: true, line: stdout.trim() }),
      (failed) => ({ ok: false, line: failed.stderr.trim() || failed.message }),
    ),
  ]);
  // Decisions only: a purge's marker (`purge` instead of `record`) is not one.
  const entries = exported.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((entry) => entry.record).slice(-LATEST);
  for (const { seq, record } of entries.filter((entry) => entry.seq > loggedSeq))
    console.log(`ledger entry ${seq}: ${record.method} by consent id ${record.id} (${record.granted.join(', ') || 'nothing'} granted)`);
  loggedSeq = Math.max(loggedSeq, entries.at(-1)?.seq ?? 0);
  view = { entries, verify: verified };
  return view;
}
function ledgerView() {
  if (stale || refreshing) refreshing ??= readLedger().finally(() => (refreshing = undefined));
  return refreshing ?? Promise.resolve(view);
}

// The rate limit counts per address, and every demo visitor is 127.0.0.1: room for clicking around.
const dashboardToken = randomBytes(16).toString('hex');
const fresh = !existsSync(join(ledgerFolder, 'ledger.sqlite3'));
const ledger = createLedger({ data: ledgerFolder, config: configFile, rate: 600, dashboardToken });
const isLedgerRequest = (req) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  return (
    (pathname === '/consent-records' && (req.method === 'POST' || req.method === 'OPTIONS')) ||
    pathname === '/health' ||
    pathname === '/stats' ||
    pathname === '/dashboard' ||
    pathname.startsWith('/dashboard/')
  );
};

const server = createServer((req, res) => {
  if (isLedgerRequest(req)) {
    res.on('finish', () => {
      if (res.statusCode === 201) {
        stale = true;
        ledgerView().catch((problem) => console.error(`temoin export/verify: ${problem.message}`));
      }
    });
    return ledger.node(req, res);
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => answer(req, res, Buffer.concat(chunks).toString()));
});
server.on('error', (e) => {
  const next = port + 1;
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is busy: try  npm run demo -- --port ${next}  (or PORT=${next} npm run demo)` : e.message);
  process.exit(1);
});
try {
  await ledger.ready;
  if (fresh) {
    // The 83 days before today: with today, the dashboard's default range of 84 days shows all of it.
    const history = [...demoHistory(Date.now(), { days: 83 })];
    await backdate(ledger, history);
    loggedSeq = history.reduce((count, { records }) => count + records.length, 0);
  }
} catch (problem) {
  console.error(`The demo's consent ledger could not start: ${problem.message}`);
  process.exit(1);
}
server.listen(port, '127.0.0.1', () => {
  if (!existsSync(join(dist, 'temoin.min.js'))) console.warn('dist/temoin.min.js is missing: run `npm run build` first.');
  console.log(`Témoin demo: http://127.0.0.1:${server.address().port}/ (proofs of consent kept in ${ledgerFolder})`);
  console.log(`Consent insights: http://127.0.0.1:${server.address().port}/dashboard (dashboard token: ${dashboardToken})`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, async () => {
    server.close();
    server.closeAllConnections();
    await ledger.close();
    process.exit(0);
  });
