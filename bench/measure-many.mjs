/* global requestIdleCallback */
/**
 * Accept all on the `many` page (3,500 tagged elements, see page.mjs), once per call: a first
 * visit in a fresh context under `condition`, the banner answered with a real click once the page
 * is loaded and idle, a Chromium trace of the renderer recorded from just before the click.
 *
 * Figures: the longest main-thread task from the click until the trace ends (the trace's `RunTask`
 * events on the thread that ran the click, from the pointerdown on); the time from the pointerdown
 * until the last tagged element the library can release is released (an inline script has run;
 * an external script, a pixel or a frame has been made live: see `probe`), how many were, and
 * whether the inline scripts ran in document order; the click's INP and input to next frame, as
 * on the article.
 */
import { CLICK_MARK, clickAcceptAll, installProbe, libraryFrames, measuredTab, slow } from './measure.mjs';
import { pagePath, releasable, TRACKER_PATH } from './page.mjs';

/**
 * Trace categories: main-thread tasks (`RunTask`), the script calls they make with their file
 * (`FunctionCall`) and the continuations of `scheduler.yield()`, user-timing marks; little else
 * (tracing slows the page).
 */
const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing', '__metadata'];
/**
 * How long the page may take to load and show its banner, and the releases after the click (the
 * target is 2 s; today's Témoin takes tens of seconds, which would make the whole bench wait for
 * them): past it, the load is reported as not all released, with the count reached.
 */
const LOAD_LIMIT_MS = 30000;
const RELEASE_LIMIT_MS = 10000;
/** Recorded after the last release, so that a task still running then is seen whole. */
const TAIL_MS = 500;

/**
 * The main-thread tasks of a trace from the user-timing mark `mark` on: the thread is the one the
 * mark was set on (the page's main thread). Returns them in order, each `{ ms, library }`:
 * `library` when the task ran the library's code, as `isLibrary({ url, lineNumber })` (0-based
 * line) tells of the task's script calls, or resumed after a `scheduler.yield()` (on the `many`
 * page only a library yields: the trackers' scripts do not).
 */
export function tasksAfterMark(trace, mark, isLibrary = () => false) {
  const events = JSON.parse(trace.toString('utf8')).traceEvents ?? [];
  const marked = events.find((e) => e.name === mark && e.cat?.includes('blink.user_timing'));
  if (!marked) throw new Error(`trace: no mark "${mark}" (was the click received?)`);
  const onThread = (e) => e.ph === 'X' && e.pid === marked.pid && e.tid === marked.tid;
  // Where the library's code starts running, in time order.
  const starts = events
    .filter(
      (e) =>
        onThread(e) &&
        (e.name === 'RunYieldContinuation' ||
          ((e.name === 'FunctionCall' || e.name === 'EvaluateScript') &&
            e.args?.data?.url &&
            isLibrary({ url: e.args.data.url, lineNumber: (e.args.data.lineNumber ?? 1) - 1 }))),
    )
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  /** Whether one of `starts` falls within [from, to]: a binary search. */
  const within = (from, to) => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < starts.length && starts[low] <= to;
  };
  // The task that ran the pointerdown started before the mark: tasks are taken from the one that
  // was running at the mark.
  return events
    .filter((e) => e.name === 'RunTask' && onThread(e) && e.ts + e.dur >= marked.ts)
    .sort((a, b) => a.ts - b.ts)
    .map((e) => ({ ms: e.dur / 1000, library: within(e.ts, e.ts + e.dur) }));
}

export async function measureMany(browser, server, { variant, condition }) {
  const name = `${variant}, many, ${condition}`;
  const lib = server.libraries[variant];
  const context = await browser.newContext();
  try {
    await installProbe(context, { banner: lib.banner, untilMs: LOAD_LIMIT_MS, watchReleases: true });
    const { page, errors } = await measuredTab(context, server, condition);
    server.log.length = 0;
    try {
      await page.goto(server.origin + pagePath('many', variant), { timeout: LOAD_LIMIT_MS });
      await page.waitForFunction(() => window.__bench.state.banner !== null, null, { timeout: LOAD_LIMIT_MS });
      await page.waitForLoadState('networkidle', { timeout: LOAD_LIMIT_MS });
    } catch (e) {
      throw e.name === 'TimeoutError' ? slow(e) : e;
    }
    // The page idle before the click, as a visitor reading it would find it.
    await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 2000 })));
    const early = server.log.filter((r) => r.path.startsWith(TRACKER_PATH));
    if (early.length) throw new Error(`${name}: trackers requested without consent: ${early.length} (first ${early[0].path})`);

    const expected = releasable(lib.releases);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    let trace;
    try {
      await clickAcceptAll(page, lib.ui, name);
      await page
        .waitForFunction((n) => window.__bench.released().count >= n, expected, { polling: 100, timeout: RELEASE_LIMIT_MS })
        .catch((e) => {
          if (e.name !== 'TimeoutError') throw e;
        });
      await page.waitForTimeout(TAIL_MS);
    } finally {
      trace = await browser.stopTracing();
    }
    if (errors.length) throw new Error(`${name}: page error: ${errors.join('; ')}`);
    const released = await page.evaluate(() => window.__bench.released());
    const { click, nextFrame, inp } = await page.evaluate(() => ({ click: window.__bench.state.click, nextFrame: window.__bench.state.nextFrame, inp: window.__bench.inp() }));
    const tasks = tasksAfterMark(trace, CLICK_MARK, libraryFrames(server, variant, 'many'));
    if (!tasks.length) throw new Error(`${name}: the trace has no main-thread task after the click`);
    const own = tasks.filter((task) => task.library).map((task) => task.ms);
    return {
      variant, condition,
      expected,
      released: released.count,
      allReleased: released.count >= expected ? released.last - click : null,
      inOrder: released.inOrder,
      longestTask: Math.max(...tasks.map((task) => task.ms)),
      tasksOver50: tasks.filter((task) => task.ms > 50).length,
      libraryLongestTask: own.length ? Math.max(...own) : null,
      libraryTasksOver50: own.filter((ms) => ms > 50).length,
      inp, nextFrame,
    };
  } finally {
    await context.close();
  }
}
