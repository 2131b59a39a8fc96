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

/** Accepts all on `url`, then runs `withdraw` and checks what the reloaded page did. */
async function acceptThenWithdraw({ site, open, settled }, { fragment = '', withdraw }) {
  const vendor = site.vendor();
  const page = await open(site.page({ config: CONFIG, body: body(vendor) }) + fragment);
  await page.click(bannerButton('accept-all'));
  await page.waitFor(() => document.cookie.includes('player_id=42'), undefined, 'the player cookie');
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
  const { page } = await acceptThenWithdraw(context, { withdraw: (p) => p.evaluate(() => window.Temoin.reset()) });
  assert.equal(await page.record(), null);
  await page.shown(bannerButton('accept-all'));
});
