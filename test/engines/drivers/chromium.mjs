/** Chromium through playwright-core, as the Chromium-only suite drives it (Debian's /usr/bin/chromium, or $TEMOIN_CHROMIUM). */
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, NO_CHROMIUM } from '../../browser/harness.mjs';
import { VIEWPORT } from '../driver.mjs';

export const missing = () => (chromiumPath() ? null : NO_CHROMIUM);

export async function launch() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_FLAGS,
    // Playwright turns the back/forward cache off by default; a visitor's Chromium has it on.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  return {
    version: `Chromium ${browser.version()}`,
    async newSession() {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (selector) => page.locator(selector).click(),
        press: (key) => page.keyboard.press(key),
        cookies: async () => (await context.cookies()).map(({ name, value, domain, path }) => ({ name, value, domain, path })),
        reload: async () => void (await page.reload()),
        // Not waiting for a load event, which a page restored from the back/forward cache never fires.
        back: async () => void (await page.goBack({ waitUntil: 'commit' })),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
