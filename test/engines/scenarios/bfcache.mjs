/** The back/forward cache: a page where the visitor has decided comes back from it, as it was. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, SCRIPT_ORDER, BANNER, REOPEN, bannerButton } from '../markup.mjs';

scenario('a decided page is restored from the back/forward cache (pageshow persisted), with its decision and nothing run twice', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  // Cacheable: browsers may keep a page answered with `no-store` out of the back/forward cache.
  const url = site.page({ config: { revision: 1 }, body: tagged(vendor) }, { 'cache-control': 'no-cache' });
  const page = await open(url);
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the four scripts');
  await settled(page);
  const requests = vendor.requests().length;

  await page.goto(site.plain('Another page'));
  await page.back();
  await page.waitFor((href) => location.href === href && window.__probe?.shows.length > 0, url, 'the decided page again');
  assert.deepEqual(await page.evaluate(() => window.__probe.shows), [false, true], 'shown from the back/forward cache, not loaded again');
  await page.shown(REOPEN);
  await settled(page);
  assert.equal(await page.has(BANNER), false);
  assert.deepEqual(await page.evaluate(() => window.__ran), SCRIPT_ORDER, 'nothing ran twice');
  assert.deepEqual(vendor.requests().slice(requests), [], 'nothing requested again');
});
