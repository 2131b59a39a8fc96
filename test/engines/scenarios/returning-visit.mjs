/** A returning visit: the decision holds, no banner shows, and what it allows is released at once. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, SCRIPT_ORDER, PLAYER_REQUESTS, BANNER, REOPEN, bannerButton } from '../markup.mjs';

scenario('after Accept all, the next visit shows no banner and releases everything at once, with the core alone', async ({ site, open, settled, idle }) => {
  const vendor = site.vendor();
  // A page with its own Cookie settings link (a page without one also fetches the floating button).
  const url = site.page({ config: { revision: 1 }, body: `${tagged(vendor)}<footer><a href="#" data-temoin="preferences">Cookie settings</a></footer>` });
  const page = await open(url);
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the four scripts');
  await settled(page);

  const parts = site.requested('/dist/temoin-').length;
  const requests = vendor.requests().length;
  await page.goto(url);
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the four scripts, with no click');
  await idle(page);
  await settled(page);
  assert.equal(await page.has(BANNER), false, 'no banner');
  assert.equal(await page.has(REOPEN), false, 'no floating button beside the page\'s own link');
  assert.deepEqual(await page.evaluate(() => window.__ran), SCRIPT_ORDER);
  assert.equal((await page.record()).method, 'accept-all');
  assert.deepEqual(new Set(vendor.requests().slice(requests)), new Set(['a.js', 'b.js', 'pixel.gif', ...PLAYER_REQUESTS]));
  assert.deepEqual(site.requested('/dist/temoin-').slice(parts), [], 'no part of Témoin but its core');
});

scenario('after Reject all, a reload shows no banner, requests nothing tagged and runs "!performance"', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const url = site.page({ config: { revision: 1 }, body: tagged(vendor) });
  const page = await open(url);
  await page.click(bannerButton('reject-all'));
  await page.waitFor(() => window.__refusedRan === 1, undefined, 'the "!performance" script');
  await page.nextDocument(() => page.reload());
  await page.waitFor(() => window.__refusedRan === 1, undefined, 'the "!performance" script, with no click');
  await page.shown(REOPEN);
  await settled(page);
  assert.equal(await page.has(BANNER), false, 'no banner');
  assert.equal(await page.evaluate(() => window.__ran ?? null), null);
  assert.equal((await page.record()).method, 'reject-all');
  assert.deepEqual(vendor.requests(), [], 'nothing of a third party, on either visit');
});
