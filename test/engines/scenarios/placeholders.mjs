/** Placeholders: a held-back iframe is explained, and its button allows exactly its category. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { player, PLAYER_REQUESTS, PLACEHOLDER } from '../markup.mjs';

scenario('a held-back player shows a placeholder naming its host and category; its button allows that category alone and loads the player', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const page = await open(site.page({ config: { revision: 1 }, body: player(vendor) }));
  await page.shown(PLACEHOLDER);
  assert.match(await page.text('temoin-placeholder >> p'), /^This content comes from localhost, which may set its own cookies\. It stays blocked until you allow “Third-party content and social media”\.$/);
  assert.equal(await page.text(PLACEHOLDER), 'Allow “Third-party content and social media”');
  await settled(page);
  assert.deepEqual(vendor.requests(), []);

  await page.click(PLACEHOLDER);
  await page.gone('temoin-placeholder');
  await settled(page);
  assert.deepEqual(vendor.requests(), PLAYER_REQUESTS);
  assert.deepEqual(await page.evaluate(() => ['performance', 'advertising', 'third-party'].map((id) => window.Temoin.isAllowed(id))), [false, false, true]);
  assert.deepEqual((await page.record()).granted, ['necessary', 'third-party']);
});
