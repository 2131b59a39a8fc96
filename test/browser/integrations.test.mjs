/**
 * Témoin with the world around it, in a real browser: Google Consent Mode as gtag.js reads it,
 * Global Privacy Control, proof of consent sent to the site, clean-up on withdrawal across
 * subdomain cookies, and other tabs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite, newContext, ui, consoleOf, watchEvents, cookieValue, passThrough, until, problems, started, settled, FAKE_GTAG } from './harness.mjs';

const SITE_HOST = 'www.temoin.test';
let browser, site, port;
before(async () => {
  ({ browser, site } = await startSuite(['--host-resolver-rules=MAP *.temoin.test 127.0.0.1']));
  port = new URL(site.origin).port;
});
after(() => stopSuite({ browser, site }));


const GTAG_URL = 'https://www.googletagmanager.com/gtag/js?id=G-TEST';
const FAKES = { 'googletagmanager.com/gtag/js': FAKE_GTAG };

const GA_TAGGED = `
  <script type="text/plain" data-category="performance">
    window.__snapshot = window.dataLayer.map((e) => Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e) : e);
  </script>
  <script type="text/plain" data-category="performance" src="${GTAG_URL}"></script>
  <script type="text/plain" data-category="performance">gtag('config', 'G-TEST');</script>`;

const TYPES = ['ad_personalization', 'ad_storage', 'ad_user_data', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];
const DEFAULT = {
  ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
  functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted', wait_for_update: 500,
};
const ALL_GRANTED = Object.fromEntries(TYPES.map((t) => [t, 'granted']));
const ONLY_NECESSARY = { ...Object.fromEntries(TYPES.map((t) => [t, 'denied'])), security_storage: 'granted', functionality_storage: 'granted' };

/** The page's dataLayer: `arguments` entries as `{args: [...]}`, anything else as is. */
const dataLayerOf = (page) =>
  page.evaluate(() =>
    JSON.parse(JSON.stringify((window.dataLayer ?? []).map((e) =>
      Object.prototype.toString.call(e) === '[object Arguments]' ? { args: Array.from(e) } : { plain: e }))));
const commands = (layer, ...head) =>
  layer.filter((e) => e.args && head.every((h, i) => e.args[i] === h)).map((e) => e.args);

let pages = 0;
async function open({ config = { revision: 1 }, body = '', cookies = [], init, host = '127.0.0.1', path, query = '', context: given } = {}) {
  const made = given ?? (await newContext(browser, { fakeScripts: FAKES }));
  const { context } = made;
  if (!given) {
    await watchEvents(context);
    await passThrough(context, /^http:\/\/[^/]*temoin\.test[:/]/);
    if (init) await context.addInitScript(init);
  }
  const pathname = path ?? `/int/page-${++pages}.html`;
  site.page(pathname, { config, body });
  const url = `http://${host}:${port}${pathname}${query}`;
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ url, name: 'temoin', ...c })));
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(url);
  return { ...made, page, messages, url };
}

test('Consent Mode: default before anything, the update before the tagged GA tag runs, one update per decision', async () => {
  const { context, page, thirdParty, messages } = await open({ config: { revision: 1, reloadOnWithdraw: false }, body: GA_TAGGED });
  await ui(page, 'section.banner').waitFor();
  let layer = await dataLayerOf(page);
  assert.deepEqual(layer, [{ args: ['consent', 'default', DEFAULT] }], 'only the default, as an arguments object');
  assert.deepEqual(thirdParty, [], 'the tagged GA script waits');

  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__gtagSeen?.some((c) => c[0] === 'config'));
  const seen = await page.evaluate(() => window.__gtagSeen);
  assert.deepEqual(seen, [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
    ['loaded'],
    ['config', 'G-TEST'],
  ]);
  assert.deepEqual(Object.keys(seen[1][2]).sort(), TYPES, 'the update names all seven types');
  assert.deepEqual(await page.evaluate(() => JSON.parse(JSON.stringify(window.__snapshot))), [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
    { event: 'temoin_consent', temoin: { granted: ['necessary', 'performance', 'advertising', 'third-party'], refused: [], method: 'accept-all' } },
  ], 'the first tagged script already finds the update in the dataLayer');

  await page.evaluate(() => window.Temoin.rejectAll());
  await page.waitForFunction(() => window.__gtagSeen.length === 5);
  await settled(page);
  layer = await dataLayerOf(page);
  assert.deepEqual(commands(layer, 'consent', 'update'), [['consent', 'update', ALL_GRANTED], ['consent', 'update', ONLY_NECESSARY]]);
  assert.deepEqual((await page.evaluate(() => window.__gtagSeen)).at(-1), ['consent', 'update', ONLY_NECESSARY]);
  // A temoin_consent event follows each update.
  const events = layer.map((e) => (e.args ? e.args.slice(0, 2).join(' ') : e.plain.event));
  assert.deepEqual(events, ['consent default', 'consent update', 'temoin_consent', 'config G-TEST', 'consent update', 'temoin_consent']);
  const temoinEvents = layer.filter((e) => e.plain?.event === 'temoin_consent').map((e) => e.plain.temoin);
  assert.deepEqual(temoinEvents, [
    { granted: ['necessary', 'performance', 'advertising', 'third-party'], refused: [], method: 'accept-all' },
    { granted: ['necessary'], refused: ['performance', 'advertising', 'third-party'], method: 'reject-all' },
  ]);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('Consent Mode with an untagged gtag.js (advanced mode): default, gtag.js loads, then the update', async () => {
  const body = `<script async src="${GTAG_URL}"></script>`;
  const { context, page } = await open({ body });
  await page.waitForFunction(() => window.__gtagSeen?.includes && window.__gtagSeen.some((c) => c[0] === 'loaded'));
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__gtagSeen.length === 3);
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.__gtagSeen), [
    ['consent', 'default', DEFAULT],
    ['loaded'],
    ['consent', 'update', ALL_GRANTED],
  ]);
  await context.close();
});

test("Consent Mode's default comes before the page's own gtag commands, with the inline configuration after Témoin's script", async () => {
  // Google's snippet, untagged, in the page right after Témoin and its configuration.
  const body = "<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); } gtag('js', 1); gtag('config', 'G-TEST');</script>";
  const { context, page } = await open({ body });
  await started(page);
  const layer = await dataLayerOf(page);
  assert.deepEqual(layer.slice(0, 3).map((e) => e.args?.slice(0, 2)), [['consent', 'default'], ['js', 1], ['config', 'G-TEST']]);
  await context.close();
});

test('Consent Mode on a return visit: default then update at once, before any tagged script', async () => {
  const { context, page } = await open({ body: GA_TAGGED, cookies: [{ value: cookieValue() }] });
  await page.waitForFunction(() => window.__gtagSeen?.some((c) => c[0] === 'config'));
  const snapshot = await page.evaluate(() => JSON.parse(JSON.stringify(window.__snapshot)));
  assert.deepEqual(snapshot, [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
    { event: 'temoin_consent', temoin: { granted: ['necessary', 'performance', 'advertising', 'third-party'], refused: [], method: 'accept-all' } },
  ], 'what the first tagged script finds in the dataLayer');
  assert.deepEqual(await page.evaluate(() => window.__gtagSeen), [
    ['consent', 'default', DEFAULT],
    ['consent', 'update', ALL_GRANTED],
    ['loaded'],
    ['config', 'G-TEST'],
  ]);
  await context.close();
});

test('Consent Mode options: mapping override, wait_for_update, region, ads_data_redaction, url_passthrough', async () => {
  const config = {
    revision: 1,
    googleConsentMode: {
      analytics_storage: 'advertising', wait_for_update: 800, region: ['FR', 'CA-QC'], ads_data_redaction: true, url_passthrough: true,
    },
  };
  const { context, page, messages } = await open({ config });
  await started(page);
  let layer = await dataLayerOf(page);
  assert.deepEqual(layer.map((e) => e.args), [
    ['consent', 'default', { ...DEFAULT, wait_for_update: 800, region: ['FR', 'CA-QC'] }],
    ['set', 'ads_data_redaction', true],
    ['set', 'url_passthrough', true],
  ]);
  await page.evaluate(() => window.Temoin.accept(['performance']));
  await page.evaluate(() => window.Temoin.accept(['advertising']));
  // Each decision's update follows once the banner is gone from the screen.
  await page.waitForFunction(() => window.__temoinEvents.filter((e) => e.name === 'consent').length === 2);
  layer = await dataLayerOf(page);
  const [first, second] = commands(layer, 'consent', 'update').map((c) => c[2]);
  assert.equal(first.analytics_storage, 'denied', 'performance alone no longer grants analytics_storage');
  assert.equal(second.analytics_storage, 'granted', 'advertising does');
  assert.equal(second.ad_storage, 'granted');
  assert.equal(second.personalization_storage, 'denied');
  assert.deepEqual(problems(messages), []);
  await context.close();

  // googleConsentMode: false leaves Google alone.
  const off = await open({ config: { revision: 1, googleConsentMode: false } });
  await started(off.page);
  await off.page.evaluate(() => window.Temoin.acceptAll());
  await off.page.waitForFunction(() => window.__temoinEvents.some((e) => e.name === 'consent'));
  assert.equal(await off.page.evaluate(() => typeof window.dataLayer + typeof window.gtag), 'undefinedundefined');
  await off.context.close();
});

test('Global Privacy Control: Accept all leaves advertising off, the dialog says why and still allows it', async () => {
  const body = '<img data-category="advertising" data-src="https://ads.example/pixel.gif" width="1" height="1" alt="">';
  const { context, page, thirdParty, messages } = await open({
    body,
    init: () => Object.defineProperty(window.Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
  });
  assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.Temoin.getRecord());
  let record = await page.evaluate(() => window.Temoin.getRecord());
  assert.deepEqual(record.granted, ['necessary', 'performance', 'third-party']);
  assert.deepEqual(record.refused, ['advertising']);
  assert.equal(record.gpc, true);
  assert.equal(record.method, 'accept-all');
  await page.waitForFunction(() => document.cookie.includes('temoin='));
  assert.match(await page.evaluate(() => document.cookie), /temoin=2~(?:[^~;]*~){6}1~/, 'the gpc flag is stored');
  await settled(page);
  assert.deepEqual(thirdParty, [], 'the advertising pixel stays blocked');

  await page.locator('temoin-reopen >> button').click();
  const adSwitch = ui(page, 'dialog.dialog button[role="switch"][data-category="advertising"]');
  assert.equal(await adSwitch.getAttribute('aria-checked'), 'false');
  const note = ui(page, 'dialog.dialog li.category:has(button[data-category="advertising"]) .note');
  assert.match(await note.innerText(), /Global Privacy Control/);
  assert.equal(await ui(page, 'dialog.dialog li.category:has(button[data-category="performance"]) .note').count(), 0, 'only on categories with gpcOptOut');
  await adSwitch.click();
  assert.equal(await adSwitch.getAttribute('aria-checked'), 'true');
  await ui(page, 'dialog.dialog button[data-action="save"]').click();
  await page.waitForFunction(() => window.Temoin.isAllowed('advertising'));
  record = await page.evaluate(() => window.Temoin.getRecord());
  assert.deepEqual(record.granted, ['necessary', 'performance', 'advertising', 'third-party']);
  assert.equal(record.gpc, true);
  await until(() => thirdParty.includes('https://ads.example/pixel.gif'), 'the pixel');
  assert.deepEqual(problems(messages), []);
  await context.close();
});

/** A record endpoint that stores what it receives; `failFirst` answers 500 to that many requests first. */
function endpoint(path, { failFirst = 0 } = {}) {
  const received = [];
  let failures = failFirst;
  site.handlers[path] = (req, res, body) => {
    received.push({ method: req.method, contentType: req.headers['content-type'], search: new URL(req.url, 'http://x').search, body, failed: failures > 0 });
    if (failures > 0) {
      failures--;
      res.writeHead(500).end('try later');
    } else res.writeHead(204).end();
  };
  return received;
}
const RECORD_KEYS = ['createdAt', 'granted', 'id', 'jurisdiction', 'language', 'method', 'model', 'refused', 'revision', 'updatedAt', 'url', 'userAgent', 'v'];

test('proof of consent: every decision is POSTed as JSON with url (no query) and userAgent', async () => {
  const received = endpoint('/int/records-1');
  const { context, page, messages, url } = await open({
    config: { revision: 3, recordEndpoint: '/int/records-1' },
    query: '?email=someone%40example.com&utm=x',
  });
  // Delivery is at least once: a page cut short (Reject all reloads it to withdraw what ran) sends
  // again, from the next page, what it had not seen acknowledged. Each proof counts once.
  const proofs = () => received.filter((request, i) => received.findIndex((other) => other.body === request.body) === i);
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await until(() => proofs().length === 1, 'the first record');
  await page.locator('temoin-reopen >> button').click();
  await ui(page, 'dialog.dialog button[data-action="reject-all"]').click();
  await until(() => proofs().length === 2, 'the second record');
  await page.evaluate(() => window.Temoin.accept(['third-party']));
  await until(() => proofs().length === 3, 'the third record');
  const userAgent = await page.evaluate(() => navigator.userAgent);
  const ids = new Set();
  const expected = [
    ['accept-all', ['necessary', 'performance', 'advertising', 'third-party']],
    ['reject-all', ['necessary']],
    ['custom', ['necessary', 'third-party']],
  ];
  proofs().forEach((request, i) => {
    assert.equal(request.method, 'POST');
    assert.match(request.contentType, /^application\/json/);
    assert.equal(request.search, '');
    const proof = JSON.parse(request.body);
    assert.deepEqual(Object.keys(proof).sort(), RECORD_KEYS, 'the record, url and userAgent, nothing else');
    assert.equal(proof.url, url.split('?')[0], 'the page without its query');
    assert.equal(proof.userAgent, userAgent);
    assert.equal(proof.v, 1);
    assert.equal(proof.revision, 3);
    assert.equal(proof.language, 'en');
    assert.deepEqual([proof.method, proof.granted], expected[i]);
    ids.add(proof.id);
  });
  assert.equal(ids.size, 1, 'one id across the decisions');
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('proof of consent: a decision made just before leaving the page still arrives', async () => {
  const received = endpoint('/int/records-2');
  const config = { revision: 1, recordEndpoint: '/int/records-2' };
  const { context, page } = await open({ config });
  const elsewhere = site.page('/int/elsewhere.html', { config: { revision: 1 } });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.goto(elsewhere);
  await until(() => received.length >= 1, 'the record');
  assert.equal(JSON.parse(received[0].body).method, 'accept-all');
  await context.close();
});

test('proof of consent: a failed send is retried and arrives later', async () => {
  const received = endpoint('/int/records-3', { failFirst: 1 });
  const { context, page, messages } = await open({ config: { revision: 1, recordEndpoint: '/int/records-3' } });
  await ui(page, 'section.banner button[data-action="reject-all"]').click();
  await until(() => received.length === 1, 'the first attempt');
  await until(() => received.length === 2, 'the retry');
  assert.deepEqual([received[0].failed, received[1].failed], [true, false]);
  assert.equal(received[1].body, received[0].body, 'the same record');
  assert.equal(JSON.parse(received[1].body).method, 'reject-all');
  assert.equal(messages.filter((m) => m.type === 'warning' && m.text.includes('recordEndpoint')).length, 1);
  await settled(page);
  assert.equal(received.length, 2, 'not sent again once it arrived');
  await context.close();
});

test('proof of consent: a record still waiting for its retry is sent as JSON when the page is left', async () => {
  const received = endpoint('/int/records-4', { failFirst: 1 });
  const { context, page } = await open({ config: { revision: 1, recordEndpoint: '/int/records-4' } });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await until(() => received.length === 1, 'the first attempt');
  await settled(page);
  await page.goto(site.page('/int/elsewhere-2.html', { config: { revision: 1 } }));
  await until(() => received.length === 2, 'the record sent on pagehide');
  assert.equal(JSON.parse(received[1].body).method, 'accept-all');
  assert.match(received[1].contentType ?? '', /^application\/json/, `sent as ${received[1].contentType}`);
  await context.close();
});

/** A performance script that leaves cookies (one on the parent domain) and storage behind. */
const LEAVES_TRACES = `
  <script type="text/plain" data-category="performance">
    document.cookie = '_ga=GA1.2.3; domain=.temoin.test; path=/';
    document.cookie = '_ga_X=GS1.1; path=/';
    document.cookie = 'keep=1; path=/';
    localStorage.setItem('perf_id', '1');
    sessionStorage.setItem('perf_session', '1');
    window.__perfRan = (window.__perfRan || 0) + 1;
  </script>`;
const withdrawConfig = (extra = {}) => ({
  revision: 1,
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_ga', '_ga_*'], storage: ['perf_*'] },
    advertising: {},
  },
  ...extra,
});
// Témoin's own cookies (the decision, the configurations this browser checked) and keys are not the site's traces.
const traces = async (context, page) => ({
  cookies: (await context.cookies()).filter((c) => c.name !== 'temoin' && !c.name.startsWith('temoin-')).map((c) => `${c.name}@${c.domain}`).sort(),
  storage: await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((key) => !key.startsWith('temoin-')).sort()),
});
const TRACES = { cookies: ['_ga@.temoin.test', '_ga_X@www.temoin.test', 'keep@www.temoin.test'], storage: ['perf_id', 'perf_session'] };
const CLEANED = { cookies: ['keep@www.temoin.test'], storage: [] };

async function withdrawPerformance(page) {
  await page.locator('temoin-reopen >> button').click();
  const performance = ui(page, 'dialog.dialog button[role="switch"][data-category="performance"]');
  assert.equal(await performance.getAttribute('aria-checked'), 'true');
  await performance.click();
  await ui(page, 'dialog.dialog button[data-action="save"]').click();
}

test('withdrawal deletes the category cookies (parent domain too) and storage, saves, then reloads', async () => {
  const { context, page, messages } = await open({ host: SITE_HOST, config: withdrawConfig(), body: LEAVES_TRACES });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__perfRan === 1);
  assert.deepEqual(await traces(context, page), TRACES);
  await page.evaluate(() => (window.__samePage = true));
  const reloaded = page.waitForEvent('load');
  await withdrawPerformance(page);
  await reloaded;
  await started(page);
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'the page was reloaded');
  assert.deepEqual(await traces(context, page), CLEANED);
  const record = await page.evaluate(() => window.Temoin.getRecord());
  assert.deepEqual(record?.refused, ['performance'], 'the record was saved before the reload');
  assert.equal(await page.evaluate(() => window.__perfRan), undefined);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('withdrawing a category whose video had loaded reloads the page, and the video stays held back', async () => {
  const body = '<iframe data-category="third-party" data-src="https://video.example/embed/9" title="Video" width="320" height="180"></iframe>';
  const { context, page } = await open({ body });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src'));
  await page.evaluate(() => (window.__samePage = true));
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => window.Temoin.accept(['performance', 'advertising']));
  await reloaded;
  await started(page);
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'the page was reloaded');
  assert.equal(await page.evaluate(() => document.querySelector('iframe').getAttribute('src')), null);
  await context.close();
});

test('withdrawal with reloadOnWithdraw: false cleans up without reloading', async () => {
  const { context, page } = await open({ host: SITE_HOST, config: withdrawConfig({ reloadOnWithdraw: false }), body: LEAVES_TRACES });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__perfRan === 1);
  assert.deepEqual(await traces(context, page), TRACES);
  await page.evaluate(() => (window.__samePage = true));
  await withdrawPerformance(page);
  await until(async () => (await traces(context, page)).cookies.length === 1, 'the clean-up');
  assert.deepEqual(await traces(context, page), CLEANED);
  await settled(page);
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload');
  assert.deepEqual((await page.evaluate(() => window.Temoin.getRecord())).refused, ['performance']);
  await context.close();
});

/**
 * The visitor leaves tab `from` (once Témoin has started there and the browser has been idle) for
 * tab `to`. Headless Chromium shows every tab as focused; with that emulation off, bringing `to`
 * to the front takes the focus from `from`, as a real switch does.
 */
async function switchTab(from, to) {
  await settled(from);
  await from.evaluate(() => new Promise((done) => window.requestIdleCallback(() => done(), { timeout: 2000 })));
  for (const page of [from, to]) await (await page.context().newCDPSession(page)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await to.bringToFront();
  await from.waitForFunction(() => !document.hasFocus());
}

test('a decision in one tab releases tagged elements in another tab without reload', async () => {
  const body = `${LEAVES_TRACES}<img data-category="advertising" data-src="https://ads.example/pixel.gif" alt="">`;
  const a = await open({ path: '/int/tabs-1.html', config: withdrawConfig(), body });
  const b = await open({ path: '/int/tabs-1.html', config: withdrawConfig(), body, context: a });
  await ui(b.page, 'section.banner').waitFor();
  await b.page.evaluate(() => (window.__samePage = true));
  await switchTab(b.page, a.page);
  await ui(a.page, 'section.banner button[data-action="accept-all"]').click();
  await b.page.waitForFunction(() => window.__perfRan === 1, null, { timeout: 5000 });
  await b.page.waitForFunction(() => document.querySelector('img[data-category]').getAttribute('src'), null, { timeout: 5000 });
  assert.equal(await b.page.evaluate(() => window.__samePage), true);
  assert.equal(await b.page.evaluate(() => window.Temoin.getRecord()?.method), 'accept-all');
  await a.context.close();
});

test('after a decision in another tab this tab no longer asks; after a reset there it asks again', async () => {
  const a = await open({ path: '/int/tabs-2.html', config: withdrawConfig() });
  const b = await open({ path: '/int/tabs-2.html', config: withdrawConfig(), context: a });
  await ui(b.page, 'section.banner').waitFor();
  await switchTab(b.page, a.page);
  await ui(a.page, 'section.banner button[data-action="accept-all"]').click();
  await b.page.waitForFunction(() => window.Temoin.getRecord());
  await ui(b.page, 'section.banner').waitFor({ state: 'detached', timeout: 5000 });
  await b.page.locator('temoin-reopen >> button').waitFor();
  await a.page.evaluate(() => window.Temoin.reset());
  await ui(b.page, 'section.banner').waitFor({ timeout: 5000 });
  assert.equal(await b.page.evaluate(() => window.Temoin.getRecord()), null);
  await a.context.close();
});

test('a withdrawal in one tab cleans up and reloads the other tab', async () => {
  const a = await open({ host: SITE_HOST, path: '/int/tabs-3.html', config: withdrawConfig(), body: LEAVES_TRACES });
  await ui(a.page, 'section.banner button[data-action="accept-all"]').click();
  await a.page.waitForFunction(() => window.__perfRan === 1);
  const b = await open({ host: SITE_HOST, path: '/int/tabs-3.html', config: withdrawConfig(), body: LEAVES_TRACES, context: a });
  await b.page.waitForFunction(() => window.__perfRan === 1);
  assert.deepEqual(await b.page.evaluate(() => Object.keys(sessionStorage)), ['perf_session'], "tab B's own session storage");
  await b.page.evaluate(() => (window.__samePage = true));
  await switchTab(b.page, a.page);
  const bReloaded = b.page.waitForEvent('load');
  await withdrawPerformance(a.page);
  await bReloaded;
  await started(b.page);
  assert.equal(await b.page.evaluate(() => window.__samePage), undefined, 'tab B reloaded');
  assert.deepEqual(await traces(a.context, b.page), CLEANED, "tab B's session storage was cleared too");
  assert.equal(await b.page.evaluate(() => window.__perfRan), undefined);
  await a.context.close();
});
