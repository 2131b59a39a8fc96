/**
 * `npm run screenshots`: pictures of the banner, the preferences dialog, an iframe placeholder and
 * the reopen button, and of the consent insights dashboard (the demo's history, up to a fixed
 * day), in English and French, light and dark, on a 320 px phone and a 1280 px desktop, written
 * to screenshots/ (git-ignored) for a person to look at before a release.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backdate } from '../demo/backdate.mjs';
import { demoHistory } from '../demo/history.mjs';
import { createLedger } from '../dist/node/server.js';
import { launch, newContext, serveSite, ui } from '../test/browser/harness.mjs';

const OUT = new URL('../screenshots/', import.meta.url);
const CONFIG = {
  revision: 1,
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_ga', '_ga_*'], vendors: [{ name: 'Google Analytics', privacyPolicyUrl: 'https://policies.google.com/privacy' }] },
    advertising: { cookies: ['_fbp'], vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }, { name: 'Criteo', privacyPolicyUrl: 'https://www.criteo.com/privacy/' }] },
    'third-party': { vendors: [{ name: 'YouTube', privacyPolicyUrl: 'https://policies.google.com/privacy' }] },
  },
};
const SITE_CSS = `
  :root { color-scheme: light dark; font: 17px/1.6 Georgia, serif; }
  body { margin: 0 auto; max-width: 44rem; padding: 1rem; }
  iframe { max-width: 100%; }`;
const PARAGRAPHS = `
  <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.
  Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>
  <p>Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.
  Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.</p>`;
const ARTICLE = `${PARAGRAPHS}
  <iframe data-category="third-party" data-src="https://www.youtube-nocookie.com/embed/ID" title="Video" width="560" height="315"></iframe>
  ${PARAGRAPHS}${PARAGRAPHS}`;

const WIDTHS = [
  { name: '320', viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 },
  { name: '1280', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
];

/** The dashboard's pictures show the demo's twelve weeks up to this day, whatever the day they are taken. */
const DASHBOARD_DAY = '2026-11-30';
const DASHBOARD_TOKEN = 'screenshots-dashboard-token-0123';

/** A ledger holding the demo's history, served on 127.0.0.1 with its dashboard; `close()` removes it. */
async function dashboardLedger() {
  const folder = mkdtempSync(join(tmpdir(), 'temoin-screenshots-'));
  const ledger = createLedger({ data: join(folder, 'ledger'), dashboardToken: DASHBOARD_TOKEN, rate: 1000 });
  await ledger.ready;
  await backdate(ledger, demoHistory(Date.parse(`${DASHBOARD_DAY}T12:00:00Z`) + 86_400_000));
  const server = createServer((req, res) => ledger.node(req, res)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      server.close();
      await ledger.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

mkdirSync(OUT, { recursive: true });
const browser = await launch();
const site = await serveSite();
const dashboard = await dashboardLedger();
const written = [];
try {
  for (const lang of ['en', 'fr'])
    for (const scheme of ['light', 'dark'])
      for (const { name: width, ...size } of WIDTHS) {
        const { context } = await newContext(browser, { ...size, colorScheme: scheme, reducedMotion: 'reduce' });
        const url = site.page(`/screens/${lang}.html`, { lang, config: CONFIG, head: `<style>${SITE_CSS}</style>`, body: ARTICLE });
        const page = await context.newPage();
        const shot = async (what) => {
          await page.mouse.move(0, 0); // no hover effect in the picture
          const path = new URL(`${what}-${lang}-${scheme}-${width}.png`, OUT).pathname;
          await page.screenshot({ path });
          written.push(path);
        };
        await page.goto(url);
        await ui(page, 'section.banner').waitFor();
        await shot('banner');
        await ui(page, 'button[data-action="customize"]').click();
        await ui(page, 'dialog.dialog').waitFor();
        await shot('dialog');
        await ui(page, 'dialog.dialog button[data-action="reject-all"]').click();
        await page.locator('temoin-reopen >> button').waitFor();
        await page.locator('temoin-placeholder').scrollIntoViewIfNeeded();
        await shot('placeholder');

        const from = new Date(Date.parse(DASHBOARD_DAY) - 83 * 86_400_000).toISOString().slice(0, 10);
        await page.goto(`${dashboard.origin}/dashboard?lang=${lang}&from=${from}&through=${DASHBOARD_DAY}`);
        await page.locator('#token').fill(DASHBOARD_TOKEN);
        await Promise.all([page.waitForNavigation(), page.locator('#token').press('Enter')]);
        await shot('dashboard');
        await context.close();
      }
} finally {
  await browser.close();
  await site.close();
  await dashboard.close();
}
console.log(written.join('\n'));
