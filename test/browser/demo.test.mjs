/**
 * The demo site that `npm run demo` serves, as a visitor meets it: the real demo server
 * (`node demo/serve.mjs --port 0`, after the build) and Chromium. Nothing tagged is requested
 * before a decision, the live panel tells the truth, both languages work, the privacy policy
 * reopens the preferences, the server gets the proof of consent, and the strict CSP holds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { launch, ui, consoleOf, ROOT, until, closeWithin } from './harness.mjs';

const CSP = "default-src 'self'; img-src 'self' data:; frame-src 'self'";
let browser, server, origin;
let serverOutput = '';

/** Starts the demo server on a free port and resolves with the URL it prints. */
function startServer() {
  server = spawn(process.execPath, ['demo/serve.mjs', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((started, failed) => {
    const read = (chunk) => {
      serverOutput += chunk;
      const url = /Témoin demo: (http:\/\/\S+)/.exec(serverOutput)?.[1];
      if (url) started(url.replace(/\/$/, ''));
    };
    server.stdout.setEncoding('utf8').on('data', read);
    server.stderr.setEncoding('utf8').on('data', read);
    server.on('exit', (code) => {
      failed(new Error(`demo server exited (${code}): ${serverOutput}`));
    });
  });
}

before(async () => {
  origin = await startServer();
  browser = await launch();
});
after(async () => {
  await closeWithin(browser, 'Chromium');
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
});


/**
 * A fresh visitor on `path`: every request logged, any request off the demo server refused and
 * noted (the demo must need no network), CSP violations collected from the page.
 */
async function visit(path, options = {}) {
  const context = await browser.newContext(options);
  const requests = [];
  const offsite = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route((url) => url.origin !== origin, (route) => {
    offsite.push(route.request().url());
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(origin + path);
  return { context, page, requests, offsite, messages };
}

/** Nothing went wrong on the page: no CSP violation, no error, nothing fetched off the demo server. */
async function assertClean({ page, messages, offsite }) {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(messages.filter((m) => m.type === 'error' || m.type === 'pageerror' || /Content Security Policy/.test(m.text)), []);
  assert.deepEqual(offsite, []);
}

/** The addresses of the page's tagged elements, as the browser would resolve them. */
const taggedAddresses = (page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-category]'), (e) => ({
      category: e.getAttribute('data-category'),
      url: new URL(e.getAttribute('data-src') ?? e.getAttribute('src'), location.href).href,
    })),
  );

/** The panel's view of the tagged elements: `{ name, state, effect }` per row. */
const panelRows = (page) =>
  page.locator('#temoin-demo-panel .dp-resource').evaluateAll((rows) =>
    rows.map((row) => ({
      name: row.querySelector('.dp-name').textContent,
      state: row.dataset.state,
      effect: row.querySelector('.dp-effect')?.textContent ?? '',
    })),
  );
const consentModeValue = (page, type, column) =>
  page.locator(`#temoin-demo-panel tr[data-type="${type}"] td`).nth(column === 'default' ? 0 : 1).textContent();

test('the server prints its URL for --port 0, answers pages with the strict CSP and sends / to a language', async () => {
  assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(origin).port, '0');
  const page = await fetch(`${origin}/en/`);
  assert.equal(page.headers.get('content-security-policy'), CSP);
  const french = await fetch(`${origin}/`, { redirect: 'manual', headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
  assert.equal(french.headers.get('location'), '/fr/');
  const english = await fetch(`${origin}/`, { redirect: 'manual', headers: { 'accept-language': 'de-DE,en;q=0.5' } });
  assert.equal(english.headers.get('location'), '/en/');
  // Encoded slashes survive URL parsing: a path climbing out of the site or the build is refused.
  for (const path of ['/..%2f..%2fpackage.json', '/dist/..%2fpackage.json'])
    assert.equal((await fetch(origin + path)).status, 404, path);
});

test('English home: nothing tagged is requested before a decision; Accept all releases it all, and the panel shows it live', async () => {
  const visitor = await visit('/en/');
  const { page, requests, context } = visitor;
  await ui(page, 'section.banner').waitFor();
  assert.equal(await ui(page, 'button[data-action="accept-all"]').textContent(), 'Accept all');

  const tagged = await taggedAddresses(page);
  assert.equal(tagged.length, 7);
  await page.waitForLoadState('networkidle');
  const before = [...requests];
  for (const { url } of tagged) assert.ok(!before.includes(url), `${url} requested before any decision`);
  assert.ok(!before.some((url) => /\/fake\/|\/stats\//.test(url)), `a tracker was contacted: ${before.join(', ')}`);
  assert.equal(await page.evaluate(() => document.cookie), '');

  // The panel: every tagged element held back, no record, Consent Mode denied by default.
  await page.waitForFunction(() => document.querySelectorAll('#temoin-demo-panel .dp-resource[data-state="held"]').length === 7);
  assert.match(await page.locator('#temoin-demo-panel .dp-record').textContent(), /No decision yet/);
  assert.equal(await consentModeValue(page, 'analytics_storage', 'default'), 'denied');
  assert.equal(await consentModeValue(page, 'analytics_storage', 'now'), 'denied');
  assert.match(await page.locator('#temoin-demo-panel .dp-resource', { hasText: 'YouTube' }).textContent(), /placeholder shown/);
  assert.equal(await page.locator('temoin-placeholder').count(), 1);

  await ui(page, 'button[data-action="accept-all"]').click();

  // Released, and the fake trackers report what they did.
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('#temoin-demo-panel .dp-resource'));
    return rows.filter((r) => r.dataset.state === 'released' && r.querySelector('.dp-effect')).length === 6;
  });
  const rows = await panelRows(page);
  assert.deepEqual(
    rows.filter((r) => r.state === 'held').map((r) => r.name),
    ['Cookieless page counter (if Performance is refused)'],
  );
  const effectOf = (name) => rows.find((r) => r.name.startsWith(name)).effect;
  assert.match(effectOf('Google Analytics'), /page view no\. 1 counted; cookies _ga, _ga_DEMO7Q2, _gid/);
  assert.match(effectOf('Meta Pixel (fbevents.js)'), /_fbp/);
  assert.match(effectOf('Meta Pixel page view'), /pixel requested/);
  assert.match(effectOf('YouTube'), /player loaded/);
  assert.match(effectOf('LinkedIn'), /button drawn/);
  assert.equal(await page.locator('temoin-placeholder').count(), 0);
  assert.equal(await page.frameLocator('iframe.video').locator('.play').count(), 1);

  // What was requested is exactly the tagged elements for granted categories.
  for (const { category, url } of tagged)
    assert.equal(requests.includes(url), category !== '!performance', `${category} ${url}`);
  assert.ok(requests.some((url) => url.endsWith('/fake/google-analytics/collect')));
  assert.ok(!requests.some((url) => url.endsWith('/stats/hit')));

  // Record, Consent Mode and cookies in the panel.
  const record = await page.evaluate(() => window.Temoin.getRecord());
  assert.equal(record.method, 'accept-all');
  const shown = await page.locator('#temoin-demo-panel .dp-record').textContent();
  assert.match(shown, /accept-all/);
  assert.ok(shown.includes(record.id));
  for (const type of ['analytics_storage', 'ad_storage', 'ad_user_data', 'personalization_storage']) {
    assert.equal(await consentModeValue(page, type, 'default'), 'denied', type);
    assert.equal(await consentModeValue(page, type, 'now'), 'granted', type);
  }
  const cookieNames = () => page.locator('#temoin-demo-panel .dp-cookie-name').allTextContents();
  await until(async () => (await cookieNames()).includes('temoin'), 'the consent cookie in the panel');
  for (const name of ['_ga', '_ga_DEMO7Q2', '_gid', '_fbp']) assert.ok((await cookieNames()).includes(name), name);
  assert.match(await page.locator('#temoin-demo-panel .dp-events').textContent(), /consent: accept-all/);

  // The ledger kept the proof of consent (the demo lists its entries), logged it, and the panel shows it verified.
  const entries = await until(async () => {
    const list = await (await fetch(`${origin}/consent-records`)).json();
    return list.some((entry) => entry.record.id === record.id) && list;
  }, 'the proof of consent in the ledger');
  const proof = entries.find((entry) => entry.record.id === record.id).record;
  assert.equal(proof.method, 'accept-all');
  assert.deepEqual(proof.granted, ['necessary', 'performance', 'advertising', 'third-party']);
  assert.equal(new URL(proof.url).pathname, '/en/');
  const verified = () => page.locator('#temoin-demo-panel .dp-verify').textContent();
  await until(async () => (await verified()).includes('the chain holds'), 'the ledger verified in the panel', 15000);
  await until(() => serverOutput.includes(record.id), 'the proof in the server log');

  await assertClean(visitor);
  await context.close();
});

test('French pages speak French, and the language link leads there from the English page', async () => {
  const visitor = await visit('/en/');
  const { page, context } = visitor;
  await page.locator('header a[hreflang="fr"]').click();
  await page.waitForURL(`${origin}/fr/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await ui(page, 'section.banner').waitFor();
  assert.equal(await ui(page, 'button[data-action="accept-all"]').textContent(), 'Tout accepter');
  assert.equal(await ui(page, 'button[data-action="reject-all"]').textContent(), 'Tout refuser');
  assert.equal(await page.locator('#temoin-demo-panel h2').textContent(), 'Témoin, en direct');
  assert.match(await page.locator('temoin-placeholder button').textContent(), /Autoriser/);
  // The banner's policy link is the French policy (privacyPolicyUrl is relative to the page).
  assert.equal(await ui(page, 'section.banner a[href]').evaluate((a) => a.href), `${origin}/fr/privacy.html`);
  await page.locator('header a[hreflang="en"]').click();
  await page.waitForURL(`${origin}/en/`);
  assert.equal(await ui(page, 'button[data-action="accept-all"]').textContent(), 'Accept all');
  await assertClean(visitor);
  await context.close();
});

test('the privacy policy lists the cookies by category and its Cookie settings button opens the preferences', async () => {
  for (const [path, label] of [['/en/privacy.html', 'Cookie settings'], ['/fr/privacy.html', 'Paramètres des cookies']]) {
    const visitor = await visit(path);
    const { page, context } = visitor;
    await ui(page, 'section.banner').waitFor();
    assert.equal(await page.locator('table.cookies').count(), 4);
    const settings = page.locator('main [data-temoin="preferences"]');
    assert.equal((await settings.textContent()).trim(), label);
    await settings.click();
    await ui(page, 'dialog.dialog').waitFor();
    assert.equal(await ui(page, 'button[role="switch"]').count(), 4);
    assert.equal(await ui(page, 'button[role="switch"][data-category="performance"]').getAttribute('aria-checked'), 'false');
    await assertClean(visitor);
    await context.close();
  }
});

test('Reject all releases only the cookieless counter; the panel reopens the preferences and resets consent', async () => {
  const visitor = await visit('/en/');
  const { page, requests, context } = visitor;
  await ui(page, 'button[data-action="reject-all"]').click();
  await page.waitForFunction(() =>
    /hit no\. \d+ counted, no cookie/.test(document.querySelector('#temoin-demo-panel .dp-resource[data-state="released"]')?.textContent ?? ''),
  );
  const rows = await panelRows(page);
  assert.deepEqual(
    rows.filter((r) => r.state === 'released').map((r) => r.name),
    ['Cookieless page counter (if Performance is refused)'],
  );
  assert.ok(!requests.some((url) => url.includes('/fake/')), 'no fake tracker contacted after Reject all');
  assert.equal(await consentModeValue(page, 'analytics_storage', 'now'), 'denied');
  // Témoin's decision, and (once the decision is painted) the record of the configuration found valid: nothing else.
  assert.deepEqual(await page.evaluate(() => document.cookie.split('; ').map((c) => c.split('=')[0]).filter((name) => name !== 'temoin-checked')), ['temoin']);

  await page.locator('#temoin-demo-panel button', { hasText: 'Open preferences' }).click();
  await ui(page, 'dialog.dialog').waitFor();
  await page.keyboard.press('Escape');
  await ui(page, 'dialog.dialog').waitFor({ state: 'hidden' });

  await page.locator('#temoin-demo-panel button', { hasText: 'Reset consent' }).click();
  await ui(page, 'section.banner').waitFor();
  await page.waitForFunction(() => /No decision yet/.test(document.querySelector('#temoin-demo-panel .dp-record').textContent));
  assert.equal(await page.evaluate(() => document.cookie), '');
  await assertClean(visitor);
  await context.close();
});

test('withdrawing Performance in the preferences deletes its cookies, and the reloaded page holds analytics back again', async () => {
  const visitor = await visit('/en/');
  const { page, context } = visitor;
  await ui(page, 'button[data-action="accept-all"]').click();
  await page.waitForFunction(() => document.cookie.includes('_ga='));
  await page.locator('#temoin-demo-panel button', { hasText: 'Open preferences' }).click();
  await ui(page, 'button[role="switch"][data-category="performance"]').click();
  const reloaded = page.waitForEvent('load');
  await ui(page, 'button[data-action="save"]').click();
  await reloaded;
  await page.waitForFunction(() => /hit no\. \d+ counted/.test(document.querySelector('#temoin-demo-panel .dp-resources')?.textContent ?? ''));
  const names = await page.evaluate(() => document.cookie.split('; ').map((c) => c.split('=')[0]).sort());
  assert.deepEqual(names, ['_fbp', 'temoin', 'temoin-checked']);
  const rows = await panelRows(page);
  assert.deepEqual(
    rows.filter((r) => r.state === 'held').map((r) => r.name),
    ['Google Analytics (gtag.js)', 'Analytics set-up (gtag config)'],
  );
  assert.equal(await consentModeValue(page, 'analytics_storage', 'now'), 'denied');
  assert.equal(await consentModeValue(page, 'ad_storage', 'now'), 'granted');
  await assertClean(visitor);
  await context.close();
});

test('the demo pages and the panel have no axe WCAG 2.2 AA violation, in both languages', async () => {
  const axe = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
  for (const path of ['/en/', '/fr/privacy.html']) {
    const { page, context } = await visit(path);
    await page.locator('#temoin-demo-panel .dp-resource').first().waitFor();
    await page.evaluate(axe); // through the DevTools protocol, which the page's CSP does not govern
    const { violations } = await page.evaluate(() =>
      window.axe.run(
        // Témoin's own UI is checked by its own suites; this is about the site and the panel.
        { exclude: [['temoin-consent'], ['temoin-reopen'], ['temoin-placeholder']] },
        { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      ),
    );
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], path);
    await context.close();
  }
});

test('the panel folds away and back, and says so to assistive technology', async () => {
  const visitor = await visit('/en/');
  const { page, context } = visitor;
  const toggle = page.locator('#temoin-demo-panel .dp-toggle');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#temoin-demo-panel-body').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('#temoin-demo-panel-body').isVisible(), true);
  await context.close();
});

test('the region switcher: ?region= states the region in the page, and each consent model shows in a click', async () => {
  const visitor = await visit('/en/?region=US-CA');
  const { page } = visitor;
  await page.locator('temoin-consent >> section.banner.opt-out').waitFor();
  assert.equal(await page.locator('meta[name="temoin-region"]').getAttribute('content'), 'US-CA');
  assert.equal(await page.locator('#temoin-demo-panel .dp-model').textContent(), 'Entry “US”: opt-out');
  assert.equal(await page.locator('temoin-reopen >> button').textContent(), 'Your privacy choices');
  // The site's own links keep the region.
  assert.match(await page.locator('a[href*="privacy.html"]').first().getAttribute('href'), /region=US-CA/);
  // Japan: the notice model.
  await Promise.all([page.waitForURL(/region=JP/), page.locator('#dp-region').selectOption('JP')]);
  await page.locator('temoin-consent >> section.banner.notice').waitFor();
  assert.equal(await page.evaluate(() => window.Temoin.jurisdiction.model), 'notice');
  // Not given: opt-in, and no meta tag at all.
  await Promise.all([page.waitForURL((url) => !url.search.includes('region')), page.locator('#dp-region').selectOption('')]);
  await page.locator('temoin-consent >> section.banner.opt-in').waitFor();
  assert.equal(await page.locator('meta[name="temoin-region"]').count(), 0);
  await assertClean(visitor);
  await visitor.context.close();
});
