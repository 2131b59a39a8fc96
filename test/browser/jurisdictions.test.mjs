/**
 * Jurisdictions in a real browser: the region the page states picks the consent model (opt-in,
 * opt-out with Global Privacy Control, notice) by the most specific `regions` key; what each model
 * runs, shows, records and tells Google Consent Mode; a decision made under one model meeting
 * another; Québec French.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite, newContext, ui, consoleOf, watchEvents, until, problems } from './harness.mjs';

let browser, site;
before(async () => ({ browser, site } = await startSuite()));
after(() => stopSuite({ browser, site }));

const PIXEL = 'https://ads.example/pixel.gif';
const WORLD = { EU: 'opt-in', UK: 'opt-in', 'CA-QC': 'opt-in', US: 'opt-out', 'US-TX': 'notice', '*': 'notice' };
const TAGGED = `
  <script type="text/plain" data-category="performance">window.__performance = true;</script>
  <script type="text/plain" data-category="advertising">window.__advertising = true;</script>
  <img data-category="advertising" data-src="${PIXEL}" width="1" height="1" alt="">
  <p><a href="#top" id="page-link">A link of the page</a> <a href="#" data-temoin="preferences">Your privacy choices</a></p>`;

let pages = 0;
/**
 * A page whose server stated `region` (a meta tag, or `data-region` on the script tag when
 * `onScript`), with `regions` and a proof endpoint; `gpc`: the browser sends Global Privacy Control.
 */
async function open({ region, onScript = false, regions = WORLD, gpc = false, lang = 'en', context: given, extra = {}, body = TAGGED } = {}) {
  const made = given ?? (await newContext(browser));
  const { context, thirdParty } = made;
  if (!given) {
    await watchEvents(context);
    if (gpc) await context.addInitScript(() => Object.defineProperty(window.Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  }
  const proofs = [];
  const path = `/jurisdictions/page-${++pages}.html`;
  site.handlers[`${path}.records`] = (req, res, body) => {
    proofs.push(JSON.parse(body));
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
  };
  const meta = region && !onScript ? `<meta name="temoin-region" content="${region}">` : '';
  const script = `<script src="/dist/temoin.min.js"${region && onScript ? ` data-region="${region}"` : ''}></script>`;
  site.page(path, { config: { revision: 1, regions, recordEndpoint: `${path}.records`, ...extra }, body, head: meta, script, lang });
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(site.origin + path, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__temoinEvents?.some((e) => e.name === 'ready'));
  return { context, page, thirdParty: made.thirdParty ?? thirdParty, proofs, messages, made };
}

const firstLayer = (page) => ui(page, 'section.banner');
const ran = (page) => page.evaluate(() => ({ performance: window.__performance === true, advertising: window.__advertising === true }));
const reopenLabel = (page) => page.locator('temoin-reopen >> button').textContent();

test('opt-in (a visitor in France, under "EU"): the banner asks, nothing runs before a yes', async () => {
  const { context, page, thirdParty, proofs, messages } = await open({ region: 'FR' });
  await firstLayer(page).waitFor();
  assert.deepEqual(await ui(page, 'section.banner .actions button').evaluateAll((bs) => bs.map((b) => b.dataset.action)), ['accept-all', 'reject-all', 'customize']);
  assert.deepEqual(await ran(page), { performance: false, advertising: false });
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), false);
  assert.ok(!thirdParty.includes(PIXEL));
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await until(() => proofs.length === 1, 'the proof');
  assert.deepEqual({ jurisdiction: proofs[0].jurisdiction, model: proofs[0].model }, { jurisdiction: 'EU', model: 'opt-in' });
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('opt-out (a visitor in California, under "US"): everything runs, a small notice that takes no focus, "Your privacy choices" from the start; no record until the visitor decides', async () => {
  const { context, page, thirdParty, proofs, messages } = await open({ region: 'US-CA' });
  await page.waitForFunction(() => window.__performance && window.__advertising);
  await until(() => thirdParty.includes(PIXEL), 'the pixel');
  await firstLayer(page).waitFor();
  assert.equal(await firstLayer(page).getAttribute('class'), 'surface banner opt-out');
  assert.match(await firstLayer(page).textContent(), /opt out/);
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'the notice takes no focus');
  assert.equal(await reopenLabel(page), 'Your privacy choices');
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null, 'what the model allows is not a decision');
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('advertising')), true);
  // The page is not blocked: its own controls work with the notice up.
  await page.locator('#page-link').click();
  assert.equal(await page.evaluate(() => location.hash), '#top');

  // Opting out of advertising, from the site's own "Your privacy choices" link.
  await page.locator('[data-temoin="preferences"]').click();
  assert.equal(await ui(page, 'dialog.dialog h2').textContent(), 'Your privacy choices', 'named as what opened it');
  const ads = ui(page, 'button[role="switch"][data-category="advertising"]');
  assert.equal(await ads.getAttribute('aria-checked'), 'true', 'on until switched off');
  assert.match(await ui(page, 'dialog.dialog').textContent(), /on unless you switch them off/);
  await ads.click();
  await ui(page, 'dialog.dialog button[data-action="save"]').click();
  await until(() => proofs.length === 1, 'the proof');
  assert.deepEqual(
    { granted: proofs[0].granted, refused: proofs[0].refused, jurisdiction: proofs[0].jurisdiction, model: proofs[0].model, method: proofs[0].method },
    { granted: ['necessary', 'performance', 'third-party'], refused: ['advertising'], jurisdiction: 'US', model: 'opt-out', method: 'custom' },
  );
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('opt-out with Global Privacy Control: advertising (gpcOptOut) refused with no click and never requested, its "!advertising" fallback run; the dialog says "Opt-out request honored"', async () => {
  const fallback = '<script type="text/plain" data-category="!advertising">window.__noAdvertising = true;</script>';
  const { context, page, thirdParty, proofs } = await open({ region: 'US-CA', gpc: true, body: TAGGED + fallback });
  await page.waitForFunction(() => window.__performance === true && window.__noAdvertising === true);
  assert.equal(await page.evaluate(() => window.__advertising), undefined);
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('advertising')), false);
  await page.locator('temoin-reopen >> button').click();
  await ui(page, 'dialog.dialog').waitFor();
  assert.equal(await ui(page, 'dialog.dialog p.honored').textContent(), 'Opt-out request honored');
  assert.equal(await ui(page, 'button[role="switch"][data-category="advertising"]').getAttribute('aria-checked'), 'false');
  assert.equal(await ui(page, 'button[role="switch"][data-category="performance"]').getAttribute('aria-checked'), 'true');
  await ui(page, 'dialog.dialog button[data-action="save"]').click();
  await until(() => proofs.length === 1, 'the proof');
  assert.equal(proofs[0].gpc, true);
  assert.deepEqual(proofs[0].refused, ['advertising']);
  assert.ok(!thirdParty.includes(PIXEL), 'nothing refused is requested');
  // In French.
  await page.evaluate(() => window.Temoin.setLanguage('fr'));
  await page.evaluate(() => window.Temoin.showPreferences());
  await ui(page, 'dialog.dialog p.honored:text-is("Demande de retrait respectée")').waitFor();
  await context.close();
});

test('notice (everywhere else): everything runs, "Got it" closes the notice for good; nothing is recorded or sent', async () => {
  // The page has its own link too: the floating button, whose label is checked, is asked for.
  const { context, page, proofs } = await open({ region: 'JP', extra: { reopenButton: true } });
  await page.waitForFunction(() => window.__performance && window.__advertising);
  await firstLayer(page).waitFor();
  assert.deepEqual(await ui(page, 'section.banner .actions button').allTextContents(), ['Got it']);
  assert.equal(await ui(page, 'section.banner h2').textContent(), 'Cookies on this site');
  await ui(page, 'section.banner button[data-action="dismiss"]').click();
  await firstLayer(page).waitFor({ state: 'detached' });
  assert.equal(await reopenLabel(page), 'Cookie settings');
  await page.reload();
  await page.waitForFunction(() => window.__performance && window.__advertising);
  assert.equal(await firstLayer(page).count(), 0, 'closed for good');
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null);
  assert.deepEqual(proofs, []);
  await context.close();
});

test('closing the dialog goes back where it was opened from: to the opt-out notice from its button, to nothing once a notice is closed', async () => {
  const optOut = await open({ region: 'US-CA' });
  await firstLayer(optOut.page).waitFor();
  await ui(optOut.page, 'section.banner button[data-action="choices"]').click();
  await ui(optOut.page, 'dialog.dialog').waitFor();
  await ui(optOut.page, 'dialog.dialog button.close').click();
  await ui(optOut.page, 'dialog.dialog').waitFor({ state: 'detached' });
  assert.equal(await firstLayer(optOut.page).count(), 1, 'the notice it was opened from is back');
  await optOut.context.close();

  const notice = await open({ region: 'JP', extra: { reopenButton: true } });
  await ui(notice.page, 'section.banner button[data-action="dismiss"]').click();
  await firstLayer(notice.page).waitFor({ state: 'detached' });
  await notice.page.locator('temoin-reopen >> button').click();
  await ui(notice.page, 'dialog.dialog').waitFor();
  assert.equal(await firstLayer(notice.page).count(), 0, 'no closed notice behind the dialog');
  await ui(notice.page, 'dialog.dialog button.close').click();
  await ui(notice.page, 'dialog.dialog').waitFor({ state: 'detached' });
  assert.equal(await firstLayer(notice.page).count(), 0, 'the closed notice stays closed');
  assert.equal(await notice.page.evaluate(() => window.Temoin.getRecord()), null);
  await notice.context.close();
});

test('opt-out with Global Privacy Control: allowing a held-back embed from its placeholder keeps what the model allows', async () => {
  const frame = 'https://ads.example/embed.html';
  const body = `${TAGGED}<iframe data-category="advertising" data-src="${frame}" title="A partner's embed" width="300" height="150"></iframe>`;
  const { context, page, proofs, messages } = await open({ region: 'US-CA', gpc: true, body });
  await page.waitForFunction(() => window.__performance === true);
  await page.locator('temoin-placeholder button').click();
  await until(() => proofs.length === 1, 'the proof');
  assert.deepEqual({ granted: proofs[0].granted, refused: proofs[0].refused, method: proofs[0].method }, {
    granted: ['necessary', 'performance', 'advertising', 'third-party'],
    refused: [],
    method: 'custom',
  });
  await page.waitForFunction((src) => document.querySelector('iframe')?.src === src, frame);
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), true, 'performance was not withdrawn');
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('the most specific key wins: subdivision, then country, then EU, then *; UK is GB; data-region works like the meta tag', async () => {
  const cases = [
    ['US-TX', 'notice'],
    ['US-NY', 'opt-out'],
    ['CA-QC', 'opt-in'],
    ['CA-ON', 'notice'],
    ['DE', 'opt-in'],
    ['NO', 'opt-in'],
    ['GB', 'opt-in'],
    ['CH', 'notice'],
    ['not a region', 'notice'],
  ];
  const made = await newContext(browser);
  await watchEvents(made.context);
  for (const [region, model] of cases)
    for (const onScript of [false, true]) {
      const { page } = await open({ region, onScript, context: made });
      assert.equal(await page.evaluate(() => window.Temoin.jurisdiction.model), model, `${region}${onScript ? ' (data-region)' : ''}`);
      await page.close();
    }
  await made.context.close();
  // Without a "*" entry, a region no key names is opt-in.
  const { context, page } = await open({ region: 'JP', regions: { US: 'opt-out' } });
  assert.deepEqual(await page.evaluate(() => window.Temoin.jurisdiction), { key: '*', model: 'opt-in' });
  await context.close();
});

test('a decision counts only under its model or a less strict one: from opt-out to opt-in the visitor is asked; a refusal given under opt-in holds under opt-out', async () => {
  const opened = await open({ region: 'US-CA' });
  await opened.page.evaluate(() => window.Temoin.accept(['performance', 'advertising']));
  await opened.page.waitForFunction(() => document.cookie.includes('temoin='));
  // The same browser, now in France.
  const inFrance = await open({ region: 'FR', context: opened.made });
  await firstLayer(inFrance.page).waitFor();
  assert.equal(await inFrance.page.evaluate(() => window.Temoin.getRecord()), null);
  assert.deepEqual(await ran(inFrance.page), { performance: false, advertising: false });
  await inFrance.page.evaluate(() => window.Temoin.rejectAll());
  // Back in California: the refusal stands, nothing is asked, nothing runs.
  const back = await open({ region: 'US-CA', context: opened.made });
  assert.equal(await back.page.evaluate(() => window.Temoin.getRecord()?.model), 'opt-in');
  assert.deepEqual(await ran(back.page), { performance: false, advertising: false });
  assert.equal(await firstLayer(back.page).count(), 0);
  await opened.context.close();
});

test('Consent Mode follows the model: denied under opt-in, granted under opt-out except what GPC refused, granted under notice', async () => {
  const defaults = {};
  for (const [name, options] of [['opt-in', { region: 'FR' }], ['opt-out', { region: 'US-CA', gpc: true }], ['notice', { region: 'JP' }]]) {
    const { context, page } = await open({ ...options, extra: { googleConsentMode: true } });
    defaults[name] = await page.evaluate(() => {
      const command = window.dataLayer.find((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[1] === 'default');
      return Object.fromEntries(Object.entries(command[2]).filter(([type]) => type !== 'wait_for_update'));
    });
    await context.close();
  }
  const granted = (types) => Object.fromEntries(Object.keys(defaults['opt-in']).map((type) => [type, types.includes(type) ? 'granted' : 'denied']));
  const all = Object.keys(defaults['opt-in']);
  assert.deepEqual(defaults['opt-in'], granted(['security_storage']));
  assert.deepEqual(defaults['opt-out'], granted(all.filter((type) => !type.startsWith('ad_'))));
  assert.deepEqual(defaults.notice, granted(all));
});

test('Québec: French first for a visitor in CA-QC, in Québec French ("témoins"), unless the page says another language; a fr-CA page too', async () => {
  const quebec = await open({ region: 'CA-QC', lang: '', extra: { reopenButton: true } });
  await firstLayer(quebec.page).waitFor();
  const text = await firstLayer(quebec.page).textContent();
  assert.match(text, /témoins/);
  assert.doesNotMatch(text, /cookies/);
  assert.equal(await ui(quebec.page, 'section.banner button.language[lang="fr"]').getAttribute('aria-pressed'), 'true');
  await ui(quebec.page, 'section.banner button[data-action="customize"]').click();
  assert.equal(await ui(quebec.page, 'dialog.dialog h2').textContent(), 'Paramètres des témoins');
  await ui(quebec.page, 'dialog.dialog button[data-action="reject-all"]').click();
  await until(() => quebec.proofs.length === 1, 'the proof');
  assert.equal(quebec.proofs[0].language, 'fr-CA');
  assert.equal(await reopenLabel(quebec.page), 'Paramètres des témoins');
  await quebec.context.close();

  const english = await open({ region: 'CA-QC', lang: 'en' });
  assert.match(await firstLayer(english.page).textContent(), /We use cookies/);
  await english.context.close();

  const page = await open({ region: 'FR', lang: 'fr-CA' });
  assert.match(await firstLayer(page.page).textContent(), /témoins/);
  await page.context.close();
});
