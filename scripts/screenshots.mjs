/**
 * `npm run screenshots`: pictures of the banner, the preferences dialog, an iframe placeholder and
 * the reopen button, in English and French, light and dark, on a 320 px phone and a 1280 px
 * desktop, written to screenshots/ (git-ignored) for a person to look at before a release.
 */
import { mkdirSync } from 'node:fs';
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

mkdirSync(OUT, { recursive: true });
const browser = await launch();
const site = await serveSite();
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
        await context.close();
      }
} finally {
  await browser.close();
  await site.close();
}
console.log(written.join('\n'));
