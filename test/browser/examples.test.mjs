/**
 * The example apps of examples/, built as their READMEs say (Vite + React, Vite + Vue, Next.js App
 * Router) and visited in Chromium: what a visitor of a React or Vue site sees from first visit to
 * withdrawal, with every third party faked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSuite, stopSuite, newContext, ui, consoleOf, watchEvents, settled, problems, ROOT } from './harness.mjs';
import { linkPackage, viteBuild, nextBuild, nextStart } from './frameworks.mjs';

let browser, site, next;
before(async () => {
  linkPackage();
  ({ browser, site } = await startSuite());
});
after(async () => {
  await next?.stop();
  await stopSuite({ browser, site });
});

const VIDEO = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
const ANALYTICS = 'https://analytics.example.com/script.js';

/**
 * A visitor's path through an example at `url`: the banner, and nothing held back requested before
 * a decision; Accept all shows the video in the placeholder's box and runs the analytics script
 * once; a reload shows the video without the banner; withdrawing (Reject all in the settings)
 * removes it and holds everything back again. `contextOptions` go to the browser context.
 */
async function visit(url, contextOptions = {}) {
  const { context, thirdParty } = await newContext(browser, contextOptions);
  await watchEvents(context);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(url);

  await ui(page, 'section.banner').waitFor();
  await page.locator('#video-placeholder').waitFor();
  await settled(page);
  assert.deepEqual(thirdParty, [], 'nothing held back is requested before a decision');
  const after = await page.locator('#after-video').boundingBox();

  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.locator('#video').waitFor();
  await page.waitForFunction((src) => window.__loaded?.includes(src), ANALYTICS);
  assert.deepEqual(await page.locator('#after-video').boundingBox(), after, 'the video takes the placeholder’s box: nothing below moves');
  assert.deepEqual(await page.evaluate(() => window.analyticsQueue), [['pageview', new URL(url).pathname]], 'one page view, counted once allowed');
  assert.deepEqual(thirdParty.filter((u) => u === ANALYTICS), [ANALYTICS], 'the analytics script is added once');
  assert.ok(thirdParty.includes(VIDEO));
  const record = await page.evaluate(() => window.Temoin.getRecord());

  await page.reload();
  await page.locator('#video').waitFor();
  await settled(page);
  assert.equal(await ui(page, 'section.banner').count(), 0, 'no banner once decided');

  const reloaded = page.waitForEvent('load');
  await page.locator('#cookie-settings').click();
  await ui(page, 'dialog.dialog button[data-action="reject-all"]').click();
  // The analytics script ran: withdrawing its category reloads the page (see docs/withdrawal.md).
  await reloaded;
  await page.locator('#video-placeholder').waitFor();
  const before = thirdParty.length;
  await settled(page);
  assert.equal(await page.locator('#video').count(), 0, 'the video is gone');
  assert.deepEqual(thirdParty.slice(before), [], 'nothing held back is requested after the withdrawal');
  assert.equal(await page.evaluate(() => window.Temoin.getRecord().method), 'reject-all');

  assert.deepEqual(problems(messages), []);
  await context.close();
  return { record };
}

test('Vite + React (examples/react-vite): the video waits for consent, the analytics script too, and withdrawal removes them', async () => {
  const base = await viteBuild('react-vite', join(ROOT, 'examples/react-vite'));
  await visit(`${site.origin}${base}index.html`);
});

test('Vite + Vue (examples/vue-vite): the video waits for consent, the tagged analytics script too, and withdrawal removes them', async () => {
  const base = await viteBuild('vue-vite', join(ROOT, 'examples/vue-vite'));
  await visit(`${site.origin}${base}index.html`);
});

test('Next.js App Router (examples/next): server-rendered placeholder, the region from the CDN header, then the same path', async () => {
  const dir = join(ROOT, 'examples/next');
  await nextBuild(dir);
  next = await nextStart(dir);
  const html = await (await fetch(next.origin, { headers: { 'cf-ipcountry': 'FR' } })).text();
  assert.match(html, /<meta name="temoin-region" content="FR"\/>/, 'the server writes the region');
  assert.match(html, /id="video-placeholder"/, 'the server renders the placeholder');
  assert.doesNotMatch(html, /<iframe/, 'and not the video');
  const { record } = await visit(`${next.origin}/`, { extraHTTPHeaders: { 'cf-ipcountry': 'FR' } });
  assert.equal(record.jurisdiction, 'EU', 'decided under the rule for the EU, from the region the server wrote');
  assert.equal(next.output().match(/error/i), null, `the server logged no error:\n${next.output()}`);
});
