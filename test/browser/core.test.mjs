/**
 * Core behaviour in a real browser: what tagged markup does before and after each decision, the
 * consent cookie, configuration errors and the JavaScript API.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite, newContext, ui, consoleOf, watchEvents, cookieValue, problems, started, settled, loadedAndIdle, htmlHandler } from './harness.mjs';

let browser, site;
before(async () => ({ browser, site } = await startSuite()));
after(() => stopSuite({ browser, site }));

const delay = (ms) => new Promise((done) => setTimeout(done, ms));

/** Third-party scripts: each records that it ran in `window.__ran`. */
const FAKES = {
  'tag-a.js': "(window.__ran = window.__ran || []).push('A');",
  'tag-b.js': "(window.__ran = window.__ran || []).push('B');",
};
const A = 'https://analytics.example/tag-a.js';
const B = 'https://cdn.example/tag-b.js';
const PIXEL = 'https://ads.example/pixel.gif';
const VIDEO = 'https://video.example/embed/1';

/**
 * External A, an inline script that says whether A had run, external B, inline C that also sets a
 * cookie and a localStorage key, a pixel, an iframe, and a script for "performance refused".
 */
const TAGGED = `
  <script type="text/plain" data-category="performance" src="${A}" id="script-a" data-foo="bar"></script>
  <script type="text/plain" data-category="performance">(window.__ran = window.__ran || []).push('inline:' + (window.__ran.includes('A') ? 'after-A' : 'before-A'));</script>
  <script type="text/plain" data-category="performance" src="${B}"></script>
  <script type="text/plain" data-category="performance">(window.__ran = window.__ran || []).push('C'); document.cookie = '_ga=GA1.1.1; path=/'; localStorage.setItem('_ga_ls', '1');</script>
  <img data-category="advertising" data-src="${PIXEL}" width="1" height="1" alt="">
  <iframe data-category="third-party" data-src="${VIDEO}" title="Video" width="320" height="180"></iframe>
  <script type="text/plain" data-category="!performance">window.__refusedCount = (window.__refusedCount || 0) + 1;</script>
`;
const EXPECTED_ORDER = ['A', 'inline:after-A', 'B', 'C'];

let pages = 0;
/**
 * A fresh context (third parties faked, temoin:* events recorded) and a page at a new generated
 * URL. `cookies` are planted before the visit; `slowA` delays script A so that order matters.
 */
async function open({ config = { revision: 1 }, body = TAGGED, script, path, cookies = [], init, slowA = false, headers } = {}) {
  const { context, thirdParty } = await newContext(browser, { fakeScripts: FAKES });
  await watchEvents(context);
  if (init) await context.addInitScript(init);
  if (slowA)
    await context.route(/tag-a\.js/, async (route) => {
      await delay(500);
      await route.fallback();
    });
  const url = site.page(path ?? `/core/page-${++pages}.html`, { config, body, ...(script ? { script } : {}) }, headers);
  if (cookies.length)
    await context.addCookies(cookies.map((c) => ({ name: 'temoin', ...(c.domain ? {} : { url: site.origin }), ...c })));
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(url);
  return { context, page, thirdParty, messages, url };
}


/** Side effects of the tagged markup, read in the page. */
const effects = (page) =>
  page.evaluate(() => ({
    ran: window.__ran,
    refusedCount: window.__refusedCount,
    released: Array.from(document.querySelectorAll('[data-temoin-released]'), (e) => e.getAttribute('data-category')),
    imgSrc: document.querySelector('img[data-category]')?.getAttribute('src') ?? null,
    iframeSrc: document.querySelector('iframe[data-category]')?.getAttribute('src') ?? null,
    // The page's own keys: Témoin keeps one of its own once the visitor has decided (the configuration it checked).
    localStorage: Object.keys(localStorage).filter((key) => !key.startsWith('temoin-')).length,
    sessionStorage: sessionStorage.length,
    stored: Object.keys(localStorage).length + sessionStorage.length,
  }));

const warnings = (messages, text) => messages.filter((m) => m.type === 'warning' && m.text.includes(text));

test('before any decision nothing tagged is requested or run, and nothing is stored', async () => {
  const { context, page, thirdParty, messages } = await open();
  await ui(page, 'section.banner').waitFor();
  assert.match(await ui(page, 'section.banner').innerText(), /Your privacy choices[\s\S]*Accept all/, 'the banner shows its texts');
  await settled(page);
  assert.deepEqual(thirdParty, [], 'no request to any third party');
  assert.deepEqual(await context.cookies(), [], 'cookie jar empty');
  assert.deepEqual(await effects(page), {
    ran: undefined, refusedCount: undefined, released: [], imgSrc: null, iframeSrc: null, localStorage: 0, sessionStorage: 0, stored: 0,
  });
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('Accept all releases in document order, keeps attributes and honours data-type="module"', async () => {
  const body = `${TAGGED}
    <script type="text/plain" data-category="performance" data-type="module" id="module-script">window.__moduleMeta = typeof import.meta.url;</script>`;
  const { context, page, thirdParty, messages } = await open({ body, slowA: true });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__ran?.length === 4 && window.__moduleMeta);
  const state = await page.evaluate(() => {
    const a = document.getElementById('script-a');
    const module = document.getElementById('module-script');
    return {
      ran: window.__ran,
      a: { tag: a.tagName, type: a.type, foo: a.dataset.foo, released: a.hasAttribute('data-temoin-released'), src: a.src },
      module: { type: module.type, meta: window.__moduleMeta },
      refused: window.__refusedCount,
    };
  });
  assert.deepEqual(state.ran, EXPECTED_ORDER, 'A, then the inline script (after A), then B, then C');
  assert.deepEqual(state.a, { tag: 'SCRIPT', type: '', foo: 'bar', released: true, src: A });
  assert.deepEqual(state.module, { type: 'module', meta: 'string' });
  assert.equal(state.refused, undefined, '!performance does not run when performance is granted');
  await page.waitForFunction(() => document.querySelector('iframe[data-category]').getAttribute('src'));
  await settled(page);
  assert.deepEqual(new Set(thirdParty), new Set([A, B, PIXEL, VIDEO]));
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('under a nonce CSP the released inline script keeps its nonce and runs without violation', async () => {
  const body = `
    <script>window.__control = 1;</script>
    <script type="text/plain" data-category="performance" nonce="abc" id="nonced">window.__nonceRan = true;</script>`;
  const { context, page, messages } = await open({
    body,
    headers: { 'content-security-policy': "script-src 'nonce-abc' 'self'" },
    init: () => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    },
  });
  await ui(page, 'section.banner').waitFor();
  assert.equal(await page.evaluate(() => window.__control), undefined, 'the CSP is in force: an inline script without nonce is blocked');
  const before = await page.evaluate(() => window.__violations.length);
  assert.ok(before >= 1, 'the blocked control script was reported as a violation');
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__nonceRan === true);
  await settled(page);
  assert.equal(await page.evaluate(() => window.__violations.length), before, 'no new securitypolicyviolation');
  assert.equal(await page.evaluate(() => document.getElementById('nonced').nonce), 'abc');
  assert.deepEqual(problems(messages).filter((m) => !m.text.includes('Content Security Policy')), []);
  await context.close();
});

test('Reject all releases nothing, also after a reload; "!performance" runs only once performance is refused', async () => {
  const { context, page, thirdParty, messages } = await open();
  await ui(page, 'section.banner').waitFor();
  assert.equal((await effects(page)).refusedCount, undefined, '!performance waits for a decision');
  await ui(page, 'section.banner button[data-action="reject-all"]').click();
  await page.waitForFunction(() => window.__refusedCount === 1);
  await settled(page);
  const check = async () => {
    assert.deepEqual(thirdParty, []);
    const state = await effects(page);
    assert.equal(state.ran, undefined);
    assert.deepEqual(state.released, ['!performance']);
    assert.equal(state.imgSrc, null);
    assert.equal(state.iframeSrc, null);
    assert.equal(state.localStorage, 0);
  };
  await check();
  assert.equal((await page.evaluate(() => window.Temoin.getRecord())).method, 'reject-all');
  await page.reload();
  await page.locator('temoin-reopen >> button').waitFor();
  await page.waitForFunction(() => window.__refusedCount === 1);
  await settled(page);
  await check();
  assert.equal(await ui(page, 'section.banner').count(), 0, 'no banner on the return visit');
  assert.deepEqual((await context.cookies()).map((c) => c.name).sort(), ['temoin', 'temoin-checked'], 'the decision, and the configuration found valid: nothing else');
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('accept(["advertising"]) grants exactly advertising', async () => {
  const { context, page, thirdParty } = await open();
  await started(page);
  await page.evaluate(() => window.Temoin.accept(['advertising']));
  await page.waitForFunction(() => window.__refusedCount === 1);
  await settled(page);
  assert.deepEqual(thirdParty, [PIXEL]);
  const state = await effects(page);
  assert.equal(state.ran, undefined, 'no performance script ran');
  assert.equal(state.imgSrc, PIXEL);
  assert.equal(state.iframeSrc, null);
  const api = await page.evaluate(() => ({
    allowed: ['necessary', 'performance', 'advertising', 'third-party'].map((id) => window.Temoin.isAllowed(id)),
    record: window.Temoin.getRecord(),
  }));
  assert.deepEqual(api.allowed, [true, false, true, false]);
  assert.deepEqual(api.record.granted, ['necessary', 'advertising']);
  assert.deepEqual(api.record.refused, ['performance', 'third-party']);
  assert.equal(api.record.method, 'custom');
  await context.close();
});

test('an element added 2 s after start is held back before consent and released at once when granted', async () => {
  const body = `
    <div id="late-box"></div>
    <script>
      setTimeout(() => {
        const script = document.createElement('script');
        script.type = 'text/plain';
        script.setAttribute('data-category', 'performance');
        script.src = 'https://late.example/late.js';
        document.body.append(script);
        document.getElementById('late-box').innerHTML =
          '<div><img data-category="advertising" data-src="https://late.example/nested.gif" alt=""></div>';
        window.__inserted = true;
      }, 2000);
    </script>`;
  // Undecided: held back until Accept all.
  {
    const { context, page, thirdParty } = await open({ body });
    await page.waitForFunction(() => window.__inserted === true, null, { timeout: 5000 });
    await settled(page);
    assert.deepEqual(thirdParty, []);
    assert.equal(await page.evaluate(() => window.__loaded), undefined);
    await ui(page, 'section.banner button[data-action="accept-all"]').click();
    await page.waitForFunction(() => window.__loaded?.includes('https://late.example/late.js'));
    await page.waitForFunction(() => document.querySelector('#late-box img').complete);
    assert.ok(thirdParty.includes('https://late.example/nested.gif'));
    await context.close();
  }
  // Already granted by a stored record: released as soon as it is added.
  {
    const { context, page, thirdParty } = await open({ body, cookies: [{ value: cookieValue() }] });
    await started(page);
    assert.equal(await page.evaluate(() => window.__inserted), undefined);
    await page.waitForFunction(() => window.__inserted === true, null, { timeout: 5000 });
    await page.waitForFunction(() => window.__loaded?.includes('https://late.example/late.js'), null, { timeout: 2000 });
    await page.waitForFunction(() => document.querySelector('#late-box img').getAttribute('src'), null, { timeout: 2000 });
    assert.ok(thirdParty.includes('https://late.example/late.js'));
    await context.close();
  }
});

test('each tagged element runs at most once across many decisions', async () => {
  const { context, page, thirdParty, messages } = await open({ config: { revision: 1, reloadOnWithdraw: false } });
  await started(page);
  await page.evaluate(() => window.Temoin.acceptAll());
  await page.waitForFunction(() => window.__ran?.length === 4);
  await page.evaluate(() => {
    const { Temoin } = window;
    Temoin.acceptAll();
    Temoin.accept(['performance', 'advertising', 'third-party']);
    Temoin.rejectAll();
    Temoin.acceptAll();
    Temoin.accept(['performance']);
    Temoin.rejectAll();
  });
  await page.locator('temoin-reopen >> button').click();
  await ui(page, 'dialog.dialog button[data-action="accept-all"]').click();
  await settled(page);
  const state = await effects(page);
  assert.deepEqual(state.ran, EXPECTED_ORDER, 'every script ran exactly once');
  assert.equal(state.refusedCount, 1, '!performance ran once although performance was refused twice');
  for (const url of [A, B, PIXEL, VIDEO])
    assert.equal(thirdParty.filter((u) => u === url).length, 1, `${url} requested once`);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="tag-a.js"]').length), 1);
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('an unknown category stays blocked with one warning; a mis-tagged script is reported', async () => {
  const body = `
    <script type="text/plain" data-category="foo">window.__foo = 1;</script>
    <img data-category="foo" data-src="https://foo.example/p.gif" alt="">
    <script data-category="performance" src="https://cdn.example/mistagged.js"></script>
    <script data-category="performance">window.__mistaggedInline = 1;</script>`;
  const { context, page, thirdParty, messages } = await open({ body });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.Temoin.isAllowed('performance'));
  await page.evaluate(() => window.Temoin.acceptAll());
  await settled(page);
  assert.equal(await page.evaluate(() => window.__foo), undefined);
  assert.ok(!thirdParty.some((u) => u.includes('foo.example')), 'the foo image is not requested');
  assert.equal(warnings(messages, 'foo').length, 1, JSON.stringify(messages));
  assert.equal(warnings(messages, 'https://cdn.example/mistagged.js').length, 1, 'the mis-tagged script is named by its src');
  assert.equal(warnings(messages, 'window.__mistaggedInline').length, 1, 'an inline one by its first characters');
  assert.equal(thirdParty.filter((u) => u.includes('mistagged.js')).length, 1, 'and it is not run a second time');
  await context.close();
});

test('a tampered, outdated or incomplete consent cookie counts as no consent', async () => {
  const config = { revision: 2 };
  const valid = cookieValue({ revision: 2 });
  const variants = {
    garbage: 'garbage',
    truncated: valid.slice(0, 40),
    'other version': `3${valid.slice(1)}`,
    'decided while the configuration was rejected': cookieValue({ revision: 2, jurisdiction: '' }),
    'decided under opt-out, now under opt-in': cookieValue({ revision: 2, model: 'o', jurisdiction: 'US' }),
    'format 1 decided while the configuration was rejected': cookieValue({ revision: 2, version: 1, fingerprint: '' }),
    'lower revision': cookieValue({ revision: 1 }),
    'missing a category': cookieValue({ revision: 2, granted: ['necessary', 'performance'] }),
    'unparsable time': valid.replace(/~\w+~/, '~!!~'),
    'time in capitals (not the canonical encoding)': valid.replace(/^(2~[^~]+~)(\w+)/, (_, head, time) => head + time.toUpperCase()),
    'updated before created': cookieValue({ revision: 2, created: Date.now() - 60000, updated: Date.now() - 86400000 }),
  };
  for (const [name, value] of Object.entries(variants)) {
    const { context, page, thirdParty, messages } = await open({ config, cookies: [{ value }] });
    await ui(page, 'section.banner').waitFor();
    await settled(page);
    assert.deepEqual(thirdParty, [], name);
    assert.equal((await effects(page)).ran, undefined, name);
    assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null, name);
    assert.deepEqual(problems(messages), [], name);
    await context.close();
  }
  // The controls: the same encoding, untampered, is accepted; so is the format of Témoin 0.1.
  for (const value of [valid, cookieValue({ revision: 2, version: 1 })]) {
    const { context, page } = await open({ config, cookies: [{ value }] });
    await page.waitForFunction(() => window.__ran?.length === 4);
    assert.equal(await ui(page, 'section.banner').count(), 0);
    await context.close();
  }
});

test('of several consent cookies (paths / and /test/): the newest when they agree; when they disagree none counts, and deciding removes the other; one dated ahead does not count', async () => {
  const older = Date.now() - 3 * 86400000;
  const newer = Date.now() - 60000;
  const accepted = (updated) => cookieValue({ created: older, updated, method: 'a' });
  const rejected = (updated) =>
    cookieValue({ created: older, updated, method: 'r', granted: ['necessary'], refused: ['performance', 'advertising', 'third-party'] });
  const cases = [
    { name: 'agreeing', cookies: [{ path: '/', value: accepted(older) }, { path: '/test/', value: accepted(newer) }], method: 'accept-all' },
    { name: 'invalid at /test/', cookies: [{ path: '/', value: accepted(older) }, { path: '/test/', value: 'garbage' }], method: 'accept-all' },
    // A staging site's, say: newer and granting more, it must not undo this site's refusal.
    { name: 'disagreeing', cookies: [{ path: '/', value: rejected(older) }, { path: '/test/', value: accepted(newer) }], method: undefined },
    { name: 'dated a day ahead', cookies: [{ path: '/', value: accepted(Date.now() + 86400000) }], method: undefined },
  ];
  for (const { name, cookies, method } of cases) {
    const { context, page, messages } = await open({
      path: `/test/two-cookies-${++pages}.html`,
      cookies: cookies.map(({ path, value }) => ({ domain: '127.0.0.1', path, value })),
    });
    await started(page);
    assert.equal((await page.evaluate(() => window.Temoin.getRecord()))?.method, method, name);
    if (method) {
      await page.waitForFunction(() => window.__ran?.length === 4);
      assert.equal(await ui(page, 'section.banner').count(), 0, name);
    } else {
      await ui(page, 'section.banner').waitFor();
      await settled(page);
      assert.deepEqual((await effects(page)).released, [], name);
      // Deciding keeps only the consent cookie at the configured domain and path.
      await ui(page, 'section.banner button[data-action="reject-all"]').click();
      await page.waitForFunction(() => window.__refusedCount === 1);
      await page.waitForFunction(() => document.cookie.split('; ').filter((c) => c.startsWith('temoin=')).length === 1);
      const [kept] = (await context.cookies()).filter((c) => c.name === 'temoin');
      assert.equal(kept?.path, '/', name);
      assert.match(kept?.value ?? '', /~r~/, name);
    }
    assert.deepEqual(problems(messages), [], name);
    await context.close();
  }
});

test('a broken configuration fails closed and names the problem', async () => {
  const cases = [
    { name: 'invalid JSON', config: '{ "revision": 1, }', error: 'not valid JSON' },
    { name: 'not an object', config: 'null', error: '[temoin] config: expected an object' },
    {
      name: 'schema',
      config: { categories: { performance: { cookies: '_ga' } } },
      error: '[temoin] categories.performance.cookies: expected an array of strings',
    },
    {
      name: 'data-config 404',
      config: undefined,
      script: '<script src="/dist/temoin.min.js" data-config="/core/missing-config.json"></script>',
      error: '/core/missing-config.json',
    },
  ];
  for (const { name, config, script, error } of cases) {
    const { context, page, thirdParty, messages } = await open({ config, script });
    await ui(page, 'section.banner').waitFor();
    assert.ok(
      messages.some((m) => m.type === 'error' && m.text.includes(error)),
      `${name}: ${JSON.stringify(messages)}`,
    );
    await ui(page, 'section.banner button[data-action="accept-all"]').click();
    await settled(page);
    assert.deepEqual(thirdParty, [], name);
    const state = await effects(page);
    assert.deepEqual([state.ran, state.refusedCount, state.released, state.imgSrc, state.iframeSrc], [undefined, undefined, [], null, null], name);
    assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), false, name);
    // The API still answers and the UI still opens.
    assert.equal(await page.evaluate(() => typeof window.Temoin.on('consent', () => undefined)), 'function', name);
    await page.evaluate(() => window.Temoin.showBanner());
    await ui(page, 'section.banner').waitFor();
    await page.evaluate(() => window.Temoin.showPreferences());
    await ui(page, 'dialog.dialog[open]').waitFor();
    assert.deepEqual(messages.filter((m) => m.type === 'pageerror'), [], name);
    await context.close();
  }
});

test('the consent cookie: SameSite=Lax, path /, capped lifetime, at most 200 bytes, same id across updates', async () => {
  const DAY = 86400;
  const cookieOf = async (context) => (await context.cookies()).find((c) => c.name === 'temoin');
  {
    const { context, page } = await open();
    await ui(page, 'section.banner button[data-action="accept-all"]').click();
    await page.waitForFunction(() => document.cookie.includes('temoin='));
    const first = await page.evaluate(() => window.Temoin.getRecord());
    const cookie = await cookieOf(context);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.domain, '127.0.0.1', 'host-only by default');
    assert.ok(Math.abs(cookie.expires - (Date.now() / 1000 + 182 * DAY)) < DAY, `expires ${cookie.expires}`);
    assert.ok(cookie.value.startsWith(`2~${first.id}~`));
    assert.ok(Buffer.byteLength(cookie.value) <= 200);
    assert.equal(first.method, 'accept-all');

    await page.locator('temoin-reopen >> button').click();
    // Withdrawing a category whose scripts ran reloads the page.
    const reloaded = page.waitForEvent('load');
    await ui(page, 'dialog.dialog button[data-action="reject-all"]').click();
    await reloaded;
    await started(page);
    const second = await page.evaluate(() => window.Temoin.getRecord());
    assert.equal(second.id, first.id);
    assert.equal(second.createdAt, first.createdAt);

    await page.locator('temoin-reopen >> button').click();
    await ui(page, 'dialog.dialog button[role="switch"][data-category="advertising"]').click();
    await ui(page, 'dialog.dialog button[data-action="save"]').click();
    await page.waitForFunction(() => window.Temoin.getRecord().method === 'custom');
    const third = await page.evaluate(() => window.Temoin.getRecord());
    assert.equal(third.id, first.id);
    assert.deepEqual(third.granted, ['necessary', 'advertising']);
    assert.ok((await cookieOf(context)).value.startsWith(`2~${first.id}~`));
    await context.close();
  }
  {
    const { context, page, messages } = await open({ config: { revision: 1, cookie: { expiresDays: 999 } } });
    await started(page);
    await page.evaluate(() => window.Temoin.acceptAll());
    await page.waitForFunction(() => document.cookie.includes('temoin='));
    const cookie = await cookieOf(context);
    assert.ok(Math.abs(cookie.expires - (Date.now() / 1000 + 395 * DAY)) < DAY, `capped at 395 days, expires ${cookie.expires}`);
    assert.equal(warnings(messages, 'cookie.expiresDays').length, 1);
    await context.close();
  }
  {
    // Category ids of 100 characters in all (the most a config may have), the largest revision.
    const ids = ['necessary', 'performance-measurement', 'advertising-retargeting', 'third-party-video-embeds', 'social-sharing-xy'];
    assert.equal(ids.join('.').length, 100);
    const categories = Object.fromEntries(ids.map((id, i) => [id, i === 0 ? { required: true } : {}]));
    const { context, page, messages } = await open({ config: { revision: 2147483647, categories }, body: '' });
    await started(page);
    await page.evaluate(() => window.Temoin.accept(['performance-measurement', 'third-party-video-embeds']));
    await page.waitForFunction(() => document.cookie.includes('temoin='));
    const cookie = await cookieOf(context);
    assert.ok(Buffer.byteLength(cookie.value) <= 200, `${cookie.value.length} bytes`);
    assert.deepEqual(problems(messages), []);
    await page.reload();
    await started(page);
    assert.deepEqual((await page.evaluate(() => window.Temoin.getRecord())).granted, ['necessary', 'performance-measurement', 'third-party-video-embeds']);
    await context.close();
  }
});

test('API: events, on() unsubscribe, init() twice, reset()', async () => {
  const { context, page, messages } = await open({ body: '' });
  await started(page);
  const readyEvents = await page.evaluate(() => window.__temoinEvents.filter((e) => e.name === 'ready'));
  assert.deepEqual(readyEvents, [{ name: 'ready', detail: null }]);
  // A late 'ready' listener is still told, once.
  assert.equal(await page.evaluate(() => new Promise((done) => window.Temoin.on('ready', (r) => done(r)))), null);

  await page.evaluate(() => {
    window.__heard = { removed: 0, kept: [], changes: [] };
    const off = window.Temoin.on('consent', () => window.__heard.removed++);
    if (typeof off !== 'function') throw new Error('on() must return a function');
    off();
    window.Temoin.on('consent', (r) => window.__heard.kept.push(r.method));
    window.Temoin.on('change', (c) => window.__heard.changes.push(c));
  });
  await page.evaluate(() => {
    window.Temoin.on('consent', () => {
      throw new Error('a site listener bug');
    });
  });
  await page.evaluate(() => window.Temoin.acceptAll());
  await page.evaluate(() => window.Temoin.acceptAll());
  await page.evaluate(() => window.Temoin.accept(['performance']));
  await page.waitForFunction(() => window.__heard.kept.length === 3);
  const heard = await page.evaluate(() => window.__heard);
  assert.equal(heard.removed, 0, 'an unsubscribed listener is not called');
  assert.deepEqual(heard.kept, ['accept-all', 'accept-all', 'custom'], 'consent fires on every decision');
  assert.deepEqual(heard.changes, [
    { granted: ['performance', 'advertising', 'third-party'], revoked: [] },
    { granted: [], revoked: ['advertising', 'third-party'] },
  ], 'change fires only when the set changes');
  assert.equal(messages.filter((m) => m.type === 'pageerror' && m.text.includes('a site listener bug')).length, 3,
    'a throwing listener is reported, and neither stops the other listeners nor the decision');
  const windowEvents = await page.evaluate(() => window.__temoinEvents.map((e) => e.name));
  assert.deepEqual(windowEvents, ['ready', 'consent', 'change', 'consent', 'consent', 'change']);

  const same = await page.evaluate(() => window.Temoin.init({ revision: 5 }) === window.Temoin);
  assert.equal(same, true);
  assert.equal(warnings(messages, 'init()').length, 1);

  await page.waitForFunction(() => document.cookie.includes('temoin='));
  await page.evaluate(() => window.Temoin.reset());
  await ui(page, 'section.banner').waitFor();
  await page.waitForFunction(() => !document.cookie.includes('temoin='));
  assert.equal((await context.cookies()).some((c) => c.name === 'temoin'), false, 'cookie deleted');
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null);
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), false);
  assert.deepEqual(problems(messages).filter((m) => !m.text.includes('a site listener bug')), []);
  await context.close();
});

test('with cookies disabled a decision still applies to the page, with one warning', async () => {
  const { context, page, messages } = await open({
    init: () => {
      const { get } = Object.getOwnPropertyDescriptor(window.Document.prototype, 'cookie');
      Object.defineProperty(window.Document.prototype, 'cookie', { get, set() {}, configurable: true });
    },
  });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__ran?.length === 4);
  await page.evaluate(() => window.Temoin.accept(['performance', 'advertising', 'third-party']));
  await page.evaluate(() => window.Temoin.acceptAll());
  await page.waitForFunction(() => window.__temoinEvents.filter((e) => e.name === 'consent').length === 3);
  await settled(page);
  assert.equal((await page.evaluate(() => window.Temoin.getRecord())).method, 'accept-all');
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('advertising')), true);
  assert.equal(warnings(messages, 'cookie').length, 1, JSON.stringify(messages));
  assert.deepEqual(problems(messages), []);
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test('a returning visitor downloads the core alone (and the floating button where the page has no link of its own); a configuration changed for the worse fails closed at once', async () => {
  const path = `/core/returning-${++pages}.html`;
  const config = { revision: 1, categories: { necessary: { required: true }, performance: {} } };
  const partsRequested = () => site.log.filter((r) => r.path.startsWith('/dist/temoin-')).map((r) => r.path.replace(/\.\w{10}\.min\.js$/, ''));
  const tagged = TAGGED.replace(/<iframe[^>]*><\/iframe>/, ''); // a blocked iframe would fetch its placeholder
  const body = `${tagged}<footer><a href="#" data-temoin="preferences">Cookie settings</a></footer>`;
  const { context, page, messages } = await open({ path, config, body });
  await ui(page, 'section.banner button[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.__ran?.length === 4);
  await page.waitForFunction(() => document.cookie.includes('temoin='));

  // Nothing but the core, and the tags run.
  site.log.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.__ran?.length === 4);
  await loadedAndIdle(page);
  assert.deepEqual(partsRequested(), [], 'no part fetched on a returning visit');
  // A page without a link of its own: the floating button, and its part alone.
  site.page(path, { config, body: tagged });
  site.log.length = 0;
  await page.reload();
  await page.locator('temoin-reopen >> button').waitFor();
  assert.deepEqual(partsRequested(), ['/dist/temoin-reopen'], 'the button\'s part alone');

  // A broken change: the returning visitor's page fails closed, naming the field.
  site.page(path, { config: { ...config, categories: { ...config.categories, performance: { cookies: '_ga' } } }, body });
  await page.reload();
  await page.waitForFunction(() => window.__temoinEvents?.some((e) => e.name === 'ready'));
  assert.equal(await page.evaluate(() => window.__ran), undefined, 'nothing tagged runs');
  assert.equal(await page.evaluate(() => window.Temoin.isAllowed('performance')), false);
  assert.ok(messages.some((m) => m.type === 'error' && m.text.includes('categories.performance.cookies: expected an array of strings')));
  await context.close();
});

test("a returning visitor's page: the page's next script finds the decision in force and Consent Mode told", async () => {
  // The configuration before the tag, so that Témoin starts as soon as its script has run; the
  // page's own script right after it reads what Témoin says.
  const path = `/core/page-${++pages}.html`;
  site.handlers[path] = htmlHandler(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Next script</title>
<script>window.dataLayer = []; window.gtag = function () { dataLayer.push(arguments); };</script>
<script type="application/json" id="temoin-config">{"revision":1,"googleConsentMode":true}</script>
<script src="/dist/temoin.min.js"></script>
<script>
  window.__seenNext = {
    method: window.Temoin.getRecord()?.method ?? null,
    performance: window.Temoin.isAllowed('performance'),
    consentMode: window.dataLayer.filter((entry) => entry[0] === 'consent').map((entry) => entry[0] + ' ' + entry[1]),
  };
</script>
</head><body><p>Article</p></body></html>`);
  const { context } = await newContext(browser);
  await watchEvents(context);
  const page = await context.newPage();
  await page.goto(site.origin + path);
  await started(page);
  assert.equal((await page.evaluate(() => window.__seenNext)).method, null, 'no decision yet on the first visit');
  await page.evaluate(() => window.Temoin.acceptAll());
  await page.waitForFunction(() => window.Temoin.getRecord()?.method === 'accept-all');
  await settled(page);
  await page.goto(site.origin + path);
  assert.deepEqual(await page.evaluate(() => window.__seenNext), {
    method: 'accept-all',
    performance: true,
    consentMode: ['consent default', 'consent update'],
  });
  await context.close();
});
