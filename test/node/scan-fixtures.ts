/**
 * The scan suites' web: one server on 127.0.0.1 that answers for every host, by its Host header,
 * and Chromium's `--host-resolver-rules` sending every host to it. Sites live under
 * fixtures/scan/sites/<name>/ and are reached as http://<name>.test/; fake vendors answer on their
 * real host names (www.googletagmanager.com…) from fixtures/scan/vendors/. `/dist/` on any site is
 * the build, so that tagged sites run the real Témoin. deep.test is generated: a tree of pages.
 *
 * Sites are plain http; vendors are reached over https, as on the web (Chromium upgrades
 * facebook.com and google-analytics.com to https anyway: they are on its HSTS preload list). So
 * `*.test` goes to the http port and every other host to the https one, whose certificate is made
 * for the run with openssl (Chromium is told to accept it). One vendor host is not found, as from a
 * network that cannot reach it: `UNREACHABLE_VENDOR`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/node/fixtures/scan');
const DIST = join(ROOT, 'dist');

/** Vendor scripts by host and path; any other request to a vendor host gets an empty answer. */
const VENDOR_SCRIPTS: Record<string, Record<string, string>> = {
  'www.googletagmanager.com': { '/gtag/js': 'gtag.js' },
  'connect.facebook.net': { '/en_US/fbevents.js': 'fbevents.js' },
  'cdn.unknown-widget.example': { '/widget.js': 'widget.js' },
  'static.hotjar.com': { '/c/hotjar-1.js': 'hotjar.js' },
  'plausible.io': { '/js/script.js': 'plausible.js' },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * deep.test: a home page, 4 sections of 3 pages each, and three pages more under both /s1/p1/ and
 * /s2/p1/: 23 pages, breadth-first. The 18th, three links from home, carries an unknown tracker;
 * the 21st, past a 20-page crawl, carries Hotjar. Every page runs Témoin and tags its analytics.
 */
export const DEEP_TRACKER_PAGE = 'http://deep.test/s1/p1/q1.html';
const DEEP_UNREACHED_PAGE = 'http://deep.test/s2/p1/q1.html';
function deepPage(path: string): string | null {
  const sections = [1, 2, 3, 4];
  const links: Record<string, string[]> = {
    '/': sections.map((s) => `/s${s}/`),
    ...Object.fromEntries(sections.map((s) => [`/s${s}/`, [1, 2, 3].map((p) => `/s${s}/p${p}/`)])),
    ...Object.fromEntries(sections.flatMap((s) => [1, 2, 3].map((p) => [`/s${s}/p${p}/`, ['/']]))),
    '/s1/p1/': [1, 2, 3].map((q) => `/s1/p1/q${q}.html`),
    '/s2/p1/': [1, 2, 3].map((q) => `/s2/p1/q${q}.html`),
  };
  const leaf = /^\/s[12]\/p1\/q[1-3]\.html$/.test(path);
  if (links[path] === undefined && !leaf) return null;
  const url = `http://deep.test${path}`;
  const tracker =
    url === DEEP_TRACKER_PAGE
      ? '<script src="https://cdn.unknown-widget.example/widget.js"></script>'
      : url === DEEP_UNREACHED_PAGE
        ? '<script src="https://static.hotjar.com/c/hotjar-1.js"></script>'
        : '';
  const anchors = (links[path] ?? ['/']).map((href) => `<a href="${href}">${href}</a>`).join(' ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title>
<script src="/dist/temoin.min.js"></script>
<script type="text/plain" data-category="performance" async src="https://www.googletagmanager.com/gtag/js?id=G-DEEP1"></script>
${tracker}</head><body><h1>${path}</h1><p>${anchors}</p></body></html>`;
}

/** A file under `base`, `index.html` for a folder; null outside `base` or missing. */
function fileUnder(base: string, path: string): string | null {
  let file = normalize(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) ? file : null;
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const { pathname } = new URL(req.url ?? '/', 'http://fixture');
  const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };

  const vendor = VENDOR_SCRIPTS[host];
  if (vendor) {
    const script = vendor[pathname];
    if (script) send(200, TYPES['.js'] ?? '', readFileSync(join(FIXTURES, 'vendors', script)));
    else send(204, 'text/plain', '');
    return;
  }
  if (!host.endsWith('.test')) {
    send(204, 'text/plain', '');
    return;
  }
  const site = host.slice(0, -'.test'.length);
  const file = pathname.startsWith('/dist/') ? fileUnder(DIST, pathname.slice('/dist'.length)) : fileUnder(join(FIXTURES, 'sites', site), pathname);
  if (file) {
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // The untagged shop's own server sets a session cookie, which no catalogue knows.
    const headers: Record<string, string> = site === 'untagged' && type.startsWith('text/html') ? { 'set-cookie': 'shop_session=s3cr3t; Path=/; HttpOnly' } : {};
    send(200, type, readFileSync(file), headers);
    return;
  }
  const generated = site === 'deep' ? deepPage(pathname) : null;
  if (generated) send(200, TYPES['.html'] ?? '', generated);
  else send(404, 'text/plain', 'not found');
}

/** A vendor's host that Chromium is told does not exist (LinkedIn's Insight Tag, which no other fixture uses). */
export const UNREACHABLE_VENDOR = 'snap.licdn.com';

export interface FixtureWeb {
  /** Chromium arguments that send every host name to this server. */
  chromiumArgs: string[];
  close: () => Promise<void>;
}

/** A self-signed certificate for the run (any host name: Chromium is told to ignore certificate errors). */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'temoin-scan-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=temoin-scan-fixture',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const listen = async (server: ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return (server.address() as AddressInfo).port;
};

const stop = (server: ReturnType<typeof createHttpServer>) =>
  new Promise<void>((closed) => {
    server.closeAllConnections();
    server.close(() => {
      closed();
    });
  });

export async function startFixtureWeb(): Promise<FixtureWeb> {
  const http = createHttpServer(answer);
  const https = createHttpsServer(certificate(), answer);
  const [httpPort, httpsPort] = await Promise.all([listen(http), listen(https)]);
  return {
    chromiumArgs: [
      `--host-resolver-rules=MAP *.test 127.0.0.1:${httpPort}, MAP ${UNREACHABLE_VENDOR} ~NOTFOUND, MAP * 127.0.0.1:${httpsPort}`,
      '--ignore-certificate-errors',
    ],
    close: async () => {
      await Promise.all([stop(http), stop(https)]);
    },
  };
}
