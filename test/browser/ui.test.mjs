/**
 * The banner, the preferences dialog, the iframe placeholders and the reopen button, as a visitor
 * meets them with a mouse, a keyboard or a screen reader, and as a site owner's page (its CSS,
 * its CSP, its translations) can affect them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startSuite, stopSuite, newContext, ui, consoleOf, cookieValue, until, problems, loadedAndIdle } from './harness.mjs';

let browser, site;
before(async () => ({ browser, site } = await startSuite()));
after(() => stopSuite({ browser, site }));

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };
const WIDTHS = [PHONE, DESKTOP];
const IDS = ['necessary', 'performance', 'advertising', 'third-party'];
const VIDEO = 'https://video.example/embed/1';
const IFRAME = `<iframe data-category="third-party" data-src="${VIDEO}" title="Video" width="560" height="315"></iframe>`;
/** A configuration that shows everything the dialog can show: a policy link and vendors. */
const FULL = {
  revision: 1,
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { vendors: [{ name: 'Matomo', privacyPolicyUrl: 'https://matomo.org/privacy-policy/' }] },
    advertising: { vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }, { name: 'Criteo' }] },
    'third-party': {},
  },
};
const PARAGRAPHS = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i} with <a href="#p${i}">a link</a> and enough words to wrap on a phone screen.</p>`).join('\n');

let pages = 0;
/** A fresh context and page at a new URL; `cookie` plants a consent record first. */
async function open({ config = FULL, body = '', lang = 'en', head, viewport = DESKTOP, cookie, headers, init, script, contextOptions = {} } = {}) {
  const { context, thirdParty } = await newContext(browser, { viewport, ...contextOptions });
  if (init) await context.addInitScript(init);
  const url = site.page(`/ui/page-${++pages}.html`, { config, body, lang, ...(head ? { head } : {}), ...(script ? { script } : {}) }, headers);
  if (cookie) await context.addCookies([{ name: 'temoin', value: cookie, url: site.origin }]);
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(url);
  return { context, page, thirdParty, messages, url };
}


const banner = (page) => ui(page, 'section.banner');
const dialog = (page) => ui(page, 'dialog.dialog');
const bannerButton = (page, action) => ui(page, `section.banner button[data-action="${action}"]`);
const dialogButton = (page, action) => ui(page, `dialog.dialog button[data-action="${action}"]`);
const reopen = (page) => page.locator('temoin-reopen >> button');
/** Whether the floating button is on the page or on its way (its part is fetched the first time it must show). */
const floatingButton = (page) => page.evaluate(() => !!document.querySelector('temoin-reopen, script[src*="/temoin-reopen."]'));
/** Opens the dialog from the banner and waits for it. */
async function customize(page) {
  await bannerButton(page, 'customize').click();
  await dialog(page).waitFor();
}

/** Describes the focused element, looking through shadow roots: `action:reject-all`, `switch:performance`, `link:Privacy policy`… */
const focused = (page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return 'body';
    const host = element.getRootNode().host?.localName;
    const what =
      (element.dataset.action && `action:${element.dataset.action}`) ||
      (element.getAttribute('role') === 'switch' && `switch:${element.dataset.category}`) ||
      (element.localName === 'a' && `link:${element.textContent.trim()}`) ||
      (element.classList.contains('language') && `language:${element.lang}`) ||
      (element.classList.contains('close') && 'close') ||
      `${element.localName}:${element.textContent.trim().slice(0, 40)}`;
    return host && host !== 'temoin-consent' ? `${host} ${what}` : what;
  });

/** The state of each category switch in the open dialog. */
const switches = (page) =>
  ui(page, 'button[role="switch"]').evaluateAll((list) =>
    Object.fromEntries(list.map((s) => [s.dataset.category, { on: s.getAttribute('aria-checked') === 'true', disabled: s.disabled }])),
  );

/** Runs axe-core on the whole document, shadow roots included. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'passes'] });
    const nodes = (rule) => rule.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary }));
    return {
      violations: result.violations.map((v) => ({ id: v.id, nodes: nodes(v) })),
      passes: result.passes.map((p) => ({ id: p.id, nodes: nodes(p) })),
    };
  }, AXE_TAGS);
}

/** Nodes inside `temoin-consent` that axe found under rule `id` (it names a shadow node by a path from its host). */
const inside = (rules, id) =>
  (rules.find((r) => r.id === id)?.nodes ?? []).filter((n) => Array.isArray(n.target[0]) && n.target[0][0] === 'temoin-consent');
const passedInside = (result, id) => inside(result.passes, id);

test('axe-core finds no WCAG 2.2 AA violation in the banner or the dialog: English and French, 320 and 1280 px, light and dark', async () => {
  const { context, page } = await open({ body: IFRAME });
  for (const lang of ['en', 'fr']) {
    if (lang === 'fr') await ui(page, 'section.banner button.language[lang="fr"]').click();
    for (const viewport of WIDTHS)
      for (const colorScheme of ['light', 'dark']) {
        const where = `${lang} ${viewport.width}px ${colorScheme}`;
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await banner(page).waitFor();
        const first = await axe(page);
        assert.deepEqual(first.violations, [], `banner, ${where}`);
        // Proof that the shadow root was analysed: its buttons and texts are among the passes.
        const named = passedInside(first, 'button-name').map((n) => n.html);
        for (const action of ['accept-all', 'reject-all', 'customize'])
          assert.ok(named.some((html) => html.includes(`data-action="${action}"`)), `axe checked the ${action} button, ${where}`);
        assert.ok(passedInside(first, 'color-contrast').length >= 6, `axe checked the banner's text contrast, ${where}`);

        await customize(page);
        const second = await axe(page);
        assert.deepEqual(second.violations, [], `dialog, ${where}`);
        const namedSwitches = passedInside(second, 'button-name').filter((n) => n.html.includes('role="switch"'));
        assert.equal(namedSwitches.length, IDS.length, `axe checked the name of every switch, ${where}`);
        assert.ok(passedInside(second, 'aria-allowed-attr').some((n) => n.html.startsWith('<dialog')), `axe checked the dialog's ARIA, ${where}`);
        await page.keyboard.press('Escape');
        await dialog(page).waitFor({ state: 'detached' });
      }
  }
  // The control: a theme that makes the button labels unreadable is reported, inside the shadow root.
  await page.evaluate(() => document.documentElement.style.setProperty('--temoin-button-fg', '#5b7ee8'));
  const unreadable = inside((await axe(page)).violations, 'color-contrast').map((n) => n.html);
  assert.equal(unreadable.filter((html) => html.includes('data-action=')).length, 3, 'axe reports the three banner buttons');
  await context.close();
});

/** Computed styles that make a button look more or less important. */
const LOOK = [
  'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-transform', 'text-decoration-line',
  'color', 'background-color', 'background-image', 'opacity', 'box-shadow', 'border-radius',
  ...['top', 'right', 'bottom', 'left'].flatMap((side) => [`padding-${side}`, `border-${side}-width`, `border-${side}-style`, `border-${side}-color`]),
];

/** Relative luminance contrast of two `rgb()` colours (WCAG 2). */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('Accept all, Reject all and Customize look the same (computed style, size, contrast ≥ 4.5:1) in both languages at both widths', async () => {
  for (const lang of ['en', 'fr'])
    for (const viewport of WIDTHS)
      for (const colorScheme of ['light', 'dark']) {
        const where = `${lang} ${viewport.width}px ${colorScheme}`;
        const { context, page } = await open({ lang, viewport, contextOptions: { colorScheme } });
        await banner(page).waitFor();
        const looks = await ui(page, 'section.banner .actions button').evaluateAll((buttons, props) =>
          buttons.map((b) => {
            const style = getComputedStyle(b);
            const box = b.getBoundingClientRect();
            return {
              action: b.dataset.action,
              style: Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])),
              width: box.width, height: box.height,
              clipped: b.scrollWidth > b.clientWidth || b.scrollHeight > b.clientHeight,
            };
          }), LOOK);
        assert.deepEqual(looks.map((l) => l.action), ['accept-all', 'reject-all', 'customize'], where);
        const [accept, reject, custom] = looks;
        assert.deepEqual(reject.style, accept.style, `Reject all is styled like Accept all, ${where}`);
        assert.deepEqual(custom.style, accept.style, `Customize is styled like Accept all, ${where}`);
        assert.ok(Math.abs(accept.width - reject.width) <= 1, `same width, ${where}: ${accept.width} vs ${reject.width}`);
        for (const l of looks) {
          assert.ok(Math.abs(l.height - accept.height) <= 1, `same height, ${where}: ${l.action} ${l.height} vs ${accept.height}`);
          assert.ok(!l.clipped, `${l.action} label not clipped, ${where}`);
          const ratio = contrast(l.style.color, l.style['background-color']);
          assert.ok(ratio >= 4.5, `${l.action} text contrast ${ratio.toFixed(2)}:1, ${where}`);
        }
        assert.equal(accept.style['font-weight'], '600', 'the intended font applies (a broken `font` shorthand would leave the UA default)');
        await context.close();
      }
});

test('at 320 px: no horizontal scroll, and all three banner actions and all three dialog actions are visible and on top', async () => {
  for (const lang of ['en', 'fr']) {
    const { context, page } = await open({ lang, viewport: PHONE, body: PARAGRAPHS + IFRAME });
    await banner(page).waitFor();
    await page.locator('temoin-placeholder').waitFor();
    /** For each action button: is its whole box in the viewport, and is it what a tap at its centre hits? */
    const visible = (selector) =>
      ui(page, selector).evaluateAll((buttons) =>
        buttons.map((b) => {
          const r = b.getBoundingClientRect();
          const hit = b.getRootNode().elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return { action: b.dataset.action, inside: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth, onTop: hit === b };
        }),
      );
    const noScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await noScroll(), `${lang}: no horizontal scroll with the banner`);
    for (const b of await visible('section.banner .actions button')) assert.deepEqual(b, { action: b.action, inside: true, onTop: true }, lang);
    await customize(page);
    assert.ok(await noScroll(), `${lang}: no horizontal scroll with the dialog`);
    const box = await dialog(page).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${lang}: the dialog fits the width`);
    for (const b of await visible('dialog.dialog .actions button')) assert.deepEqual(b, { action: b.action, inside: true, onTop: true }, lang);
    await context.close();
  }
});

test('the page never shifts: banner, dialog, placeholder and reopen button add no layout shift (CLS 0)', async () => {
  const { context, page } = await open({
    body: `<p>Before the video.</p>${IFRAME}<p>After the video.</p>${PARAGRAPHS}`,
    init: () => {
      window.__shifts = [];
      new window.PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          if (!entry.hadRecentInput) window.__shifts.push({ value: entry.value, sources: entry.sources.map((s) => s.node?.nodeName ?? '?') });
      }).observe({ type: 'layout-shift', buffered: true });
    },
  });
  await banner(page).waitFor();
  await page.locator('temoin-placeholder').waitFor();
  const frames = () => page.evaluate(() => new Promise((done) => window.requestAnimationFrame(() => window.requestAnimationFrame(done))));
  await frames();
  await page.evaluate(() => window.Temoin.showPreferences());
  await dialog(page).waitFor();
  await frames();
  await page.evaluate(() => window.Temoin.rejectAll());
  await reopen(page).waitFor();
  await frames();
  assert.deepEqual(await page.evaluate(() => window.__shifts), []);
  await context.close();
});

test('keyboard only: Tab reaches every banner control, Customize opens a trapped dialog, Escape closes it and focus returns', async () => {
  const { context, page } = await open({ body: PARAGRAPHS });
  await banner(page).waitFor();
  const tabs = async (count, key = 'Tab') => {
    const seen = [];
    for (let i = 0; i < count; i++) {
      await page.keyboard.press(key);
      seen.push(await focused(page));
    }
    return seen;
  };
  // The banner is first in the page's tab order.
  assert.deepEqual(await tabs(7), [
    'language:en', 'language:fr', 'link:Privacy policy', 'action:accept-all', 'action:reject-all', 'action:customize', 'link:a link',
  ]);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'action:customize');
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  assert.equal(await focused(page), 'h2:Cookie settings', 'focus moves into the dialog, on its title');
  const order = [
    'close', 'language:en', 'language:fr', 'link:Privacy policy', 'switch:performance', 'link:Matomo',
    'switch:advertising', 'link:Meta', 'switch:third-party', 'action:accept-all', 'action:reject-all', 'action:save',
  ];
  assert.deepEqual(await tabs(order.length + 1), [...order, order[0]], 'Tab visits every control once, then wraps');
  assert.deepEqual(await tabs(2, 'Shift+Tab'), [order.at(-1), order.at(-2)], 'Shift+Tab wraps backwards');
  // Space switches a category; the switch keeps its name.
  await ui(page, 'button[role="switch"][data-category="performance"]').focus();
  await page.keyboard.press('Space');
  assert.equal((await switches(page)).performance.on, true);
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'action:customize', 'focus is back on Customize');
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null, 'Escape decided nothing');

  // Deciding by keyboard; focus then lands on the reopen button (fetched while the banner asks,
  // once the page is loaded and idle), which opens the dialog again.
  await page.waitForFunction(() => window.TemoinParts?.reopen);
  await bannerButton(page, 'reject-all').focus();
  await page.keyboard.press('Enter');
  await reopen(page).waitFor();
  assert.equal(await focused(page), 'temoin-reopen button:Cookie settings');
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'temoin-reopen button:Cookie settings', 'focus is back on the reopen button');
  await context.close();
});

test('the banner never hides the page element that has keyboard focus', async () => {
  for (const viewport of WIDTHS) {
    const { context, page } = await open({ viewport, body: PARAGRAPHS });
    await banner(page).waitFor();
    await bannerButton(page, 'customize').focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const overlap = await page.evaluate(() => {
        const link = document.activeElement.getBoundingClientRect();
        const bar = document.querySelector('temoin-consent').shadowRoot.querySelector('section.banner').getBoundingClientRect();
        return { link: document.activeElement.textContent, inView: link.top >= 0 && link.bottom <= window.innerHeight, covered: link.bottom > bar.top && link.top < bar.bottom };
      });
      assert.deepEqual(overlap, { link: 'a link', inView: true, covered: false }, `${viewport.width}px, link ${i}`);
    }
    await context.close();
  }
});

test('the dialog: labelled modal, one named switch per category with its description and vendors, Always active, a status after saving', async () => {
  const { context, page } = await open();
  await banner(page).waitFor();
  await customize(page);
  const semantics = await dialog(page).evaluate((d) => {
    const root = d.getRootNode();
    const text = (ids) => ids.split(' ').map((id) => root.getElementById(id).textContent.trim()).join(' ');
    return {
      role: d.getAttribute('role'),
      modal: d.getAttribute('aria-modal'),
      open: d.open && d.matches(':modal'),
      name: text(d.getAttribute('aria-labelledby')),
      categories: Array.from(d.querySelectorAll('button[role="switch"]'), (s) => ({
        id: s.dataset.category,
        name: text(s.getAttribute('aria-labelledby')),
        description: text(s.getAttribute('aria-describedby')).length > 40,
        checked: s.getAttribute('aria-checked'),
        disabled: s.disabled,
        always: s.closest('li').textContent.includes('Always active'),
        vendors: Array.from(s.closest('li').querySelectorAll('.vendors a'), (a) => [a.textContent, a.getAttribute('href')]),
      })),
    };
  });
  assert.deepEqual(semantics, {
    role: 'dialog', modal: 'true', open: true, name: 'Cookie settings',
    categories: [
      { id: 'necessary', name: 'Strictly necessary', description: true, checked: 'true', disabled: true, always: true, vendors: [] },
      { id: 'performance', name: 'Performance', description: true, checked: 'false', disabled: false, always: false, vendors: [['Matomo', 'https://matomo.org/privacy-policy/']] },
      { id: 'advertising', name: 'Advertising', description: true, checked: 'false', disabled: false, always: false, vendors: [['Meta', 'https://www.facebook.com/privacy/policy']] },
      { id: 'third-party', name: 'Third-party content and social media', description: true, checked: 'false', disabled: false, always: false, vendors: [] },
    ],
  });
  assert.match(await ui(page, 'dialog.dialog li:has([data-category="advertising"]) .vendors').textContent(), /Meta.*Criteo/, 'a vendor without a policy URL is named');

  // The accessibility tree: switches named by their title, the required one disabled and on.
  const snapshot = await dialog(page).ariaSnapshot();
  assert.match(snapshot, /switch "Strictly necessary" \[checked\] \[disabled\]/);
  assert.match(snapshot, /switch "Performance"(?! \[checked\])/);

  await ui(page, 'button[role="switch"][data-category="advertising"]').click();
  await dialogButton(page, 'save').click();
  await dialog(page).waitFor({ state: 'detached' });
  // The status comes with the decision's events, which follow the frame that hides the dialog.
  await ui(page, '[role="status"]').filter({ hasText: 'Your choices have been saved.' }).waitFor({ state: 'attached' });
  assert.equal(await ui(page, '[role="status"]').textContent(), 'Your choices have been saved.');
  const record = await page.evaluate(() => window.Temoin.getRecord());
  assert.deepEqual([record.granted, record.method], [['necessary', 'advertising'], 'custom']);

  // Reopened, it shows the stored choices.
  await reopen(page).click();
  await dialog(page).waitFor();
  assert.deepEqual(await switches(page), {
    necessary: { on: true, disabled: true }, performance: { on: false, disabled: false },
    advertising: { on: true, disabled: false }, 'third-party': { on: false, disabled: false },
  });
  await context.close();
});

test('Escape and the close button never grant anything, on a first visit or a return visit', async () => {
  const { context, page, thirdParty } = await open({ body: IFRAME });
  await banner(page).waitFor();
  await bannerButton(page, 'accept-all').focus();
  await page.keyboard.press('Escape');
  assert.equal(await banner(page).isVisible(), true, 'Escape on the banner changes nothing');
  await customize(page);
  for (const id of IDS.slice(1)) await ui(page, `button[role="switch"][data-category="${id}"]`).click();
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  await customize(page);
  assert.ok(Object.values(await switches(page)).every((s) => s.on === s.disabled), 'reopened without a decision, only the required category is on');
  for (const id of IDS.slice(1)) await ui(page, `button[role="switch"][data-category="${id}"]`).click();
  await ui(page, 'dialog.dialog button.close').click();
  await dialog(page).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.Temoin.getRecord()), null);
  assert.equal(await page.evaluate((ids) => ids.slice(1).some((id) => window.Temoin.isAllowed(id)), IDS), false);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(thirdParty, []);
  await context.close();

  const stored = cookieValue({ method: 'r', granted: ['necessary'], refused: IDS.slice(1) });
  const back = await open({ cookie: stored });
  await reopen(back.page).click();
  await dialog(back.page).waitFor();
  for (const id of IDS.slice(1)) await ui(back.page, `button[role="switch"][data-category="${id}"]`).click();
  await back.page.keyboard.press('Escape');
  await dialog(back.page).waitFor({ state: 'detached' });
  assert.deepEqual((await back.page.evaluate(() => window.Temoin.getRecord())).granted, ['necessary']);
  // The last field is the configuration's fingerprint, which the first visit with it may add.
  const decision = (value) => value.replace(/~[0-9a-z]*$/, '');
  assert.equal(decision((await back.context.cookies())[0].value), decision(stored), 'the stored decision is untouched');
  await back.context.close();
});

test('host-page CSS cannot hide, shrink or restyle Témoin', async () => {
  const hostile = `<style>
    * { font-size: 4px !important; }
    button { display: none !important; }
    div { color: transparent; }
    section, dialog, p, h2 { display: none !important; }
    temoin-consent, temoin-reopen, temoin-placeholder { display: none !important; visibility: hidden !important; opacity: 0 !important;
      position: absolute !important; left: -9999px !important; width: 0 !important; height: 0 !important; overflow: hidden !important;
      transform: scale(0) !important; clip-path: inset(50%) !important; filter: opacity(0) !important; z-index: -1 !important; }
    body > :not(main) { display: none !important; }
  </style>`;
  const { context, page } = await open({ head: hostile, body: IFRAME, viewport: PHONE });
  await banner(page).waitFor({ state: 'visible' });
  const look = await bannerButton(page, 'reject-all').evaluate((b) => {
    const style = getComputedStyle(b);
    return { fontSize: style.fontSize, display: style.display, color: style.color };
  });
  assert.deepEqual(look, { fontSize: '15px', display: 'block', color: 'rgb(255, 255, 255)' });
  assert.ok((await banner(page).boundingBox()).height > 150, 'the banner keeps its size');
  assert.notEqual(await ui(page, 'section.banner p').first().evaluate((p) => getComputedStyle(p).color), 'rgba(0, 0, 0, 0)');
  await page.locator('temoin-placeholder button').waitFor({ state: 'visible' });
  await customize(page);
  await dialogButton(page, 'reject-all').click();
  await reopen(page).waitFor({ state: 'visible' });
  await reopen(page).click();
  await dialog(page).waitFor({ state: 'visible' });
  await context.close();
});

test('Témoin\'s CSS does not touch the page', async () => {
  const body = '<h2 class="head">Title</h2><p class="status">Text</p><button class="button switch">Page button</button><a class="link" href="#">Link</a><div class="root banner actions">Box</div>';
  const read = (page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('main > :not(h1)'), (e) => {
        const s = getComputedStyle(e);
        return [e.localName, s.font, s.color, s.backgroundColor, s.padding, s.border, s.position, s.display, s.margin, s.boxSizing].join('|');
      }),
    );
  const plain = await open({ body, script: '', config: undefined });
  const expected = await read(plain.page);
  await plain.context.close();
  const { context, page } = await open({ body });
  await banner(page).waitFor();
  await customize(page);
  assert.deepEqual(await read(page), expected);
  assert.equal(await page.evaluate(() => document.styleSheets.length), 0, 'no stylesheet added to the document');
  await context.close();
});

test('theming: --temoin-* custom properties, prefers-color-scheme and prefers-reduced-motion', async () => {
  const head = '<link rel="stylesheet" href="/test/browser/fixtures/ui-theme.css">';
  const { context, page } = await open({ head, viewport: DESKTOP });
  await banner(page).waitFor();
  const colours = () =>
    bannerButton(page, 'accept-all').evaluate((b) => {
      const bar = b.closest('section');
      return { bar: getComputedStyle(bar).backgroundColor, text: getComputedStyle(bar).color, button: getComputedStyle(b).backgroundColor, radius: getComputedStyle(bar).borderTopLeftRadius };
    });
  assert.deepEqual(await colours(), { bar: 'rgb(255, 248, 231)', text: 'rgb(51, 34, 17)', button: 'rgb(122, 46, 14)', radius: '0px' });
  await context.close();

  const plain = await open({ contextOptions: { colorScheme: 'dark', reducedMotion: 'reduce' } });
  await banner(plain.page).waitFor();
  const dark = await banner(plain.page).evaluate((bar) => ({ bg: getComputedStyle(bar).backgroundColor, animation: getComputedStyle(bar).animationName }));
  assert.deepEqual(dark, { bg: 'rgb(31, 41, 55)', animation: 'none' });
  await customize(plain.page);
  const toggle = ui(plain.page, 'button[role="switch"][data-category="performance"]');
  assert.equal(await toggle.evaluate((s) => getComputedStyle(s, '::after').transitionDuration), '0s');
  await dialogButton(plain.page, 'reject-all').click();
  assert.equal(await reopen(plain.page).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(147, 197, 253)', 'the reopen button is dark too');
  await plain.context.close();

  const moving = await open({ contextOptions: { colorScheme: 'light' } });
  await banner(moving.page).waitFor();
  const light = await banner(moving.page).evaluate((bar) => ({ bg: getComputedStyle(bar).backgroundColor, animation: getComputedStyle(bar).animationName }));
  assert.deepEqual(light, { bg: 'rgb(255, 255, 255)', animation: 'rise' });
  await moving.context.close();
});

/** Page-side collector of CSP violations, installed before any script of the page runs. */
const collectViolations = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`), true);
};
const FRAME = '/test/browser/fixtures/ui-frame.html';

test("under Content-Security-Policy: default-src 'self' (no unsafe-inline), and with a nonce, nothing is blocked", async () => {
  const setups = [
    { csp: "default-src 'self'", script: undefined },
    { csp: "default-src 'self'; script-src 'nonce-r4nd0m'", script: '<script src="/dist/temoin.min.js" nonce="r4nd0m"></script>' },
  ];
  for (const { csp, script } of setups) {
    const body = `<iframe data-category="third-party" data-src="${FRAME}" title="Same-site video" width="400" height="200"></iframe>`;
    const { context, page, messages } = await open({ body, headers: { 'content-security-policy': csp }, init: collectViolations, ...(script ? { script } : {}) });
    await banner(page).waitFor();
    await page.locator('temoin-placeholder button').waitFor();
    await customize(page);
    await ui(page, 'button[role="switch"][data-category="performance"]').click();
    await dialogButton(page, 'save').click();
    await reopen(page).waitFor();
    await page.locator('temoin-placeholder button').click();
    await page.waitForFunction((src) => document.querySelector('iframe')?.contentDocument?.title === 'Frame' && src, FRAME);
    await reopen(page).click();
    await dialog(page).waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), [], csp);
    assert.deepEqual(problems(messages), [], csp);
    if (script) assert.equal(await page.evaluate(() => Array.from(document.querySelectorAll('script[src]'), (s) => s.nonce).filter((n) => n !== 'r4nd0m').length), 0, 'every part loaded with the nonce');
    await context.close();
  }
});

test('translations and configuration strings are text, never markup', async () => {
  const attack = (n) => `<img src=x onerror="window.__xss=${n}">`;
  const config = {
    ...FULL,
    privacyPolicyUrl: 'javascript:window.__xss=10',
    categories: {
      necessary: { required: true },
      performance: { vendors: [{ name: attack(1), privacyPolicyUrl: 'javascript:window.__xss=11' }, { name: 'Data', privacyPolicyUrl: 'data:text/html,<script>parent.__xss=12</script>' }] },
      'third-party': {},
    },
    translations: {
      en: {
        banner: { title: attack(2), text: '<script>window.__xss=3</script>' },
        preferences: { title: `<b>${attack(4)}</b>`, saved: attack(5) },
        categories: { performance: { title: attack(6), description: attack(7) } },
        placeholder: { text: `${attack(8)} {host}`, allow: attack(9) },
        reopen: attack(13),
      },
    },
  };
  // Inline JSON that says `</script>` would end its own element: `<` is escaped, as a site's server would do.
  const { context, page, messages } = await open({ config: JSON.stringify(config).replace(/</g, '\\u003c'), body: IFRAME });
  await banner(page).waitFor();
  assert.equal(await ui(page, 'section.banner h2').textContent(), attack(2));
  assert.equal(await ui(page, 'section.banner a').count(), 0, 'a javascript: policy URL is not a link');
  await customize(page);
  assert.equal(await ui(page, 'dialog.dialog h2').textContent(), `<b>${attack(4)}</b>`);
  assert.equal(await ui(page, '.vendors a').count(), 0, 'javascript: and data: vendor URLs are not links');
  assert.match(await ui(page, '.vendors').textContent(), /<img src=x/);
  await dialogButton(page, 'save').click();
  await reopen(page).waitFor();
  assert.equal(await reopen(page).textContent(), attack(13));
  assert.equal(await page.locator('temoin-placeholder button').textContent(), attack(9));
  const markup = await page.evaluate(() => {
    const roots = [document, ...Array.from(document.querySelectorAll('temoin-consent, temoin-reopen, temoin-placeholder'), (h) => h.shadowRoot)];
    return roots.reduce((n, root) => n + root.querySelectorAll('img, script:not([src]):not([type]), b').length, 0);
  });
  assert.equal(markup, 0, 'no element was made from a string');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(site.log.some((r) => r.path.endsWith('/x')), false, 'no image request');
  assert.deepEqual(problems(messages), []);
  await context.close();
});

test('no HTML sink in the UI sources', () => {
  const dir = new URL('../../src/ui/', import.meta.url);
  for (const file of readdirSync(dir)) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML|createContextualFragment|DOMParser/, file);
  }
});

test('language auto: <html lang> first, then the browser languages, then English; any fr-* is French, fr-CA Québec French', async () => {
  const cases = [
    { lang: 'fr-CA', locale: 'en-US', expected: 'fr-CA' },
    { lang: 'fr-BE', locale: 'en-US', expected: 'fr' },
    { lang: 'en', locale: 'fr-FR', expected: 'en' },
    { lang: '', locale: 'fr-BE', expected: 'fr' },
    { lang: 'de', locale: 'de-DE', expected: 'en' },
  ];
  const texts = {
    en: ['Your privacy choices', /We use cookies/],
    fr: ['Vos choix de confidentialité', /des cookies/],
    'fr-CA': ['Vos choix de confidentialité', /des témoins/],
  };
  for (const { lang, locale, expected } of cases) {
    const { context, page } = await open({ lang, contextOptions: { locale } });
    await banner(page).waitFor();
    const shown = await banner(page).evaluate((b) => ({ lang: b.closest('[lang]').lang, title: b.querySelector('h2').textContent, text: b.querySelector('p').textContent }));
    const [title, text] = texts[expected];
    assert.deepEqual({ lang: shown.lang, title: shown.title }, { lang: expected, title }, `${lang} / ${locale}`);
    assert.match(shown.text, text, `${lang} / ${locale}`);
    await context.close();
  }
});

test('the language switcher re-renders in place, keeps choices and focus; the language is in the record and used where the page does not say its own', async () => {
  const { context, page } = await open({ body: IFRAME, lang: '' });
  await banner(page).waitFor();
  await page.evaluate(() => {
    window.__section = document.querySelector('temoin-consent').shadowRoot.querySelector('section.banner');
  });
  await ui(page, 'section.banner button.language[lang="fr"]').click();
  await ui(page, 'section.banner h2:text("Vos choix de confidentialité")').waitFor();
  assert.equal(await page.evaluate(() => window.__section.isConnected && window.__section === document.querySelector('temoin-consent').shadowRoot.querySelector('section.banner')), true, 'same element');
  assert.equal(await focused(page), 'language:fr', 'focus stays on the switcher');
  assert.equal(await ui(page, 'section.banner button.language[lang="fr"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await bannerButton(page, 'reject-all').textContent(), 'Tout refuser');
  await page.locator('temoin-placeholder button:text("Autoriser")').waitFor();

  await customize(page);
  await ui(page, 'button[role="switch"][data-category="performance"]').click();
  await ui(page, 'dialog.dialog button.language[lang="en"]').click();
  await ui(page, 'dialog.dialog h2:text("Cookie settings")').waitFor();
  assert.equal((await switches(page)).performance.on, true, 'a switched-on category stays on');
  await ui(page, 'dialog.dialog button.language[lang="fr"]').click();
  await dialogButton(page, 'save').click();
  await reopen(page).waitFor();
  assert.equal((await page.evaluate(() => window.Temoin.getRecord())).language, 'fr');

  await page.reload();
  await reopen(page).waitFor();
  assert.equal(await reopen(page).textContent(), 'Paramètres des cookies');
  await reopen(page).click();
  await ui(page, 'dialog.dialog h2:text("Paramètres des cookies")').waitFor();

  // A page that says it is English (a bilingual site's English pages) speaks English.
  await page.goto(site.page(`/ui/page-${++pages}.html`, { config: FULL, lang: 'en' }));
  await reopen(page).waitFor();
  assert.equal(await reopen(page).textContent(), 'Cookie settings');
  await context.close();
});

test('translations override keys and add languages, which appear in the switcher', async () => {
  const config = {
    ...FULL,
    translations: {
      fr: { banner: { title: 'Vos choix' } },
      de: { banner: { title: 'Ihre Datenschutz-Einstellungen' }, actions: { acceptAll: 'Alle akzeptieren', rejectAll: 'Alle ablehnen', customize: 'Anpassen' } },
    },
  };
  const { context, page } = await open({ config, lang: 'fr' });
  await banner(page).waitFor();
  assert.equal(await ui(page, 'section.banner h2').textContent(), 'Vos choix');
  assert.equal(await bannerButton(page, 'accept-all').textContent(), 'Tout accepter', 'the other French texts stay');
  assert.deepEqual(await ui(page, 'section.banner button.language').allTextContents(), ['English', 'Français', 'Deutsch']);
  await ui(page, 'section.banner button.language[lang="de"]').click();
  await ui(page, 'section.banner h2:text("Ihre Datenschutz-Einstellungen")').waitFor();
  assert.equal(await bannerButton(page, 'reject-all').textContent(), 'Alle ablehnen');
  assert.equal(await ui(page, 'section.banner p').first().textContent().then((t) => t.startsWith('We use')), true, 'missing keys fall back to English');
  await bannerButton(page, 'accept-all').click();
  assert.equal((await page.evaluate(() => window.Temoin.getRecord())).language, 'de');
  await context.close();

  const german = await open({ config, lang: 'de-AT' });
  await ui(german.page, 'section.banner h2:text("Ihre Datenschutz-Einstellungen")').waitFor();
  await german.context.close();
});

test('an iframe placeholder explains what is blocked, in the page language, and its button grants exactly that category', async () => {
  const { context, page, thirdParty } = await open({ lang: 'fr', body: IFRAME });
  const placeholder = page.locator('temoin-placeholder');
  await placeholder.locator('button').waitFor();
  assert.match(await placeholder.locator('p').textContent(), /video\.example.*«\u00a0Contenus tiers et réseaux sociaux\u00a0»/);
  assert.equal(await placeholder.locator('button').textContent(), 'Autoriser «\u00a0Contenus tiers et réseaux sociaux\u00a0»');
  assert.deepEqual(thirdParty, []);
  await placeholder.locator('button').click();
  await page.waitForFunction((src) => document.querySelector('iframe').getAttribute('src') === src, VIDEO);
  const record = await page.evaluate(() => window.Temoin.getRecord());
  assert.deepEqual([record.granted, record.refused], [['necessary', 'third-party'], ['performance', 'advertising']]);
  await placeholder.waitFor({ state: 'detached' });
  assert.equal(await page.locator('iframe').isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.localName), 'iframe', 'focus moves on to the content it let in');
  await until(() => thirdParty.includes(VIDEO), 'the iframe loads');
  await context.close();

  // With a decision already made, it adds its category and keeps the others.
  const stored = cookieValue({ method: 'c', granted: ['necessary', 'performance'], refused: ['advertising', 'third-party'] });
  const back = await open({ body: IFRAME, cookie: stored });
  await back.page.locator('temoin-placeholder button').click();
  await back.page.waitForFunction((src) => document.querySelector('iframe').getAttribute('src') === src, VIDEO);
  assert.deepEqual((await back.page.evaluate(() => window.Temoin.getRecord())).granted, ['necessary', 'performance', 'third-party']);
  await back.context.close();

  // Content of the site itself (a same-site player) names no other host.
  const own = await open({ body: '<iframe data-category="third-party" data-src="/player.html" title="Our player" width="320" height="180"></iframe>' });
  await own.page.locator('temoin-placeholder button').waitFor();
  assert.equal(
    await own.page.locator('temoin-placeholder p').textContent(),
    'This content may set its own cookies. It stays blocked until you allow “Third-party content and social media”.',
  );
  await own.context.close();
});

test('the floating button never shows over the banner: none once the page is loaded and idle with the banner up (its part fetched), then there after the decision', async () => {
  const { context, page } = await open();
  await banner(page).waitFor();
  await loadedAndIdle(page);
  // Its part is fetched meanwhile, so that it is there once the decision is taken: not shown.
  await page.waitForFunction(() => window.TemoinParts?.reopen);
  await page.evaluate(() => new Promise((painted) => window.requestAnimationFrame(painted)));
  assert.equal(await page.locator('temoin-reopen').count(), 0, 'no floating button while the banner asks');
  await bannerButton(page, 'accept-all').click();
  await banner(page).waitFor({ state: 'detached' });
  await reopen(page).waitFor();
  assert.equal(await reopen(page).textContent(), 'Cookie settings');
  await context.close();
});

test('reopening: the page\'s own data-temoin="preferences" control, the Cookie settings button where the page has none (or with reopenButton: true, never with false), and Temoin.showPreferences()', async () => {
  const stored = cookieValue({ method: 'c', granted: ['necessary', 'performance'], refused: ['advertising', 'third-party'] });
  const link = '<p><a href="#settings" data-temoin="preferences">Manage cookies</a></p>';
  const { context, page } = await open({ body: link, cookie: stored });
  await page.waitForFunction(() => window.Temoin.getRecord() !== null);
  await loadedAndIdle(page);
  assert.equal(await floatingButton(page), false, 'the page\'s own control is the way back: no second one floats over the page');
  await page.locator('a[data-temoin="preferences"]').focus();
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  assert.deepEqual(await switches(page), {
    necessary: { on: true, disabled: true }, performance: { on: true, disabled: false },
    advertising: { on: false, disabled: false }, 'third-party': { on: false, disabled: false },
  });
  // The visitor's consent id, as text they can select and quote in a request.
  const { id } = await page.evaluate(() => window.Temoin.getRecord());
  assert.equal(await ui(page, 'dialog.dialog .consent-id code').textContent(), id);
  assert.match(await ui(page, 'dialog.dialog .consent-id').textContent(), /^Your consent ID/);
  assert.equal(new URL(page.url()).hash, '', 'the link does not navigate');
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.temoin), 'preferences', 'focus is back on the link');
  // The button follows each change of view at once: closing the dialog has not built one.
  assert.equal(await floatingButton(page), false, 'nor after the dialog closes');
  await page.evaluate(() => window.Temoin.showPreferences());
  await dialog(page).waitFor();
  await context.close();

  // Deciding from the banner with the keyboard: no button to land on, the next Tab starts at the top of the page.
  const keyboard = await open({ body: link });
  await bannerButton(keyboard.page, 'reject-all').focus();
  await keyboard.page.keyboard.press('Enter');
  await banner(keyboard.page).waitFor({ state: 'detached' });
  await keyboard.page.keyboard.press('Tab');
  assert.equal(await focused(keyboard.page), 'link:Manage cookies');
  await keyboard.context.close();

  const bare = await open({ cookie: stored });
  await reopen(bare.page).waitFor();
  assert.equal(await reopen(bare.page).textContent(), 'Cookie settings', 'a page without a control of its own gets the button');
  await bare.context.close();

  const both = await open({ config: { ...FULL, reopenButton: true }, body: link, cookie: stored });
  await reopen(both.page).waitFor();
  await both.page.locator('a[data-temoin="preferences"]').click();
  await dialog(both.page).waitFor();
  assert.equal(await reopen(both.page).count(), 0, 'the floating button steps aside while the dialog is open');
  await both.context.close();

  const hidden = await open({ config: { ...FULL, reopenButton: false } });
  await bannerButton(hidden.page, 'reject-all').click();
  await banner(hidden.page).waitFor({ state: 'detached' });
  await loadedAndIdle(hidden.page);
  assert.equal(await floatingButton(hidden.page), false);
  await hidden.page.reload();
  await hidden.page.waitForFunction(() => window.Temoin.getRecord() !== null);
  await loadedAndIdle(hidden.page);
  assert.equal(await floatingButton(hidden.page), false);
  await hidden.context.close();
});
