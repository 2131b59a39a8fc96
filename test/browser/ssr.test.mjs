/**
 * Server rendering and hydration with `temoin/react` and `temoin/vue`: the test renders the apps of
 * fixtures/frameworks/ in Node, as a server would, and Chromium hydrates them with development
 * builds of React and Vue (which report every mismatch). Also: a script tag's instance under a
 * provider, and `$consent` in a compiled Svelte 5 component.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { renderToString as renderVue } from 'vue/server-renderer';
import { compile } from 'svelte/compiler';
import { startSuite, stopSuite, newContext, ui, consoleOf, cookieValue, settled, watchEvents, htmlHandler, ROOT } from './harness.mjs';
import { viteBuild } from './frameworks.mjs';
import { App, ANALYTICS, VIDEO } from './fixtures/frameworks/react-app.mjs';
import { createConsentApp } from './fixtures/frameworks/vue-app.mjs';

const FIXTURES = join(ROOT, 'test/browser/fixtures/frameworks');
let browser, site, base;
before(async () => {
  ({ browser, site } = await startSuite());
  base = await viteBuild('ssr', FIXTURES, {
    configFile: false,
    mode: 'development',
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'true',
    },
    // `.svelte` files compiled with svelte/compiler, as any Svelte build does.
    plugins: [{ name: 'svelte', transform: (code, id) => (id.endsWith('.svelte') ? compile(code, { filename: id, generate: 'client' }).js : null) }],
    build: {
      minify: false,
      rollupOptions: {
        input: ['react-client.mjs', 'vue-client.mjs', 'svelte-client.mjs'].map((file) => join(FIXTURES, file)),
        output: { entryFileNames: '[name].js' },
      },
    },
  });
});
after(() => stopSuite({ browser, site }));

const STATE = /<p id="status">starting<\/p>/;
const FALLBACK = /<div id="fallback" style="[^"]+">The video waits for your consent.<\/div>/;

let pages = 0;
/**
 * Serves a page with the server's `html` in `#root`, the `props` both sides render with, and the
 * `client` bundle; opens it (with a consent cookie when `cookie` is given). Returns the page, its
 * console messages and the third-party requests.
 */
async function open({ html, props = {}, client, head = '', cookie }) {
  const path = `/ssr/page-${++pages}.html`;
  site.handlers[path] = htmlHandler(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Server-rendered page</title>${head}</head>
<body>
  <div id="root">${html}</div>
  <script type="application/json" id="props">${JSON.stringify(props)}</script>
  <script type="module" src="${base}${client}"></script>
</body>
</html>`);
  const { context, thirdParty } = await newContext(browser);
  await watchEvents(context);
  if (cookie) await context.addCookies([{ name: 'temoin', value: cookie, url: site.origin }]);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(site.origin + path);
  return { context, page, messages, thirdParty };
}

/** Console errors and warnings: a development build of React or Vue reports a hydration mismatch as one. */
const complaints = (messages) => messages.filter((m) => ['error', 'warning', 'pageerror'].includes(m.type));

const react = (props = {}) => renderToString(createElement(App, props));
const vue = (props = {}) => renderVue(createConsentApp(props));
/** A script tag with an inline configuration that allows what the fixtures hold back, as a page would start Témoin. */
const SCRIPT_TAG = `<script src="/dist/temoin.min.js"></script><script type="application/json" id="temoin-config">${JSON.stringify({
  revision: 1,
  categories: { necessary: { required: true }, performance: {}, 'third-party': {} },
})}</script>`;
const RETURNING = cookieValue({ granted: ['necessary', 'performance', 'third-party'] });

test('React, first visit: the server renders the fallback, hydration matches, the embed appears on Accept all in the fallback’s box', async () => {
  const html = react();
  assert.match(html, STATE);
  assert.match(html, FALLBACK);
  assert.doesNotMatch(html, /<iframe/);
  const { context, page, messages, thirdParty } = await open({ html, client: 'react-client.js' });
  await page.locator('#status', { hasText: 'ready; third-party held back' }).waitFor();
  await ui(page, 'section.banner').waitFor();
  await settled(page);
  assert.deepEqual(thirdParty, []);
  const below = await page.locator('#after').boundingBox();
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.locator('#video').waitFor();
  await page.waitForFunction((src) => window.__loaded?.includes(src), ANALYTICS);
  assert.deepEqual(await page.locator('#after').boundingBox(), below, 'no layout shift beyond the fallback’s box');
  assert.deepEqual(thirdParty.filter((url) => url === ANALYTICS), [ANALYTICS]);
  // ConsentScript's element is one Témoin released, like a tagged script of the page.
  assert.equal(await page.locator(`script[src="${ANALYTICS}"][data-category="performance"][data-temoin-released][data-site="fixture"]`).count(), 1);
  assert.deepEqual(complaints(messages), []);
  await context.close();
});

test('React, returning visitor: hydration matches the server’s fallback, then the embed shows without the banner', async () => {
  const { context, page, messages, thirdParty } = await open({ html: react(), client: 'react-client.js', cookie: RETURNING });
  await page.locator('#video').waitFor();
  await page.locator('#status', { hasText: 'ready; third-party allowed' }).waitFor();
  await settled(page);
  assert.ok(thirdParty.includes(VIDEO));
  assert.equal(await ui(page, 'section.banner').count(), 0);
  assert.deepEqual(complaints(messages), []);
  await context.close();
});

test('the check sees a mismatch: HTML that is not what the client renders is reported', async () => {
  const { context, page, messages } = await open({ html: '<p id="status">allowed</p>', client: 'react-client.js' });
  await page.locator('#status', { hasText: 'ready' }).waitFor();
  assert.ok(complaints(messages).some((m) => m.text.startsWith('recoverable: Hydration failed')), JSON.stringify(messages));
  await context.close();
});

test('React under a script tag: the providers use its instance, and a config given to them is ignored with one warning', async () => {
  const props = { second: true };
  const { context, page, messages } = await open({ html: react(props), props, client: 'react-client.js', head: SCRIPT_TAG, cookie: RETURNING });
  await page.locator('#video').waitFor();
  const warnings = messages.filter((m) => m.type === 'warning');
  assert.deepEqual(warnings.map((m) => m.text), [
    '[temoin] <TemoinProvider>: Témoin is already running on this page (its script tag, or init()); this configuration is ignored',
  ]);
  assert.deepEqual(messages.filter((m) => m.type === 'error'), []);
  await context.close();
});

test('React under a script tag, providers without config: no warning', async () => {
  const props = { config: null, second: true };
  const { context, page, messages } = await open({ html: react(props), props, client: 'react-client.js', head: SCRIPT_TAG });
  await ui(page, 'section.banner').waitFor();
  await page.locator('#status', { hasText: 'ready; third-party held back' }).waitFor();
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.locator('#video').waitFor();
  assert.deepEqual(complaints(messages), []);
  await context.close();
});

test('Vue, first visit: the server renders the fallback slot, hydration matches, the embed appears on Accept all in its box', async () => {
  const html = await vue();
  assert.match(html, STATE);
  assert.match(html, FALLBACK);
  const { context, page, messages, thirdParty } = await open({ html, client: 'vue-client.js' });
  await page.locator('#status', { hasText: 'ready; third-party held back' }).waitFor();
  await ui(page, 'section.banner').waitFor();
  await settled(page);
  assert.deepEqual(thirdParty, []);
  const below = await page.locator('#after').boundingBox();
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.locator('#video').waitFor();
  assert.deepEqual(await page.locator('#after').boundingBox(), below, 'no layout shift beyond the fallback’s box');
  assert.deepEqual(complaints(messages), []);
  await context.close();
});

test('Vue, returning visitor: hydration matches, then the embed shows without the banner', async () => {
  const { context, page, messages } = await open({ html: await vue(), client: 'vue-client.js', cookie: RETURNING });
  await page.locator('#video').waitFor();
  await page.locator('#status', { hasText: 'ready; third-party allowed' }).waitFor();
  await settled(page);
  assert.equal(await ui(page, 'section.banner').count(), 0);
  assert.deepEqual(complaints(messages), []);
  await context.close();
});

test('the check sees a Vue mismatch too', async () => {
  const { context, page, messages } = await open({ html: '<p id="status">allowed</p>', client: 'vue-client.js' });
  await page.locator('#status', { hasText: 'ready' }).waitFor();
  assert.ok(complaints(messages).some((m) => m.text.includes('Hydration')), JSON.stringify(messages));
  await context.close();
});

test('Vue under a script tag: app.use(temoin) without config uses its instance; with one, it warns once', async () => {
  for (const [props, warnings] of [
    [{ config: null }, []],
    [{}, ['[temoin] app.use(temoin): Témoin is already running on this page (its script tag, or init()); this configuration is ignored']],
  ]) {
    const { context, page, messages } = await open({ html: await vue(props), props, client: 'vue-client.js', head: SCRIPT_TAG, cookie: RETURNING });
    await page.locator('#video').waitFor();
    assert.deepEqual(messages.filter((m) => m.type === 'warning').map((m) => m.text), warnings);
    assert.deepEqual(messages.filter((m) => m.type === 'error'), []);
    await context.close();
  }
});

test('Svelte 5: $consent follows the instance init() returns, a store by Svelte’s contract, and isAllowed() read with it', async () => {
  const { context, page, messages } = await open({ html: '', client: 'svelte-client.js' });
  await page.locator('#status', { hasText: 'undecided' }).waitFor();
  assert.equal(await page.locator('#measuring').count(), 0);
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.locator('#status', { hasText: 'decided: accept-all' }).waitFor();
  await page.locator('#measuring').waitFor();
  await page.evaluate(() => window.Temoin.reset());
  await page.locator('#status', { hasText: 'undecided' }).waitFor();
  assert.equal(await page.locator('#measuring').count(), 0, 'isAllowed() read with $consent follows the change');
  assert.deepEqual(complaints(messages), []);
  await context.close();
});
