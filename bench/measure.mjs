/* global PerformanceObserver, requestAnimationFrame */
/**
 * One cold page load, measured: a fresh browser context (nothing cached), CPU throttled and JS
 * sampled through CDP, a probe injected before the page's own scripts. Throws, naming the load, when a variant
 * does not behave as it must (no banner on a first visit, a banner despite a valid record, a
 * tracker requested without consent, an uncaught page error).
 */
import { consentCookie, LIBRARY_PATHS, TRACKER_PATH } from './page.mjs';

/**
 * Runs in the page before anything else. Records first contentful paint, the layout-shift sum,
 * and, when a banner is expected, the animation frame in which it is first put on screen:
 * Témoin's `section.banner` rendered in the shadow root of `temoin-consent`, or
 * vanilla-cookieconsent's `#cc-main .cm` present with `show--consent` on `<html>`. These checks
 * read the DOM only (no style or layout is forced, so the probe costs microseconds a frame);
 * `bannerShown` then checks at the end that the banner has a size and `visibility: visible`.
 * Both libraries fade the banner in; the fade is not waited for.
 */
export function probe({ expectBanner, untilMs }) {
  const state = { fcp: null, banner: null, cls: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const banner = () =>
    document.querySelector('temoin-consent')?.shadowRoot?.querySelector('section.banner') ??
    (document.documentElement.classList.contains('show--consent') ? document.querySelector('#cc-main .cm') : null);
  const poll = () => {
    const now = performance.now();
    if (banner()) state.banner = now;
    else if (now < untilMs) requestAnimationFrame(poll);
  };
  if (expectBanner) requestAnimationFrame(poll);
  window.__bench = {
    state,
    /** The figures, once `untilMs` after navigation start has passed. */
    settled: () => new Promise((done) => setTimeout(() => done({ ...state }), untilMs - performance.now())),
    bannerShown: () => {
      const element = banner();
      const box = element?.getBoundingClientRect();
      return Boolean(box?.width && box.height && getComputedStyle(element).visibility === 'visible');
    },
  };
}

/**
 * Milliseconds the sampling profile spent with one of the library's files on the stack: its own
 * code, promise callbacks and timers included (CDP's ScriptDuration leaves microtasks out), and
 * the DOM, style and layout work that code does synchronously.
 */
function libraryTime(profile, prefix) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const inLibrary = new Map();
  const counts = (id) => {
    if (!inLibrary.has(id)) inLibrary.set(id, nodes.get(id).callFrame.url.startsWith(prefix) || (parents.has(id) && counts(parents.get(id))));
    return inLibrary.get(id);
  };
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (counts(id)) us += profile.timeDeltas[i + 1] ?? 0;
  });
  return us / 1000;
}

const withTimeout = (promise, ms, message) => {
  let timer;
  const timeout = new Promise((_, failed) => {
    timer = setTimeout(() => failed(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * Loads `variant`'s page once. `visit` is `first` (no cookie) or `returning` (a valid record
 * refusing every optional category). Measures at `untilMs` after navigation start: times in ms
 * from navigation start, the library's script time from a sampling profile, CDP's cumulative
 * script and task durations, CLS, and the library's files with their wire bytes.
 */
export async function measureLoad(browser, server, { variant, throttle, visit, untilMs, returningCookie }) {
  const name = `${variant}, ${visit} visit, ${throttle}× CPU`;
  const context = await browser.newContext();
  try {
    const expectBanner = variant !== 'baseline' && visit === 'first';
    const cookie = visit === 'returning' && (returningCookie ?? consentCookie(variant, server.origin));
    if (cookie) await context.addCookies([cookie]);
    await context.addInitScript(probe, { expectBanner, untilMs });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // A same-origin empty page first: the measured page then loads in the renderer process the
    // profiler and the throttling are attached to (a process swap on navigation could lose them).
    await page.goto(`${server.origin}/blank.html`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');

    server.log.length = 0;
    const timeoutMs = untilMs + 15000;
    const figures = await withTimeout(
      page.goto(`${server.origin}/${variant}.html`, { timeout: timeoutMs }).then(() => page.evaluate(() => window.__bench.settled())),
      timeoutMs,
      `${name}: the page did not load and settle within ${timeoutMs / 1000} s`,
    );
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (key) => metrics.find((m) => m.name === key).value * 1000;
    const bannerShown = await page.evaluate(() => window.__bench.bannerShown());
    const { profile } = await cdp.send('Profiler.stop');
    const requests = server.log.slice();

    if (errors.length) throw new Error(`${name}: page error: ${errors.join('; ')}`);
    if (expectBanner && (figures.banner === null || !bannerShown)) throw new Error(`${name}: no visible banner within ${untilMs} ms`);
    if (!expectBanner && bannerShown)
      throw new Error(`${name}: a banner showed${visit === 'returning' ? ': the planted consent cookie was not accepted' : ''}`);
    const trackers = requests.filter((r) => r.path.startsWith(TRACKER_PATH));
    if (trackers.length) throw new Error(`${name}: trackers requested without consent: ${trackers.map((r) => r.path).join(', ')}`);
    if (figures.fcp === null) throw new Error(`${name}: no first contentful paint`);

    const files = requests.filter((r) => LIBRARY_PATHS[variant] && r.path.startsWith(LIBRARY_PATHS[variant]));
    const missing = files.filter((r) => r.status !== 200);
    if (missing.length) throw new Error(`${name}: library files not found: ${missing.map((r) => r.path).join(', ')}`);
    return {
      variant, visit, throttle,
      fcp: figures.fcp, banner: figures.banner, cls: figures.cls,
      libraryScript: LIBRARY_PATHS[variant] ? libraryTime(profile, server.origin + LIBRARY_PATHS[variant]) : null,
      script: metric('ScriptDuration'), task: metric('TaskDuration'),
      bytes: files.reduce((sum, r) => sum + r.bytes, 0),
      files: files.map(({ path, encoding, bytes }) => ({ path, encoding, bytes })),
    };
  } finally {
    await context.close();
  }
}

const ACCEPT_ALL = { temoin: 'temoin-consent >> button[data-action="accept-all"]', vanilla: '#cc-main button[data-role="all"]' };

/**
 * Checks that the page's tagging really works under `variant`: after Accept all, each of the three
 * trackers is requested (so "no tracker before consent" in the measured loads means something).
 */
/**
 * The consent cookie Témoin itself writes when a visitor rejects all: what a real returning
 * visitor has, fingerprint of the checked configuration included (so the checks are skipped).
 */
export async function temoinReturningCookie(browser, server, timeoutMs = 20000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/temoin.html`, { timeout: timeoutMs });
    await page.locator('temoin-consent >> button[data-action="reject-all"]').click({ timeout: timeoutMs });
    await page.waitForFunction(() => document.cookie.includes('temoin='), null, { timeout: timeoutMs });
    const { name, value } = (await context.cookies()).find((c) => c.name === 'temoin');
    return { name, value, url: server.origin };
  } finally {
    await context.close();
  }
}

export async function checkTrackersReleased(browser, server, variant, timeoutMs = 20000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    server.log.length = 0;
    await page.goto(`${server.origin}/${variant}.html`, { timeout: timeoutMs });
    await page.locator(ACCEPT_ALL[variant]).click({ timeout: timeoutMs });
    const expected = ['gtag.js', 'collect', 'tr', 'embed.html'].map((file) => TRACKER_PATH + file);
    const requested = () => expected.filter((path) => server.log.some((r) => r.path === path));
    const deadline = Date.now() + timeoutMs;
    while (requested().length < expected.length && Date.now() < deadline) await page.waitForTimeout(50);
    const missing = expected.filter((path) => !requested().includes(path));
    if (missing.length) throw new Error(`${variant}: after Accept all, these trackers were never requested: ${missing.join(', ')}`);
  } finally {
    await context.close();
  }
}
