/**
 * Témoin fails closed, and keeps its promises, when the world around it fails: every file but its
 * core failing to download, a configuration file that is broken then fixed, a configuration value
 * of the wrong type, a dialog chunk that cannot load. Also `destroy()`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite, newContext, ui, consoleOf, watchEvents, cookieValue, until, problems, started, settled } from './harness.mjs';

let browser, site;
before(async () => ({ browser, site } = await startSuite()));
after(() => stopSuite({ browser, site }));

const TAGGED = `
  <script type="text/plain" data-category="performance">window.__performance = (window.__performance || 0) + 1; document.cookie = '_ga=GA1.1.1; path=/'; localStorage.setItem('_ga_ls', '1');</script>
  <iframe data-category="third-party" data-src="https://video.example/embed/1" title="Video"></iframe>`;
const CONFIG = {
  revision: 1,
  categories: { necessary: { required: true }, performance: { cookies: ['_ga'], storage: ['_ga_ls'] }, 'third-party': {} },
};

let pages = 0;

test('with every part of Témoin but its core failing to download: a regular visitor\'s decision holds; a new one is refused until the part loads, then decided, stored, proven and withdrawn; a first visit fails closed', async () => {
  const { context } = await newContext(browser);
  await watchEvents(context);
  const proofs = [];
  const path = `/faults/parts-${++pages}.html`;
  site.handlers[`${path}.records`] = (req, res, body) => {
    proofs.push(JSON.parse(body));
    res.writeHead(201).end('{}');
  };
  site.page(path, { config: { ...CONFIG, recordEndpoint: `${path}.records` }, body: TAGGED });
  const page = await context.newPage();
  const messages = consoleOf(page);
  // A first visit with everything available: the visitor accepts; the configuration is now known valid here.
  await page.goto(site.origin + path);
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__performance === 1);
  await until(() => proofs.length === 1, 'the proof of the decision');

  // From now on every part fails to download.
  const parts = /\/dist\/temoin-[^/]+\.min\.js$/;
  const aborted = [];
  await context.route(parts, (route) => {
    aborted.push(route.request().url());
    return route.abort();
  });
  // A returning visit: the decision holds with no part at all.
  await page.reload();
  await page.waitForFunction(() => window.__performance === 1);
  assert.equal(await page.evaluate(() => document.cookie.includes('_ga=')), true);
  // Deciding needs what the UI part carries: the call says so and changes nothing.
  const before = (await context.cookies()).find((c) => c.name === 'temoin').value;
  await page.evaluate(() => window.Temoin.accept([]));
  await until(() => messages.some((m) => m.type === 'error' && m.text.includes('what deciding needs could not be loaded')), 'the refusal to decide');
  assert.equal((await context.cookies()).find((c) => c.name === 'temoin').value, before, 'the decision in force is untouched');
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), true);

  // The network is back: the same call fetches the part again, then withdraws: the category's
  // cookie and storage go, the page reloads, and the withdrawal is proven.
  await context.unroute(parts);
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.evaluate(() => window.Temoin.accept([]));
  await navigated;
  await started(page);
  assert.equal(await page.evaluate(() => document.cookie.includes('_ga=')), false, 'the cookie is deleted');
  assert.equal(await page.evaluate(() => localStorage.getItem('_ga_ls')), null, 'the storage key is removed');
  assert.equal(await page.evaluate(() => window.__performance), undefined, 'and nothing runs after the reload');
  // At least once: the reload may cut the acknowledgement short, and the next page sends the kept proof again.
  await until(() => proofs.length >= 2, 'the proof of the withdrawal');
  assert.deepEqual(proofs.at(-1).refused, ['performance', 'third-party']);
  await context.close();

  // A first visit whose configuration cannot be checked (the checks come with the banner's part): nothing runs, whatever is asked.
  const first = await newContext(browser);
  await watchEvents(first.context);
  await first.context.route(parts, (route) => route.abort());
  const fresh = await first.context.newPage();
  const said = consoleOf(fresh);
  await fresh.goto(site.origin + path);
  await started(fresh);
  assert.ok(said.some((m) => m.type === 'error' && m.text.includes('[temoin] config: could not check the configuration')), JSON.stringify(said));
  await fresh.evaluate(() => window.Temoin.acceptAll());
  await settled(fresh);
  assert.equal(await fresh.evaluate(() => window.__performance), undefined, 'nothing tagged runs');
  assert.equal(await fresh.evaluate(() => window.Temoin.isAllowed('performance')), false);
  await first.context.close();
});

test('a configuration file that is not JSON: named error, built-in categories, nothing runs; once fixed, the visitor is asked again', async () => {
  const path = `/faults/broken-${++pages}.html`;
  let file = '{ "revision": 1, "categories": { "necessary": { "required": true }, ';
  site.handlers[`${path}.json`] = (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(file);
  site.page(path, { body: TAGGED, script: `<script src="/dist/temoin.min.js" data-config="${path}.json"></script>` });
  const { context } = await newContext(browser);
  await watchEvents(context);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(site.origin + path);
  await ui(page, 'section.banner').waitFor();
  assert.ok(messages.some((m) => m.type === 'error' && m.text.includes(`${path}.json is not valid JSON`)), JSON.stringify(messages));
  assert.deepEqual(await page.evaluate(() => Object.keys(window.Temoin.config.categories)), ['necessary', 'performance', 'advertising', 'third-party']);
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => document.cookie.includes('temoin='));
  assert.equal(await page.evaluate(() => window.__performance), undefined, 'nothing tagged runs');
  // Still broken: not asked again on the next page.
  await page.reload();
  await started(page);
  assert.equal(await ui(page, 'section.banner').count(), 0);
  // Fixed, with the same categories and revision: asked, as the visitor never saw the real ones.
  file = JSON.stringify({ revision: 1, categories: { necessary: { required: true }, performance: {}, advertising: {}, 'third-party': {} } });
  await page.reload();
  await ui(page, 'section.banner').waitFor();
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null);
  assert.equal(await page.evaluate(() => window.__performance), undefined);
  await context.close();
});

test('a configuration value of the wrong type ("googleConsentMode": "yes"): the field is named, ready fires, the banner shows, only the all-denied default is sent', async () => {
  const { context } = await newContext(browser);
  await watchEvents(context);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(site.page(`/faults/type-${++pages}.html`, { config: { googleConsentMode: 'yes' }, body: TAGGED }));
  await started(page);
  await ui(page, 'section.banner').waitFor();
  assert.ok(messages.some((m) => m.type === 'error' && m.text.startsWith('[temoin] googleConsentMode: expected')), JSON.stringify(messages));
  assert.deepEqual(messages.filter((m) => m.type === 'pageerror'), []);
  const commands = await page.evaluate(() => window.dataLayer.map((e) => Array.from(e)));
  assert.deepEqual(commands.map((c) => c.slice(0, 2)), [['consent', 'default']]);
  assert.ok(Object.entries(commands[0][2]).every(([type, value]) => type === 'wait_for_update' || value === (type === 'security_storage' ? 'granted' : 'denied')));
  await page.evaluate(() => window.Temoin.acceptAll());
  assert.equal(await page.evaluate(() => window.dataLayer.length), 1, 'no update under a rejected configuration');
  await context.close();
});

test('destroy(): the banner and buttons go, nothing more is released, window.Temoin is gone', async () => {
  const { context } = await newContext(browser);
  await watchEvents(context);
  await context.addCookies([{ name: 'temoin', value: cookieValue({ granted: ['necessary', 'performance'], refused: ['third-party'] }), url: site.origin }]);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(site.page(`/faults/destroy-${++pages}.html`, { config: CONFIG, body: TAGGED }));
  await page.waitForFunction(() => window.__performance === 1);
  await page.locator('temoin-reopen >> button').waitFor();
  await page.evaluate(() => window.Temoin.destroy());
  assert.equal(await page.locator('temoin-reopen').count(), 0);
  assert.equal(await page.evaluate(() => window.Temoin), undefined);
  // Added after the page loaded, a granted element would be released within the microtasks that follow.
  const late = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('data-category', 'performance');
    script.text = 'window.__late = true;';
    document.body.append(script);
    await new Promise((done) => setTimeout(done));
    return { ran: window.__late === true, released: script.hasAttribute('data-temoin-released') };
  });
  assert.deepEqual(late, { ran: false, released: false });
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('with every language file failing to download, the banner still names its buttons, in English and in French (its words come with it)', async () => {
  const { context } = await newContext(browser);
  const texts = /\/dist\/temoin-(en|fr|fr-CA)\.[^/]+\.min\.js$/;
  const aborted = [];
  await context.route(texts, (route) => {
    aborted.push(route.request().url());
    return route.abort();
  });
  for (const [lang, names] of [
    ['en', ['Accept all', 'Reject all', 'Customize']],
    ['fr', ['Tout accepter', 'Tout refuser', 'Personnaliser']],
  ]) {
    const path = `/faults/texts-${++pages}.html`;
    site.page(path, { config: CONFIG, body: TAGGED, lang });
    const page = await context.newPage();
    await page.goto(site.origin + path);
    await ui(page, 'section.banner').waitFor();
    const labels = await ui(page, 'section.banner button[data-action]').evaluateAll((buttons) => buttons.map((b) => b.textContent.trim()));
    for (const name of names) assert.ok(labels.includes(name), `${lang}: a button named "${name}" (${JSON.stringify(labels)})`);
    assert.ok(labels.every((label) => label !== ''), `${lang}: no unnamed button`);
    await page.close();
  }
  await context.close();
});
