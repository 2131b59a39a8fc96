/** Blocking: nothing tagged is requested before consent; Accept all releases it, scripts in document order. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, SCRIPT_ORDER, PLAYER_REQUESTS, BANNER, bannerButton } from '../markup.mjs';

scenario('before consent nothing tagged is requested or run; Accept all releases scripts in document order, the pixel and the player', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const page = await open(site.page({ config: { revision: 1 }, body: tagged(vendor) }));
  await page.shown(BANNER);
  assert.match(await page.text(BANNER), /Your privacy choices[\s\S]*Accept all/);
  await settled(page);
  assert.deepEqual(vendor.requests(), [], 'no request to any third party');
  assert.deepEqual(await page.cookies(), [], 'no cookie');
  assert.deepEqual(await page.evaluate(() => ({ ran: window.__ran ?? null, refused: window.__refusedRan ?? null, storage: localStorage.length })), {
    ran: null, refused: null, storage: 0,
  });

  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the four scripts');
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.__ran), SCRIPT_ORDER, 'a, the inline script (after a), b, c');
  assert.equal(await page.evaluate(() => window.__refusedRan ?? null), null, '"!performance" waits for a refusal');
  assert.deepEqual(new Set(vendor.requests()), new Set(['a.js', 'b.js', 'pixel.gif', ...PLAYER_REQUESTS]));
  // The decision, and (once it is painted) the record of the configuration found valid.
  assert.deepEqual((await page.cookies()).map((c) => c.name).filter((name) => name !== 'temoin-checked'), ['temoin']);
  await page.gone(BANNER);
});
