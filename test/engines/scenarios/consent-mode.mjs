/** Google Consent Mode: the all-denied default comes first, then the update, before any tagged Google tag runs. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { BANNER, bannerButton } from '../markup.mjs';

const DEFAULT = {
  ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
  functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted', wait_for_update: 500,
};
const TYPES = ['ad_personalization', 'ad_storage', 'ad_user_data', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];
const ALL_GRANTED = Object.fromEntries(TYPES.map((type) => [type, 'granted']));

/** The dataLayer's commands (`arguments` objects) as arrays, and anything else as it is. */
const dataLayer = (page) =>
  page.evaluate(() =>
    JSON.parse(JSON.stringify((window.dataLayer ?? []).map((e) => (Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e) : e)))));

scenario('Consent Mode: the default before anything, the update before the tagged Google tag, which sees both', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const body = `
    <script type="text/plain" data-category="performance">
      window.__firstTaggedSaw = window.dataLayer.map((e) => Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e) : e);
    </script>
    <script type="text/plain" data-category="performance" src="${vendor.url('gtag.js')}"></script>
    <script type="text/plain" data-category="performance">gtag('config', 'G-TEST');</script>`;
  const page = await open(site.page({ config: { revision: 1 }, body }));
  await page.shown(BANNER);
  await settled(page);
  assert.deepEqual(await dataLayer(page), [['consent', 'default', DEFAULT]], 'the default alone, before a decision');
  assert.deepEqual(vendor.requests(), []);

  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__gtagSeen?.some((command) => command[0] === 'config'), undefined, "the tag's config command");
  assert.deepEqual(await page.evaluate(() => window.__gtagSeen), [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
    ['loaded'],
    ['config', 'G-TEST'],
  ]);
  assert.deepEqual(await page.evaluate(() => JSON.parse(JSON.stringify(window.__firstTaggedSaw))).then((seen) => seen.slice(0, 2)), [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
  ], 'the first tagged script already finds the default and the update');
});
