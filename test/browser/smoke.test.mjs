import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, serve, ui, consoleOf } from './harness.mjs';

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve();
});
after(async () => {
  await browser.close();
  await server.close();
});

test('nothing tagged loads before a decision; Accept all releases everything, and it is remembered', async () => {
  const { context, thirdParty } = await newContext(browser);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(`${server.origin}/test/browser/fixtures/basic.html`);
  await ui(page, 'section.banner').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(thirdParty, []);
  assert.equal(await page.evaluate(() => document.cookie), '');
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => (window.__order ?? []).length === 1);
  assert.deepEqual(await page.evaluate(() => window.__order), ['inline-after-a:1']);
  assert.equal(await page.evaluate(() => window.__refusedPerformance), undefined);
  await page.waitForTimeout(300);
  assert.equal(thirdParty.length, 3, thirdParty.join('\n'));
  await page.reload();
  await page.locator('temoin-reopen >> button').waitFor();
  assert.equal(await ui(page, 'section.banner').count(), 0);
  assert.deepEqual(messages.filter((m) => m.type === 'error' || m.type === 'pageerror'), []);
  await context.close();
});
