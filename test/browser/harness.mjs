/**
 * Shared by the browser suites: finds Chromium, serves the repository on 127.0.0.1, fakes every
 * third-party host with `context.route` and logs each request a page makes.
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The Chromium to drive: $TEMOIN_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const path = process.env.TEMOIN_CHROMIUM || '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export const NO_CHROMIUM =
  'Browser tests need Chromium: run `apt-get install -y chromium` (Debian/Ubuntu) or set TEMOIN_CHROMIUM=/path/to/chrome.';

export async function launch(extraArgs = []) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png',
  '.gif': 'image/gif', '.svg': 'image/svg+xml',
};

/**
 * Serves files under the repository root. `handlers` maps a path to `(req, res, body) => void`
 * for dynamic answers (a record endpoint, a page with CSP headers); `otherwise` answers every
 * other path instead of the repository's files. Every request is in `log`; `activity` counts the
 * requests not yet answered and when the last one arrived, for telling when the network is quiet.
 */
export function serve({ handlers = {}, headers = {}, otherwise = serveFile(headers) } = {}) {
  const log = [];
  const activity = { open: 0, last: 0 };
  const server = createServer((req, res) => {
    activity.open++;
    activity.last = Date.now();
    res.on('close', () => {
      activity.open--;
      activity.last = Date.now();
    });
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString();
      log.push({ method: req.method, host: req.headers.host, path: url.pathname, search: url.search, body });
      (handlers[url.pathname] ?? otherwise)(req, res, body);
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const close = () =>
        new Promise((closed) => {
          server.close(closed);
          // Connections a browser left open (one that was not closed) must not keep the server up.
          server.closeAllConnections();
        });
      done({ origin: `http://127.0.0.1:${port}`, port, log, activity, close });
    });
  });
}

/** Answers a request with the repository's file at its path, with extra response `headers`. */
const serveFile = (headers) => (req, res) => {
  const file = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname)));
  if (!file.startsWith(ROOT) || !existsSync(file) || statSync(file).isDirectory()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
  res.end(readFileSync(file));
};

/** A 1×1 transparent GIF, what a tracking pixel answers. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * A fresh context whose requests to anything but 127.0.0.1 are answered locally and logged in
 * `thirdParty`. A script URL answers with `fakeScripts[url-substring]` (or sets a global named after its host).
 */
export async function newContext(browser, { fakeScripts = {}, ...options } = {}) {
  const context = await browser.newContext(options);
  const thirdParty = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    const request = route.request();
    const url = request.url();
    thirdParty.push(url);
    const type = request.resourceType();
    if (type === 'script') {
      const key = Object.keys(fakeScripts).find((k) => url.includes(k));
      const body = key ? fakeScripts[key] : `(window.__loaded = window.__loaded || []).push(${JSON.stringify(url)});`;
      return route.fulfill({ status: 200, contentType: 'text/javascript', body });
    }
    if (type === 'image') return route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL });
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>fake</title><p>third party</p>' });
  });
  // Closing a context whose page was reloading has never returned (a CI run of 2026-12-06, after
  // every assertion of the test had passed): a test's clean-up waits for it 15 s at most, and the
  // suite's bounded browser close ends what is left.
  const close = context.close.bind(context);
  context.close = () => closeWithin({ close }, 'a browser context');
  return { context, thirdParty };
}

/** Collects console messages of a page, for asserting on warnings and errors. */
export function consoleOf(page) {
  const messages = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => messages.push({ type: 'pageerror', text: String(e) }));
  return messages;
}

/** Shadow-DOM-aware locator for Témoin's UI. */
export const ui = (page, selector) => page.locator(`temoin-consent >> ${selector}`);

/**
 * The HTML of a test page: Témoin's script tag, the inline `#temoin-config` (an object is
 * serialised, a string is used as is, `undefined` leaves it out), then `body`.
 */
export function sitePage({ config, body = '', head = '', script = '<script src="/dist/temoin.min.js"></script>', lang = 'en' } = {}) {
  const inline =
    config === undefined
      ? ''
      : // `<` written as \u003c: a text containing `</script>` must not end the element (as the README advises).
        `<script type="application/json" id="temoin-config">${typeof config === 'string' ? config : JSON.stringify(config).replace(/</g, '\\u003c')}</script>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Témoin test page</title>
  ${head}
  ${script}
  ${inline}
</head>
<body>
  <main>
    <h1>Test page</h1>
    ${body}
  </main>
</body>
</html>`;
}

/** A handler answering `text` as an HTML page, with extra response `headers` (a CSP, say). */
export const htmlHandler = (text, headers = {}) => (req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
};

/**
 * `serve()` plus a way to add generated pages while it runs: `site.page('/p.html', sitePageOptions, headers)`
 * registers the page and returns its URL on 127.0.0.1. `site.handlers` can take more handlers.
 */
export async function serveSite({ headers = {} } = {}) {
  const handlers = {};
  const server = await serve({ handlers, headers });
  return {
    ...server,
    handlers,
    page(path, options = {}, responseHeaders = {}) {
      handlers[path] = htmlHandler(sitePage(options), responseHeaders);
      return server.origin + path;
    },
  };
}

/**
 * Lets requests whose URL matches `pattern` reach the network (e.g. first-party test hosts mapped to
 * 127.0.0.1 with `--host-resolver-rules`) instead of the third-party fakes of `newContext`.
 * Routes registered later run first, so this must be called after `newContext`.
 */
export async function passThrough(context, pattern) {
  await context.route(pattern, (route) => route.continue());
}

/** Records every `temoin:*` window event of every page of `context` in `window.__temoinEvents`. */
export async function watchEvents(context) {
  await context.addInitScript(() => {
    window.__temoinEvents = [];
    for (const name of ['ready', 'consent', 'change'])
      window.addEventListener(`temoin:${name}`, (event) => {
        window.__temoinEvents.push({ name, detail: JSON.parse(JSON.stringify(event.detail)) });
      });
  });
}

/**
 * A consent cookie value (see src/core/record-codec.ts), for planting records. Format 2:
 * `2~<uuid>~<created b36>~<updated b36>~<revision>~<a|r|c>~<lang>~<gpc>~<granted>~<refused>~<jurisdiction>~<i|o|n>`
 * (an empty jurisdiction: decided under a rejected configuration); `version: 1` writes the
 * format of Témoin 0.1, whose last field was a configuration fingerprint.
 */
export function cookieValue({
  id = '3f2b6c1e-8d4a-4b7e-9c21-5a6d7e8f9012', created = Date.now() - 86400000, updated = created, revision = 1,
  method = 'a', language = 'en', gpc = 0, granted = ['necessary', 'performance', 'advertising', 'third-party'], refused = [],
  jurisdiction = '*', model = 'i', version = 2, fingerprint = 'k3m9x1',
} = {}) {
  const b36 = (ms) => Math.floor(ms / 1000).toString(36);
  const common = [id, b36(created), b36(updated), revision, method, language, gpc, granted.join('.'), refused.join('.')];
  return (version === 1 ? ['1', ...common, fingerprint] : ['2', ...common, jurisdiction, model]).join('~');
}

/** Resolves once Témoin has started on the page: its `temoin:ready` event (see `watchEvents`). */
export const started = (page) => page.waitForFunction(() => window.__temoinEvents?.some((e) => e.name === 'ready'));

/**
 * Resolves once Témoin has done what it will do on its own, so that a test can check that something
 * did not happen: it started, the page is parsed and loaded, a task has passed (while the page
 * loads, releases wait for one), and the network is quiet (whatever was released has been
 * requested and answered). Events, not a guess of how long a slow machine needs.
 */
export async function settled(page) {
  await page.waitForFunction(() => window.__temoinEvents?.some((e) => e.name === 'ready') && document.readyState === 'complete');
  await page.evaluate(() => new Promise((done) => setTimeout(done)));
  // Playwright's network idle has twice in hundreds of runs waited forever on a request of the
  // test site that never reported its end. Third-party requests are recorded by the routes when
  // they start: past 10 s, whatever was going to be requested has been.
  await page.waitForLoadState('networkidle', { timeout: 10000 }).catch((e) => {
    if (e.name !== 'TimeoutError') throw e;
  });
}

/**
 * Resolves once the page has loaded and the browser has been idle, when Témoin decides whether
 * the floating button shows (it waits for idle time for at most a second: this waits for at most
 * two), and a frame after.
 */
export const loadedAndIdle = async (page) => {
  await page.waitForFunction(() => document.readyState === 'complete');
  await page.evaluate(() => new Promise((idle) => window.requestIdleCallback(() => window.requestAnimationFrame(idle), { timeout: 2000 })));
};

/** The console errors and uncaught exceptions among `messages` (see `consoleOf`). */
export const problems = (messages) => messages.filter((m) => m.type === 'error' || m.type === 'pageerror');

/** Polls `check` (in Node: requests a server received, say) until it is truthy, and returns its value. */
export async function until(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** What a browser suite needs, started in its `before` hook: Chromium (with `chromiumArgs`) and the test site. */
export async function startSuite(chromiumArgs = []) {
  return { browser: await launch(chromiumArgs), site: await serveSite() };
}

/**
 * Closes what `startSuite` started, in the suite's `after` hook. A browser that stops answering
 * must not hold the run once every test has passed: past 15 s the file ends without it
 * (Playwright kills the browsers it launched when the process exits).
 */
export async function stopSuite({ browser, site }) {
  await closeWithin(browser, 'Chromium');
  await site?.close();
}

/** Closes `closable` (a browser, an engine), giving up after `ms` with a line saying so. */
export async function closeWithin(closable, what, ms = 15000) {
  let timer;
  const late = new Promise((done) => (timer = setTimeout(done, ms, 'late')));
  const closed = await Promise.race([closable?.close(), late]);
  clearTimeout(timer);
  if (closed === 'late') console.log(`# ${what} did not close within ${ms / 1000} s; the file ends without waiting for it`);
}

/**
 * A stand-in for gtag.js that processes the dataLayer as Google's does: only `arguments` objects
 * count as commands (plain arrays are ignored). It logs each command it would process, in order,
 * in `window.__gtagSeen`, with a `['loaded']` entry when it starts.
 */
export const FAKE_GTAG = `(() => {
  const seen = (window.__gtagSeen = window.__gtagSeen || []);
  const dataLayer = (window.dataLayer = window.dataLayer || []);
  const take = (entry) => {
    if (Object.prototype.toString.call(entry) === '[object Arguments]') seen.push(JSON.parse(JSON.stringify(Array.from(entry))));
  };
  dataLayer.forEach(take);
  seen.push(['loaded']);
  const push = dataLayer.push;
  dataLayer.push = function () {
    Array.from(arguments).forEach(take);
    return push.apply(dataLayer, arguments);
  };
})();`;
