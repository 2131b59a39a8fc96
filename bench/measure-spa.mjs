/* global requestIdleCallback */
/**
 * The `spa` page (page.mjs, spa-app.js), once per call: a returning visit whose decision (Reject
 * all, written by a real visit) is in force, under `condition`. Once the page is loaded and idle,
 * the bench asks the app to add its 1,000 elements, and profiles the main thread from that call
 * until the app reports the page idle after its last batch.
 *
 * Figures: the library's script time over that work (samples with one of its files on the stack,
 * as on the article) and the app's own (samples with the app's script on the stack; a library's
 * observer callbacks run after the app's code has returned, so they are not the app's). None of
 * the refused elements the app adds may run or be requested.
 */
import { installProbe, libraryFrames, measuredTab, scriptTime, slow } from './measure.mjs';
import { APP_PATH, pagePath, TRACKER_PATH } from './page.mjs';
import { CONDITIONS } from './conditions.mjs';

export async function measureSpa(browser, server, { variant, condition, stored }) {
  const name = `${variant}, spa, ${condition}`;
  const { windowMs } = CONDITIONS[condition];
  const lib = server.libraries[variant];
  // What the visitor's decision stored: its cookies and the site's storage.
  const context = await browser.newContext({ storageState: stored });
  try {
    await installProbe(context, { banner: null, untilMs: windowMs });
    const { page, cdp, errors } = await measuredTab(context, server, condition);
    server.log.length = 0;
    try {
      await page.goto(server.origin + pagePath('spa', variant), { timeout: windowMs + 15000 });
      await page.waitForLoadState('networkidle', { timeout: windowMs });
    } catch (e) {
      throw e.name === 'TimeoutError' ? slow(e) : e;
    }
    await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 2000 })));

    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate(() => window.harbourApp.addItems());
    const { profile } = await cdp.send('Profiler.stop');

    if (errors.length) throw new Error(`${name}: page error: ${errors.join('; ')}`);
    const trackers = server.log.filter((r) => r.path.startsWith(TRACKER_PATH));
    if (trackers.length) throw new Error(`${name}: trackers requested although refused: ${trackers.map((r) => r.path).join(', ')}`);
    const { inline } = await page.evaluate(() => window.__bench.released());
    if (inline) throw new Error(`${name}: ${inline} refused scripts ran`);
    return {
      variant, condition,
      libraryScript: lib.path ? scriptTime(profile, libraryFrames(server, variant, 'spa')) : null,
      appScript: scriptTime(profile, ({ url }) => url === server.origin + APP_PATH),
    };
  } finally {
    await context.close();
  }
}
