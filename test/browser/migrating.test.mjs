/**
 * The migration guides' pages, as they are migrated (test/browser/fixtures/migrating/, which the
 * guides show): vanilla-cookieconsent's basic page and its Google Tag Manager page, and pages that
 * used Klaro and Orejime. Each is served on its own site with Témoin's tag as `temoin install`
 * prints it for this build, and a Google tag that records what Consent Mode state it reads from
 * `dataLayer`. After Accept all, the types of the categories kept from the old tool are granted;
 * with Google Tag Manager untagged, Témoin's default comes before `gtm.js`; vanilla's callbacks
 * are called as vanilla called them; the old tool's cookie goes, and Témoin's stays.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newContext, consoleOf, problems, ui, ROOT, closeWithin } from './harness.mjs';
import { CORE_FILE } from '../../src/part-file.js';
import { subresourceIntegrity } from '../../src/script-tag.js';

const FIXTURES = join(ROOT, 'test/browser/fixtures/migrating');
const DIST = join(ROOT, 'dist');
const SITE = 'https://www.shop.example';
const core = readdirSync(DIST).find((name) => CORE_FILE.test(name));
const integrity = subresourceIntegrity(readFileSync(join(DIST, core)));

/**
 * A Google tag (gtag.js or gtm.js) that reads `dataLayer` as Google's does: the commands already
 * there, then each one pushed. It records the Consent Mode state and the order of what it read.
 */
const GOOGLE_TAG = `(() => {
  const google = (window.__google = window.__google || { consent: {}, order: [] });
  const read = (entry) => {
    if (Object.prototype.toString.call(entry) === '[object Arguments]') {
      if (entry[0] !== 'consent') return;
      google.order.push('consent ' + entry[1]);
      for (const [type, value] of Object.entries(entry[2] || {})) if (value === 'granted' || value === 'denied') google.consent[type] = value;
    } else if (entry && typeof entry === 'object' && entry.event) google.order.push('event ' + entry.event);
  };
  const dataLayer = (window.dataLayer = window.dataLayer || []);
  if (dataLayer.push.__read) return;
  dataLayer.forEach(read);
  const push = dataLayer.push;
  dataLayer.push = function (...entries) { entries.forEach(read); return push.apply(dataLayer, entries); };
  dataLayer.push.__read = true;
})();`;

let browser;
before(async () => {
  browser = await launch();
});
after(() => closeWithin(browser, 'Chromium'));

/** The fixture's page with Témoin's tag as `temoin install` prints it for this build (the guides show a sample hash). */
function fixturePage(name) {
  const html = readFileSync(join(FIXTURES, name, 'index.html'), 'utf8')
    .replace(/src="\/temoin\/temoin\.\w{10}\.min\.js"/, `src="/temoin/${core}"`)
    .replace('integrity="sha384-…"', `integrity="${integrity}"`);
  assert.ok(html.includes(`integrity="${integrity}"`), `${name}: Témoin's tag as printed`);
  return html;
}

/**
 * A fresh profile where https://www.shop.example/ serves `html`, its /temoin/ folder (this build
 * and the fixture's consent.json), and a privacy page; every other host is faked, Google's tags
 * by GOOGLE_TAG.
 */
async function siteWith(name, html = fixturePage(name)) {
  const { context, thirdParty } = await newContext(browser, { fakeScripts: { 'gtag/js': GOOGLE_TAG, 'gtm.js': GOOGLE_TAG } });
  await context.route(`${SITE}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const answer = (contentType, body) => route.fulfill({ status: 200, contentType, body, headers: { 'cache-control': 'no-cache' } });
    if (path === '/') return answer('text/html; charset=utf-8', html);
    if (path === '/temoin/consent.json') return answer('application/json', readFileSync(join(FIXTURES, name, 'consent.json')));
    if (path.startsWith('/temoin/') && (CORE_FILE.test(path.slice(8)) || /^temoin-[\w-]+\.\w{10}\.min\.js$/.test(path.slice(8))))
      return answer('text/javascript', readFileSync(join(DIST, path.slice(8))));
    if (path === '/privacy') return answer('text/html; charset=utf-8', '<!doctype html><title>Privacy</title><h1>Privacy</h1>');
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const page = await context.newPage();
  const messages = consoleOf(page);
  return { context, page, messages, thirdParty };
}

const google = (page) => page.evaluate(() => window.__google);
const logged = (messages) => messages.filter((m) => m.type === 'log' && / fired$/.test(m.text)).map((m) => m.text);
const acceptAll = (page) => ui(page, 'section.banner button[data-action="accept-all"]').click();

/** Waits until the Google tag has read a Consent Mode update that grants `type`. */
const granted = (page, type) => page.waitForFunction((t) => window.__google?.consent[t] === 'granted', type);

test('vanilla-cookieconsent’s basic page: its ids kept, Accept all grants analytics_storage; its callbacks called as vanilla called them', async () => {
  const { context, page, messages } = await siteWith('vanilla-basic');
  await page.goto(`${SITE}/`);
  await acceptAll(page);
  await granted(page, 'analytics_storage');
  assert.deepEqual((await google(page)).consent, {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied',
    analytics_storage: 'granted', functionality_storage: 'granted', personalization_storage: 'denied', security_storage: 'granted',
  }, 'the types of the site’s own categories (analytics, necessary) granted; no category grants the ad types');
  assert.deepEqual(logged(messages), ['onFirstConsent fired', 'onConsent fired']);

  // Every later page: onConsent again (vanilla calls it on each page with a decision), and gtag is told at once.
  await page.reload();
  await granted(page, 'analytics_storage');
  await page.waitForFunction(() => window.Temoin.getRecord() !== null);
  assert.deepEqual(logged(messages), ['onFirstConsent fired', 'onConsent fired', 'onConsent fired']);
  assert.deepEqual((await google(page)).order.slice(0, 2), ['consent default', 'consent update']);

  // A change of mind: onChange, not another first consent; Témoin then reloads the page (analytics
  // had run), where vanilla would call onConsent too.
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => window.Temoin.rejectAll());
  await reloaded;
  await page.waitForFunction(() => window.Temoin.getRecord()?.method === 'reject-all');
  assert.deepEqual(logged(messages).slice(3), ['onChange fired', 'onConsent fired']);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('the clean-up of vanilla’s cookie removes vanilla’s value, never Témoin’s own, even under the same name', async () => {
  const vanillaValue = encodeURIComponent(JSON.stringify({ categories: ['necessary', 'analytics'], revision: 0, data: null, consentId: 'x' }));
  const { context, page } = await siteWith('vanilla-basic');
  await context.addCookies([{ name: 'cc_cookie', value: vanillaValue, domain: '.www.shop.example', path: '/' }]);
  await page.goto(`${SITE}/`);
  await page.waitForFunction(() => window.Temoin?.view === 'banner');
  assert.equal((await context.cookies()).some((c) => c.name === 'cc_cookie'), false, 'vanilla’s cookie removed');
  await context.close();

  // A site that kept vanilla's name for Témoin's cookie: the decision survives every page.
  const sameName = fixturePage('vanilla-basic').replace(
    ' data-config="/temoin/consent.json"></script>',
    '></script>\n  <script type="application/json" id="temoin-config">{ "revision": 1, "cookie": { "name": "cc_cookie" } }</script>',
  );
  const kept = await siteWith('vanilla-basic', sameName);
  await kept.page.goto(`${SITE}/`);
  await acceptAll(kept.page);
  await kept.page.waitForFunction(() => document.cookie.includes('cc_cookie=2~'));
  await kept.page.reload();
  await kept.page.waitForFunction(() => window.Temoin.view === 'none' && window.Temoin.getRecord()?.method === 'accept-all');
  assert.ok((await kept.context.cookies()).some((c) => c.name === 'cc_cookie' && c.value.startsWith('2~')), 'Témoin’s cookie kept');
  await kept.context.close();
});

test('vanilla-cookieconsent’s GTM page: Témoin’s default reaches dataLayer before gtm.js; Accept all grants the types of analytics and ads', async () => {
  const { context, page, messages } = await siteWith('vanilla-gtm');
  await page.goto(`${SITE}/`);
  await page.waitForFunction(() => window.__google?.order.includes('event gtm.js'));
  const first = (await google(page)).order;
  assert.ok(first.indexOf('consent default') >= 0 && first.indexOf('consent default') < first.indexOf('event gtm.js'), first.join(', '));
  assert.equal((await google(page)).consent.analytics_storage, 'denied');

  await acceptAll(page);
  await granted(page, 'ad_storage');
  const { consent, order } = await google(page);
  for (const type of ['analytics_storage', 'ad_storage', 'ad_user_data', 'ad_personalization']) assert.equal(consent[type], 'granted', type);
  assert.ok(order.includes('event temoin_consent'), 'the event GTM triggers fire on');

  // A returning visitor: the default, then the update from the stored decision, both before gtm.js.
  await page.reload();
  await page.waitForFunction(() => window.__google?.order.includes('event gtm.js'));
  const again = (await google(page)).order;
  assert.deepEqual(again.slice(0, 4), ['consent default', 'consent update', 'event temoin_consent', 'event gtm.js']);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

for (const [tool, cookie] of [['klaro', 'klaro'], ['orejime', 'eu-consent']])
  test(`a page that used ${tool === 'klaro' ? 'Klaro' : 'Orejime'}: Accept all grants the types of performance and third-party, releases the video; its cookie is removed`, async () => {
    const { context, page, messages, thirdParty } = await siteWith(tool);
    await context.addCookies([{ name: cookie, value: encodeURIComponent('{"google-analytics":true}'), domain: 'www.shop.example', path: '/' }]);
    await page.goto(`${SITE}/`);
    await page.waitForFunction(() => window.Temoin?.view === 'banner');
    assert.equal((await context.cookies()).some((c) => c.name === cookie), false, `${cookie} removed`);
    assert.deepEqual(thirdParty, [], 'nothing requested before a decision');

    await acceptAll(page);
    await granted(page, 'analytics_storage');
    await granted(page, 'personalization_storage');
    assert.equal((await google(page)).consent.ad_storage, 'denied', 'no advertising category: the ad types stay denied');
    await page.waitForFunction(() => document.querySelector('iframe')?.src === 'https://www.youtube-nocookie.com/embed/VIDEO_ID');
    assert.deepEqual(problems(messages), []);
    await context.close();
  });
