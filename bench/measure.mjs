/* global PerformanceObserver, requestAnimationFrame, MessageChannel, addEventListener */
/**
 * One load of the `article` page, measured: a fresh browser context, a condition applied (CPU and
 * network, see conditions.mjs) and JS sampled through CDP, a probe injected before the page's own
 * scripts. Throws, naming the load, when a variant does not behave as it must (no banner on a
 * first visit, a banner despite a valid record, a tracker requested without consent, an uncaught
 * page error). The pieces the other cases share (the probe, contexts, the measured tab, the click)
 * are exported for them (measure-many.mjs, measure-spa.mjs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, CHROMIUM_FLAGS } from '../test/browser/harness.mjs';
import { applyCondition, CONDITIONS } from './conditions.mjs';
import { ARTICLE_TRACKERS, pagePath, TRACKER_PATH } from './page.mjs';

/**
 * `first`: nothing cached, no decision. `returning-cold`: what the decision stored (its cookie and
 * the site's storage), nothing in the HTTP cache (a visitor whose cache was emptied or evicted). `returning-warm`: the page was visited once before in the
 * same browser context, in another tab, and every optional category refused there: the HTTP cache
 * holds what that visit fetched. The measured tab is new, so its renderer keeps nothing in memory
 * from that visit (no Blink memory cache, no V8 compilation cache): only the HTTP cache helps.
 * Such contexts are off the record, and Chromium keeps no V8 code cache for them.
 * `returning-hot`: as warm, after a second visit, in a browser profile on disk: Chromium stores
 * V8's code cache beside a script's cache entry at its second run and uses it from the third on,
 * so this is a regular visitor's page view.
 */
export const VISITS = ['first', 'returning-cold', 'returning-warm', 'returning-hot'];

/**
 * The options of a tool that loads one kind of visit several times (`--visit`, `--condition`,
 * `--runs`), read from the command line with `defaults`, and the tool's own string options
 * `extra` ({ name: usage }, none by default); a bad one stops `script` with its usage.
 */
export function visitOptions(script, defaults, extra = {}) {
  const usage = `usage: node ${script} [--visit ${VISITS.join('|')}] [--condition ${Object.keys(CONDITIONS).join('|')}] [--runs N]${Object.entries(extra)
    .map(([name, what]) => ` [--${name} ${what}]`)
    .join('')}`;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        visit: { type: 'string', default: defaults.visit },
        condition: { type: 'string', default: defaults.condition },
        runs: { type: 'string', default: String(defaults.runs) },
        ...Object.fromEntries(Object.keys(extra).map((name) => [name, { type: 'string' }])),
      },
    }));
  } catch {
    throw new Error(usage);
  }
  const runs = Number(values.runs);
  if (!VISITS.includes(values.visit) || !CONDITIONS[values.condition] || !(runs >= 1)) throw new Error(usage);
  return { ...values, runs };
}

/** The user-timing mark the probe sets at the pointerdown of a click: where a trace's interaction starts. */
export const CLICK_MARK = 'bench-click';

/** Injects the probe into every page of `context`: see `probe`. */
export const installProbe = (context, { banner, untilMs, watchReleases = false }) =>
  context.addInitScript(probe, { banner, untilMs, watchReleases, clickMark: CLICK_MARK });

/**
 * Runs in the page before anything else. Records first contentful paint, the layout-shift sum,
 * and, when `banner` (a library's banner descriptor, see libraries.mjs) is given, the animation
 * frame in which the banner is first in the DOM. These checks read the DOM only (no style or
 * layout is forced, so the probe costs microseconds a frame); `bannerShown` then checks at the end
 * that the banner has a size and `visibility: visible`. Fade-ins are not waited for.
 *
 * For the interaction, Event Timing entries of 16 ms or more (the API's floor) and, as a second
 * figure that has no floor, the time from the first `pointerdown` to the end of the main-thread
 * work of the frame after the `click` (a message posted from that frame's animation callback).
 *
 * Released tagged elements (the `many` and `spa` pages): an inline script counts when it runs (it
 * calls `__bench.ran(n)`); a numbered external script, pixel or frame counts when it is made live
 * (`watchReleases`: a mutation observer, started at the click, sees its address set or a live
 * copy inserted).
 */
export function probe({ banner, untilMs, watchReleases, clickMark }) {
  const state = { fcp: null, banner: null, cls: 0, events: [], click: null, nextFrame: null, ran: [], lastRan: 0, live: new Set(), lastLive: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const { name, duration, interactionId } of list.getEntries()) state.events.push({ name, duration, interactionId });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  /** Notes numbered element `element` as live once it has an address it fetches (a script no longer inert). */
  const noteLive = (element) => {
    const match = /\/(run\.js|p\.gif|embed\.html)\?n=(\d+)/.exec(element.getAttribute('src') ?? '');
    if (!match || (element.localName === 'script' && element.type && !/javascript|module/.test(element.type))) return;
    state.live.add(Number(match[2]));
    state.lastLive = performance.now();
  };
  // Started at the click: what a library makes live (an address set, a live copy inserted) is
  // seen at the end of the library's task, long before the browser has fetched it.
  const watchLive = () =>
    new MutationObserver((records) => {
      for (const record of records)
        if (record.type === 'attributes') noteLive(record.target);
        else
          for (const node of record.addedNodes)
            if (node.nodeType === 1) {
              noteLive(node);
              node.querySelectorAll('[src]').forEach(noteLive);
            }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
  addEventListener(
    'pointerdown',
    (down) => {
      state.click = down.timeStamp;
      performance.mark(clickMark);
      if (watchReleases) watchLive();
      addEventListener(
        'click',
        () => {
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              state.nextFrame = performance.now() - down.timeStamp;
            };
            channel.port2.postMessage(null);
          });
        },
        { once: true },
      );
    },
    { capture: true, once: true },
  );
  const findBanner = () => {
    if (!banner) return null;
    if (banner.rootClass && !document.documentElement.classList.contains(banner.rootClass)) return null;
    const root = banner.shadowHost ? document.querySelector(banner.shadowHost)?.shadowRoot : document;
    return root?.querySelector(banner.selector) ?? null;
  };
  const poll = () => {
    const now = performance.now();
    if (findBanner()) state.banner = now;
    else if (now < untilMs) requestAnimationFrame(poll);
  };
  if (banner) requestAnimationFrame(poll);
  window.__bench = {
    state,
    /** Called by tagged inline script `n` when it runs. */
    ran: (n) => {
      state.ran.push(n);
      state.lastRan = performance.now();
    },
    /**
     * The tagged elements released so far (inline scripts run; numbered external scripts, pixels
     * and frames made live, when `watchReleases`), the time the last was, and whether the inline
     * scripts ran in document order.
     */
    released: () => ({
      count: state.ran.length + state.live.size,
      inline: state.ran.length,
      live: state.live.size,
      last: Math.max(state.lastRan, state.lastLive),
      inOrder: state.ran.every((n, i) => i === 0 || n > state.ran[i - 1]),
    }),
    /** The figures, once `untilMs` after navigation start has passed. */
    settled: () => new Promise((done) => setTimeout(() => done({ ...state }), untilMs - performance.now())),
    bannerShown: () => {
      const element = findBanner();
      const box = element?.getBoundingClientRect();
      return Boolean(box?.width && box.height && getComputedStyle(element).visibility === 'visible');
    },
    /** The interaction's INP: its longest event (pointerdown, pointerup, click); null when under 16 ms. */
    inp: () => {
      const durations = state.events.filter((e) => e.interactionId).map((e) => e.duration);
      return durations.length ? Math.max(...durations) : null;
    },
  };
}

/**
 * Milliseconds the sampling profile spent with a frame that `counts` (a CDP call frame: url,
 * lineNumber…) on the stack: that code, promise callbacks and timers included (CDP's
 * ScriptDuration leaves microtasks out), and the DOM, style and layout work it does synchronously.
 */
export function scriptTime(profile, counts) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const inside = new Map();
  const isInside = (id) => {
    if (!inside.has(id)) inside.set(id, counts(nodes.get(id).callFrame) || (parents.has(id) && isInside(parents.get(id))));
    return inside.get(id);
  };
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (isInside(id)) us += profile.timeDeltas[i + 1] ?? 0;
  });
  return us / 1000;
}

/**
 * The call frames of `variant`'s library on `page`: its files (under its folder), and the code
 * its tag carries inline (the page's own address, on the lines that code was written on).
 */
export function libraryFrames(server, variant, page) {
  const { path } = server.libraries[variant];
  const pageUrl = server.origin + pagePath(page, variant);
  const lines = server.inlineLines[pagePath(page, variant)] ?? [];
  return ({ url, lineNumber }) =>
    url.startsWith(server.origin + path) || (url === pageUrl && lines.some(([first, last]) => lineNumber >= first && lineNumber <= last));
}

/** Marks a failure that a busy machine can cause (a page too slow for its window or its timeout): worth one more try. */
export const slow = (error) => Object.assign(error, { slow: true });

export const withTimeout = (promise, ms, message) => {
  let timer;
  const timeout = new Promise((_, failed) => {
    timer = setTimeout(() => failed(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/** `measure(options)`, tried again (twice at most) when the machine was too busy for a page's window. */
export async function retrying(measure, options) {
  for (let tries = 1; ; tries++)
    try {
      return { tries, ...(await measure(options)) };
    } catch (e) {
      if (!e.slow || tries === 3) throw e;
      process.stderr.write(`\n${e.message}: measured again\n`);
    }
}

/**
 * A visitor's visit to `variant`'s article in a new tab of `context`, unthrottled, until the
 * network is quiet. `refuse`: a first visit, where the visitor answers the banner with Reject all
 * (nothing optional runs after it) and the decision's cookie is written. Leaves the context with
 * the decision and whatever the visit cached.
 */
async function visit(context, server, variant, { refuse }, timeoutMs = 60000) {
  const page = await context.newPage();
  try {
    await page.goto(server.origin + pagePath('article', variant), { timeout: timeoutMs });
    const { ui } = server.libraries[variant];
    if (ui && refuse) {
      await page.locator(ui.rejectAll).click({ timeout: timeoutMs });
      await page.waitForFunction((name) => document.cookie.includes(`${name}=`), ui.cookie, { timeout: timeoutMs });
    }
    await page.waitForLoadState('networkidle', { timeout: timeoutMs });
  } catch (e) {
    throw e.name === 'TimeoutError' ? slow(e) : e;
  } finally {
    await page.close();
  }
}

/** A browser context for `kind` of visit, with what the visits before it left: see VISITS. */
export async function openContext(browser, server, variant, kind, stored) {
  const hot = kind === 'returning-hot';
  const profile = hot && mkdtempSync(join(tmpdir(), 'temoin-bench-profile-'));
  const context = hot
    ? await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    : await browser.newContext(kind === 'returning-cold' ? { storageState: stored } : {});
  const close = async () => {
    await context.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  };
  try {
    if (kind === 'returning-warm' || hot) await visit(context, server, variant, { refuse: true });
    if (hot) await visit(context, server, variant, { refuse: false });
  } catch (e) {
    await close();
    throw e;
  }
  return { context, close };
}

/**
 * What a real visitor of `variant` has stored after refusing every optional category (none for no
 * library): cookies and the origins' localStorage, as Playwright's storage state.
 */
export async function decisionStorage(browser, server, variant) {
  const context = await browser.newContext();
  try {
    await visit(context, server, variant, { refuse: true });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

const metricsOf = async (cdp) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
};

/**
 * A new tab of `context` ready for a measured navigation under `condition`: a same-origin empty
 * page first, so that the measured page loads in the renderer process that the throttling (and
 * the profiler, once started) are attached to (a process swap on navigation could lose them).
 * `metrics()` gives CDP's Performance counters; `errors` collects the page's uncaught errors.
 */
export async function measuredTab(context, server, condition) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/blank.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await applyCondition(cdp, CONDITIONS[condition]);
  return { page, cdp, errors, metrics: () => metricsOf(cdp) };
}

/**
 * Loads `variant`'s article once as `visit` (see VISITS) under `condition` (a CONDITIONS key).
 * Measures at the condition's window after navigation start: times in ms from navigation start,
 * CDP's script, task and compile durations over the load (Blink's own sums for the page's main
 * thread, the counters' difference across the navigation), CLS, and the library's requests with
 * their wire bytes (and the brotli bytes of the code its tag carries inline, when the page itself
 * was sent). `interact`: then clicks Accept all and measures that interaction (first visits
 * only). `profiled`: under a sampling profiler, which is returned with the library's script time
 * read from it (profile.mjs); the profiler changes what it measures (unprofiled.mjs), so the
 * bench's own figures are read without it.
 */
export async function measureLoad(browser, server, { variant, condition, visit: kind, stored, interact, profiled }) {
  const name = `${variant}, ${kind} visit, ${condition}`;
  const { windowMs, cpu } = CONDITIONS[condition];
  const lib = server.libraries[variant];
  const { context, close } = await openContext(browser, server, variant, kind, stored);
  try {
    const banner = kind === 'first' ? lib.banner : null;
    await installProbe(context, { banner, untilMs: windowMs });
    const { page, cdp, errors, metrics } = await measuredTab(context, server, condition);
    if (profiled) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }

    const before = await metrics();
    server.log.length = 0;
    const timeoutMs = windowMs + 15000;
    const path = pagePath('article', variant);
    const figures = await withTimeout(
      page.goto(server.origin + path, { timeout: timeoutMs }).then(() => page.evaluate(() => window.__bench.settled())),
      timeoutMs,
      `${name}: the page did not load and settle within ${timeoutMs / 1000} s`,
    ).catch((e) => Promise.reject(slow(e)));
    const after = await metrics();
    const spent = (key) => (after[key] - before[key]) * 1000;
    const bannerShown = await page.evaluate(() => window.__bench.bannerShown());
    const { profile } = profiled ? await cdp.send('Profiler.stop') : {};
    const requests = server.log.slice();

    if (errors.length) throw new Error(`${name}: page error: ${errors.join('; ')}`);
    if (banner && (figures.banner === null || !bannerShown)) throw slow(new Error(`${name}: no visible banner within ${windowMs} ms`));
    if (!banner && bannerShown) throw new Error(`${name}: a banner showed although a decision is stored`);
    const trackers = requests.filter((r) => r.path.startsWith(TRACKER_PATH));
    if (trackers.length) throw new Error(`${name}: trackers requested without consent: ${trackers.map((r) => r.path).join(', ')}`);
    if (figures.fcp === null) throw new Error(`${name}: no first contentful paint`);
    const files = lib.path ? requests.filter((r) => r.path.startsWith(lib.path)) : [];
    const missing = files.filter((r) => r.status === 404);
    if (missing.length) throw new Error(`${name}: library files not found: ${missing.map((r) => r.path).join(', ')}`);
    const pageSent = requests.some((r) => r.path === path && r.status === 200);

    const libraryScript = profiled && lib.path ? scriptTime(profile, libraryFrames(server, variant, 'article')) : null;
    // A library that put up its banner ran for more than a sample: none means the profile missed
    // the page (seen once or twice in a run on an overloaded machine), not a free library.
    if (banner && libraryScript === 0) throw slow(new Error(`${name}: the profile has no sample of the library although its banner showed`));

    const interaction = interact && banner ? await acceptAll(page, lib.ui, cpu, name) : { inp: null, nextFrame: null };
    return {
      variant, condition, visit: kind,
      fcp: figures.fcp, banner: figures.banner, cls: figures.cls,
      libraryScript,
      script: spent('ScriptDuration'), task: spent('TaskDuration'), compile: spent('V8CompileDuration'), thread: spent('ThreadTime'),
      bytes: files.reduce((sum, r) => sum + r.bytes, 0) + (pageSent ? lib.inlineBytes : 0),
      fetched: files.filter((r) => r.status === 200).length,
      revalidated: files.filter((r) => r.status === 304).length,
      files: files.map(({ path: file, status, encoding, bytes }) => ({ path: file, status, encoding, bytes })),
      ...interaction,
      ...(profiled ? { profile } : {}),
    };
  } finally {
    await close();
  }
}

/** Clicks Accept all as a person would: CDP mouse input at the button's centre, the page idle and still throttled. */
export async function clickAcceptAll(page, ui, name) {
  const box = await page.locator(ui.acceptAll).boundingBox();
  if (!box) throw new Error(`${name}: Accept all is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Clicks Accept all and reads the interaction's figures once its next frame has been produced. */
async function acceptAll(page, ui, cpu, name) {
  await clickAcceptAll(page, ui, name);
  await page.waitForFunction(() => window.__bench.state.nextFrame !== null, null, { timeout: 5000 * cpu });
  // Event Timing entries are delivered after the frame that follows the interaction.
  await page.waitForTimeout(250 * cpu);
  return page.evaluate(() => ({ inp: window.__bench.inp(), nextFrame: window.__bench.state.nextFrame }));
}

/**
 * Checks that the article's tagging really works under `variant`: after Accept all, each of its
 * trackers is requested (so "no tracker before consent" in the measured loads means something).
 */
export async function checkTrackersReleased(browser, server, variant, timeoutMs = 20000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    server.log.length = 0;
    await page.goto(server.origin + pagePath('article', variant), { timeout: timeoutMs });
    await page.locator(server.libraries[variant].ui.acceptAll).click({ timeout: timeoutMs });
    const requested = () => ARTICLE_TRACKERS.filter((path) => server.log.some((r) => r.path === path));
    const deadline = Date.now() + timeoutMs;
    while (requested().length < ARTICLE_TRACKERS.length && Date.now() < deadline) await page.waitForTimeout(50);
    const missing = ARTICLE_TRACKERS.filter((path) => !requested().includes(path));
    if (missing.length) throw new Error(`${variant}: after Accept all, these trackers were never requested: ${missing.join(', ')}`);
  } finally {
    await context.close();
  }
}
