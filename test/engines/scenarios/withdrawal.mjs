/**
 * Withdrawal: once a visitor takes back third-party content, its cookies are deleted, the page
 * reloads, and nothing of it is requested again, in every engine (Firefox used to load the
 * withdrawn player's document again on the reload: see src/core/reload.ts).
 */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { player, PLAYER_REQUESTS, REOPEN, bannerButton, categorySwitch, dialogButton } from '../markup.mjs';

const CONFIG = { revision: 1, categories: { necessary: { required: true }, performance: {}, advertising: {}, 'third-party': { cookies: ['player_*'] } } };

/** A page with the player, a third-party script that sets a cookie as a player's would, and a performance script. */
const body = (vendor) => `
  <p id="top">Above the player.</p>
  ${player(vendor)}
  <script type="text/plain" data-category="third-party">document.cookie = 'player_id=42; path=/';</script>
  <script type="text/plain" data-category="performance" src="${vendor.url('stats.js')}"></script>
  <p id="player-notes">Below the player.</p>`;

/** Clicks Accept all and waits for the player to have run, and the player's cookie. */
async function acceptAll(page) {
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => window.__probe.messages.includes('player:loaded') && document.cookie.includes('player_id=42'), undefined, 'the player');
}

/** Accepts all on `url`, then runs `withdraw` and checks what the reloaded page did. */
async function acceptThenWithdraw({ site, open, settled }, { fragment = '', withdraw }) {
  const vendor = site.vendor();
  const page = await open(site.page({ config: CONFIG, body: body(vendor) }) + fragment);
  await acceptAll(page);
  await settled(page);
  assert.deepEqual(new Set(vendor.requests()), new Set([...PLAYER_REQUESTS, 'stats.js']));
  const before = vendor.requests().length;

  await page.nextDocument(() => withdraw(page));
  await settled(page);
  assert.equal(await page.evaluate(() => location.hash), fragment, 'the address is the same');
  assert.deepEqual(vendor.requests().slice(before).filter((path) => path.startsWith('embed/')), [], 'the withdrawn player is not requested again');
  assert.equal(await page.attribute('iframe[data-category="third-party"]', 'src'), null, 'the player is held back');
  assert.ok(!(await page.cookies()).some((c) => c.name === 'player_id'), 'the player cookie is deleted');
  return { page, vendor, before };
}

/** Switches third-party content off in the dialog and saves. */
async function switchOffThirdParty(page) {
  await page.click(REOPEN);
  await page.click(categorySwitch('third-party'));
  await page.click(dialogButton('save'));
}

for (const fragment of ['', '#player-notes'])
  scenario(`withdrawing third-party content in the dialog${fragment ? ' (an address with a #fragment)' : ''}: cookies deleted, the page reloads, the player is not requested again`, async (context) => {
    const { page, vendor, before } = await acceptThenWithdraw(context, { fragment, withdraw: switchOffThirdParty });
    const record = await page.record();
    assert.deepEqual(record.refused, ['third-party']);
    assert.deepEqual(vendor.requests().slice(before), ['stats.js'], 'what is still allowed runs again');
  });

scenario('Temoin.reset() after Accept all: the page reloads and asks again, and the player is not requested again', async (context) => {
  // A task later, so that the call has returned to the driver before the page goes away.
  const { page } = await acceptThenWithdraw(context, { withdraw: (p) => p.evaluate(() => void setTimeout(() => window.Temoin.reset())) });
  assert.equal(await page.record(), null);
  await page.shown(bannerButton('accept-all'));
});

// Going back loads the first page again (Chromium, Firefox), whose frames the browser would give their
// last document, whatever their src, had the parser made them; or shows it from the back/forward
// cache (WebKit), as it was left: Témoin releases a copy of each frame, and reads the decision again
// when a page is shown from the cache.
scenario('withdrawing third-party content on another page, then going back: the player neither loads again nor stays', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  // Cacheable, so that the browsers may keep the first page in their back/forward cache.
  const cacheable = { 'cache-control': 'no-cache' };
  const first = site.page({ config: CONFIG, body: body(vendor) }, cacheable);
  const page = await open(first);
  await acceptAll(page);
  await settled(page);

  await page.goto(site.page({ config: CONFIG, body: '<p>Another page of the site.</p>' }, cacheable));
  await page.started();
  await switchOffThirdParty(page);
  await page.waitFor(() => window.Temoin.isAllowed('third-party') === false, undefined, 'the withdrawal');
  await settled(page);
  const before = vendor.requests().length;

  await page.back();
  await page.waitFor((href) => location.href === href && window.__probe?.shows.length > 0, first, 'the first page again');
  await settled(page);
  assert.deepEqual(vendor.requests().slice(before).filter((path) => path.startsWith('embed/')), [], 'the withdrawn player is not requested again');
  assert.deepEqual(await page.evaluate(() => ({ allowed: window.Temoin.isAllowed('third-party'), src: document.querySelector('iframe').getAttribute('src') })), {
    allowed: false, src: null,
  }, 'the page shown knows of the withdrawal and holds the player back');
});
