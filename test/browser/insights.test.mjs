/* global URLSearchParams */
/**
 * The consent insights dashboard as a site owner meets it in Chromium: a ledger (createLedger, as
 * `temoin serve` runs it, on the embedded store) holds a known set of decisions received over
 * several days (aged with a set-back clock, demo/backdate.mjs); the owner signs in with the
 * dashboard token and reads, in English and in French, numbers in the tables under the charts that
 * are the expected counts exactly. No request leaves the ledger's origin, the strict CSP holds,
 * axe-core finds nothing in either language, light or dark, at 1280 or 320 px, and the sign-in and
 * the range can be used with the keyboard alone.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backdate } from '../../demo/backdate.mjs';
import { createLedger } from '../../dist/node/server.js';
import { EXPECTED, moments, personal } from '../node/support/decisions.mjs';
import { consoleOf, launch, problems, ROOT, closeWithin } from './harness.mjs';

const TOKEN = 'correct-horse-battery-staple-42';
/** The known decisions fall in November 2026: the range shown is that month, by day. */
const RANGE = { from: '2026-11-01', through: '2026-11-30' };
const CATEGORIES = ['advertising', 'necessary', 'performance', 'third-party'];
const CHOICES = ['acceptAll', 'rejectAll', 'custom'];
const OTHER = { en: 'Other (groups of fewer than 5)', fr: 'Autres (groupes de moins de 5)' };
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser, ledger, server, origin, folder, decisions;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'temoin-insights-'));
  ledger = createLedger({ data: join(folder, 'ledger'), dashboardToken: TOKEN, rate: 1000 });
  await ledger.ready;
  decisions = moments();
  await backdate(ledger, decisions);
  server = createServer((req, res) => ledger.node(req, res)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});
after(async () => {
  await closeWithin(browser, 'Chromium');
  server?.closeAllConnections();
  server?.close();
  await ledger?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * A fresh browser context on the dashboard (`lang`, the November range): every request it makes is
 * noted, and any to another origin refused and noted, as are console errors (a CSP violation is one).
 */
async function open(lang, options = {}) {
  const context = await browser.newContext(options);
  const requests = [];
  const offsite = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route((url) => url.origin !== origin, (route) => {
    offsite.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const messages = consoleOf(page);
  await page.goto(`${origin}/dashboard?${new URLSearchParams({ lang, ...RANGE })}`);
  return { context, page, requests, offsite, messages };
}

/** Signs in with `token` as a site owner does: types it, then presses Enter. */
async function signIn(page, token = TOKEN) {
  await page.locator('#token').fill(token);
  await Promise.all([page.waitForNavigation(), page.locator('#token').press('Enter')]);
}

/** The table captioned by `captionId`: each row's header and cells as text, the body's rows then the foot's. */
const tableRows = (page, captionId) =>
  page.locator(`#${captionId}`).evaluate((caption) =>
    [...caption.closest('table').querySelectorAll('tbody tr, tfoot tr')].map((row) => [...row.cells].map((cell) => cell.textContent.trim())),
  );

/** What the page must show for a count `of` a total: `12 (40 %)`, as the language writes numbers. */
function formats(lang) {
  const count = new Intl.NumberFormat(lang);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  return { count: (n) => count.format(n), share: (n, of) => `${count.format(n)} (${percent.format(n / of)})` };
}

/** The rows a table must have for `groups`: the label, the decisions, each choice's share, then each category's grants ('–' where none is named). */
function expectedRows(lang, groups, { label = (key) => key, choices = true, categories = CATEGORIES } = {}) {
  const f = formats(lang);
  return groups.map((group) => [
    label(group.key),
    f.count(group.decisions),
    ...(choices ? CHOICES.map((choice) => f.share(group[choice], group.decisions)) : []),
    ...categories.map((id) => (group.granted[id] === undefined ? '–' : f.share(group.granted[id], group.decisions))),
  ]);
}

const sum = (groups) => groups.reduce((total, group) => ({ ...total, decisions: total.decisions + group.decisions, ...Object.fromEntries(CHOICES.map((c) => [c, total[c] + group[c]])) }), { decisions: 0, acceptAll: 0, rejectAll: 0, custom: 0 });

for (const lang of ['en', 'fr'])
  test(`signed in, the tables under the charts give the ledger's counts exactly (${lang}), and nothing leaves the ledger's origin`, async () => {
    const { context, page, requests, offsite, messages } = await open(lang);
    assert.equal(await page.locator('table').count(), 0, 'no figure before sign-in');
    await signIn(page);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    const f = formats(lang);
    const total = sum(EXPECTED.day);

    // The summary: decisions, and each choice's share of them.
    const summary = await page.locator('#summary ~ dl.totals dd').allTextContents();
    assert.deepEqual(summary, [f.count(17), ...CHOICES.map((choice) => f.share(total[choice], 17))]);

    // Decisions per day by choice, and the total under them.
    const perDay = await tableRows(page, 'over-time-numbers');
    assert.deepEqual(perDay, [
      ...expectedRows(lang, EXPECTED.day, { categories: [] }),
      ['Total', f.count(17), ...CHOICES.map((choice) => f.share(total[choice], 17))],
    ]);
    // Each category's grant share by day.
    assert.deepEqual(await tableRows(page, 'grants-numbers'), expectedRows(lang, EXPECTED.day, { choices: false }));

    // By region, language and revision: groups of fewer than 5 merged into Other, last; a code is shown with its name.
    const named = (key) => (key === 'other' ? OTHER[lang] : key);
    const shown = async (id) => (await tableRows(page, id)).map(([label, ...cells]) => [label.endsWith(')') && !label.startsWith(OTHER[lang]) ? /\(([^)]+)\)$/.exec(label)[1] : label, ...cells]);
    assert.deepEqual(await shown('by-jurisdiction-numbers'), expectedRows(lang, EXPECTED.jurisdiction, { label: named }));
    assert.deepEqual(await shown('by-language-numbers'), expectedRows(lang, EXPECTED.language, { label: named }));
    assert.deepEqual(await tableRows(page, 'by-revision-numbers'), expectedRows(lang, EXPECTED.revision, { label: named }));
    const regions = (await tableRows(page, 'by-jurisdiction-numbers')).map(([label]) => label);
    assert.ok(regions.some((label) => label.length > 'EU'.length + 3 && label.endsWith('(EU)')), `the EU named in words: ${regions}`);

    // Nothing personal on the page, nothing asked of another origin, no CSP violation.
    const html = await page.content();
    for (const value of personal(decisions)) assert.ok(!html.includes(value), `the page shows ${value}`);
    assert.deepEqual(offsite, []);
    assert.ok(requests.every((url) => new URL(url).origin === origin), requests.join('\n'));
    assert.ok(requests.some((url) => url.endsWith('/dashboard/dashboard.css')), 'the stylesheet came from the ledger');
    assert.deepEqual(problems(messages), []);
    await context.close();
  });

test('a wrong token shows no figure: the sign-in form again, with an alert tied to the field', async () => {
  const { context, page } = await open('fr');
  await signIn(page, 'not-the-dashboard-token');
  assert.equal(await page.locator('[role="alert"]').textContent(), 'Ce n’est pas le jeton du tableau de bord.');
  assert.equal(await page.locator('#token').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#token').getAttribute('aria-describedby'), 'problem');
  assert.equal(await page.locator('table, svg, dl').count(), 0);
  await context.close();
});

/** axe-core's WCAG 2.2 AA violations on the page, as `rule: targets` lines. */
async function axe(page) {
  await page.evaluate(AXE); // through the DevTools protocol, which the page's CSP does not govern
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations), AXE_TAGS);
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Each language in each theme, each theme at each width, each language at each width: every pair, in four pages. */
const LOOKS = [
  ['en', 'light', 1280],
  ['en', 'dark', 320],
  ['fr', 'light', 320],
  ['fr', 'dark', 1280],
];

test('axe-core finds no violation, signed out and in: English and French, light and dark, 1280 and 320 px; nothing wider than a 320 px screen', async () => {
  for (const [lang, colorScheme, width] of LOOKS) {
    const where = `${lang}, ${colorScheme}, ${width} px`;
    const { context, page } = await open(lang, { colorScheme, viewport: { width, height: 800 } });
    assert.deepEqual(await axe(page), [], `sign-in, ${where}`);
    await signIn(page);
    assert.deepEqual(await axe(page), [], `dashboard, ${where}`);
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(widest <= width, `the page is ${widest} px wide at ${where}`);
    await context.close();
  }
});

test('keyboard only: sign in, set the range, show it; the wide tables scroll from the keyboard', async () => {
  const { context, page } = await open('en', { locale: 'en-US' });
  /** Presses Tab until `selector` has the focus (at most 12 times). */
  const tabTo = async (selector) => {
    for (let presses = 0; presses < 12; presses++) {
      if (await page.locator(selector).evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${selector}`);
  };
  await tabTo('#token');
  await page.keyboard.type(TOKEN);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#summary ~ dl.totals dd').first().textContent(), '17');

  // The week of the 3rd to the 9th: the 2nd's seven decisions are left out.
  await tabTo('#from');
  await page.keyboard.type('11032026');
  await tabTo('#through');
  await page.keyboard.type('11092026');
  await tabTo('form.range button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  assert.deepEqual([url.searchParams.get('from'), url.searchParams.get('through')], ['2026-11-03', '2026-11-09']);
  assert.equal(await page.locator('#summary').textContent(), 'From 2026-11-03 through 2026-11-09');
  assert.equal(await page.locator('#summary ~ dl.totals dd').first().textContent(), '10');
  assert.deepEqual((await tableRows(page, 'over-time-numbers')).map(([day, decisions]) => [day, decisions]), [['2026-11-03', '5'], ['2026-11-09', '5'], ['Total', '10']]);

  // A table wider than the screen is in a region that takes the focus, and the arrow keys scroll it.
  await context.close();
  const narrow = await open('fr', { viewport: { width: 320, height: 800 } });
  await signIn(narrow.page);
  const region = narrow.page.locator('.scroll[role="region"]', { has: narrow.page.locator('#grants-numbers') });
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.ok(await region.evaluate((element) => element.scrollWidth > element.clientWidth), 'the grants table is wider than 320 px');
  await region.focus();
  await narrow.page.keyboard.press('ArrowRight');
  await narrow.page.waitForFunction((element) => element.scrollLeft > 0, await region.elementHandle());
  await narrow.context.close();
});
