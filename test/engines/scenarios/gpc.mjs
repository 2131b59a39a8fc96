/** Global Privacy Control: with the signal on, Accept all leaves advertising off. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, bannerButton } from '../markup.mjs';

/** Turns the signal on before Témoin reads it, as a browser that sends it would have it. */
const GPC = "<script>Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });</script>";

scenario('with Global Privacy Control on, Accept all grants everything but advertising, and the pixel is not requested', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const page = await open(site.page({ config: { revision: 1 }, body: tagged(vendor), head: GPC }));
  assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the performance scripts');
  await settled(page);
  const record = await page.record();
  assert.deepEqual({ granted: record.granted, refused: record.refused, gpc: record.gpc, method: record.method }, {
    granted: ['necessary', 'performance', 'third-party'], refused: ['advertising'], gpc: true, method: 'accept-all',
  });
  assert.ok(!vendor.requests().includes('pixel.gif'), 'the advertising pixel stays held back');
  assert.ok(vendor.requests().includes('embed/1'), 'third-party content is released');
});
