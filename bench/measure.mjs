/* global PerformanceObserver, requestAnimationFrame, MessageChannel, addEventListener */
/**
 * One page load, measured: a fresh browser context, a condition applied (CPU and network, see
 * conditions.mjs) and JS sampled through CDP, a probe injected before the page's own scripts.
 * Throws, naming the load, when a variant does not behave as it must (no banner on a first visit,
 * a banner despite a valid record, a tracker requested without consent, an uncaught page error).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, CHROMIUM_FLAGS } from '../test/browser/harness.mjs';
import { applyCondition, CONDITIONS } from './conditions.mjs';
import { libraryPath, libraryUi, TRACKER_PATH } from './page.mjs';

/**
 * `first`: nothing cached, no decision. `returning-cold`: the decision's cookie, nothing cached
 * (a visitor whose cache was emptied). `returning-warm`: the page was visited once before in the
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
 * Runs in the page before anything else. Records first contentful paint, the layout-shift sum,
 * and, when a banner is expected, the animation frame in which it is first put on screen:
 * Témoin's `section.banner` rendered in the shadow root of `temoin-consent`, or
 * vanilla-cookieconsent's `#cc-main .cm` present with `show--consent` on `<html>`. These checks
 * read the DOM only (no style or layout is forced, so the probe costs microseconds a frame);
 * `bannerShown` then checks at the end that the banner has a size and `visibility: visible`.
 * Both libraries fade the banner in; the fade is not waited for.
 *
 * For the interaction, Event Timing entries of 16 ms or more (the API's floor) and, as a second
 * figure that has no floor, the time from the first `pointerdown` to the end of the main-thread
 * work of the frame after the `click` (a message posted from that frame's animation callback).
 */
export function probe({ expectBanner, untilMs }) {
  const state = { fcp: null, banner: null, cls: 0, events: [], nextFrame: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const { name, duration, interactionId } of list.getEntries()) state.events.push({ name, duration, interactionId });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener(
    'pointerdown',
    (down) => {
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
    /** The interaction's INP: its longest event (pointerdown, pointerup, click); null when under 16 ms. */
    inp: () => {
      const durations = state.events.filter((e) => e.interactionId).map((e) => e.duration);
      return durations.length ? Math.max(...durations) : null;
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

/** Marks a failure that a busy machine can cause (a page too slow for its window or its timeout): worth one more try. */
const slow = (error) => Object.assign(error, { slow: true });

const withTimeout = (promise, ms, message) => {
  let timer;
  const timeout = new Promise((_, failed) => {
    timer = setTimeout(() => failed(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * A visitor's visit to `variant`'s page in a new tab of `context`, unthrottled, until the network
 * is quiet. `refuse`: a first visit, where the visitor answers the banner with Reject all (nothing
 * optional runs after it) and the decision's cookie is written. Leaves the context with the
 * decision and whatever the visit cached.
 */
async function visit(context, server, variant, { refuse }, timeoutMs = 60000) {
  const page = await context.newPage();
  try {
    await page.goto(`${server.origin}/${variant}.html`, { timeout: timeoutMs });
    const ui = libraryUi(variant);
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
async function openContext(browser, server, variant, kind, cookies) {
  const hot = kind === 'returning-hot';
  const profile = hot && mkdtempSync(join(tmpdir(), 'temoin-bench-profile-'));
  const context = hot
    ? await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    : await browser.newContext();
  const close = async () => {
    await context.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  };
  try {
    if (kind === 'returning-cold') await context.addCookies(cookies);
    if (kind === 'returning-warm' || hot) await visit(context, server, variant, { refuse: true });
    if (hot) await visit(context, server, variant, { refuse: false });
  } catch (e) {
    await close();
    throw e;
  }
  return { context, close };
}

/** The cookies a real visitor of `variant` has after refusing every optional category (none for no library). */
export async function decisionCookies(browser, server, variant) {
  const context = await browser.newContext();
  try {
    await visit(context, server, variant, { refuse: true });
    return await context.cookies();
  } finally {
    await context.close();
  }
}

/**
 * Loads `variant`'s page once as `visit` (see VISITS) under `condition` (a CONDITIONS key).
 * Measures at the condition's window after navigation start: times in ms from navigation start,
 * the library's script time from a sampling profile, CDP's cumulative script, task and compile durations,
 * CLS, and the library's requests with their wire bytes. `interact`: then clicks Accept all and
 * measures that interaction (first visits only). `keepProfile`: the sampling profile is returned too.
 */
async function measureLoad(browser, server, { variant, condition, visit: kind, cookies, interact, keepProfile }) {
  const name = `${variant}, ${kind} visit, ${condition}`;
  const { windowMs, cpu } = CONDITIONS[condition];
  const ui = libraryUi(variant);
  const { context, close } = await openContext(browser, server, variant, kind, cookies);
  try {
    const expectBanner = Boolean(ui) && kind === 'first';
    await context.addInitScript(probe, { expectBanner, untilMs: windowMs });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // A same-origin empty page first: the measured page then loads in the renderer process the
    // profiler and the throttling are attached to (a process swap on navigation could lose them).
    await page.goto(`${server.origin}/blank.html`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await applyCondition(cdp, CONDITIONS[condition]);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');

    server.log.length = 0;
    const timeoutMs = windowMs + 15000;
    const figures = await withTimeout(
      page.goto(`${server.origin}/${variant}.html`, { timeout: timeoutMs }).then(() => page.evaluate(() => window.__bench.settled())),
      timeoutMs,
      `${name}: the page did not load and settle within ${timeoutMs / 1000} s`,
    ).catch((e) => Promise.reject(slow(e)));
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (key) => metrics.find((m) => m.name === key).value * 1000;
    const bannerShown = await page.evaluate(() => window.__bench.bannerShown());
    const { profile } = await cdp.send('Profiler.stop');
    const requests = server.log.slice();

    if (errors.length) throw new Error(`${name}: page error: ${errors.join('; ')}`);
    if (expectBanner && (figures.banner === null || !bannerShown)) throw slow(new Error(`${name}: no visible banner within ${windowMs} ms`));
    if (!expectBanner && bannerShown) throw new Error(`${name}: a banner showed although a decision is stored`);
    const trackers = requests.filter((r) => r.path.startsWith(TRACKER_PATH));
    if (trackers.length) throw new Error(`${name}: trackers requested without consent: ${trackers.map((r) => r.path).join(', ')}`);
    if (figures.fcp === null) throw new Error(`${name}: no first contentful paint`);
    const prefix = libraryPath(variant);
    const files = prefix ? requests.filter((r) => r.path.startsWith(prefix)) : [];
    const missing = files.filter((r) => r.status === 404);
    if (missing.length) throw new Error(`${name}: library files not found: ${missing.map((r) => r.path).join(', ')}`);

    const interaction = interact && expectBanner ? await acceptAll(page, ui, cpu, name) : { inp: null, nextFrame: null };
    return {
      variant, condition, visit: kind,
      fcp: figures.fcp, banner: figures.banner, cls: figures.cls,
      libraryScript: prefix ? libraryTime(profile, server.origin + prefix) : null,
      script: metric('ScriptDuration'), task: metric('TaskDuration'), compile: metric('V8CompileDuration'),
      bytes: files.reduce((sum, r) => sum + r.bytes, 0),
      fetched: files.filter((r) => r.status === 200).length,
      revalidated: files.filter((r) => r.status === 304).length,
      files: files.map(({ path, status, encoding, bytes }) => ({ path, status, encoding, bytes })),
      ...interaction,
      ...(keepProfile ? { profile } : {}),
    };
  } finally {
    await close();
  }
}

/** `measureLoad`, tried again (twice at most) when the machine was too busy for a page's window. */
export async function measureLoadRetrying(browser, server, options) {
  for (let tries = 1; ; tries++)
    try {
      return { tries, ...(await measureLoad(browser, server, options)) };
    } catch (e) {
      if (!e.slow || tries === 3) throw e;
      process.stderr.write(`\n${e.message}: measured again\n`);
    }
}

/**
 * Clicks Accept all as a person would (CDP mouse input at the button's centre, the page idle and
 * still throttled) and reads the interaction's figures once its next frame has been produced.
 */
async function acceptAll(page, ui, cpu, name) {
  const box = await page.locator(ui.acceptAll).boundingBox();
  if (!box) throw new Error(`${name}: Accept all is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => window.__bench.state.nextFrame !== null, null, { timeout: 5000 * cpu });
  // Event Timing entries are delivered after the frame that follows the interaction.
  await page.waitForTimeout(250 * cpu);
  return page.evaluate(() => ({ inp: window.__bench.inp(), nextFrame: window.__bench.state.nextFrame }));
}

/**
 * Checks that the page's tagging really works under `variant`: after Accept all, each of the
 * three trackers is requested (so "no tracker before consent" in the measured loads means something).
 */
export async function checkTrackersReleased(browser, server, variant, timeoutMs = 20000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    server.log.length = 0;
    await page.goto(`${server.origin}/${variant}.html`, { timeout: timeoutMs });
    await page.locator(libraryUi(variant).acceptAll).click({ timeout: timeoutMs });
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
