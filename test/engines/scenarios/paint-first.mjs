/** The Accept click paints first: the banner is gone from a rendered frame, and the decision stored, before anything released runs. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, SCRIPT_ORDER, BANNER, bannerButton } from '../markup.mjs';

/** A tagged script first in the page, which notes what the page shows and stores when it runs. */
const FIRST_RELEASED = `<script type="text/plain" data-category="performance">window.__atFirstRelease = {
  bannerInDocument: !!document.querySelector('temoin-consent')?.shadowRoot?.querySelector('section.banner'),
  framesWithoutBanner: window.__framesWithoutBanner,
  decisionStored: /(^|; )temoin=2~/.test(document.cookie),
};</script>`;

scenario('Accept all: the banner is gone from a rendered frame, and the decision stored, before the first released script runs; the rest in document order', async ({ site, open }) => {
  const vendor = site.vendor();
  const page = await open(site.page({ config: { revision: 1 }, body: FIRST_RELEASED + tagged(vendor) }));
  await page.shown(BANNER);
  // Counts the frames whose rendering began without the banner: a frame's callbacks run before its
  // style, layout and paint, in the same rendering update.
  await page.evaluate(() => {
    window.__framesWithoutBanner = 0;
    const frame = () => {
      if (!document.querySelector('temoin-consent')?.shadowRoot?.querySelector('section.banner')) window.__framesWithoutBanner++;
      window.requestAnimationFrame(frame);
    };
    window.requestAnimationFrame(frame);
  });
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__ran?.length === 4, undefined, 'the four scripts');
  const atFirstRelease = await page.evaluate(() => window.__atFirstRelease);
  assert.equal(atFirstRelease.bannerInDocument, false, 'the banner is gone when the first released script runs');
  assert.ok(atFirstRelease.framesWithoutBanner >= 1, `a frame was rendered without the banner before it (${atFirstRelease.framesWithoutBanner})`);
  assert.equal(atFirstRelease.decisionStored, true, 'the decision is in the consent cookie before anything released runs');
  assert.deepEqual(await page.evaluate(() => window.__ran), SCRIPT_ORDER, 'the rest in document order');
});
