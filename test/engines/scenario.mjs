/**
 * How the cross-engine scenarios are written and run. A file in scenarios/ declares what a site
 * owner relies on with `scenario(name, fn)`, once; `runEngine(name)` (one entry file per engine)
 * runs every scenario file in that engine, against a test site of its own.
 *
 * `fn` gets `{ engine, site, open, settled, idle }`: the engine's name, the test site (site.mjs),
 * `open(url)` for a new visitor (a fresh profile, closed after the scenario), `settled(page)` and
 * `idle(page)`. After `fn`, each scenario also checks that no page reported a console error,
 * an uncaught exception or a failed load.
 *
 * An engine may be marked known-failing for a scenario only with a reason that names the cause and
 * links to it: `scenario(name, fn, { knownFailing: { webkit: 'why, https://…' } })`. There the
 * scenario must fail (and says how); once it passes, the mark must go.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { launchEngine } from './driver.mjs';
import { startSite } from './site.mjs';
import { closeWithin } from '../browser/harness.mjs';

/** The engine this process runs, set by `runEngine` before the scenario files are read. */
let engineName;
/** What `before` started: `{ engine, site }`. */
let running;

export function scenario(name, fn, { knownFailing = {} } = {}) {
  for (const [engine, reason] of Object.entries(knownFailing))
    if (!/https?:\/\/\S+/.test(reason)) throw new Error(`"${name}": the known failure in ${engine} needs a linked reason`);
  const reason = knownFailing[engineName];
  test(reason ? `${name} [known failing: ${reason}]` : name, { timeout: 90_000 }, async (t) => {
    let failure = await attempt(fn);
    // A browser driver that stopped answering (its own timeout, on a machine shared with other
    // work) says nothing of Témoin: the scenario runs once more, and says so.
    if (failure && DRIVER_TIMEOUT.test(failure.name)) {
      t.diagnostic(`${engineName}'s driver timed out (${failure.message.split('\n')[0]}): run again`);
      failure = await attempt(fn);
    }
    if (!reason) {
      if (failure) throw failure;
    } else if (failure) t.diagnostic(`fails as known in ${engineName}: ${failure.message.split('\n')[0]}`);
    else throw new Error(`passes in ${engineName} now: remove its known-failing mark (${reason})`);
  });
}

/** A driver's own timeout: Playwright's, Puppeteer's and selenium-webdriver's errors are named so. */
const DRIVER_TIMEOUT = /^(Script)?TimeoutError$/;

/** Runs one scenario with fresh pages, closed after it; resolves with its failure, or null. */
async function attempt(fn) {
  const { engine, site } = running;
  const pages = [];
  const context = {
    engine: engineName,
    site,
    async open(url) {
      const page = await engine.open(url);
      pages.push(page);
      return page;
    },
    /**
     * Resolves once Témoin has done what it will do on its own, so that a scenario can check that
     * something did not happen: it started, the page is loaded, a task has passed (releases
     * during the load wait for one), and the network is quiet.
     */
    async settled(page) {
      await page.started();
      await page.waitFor(() => document.readyState === 'complete', undefined, 'the load event');
      await page.evaluate(() => new Promise((done) => setTimeout(done)));
      await site.quiet();
    },
    /**
     * Resolves once the page has loaded and the browser has been idle, when Témoin decides whether
     * the floating button shows and fetches it (at the latest a second after the load, or a task
     * after it where idle callbacks do not exist), and a frame after.
     */
    async idle(page) {
      await page.waitFor(() => document.readyState === 'complete', undefined, 'the load event');
      await page.evaluate(
        () => new Promise((done) => (window.requestIdleCallback ? window.requestIdleCallback(() => window.requestAnimationFrame(done), { timeout: 2000 }) : setTimeout(() => window.requestAnimationFrame(done), 50))),
      );
    },
  };
  const reported = site.problems.length;
  try {
    await fn(context);
    await site.quiet();
    assert.deepEqual(site.problems.slice(reported), [], 'no console error, uncaught exception or failed load in any page');
    return null;
  } catch (error) {
    return error;
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

/** Registers every scenario file (those named in $TEMOIN_SCENARIOS, comma-separated, if set) for the engine `name`. */
export async function runEngine(name) {
  engineName = name;
  before(async () => {
    running = { engine: await launchEngine(name), site: await startSite() };
  });
  after(async () => {
    console.log(`# ${running?.engine.version}`);
    await closeWithin(running?.engine, running?.engine.name);
    await running?.site.close();
  });
  const folder = new URL('./scenarios/', import.meta.url);
  const only = process.env.TEMOIN_SCENARIOS?.split(',').filter(Boolean);
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.mjs')).sort())
    if (!only?.length || only.some((wanted) => file.startsWith(wanted))) await import(new URL(file, folder));
}
