/**
 * The npm package as a bundler or a browser imports it: `temoin/core` runs headless (a site's
 * own banner) without fetching any Preact, and `temoin` loads its UI only when it must show.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSuite, stopSuite, newContext, consoleOf, until } from './harness.mjs';

let browser, site;
before(async () => ({ browser, site } = await startSuite()));
after(() => stopSuite({ browser, site }));

/** Bare imports resolved as a bundler would: the package's dependencies from node_modules. */
const IMPORT_MAP = `<script type="importmap">${JSON.stringify({
  imports: {
    'js-cookie': '/node_modules/js-cookie/dist/js.cookie.mjs',
    preact: '/node_modules/preact/dist/preact.mjs',
    'preact/jsx-runtime': '/node_modules/preact/jsx-runtime/dist/jsxRuntime.mjs',
  },
})}</script>`;

let pages = 0;
async function open(module) {
  const { context } = await newContext(browser);
  const url = site.page(`/package/page-${++pages}.html`, {
    script: `${IMPORT_MAP}<script type="module">${module}</script>`,
    body: '<script type="text/plain" data-category="performance">window.__ran = true;</script>',
  });
  const page = await context.newPage();
  const messages = consoleOf(page);
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(url);
  return { context, page, messages, requested };
}

test('the package exports what its README promises', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(pkg.exports), ['.', './core', './react', './vue', './config.schema.json', './locales/*', './dist/*', './server']);
  for (const entry of ['.', './core', './react', './vue', './server']) {
    readFileSync(new URL(`../../${pkg.exports[entry].import}`, import.meta.url));
    readFileSync(new URL(`../../${pkg.exports[entry].types}`, import.meta.url));
  }
});

test('temoin/core runs headless: its own view state, decisions, no banner and no Preact', async () => {
  const { context, page, messages, requested } = await open(`
    import { init } from '/dist/esm/core.js';
    const consent = init({ revision: 1, categories: { necessary: { required: true }, performance: {} } });
    // init() has started: a headless banner reads the view, then follows its changes.
    window.__views = [consent.view];
    consent.on('view', (view) => window.__views.push(view));
    window.__consent = consent;
  `);
  await page.waitForFunction(() => window.__consent?.view === 'banner');
  assert.equal(await page.evaluate(() => document.querySelector('temoin-consent')), null, 'no built-in banner');
  await page.evaluate(() => window.__consent.acceptAll());
  await page.waitForFunction(() => window.__ran === true);
  assert.deepEqual(await page.evaluate(() => window.__views), ['banner', 'none'], 'the view a headless banner follows');
  assert.equal(await page.evaluate(() => window.__consent.getRecord().method), 'accept-all');
  await page.waitForFunction(() => document.cookie.includes('temoin='));
  assert.deepEqual(requested.filter((path) => path.includes('preact')), [], 'no Preact fetched');
  assert.deepEqual(messages.filter((m) => m.type === 'error' || m.type === 'pageerror'), []);
  await context.close();
});

test('temoin shows its banner, and fetches Preact only when the preferences dialog opens', async () => {
  const { context, page, requested } = await open(`
    import { init } from '/dist/esm/index.js';
    window.__consent = init({ revision: 1 });
  `);
  await page.locator('temoin-consent >> section.banner').waitFor();
  assert.deepEqual(requested.filter((path) => path.includes('preact')), [], 'the banner needs no Preact');
  await page.evaluate(() => window.__consent.showPreferences());
  await page.locator('temoin-consent >> dialog.dialog').waitFor();
  assert.ok(requested.some((path) => path.includes('preact')), 'the dialog is rendered with Preact');
  await context.close();
});

test('temoin sets window.Temoin, and says so when the dialog cannot load instead of failing silently', async () => {
  const { context } = await newContext(browser);
  // Preact, which only the dialog's chunk needs, cannot be downloaded.
  await context.route(/\/node_modules\/preact\//, (route) => route.abort());
  const page = await context.newPage();
  const messages = consoleOf(page);
  const url = site.page(`/package/page-${++pages}.html`, {
    script: `${IMPORT_MAP}<script type="module">import { init } from '/dist/esm/index.js'; window.__consent = init({ revision: 1 });</script>`,
  });
  await page.goto(url);
  await page.locator('temoin-consent >> section.banner').waitFor();
  assert.equal(await page.evaluate(() => window.Temoin === window.__consent), true);
  await page.locator('temoin-consent >> section.banner button[data-action="customize"]').click();
  await until(() => messages.some((m) => m.type === 'error' && m.text.startsWith('[temoin] could not load the preferences dialog')), 'the error');
  // The banner's other choices still work.
  await page.locator('temoin-consent >> section.banner button[data-action="reject-all"]').click();
  await page.waitForFunction(() => window.Temoin.getRecord()?.method === 'reject-all');
  await context.close();
});
