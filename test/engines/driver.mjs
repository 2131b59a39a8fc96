/**
 * The driver layer of the cross-engine scenarios (ADR 0060): one small interface, one
 * implementation per engine in drivers/, and what scenarios need on top of it, written once.
 *
 * An engine (`launchEngine(name)`) has a `version` and `newSession()`. A session is one visitor: a
 * fresh profile (no cookies, no storage, no cache) with one tab, 1280×800, that can:
 *
 * - `goto(url)`: navigate and wait for the load event;
 * - `evaluate(fn, arg)`: run `fn(arg)` in the page (a self-contained function; a promise is
 *   awaited) and return its value, which must be JSON (a DOM node is not: return a test of it);
 * - `click(selector)`: a real click at the element's centre, scrolled into view;
 * - `press(key)`: a key for the focused element: `Tab`, `Shift+Tab`, `Enter`, `Escape`, `Space`;
 * - `cookies()`: the current page's cookies, `{ name, value, domain, path }`;
 * - `reload()`: as the browser's button, waiting for the load event;
 * - `back()`: as the browser's button, waiting for the history traversal only (a page restored
 *   from the back/forward cache fires no load event);
 * - `close()`: end the visit and drop the profile.
 *
 * A selector is CSS, where ` >> ` steps into the open shadow root of the element before it:
 * `temoin-consent >> section.banner button[data-action="accept-all"]`. Third parties, console
 * errors and the request log are the test site's business (site.mjs, probe.js), not the driver's,
 * so that they read the same in every engine.
 */
import { until } from '../browser/harness.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const VIEWPORT = { width: 1280, height: 800 };

const implementation = (name) => {
  if (!ENGINES.includes(name)) throw new Error(`unknown engine "${name}": one of ${ENGINES.join(', ')}`);
  return import(`./drivers/${name}.mjs`);
};

/** What is missing to run `name` on this machine, with the command that installs it; null when nothing is. */
export const missing = async (name) => (await implementation(name)).missing();

/** Starts the engine `name`. Its `open(url)` starts a visitor's session there, with the helpers below. */
export async function launchEngine(name) {
  const engine = await (await implementation(name)).launch();
  return {
    name,
    get version() {
      return engine.version;
    },
    async open(url) {
      const page = withHelpers(await engine.newSession());
      await page.goto(url);
      return page;
    },
    close: () => engine.close(),
  };
}

/** The page a test reads: the session, and waits and reads that every engine does the same way, through the probe. */
function withHelpers(session) {
  const page = {
    ...session,
    /** Resolves with `fn(arg)`'s value in the page once it is truthy; a page that is navigating is asked again. */
    async waitFor(fn, arg, what = String(fn)) {
      let failure;
      const ask = () =>
        session.evaluate(fn, arg).catch((error) => {
          failure = error;
          return false;
        });
      try {
        return await until(ask, what);
      } catch (timeout) {
        if (failure) timeout.message += ` (the page last answered: ${failure.message})`;
        throw timeout;
      }
    },
    /** Resolves once the element at `selector` is rendered (it has a box). */
    shown: (selector) => page.waitFor((s) => window.__probe?.find(s)?.getClientRects().length > 0, selector, `${selector} to show`),
    /** Resolves once there is no element at `selector`. */
    gone: (selector) => page.waitFor((s) => window.__probe && !window.__probe.find(s), selector, `${selector} to go`),
    /** Whether there is an element at `selector` now. */
    has: (selector) => session.evaluate((s) => Boolean(window.__probe.find(s)), selector),
    /** The text of the element at `selector`, as rendered (`innerText`). */
    text: (selector) => session.evaluate((s) => window.__probe.find(s).innerText, selector),
    /** An attribute of the element at `selector` (null when absent). */
    attribute: (selector, name) => session.evaluate(([s, n]) => window.__probe.find(s).getAttribute(n), [selector, name]),
    /** Clicks the element at `selector` once it shows. */
    async click(selector) {
      await page.shown(selector);
      await session.click(selector);
    },
    /** Resolves once Témoin has started on the current document (its `temoin:ready`). */
    started: () => page.waitFor(() => window.__probe?.events.some((e) => e.name === 'ready'), undefined, 'Témoin to start'),
    /** The decision in force, as `Temoin.getRecord()` gives it. */
    record: () => session.evaluate(() => window.Temoin.getRecord()),
    /**
     * Runs `action` (a click that reloads, say) and resolves once a new document has replaced the
     * current one and is loaded, with Témoin started.
     */
    async nextDocument(action) {
      await session.evaluate(() => (window.__probe.replaced = true));
      await action();
      await page.waitFor(
        () => window.__probe && !window.__probe.replaced && document.readyState === 'complete' && window.__probe.events.some((e) => e.name === 'ready'),
        undefined,
        'the next document',
      );
    },
  };
  return page;
}
