/**
 * Firefox ESR as Debian ships it, over WebDriver BiDi with puppeteer-core (playwright-core's
 * Firefox is a patched build that cannot be installed from a package).
 */
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { VIEWPORT } from '../driver.mjs';

const FIREFOX = '/usr/bin/firefox-esr';

export const missing = () => (existsSync(FIREFOX) ? null : `Firefox ESR is missing at ${FIREFOX}: run \`apt-get install -y firefox-esr\` (Debian/Ubuntu).`);

export async function launch() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
    // A call Firefox does not answer fails within the scenario's time, as a TimeoutError, rather than hang it.
    protocolTimeout: 30_000,
  });
  return {
    version: (await browser.version()).replace(/^firefox\//, 'Firefox '),
    async newSession() {
      // A user context: cookies, storage and caches of its own, as a fresh profile.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      // ` >> ` steps into a shadow root; puppeteer's `>>>` looks through every shadow root below.
      const locate = (selector) => page.locator(selector.replaceAll(' >> ', ' >>> '));
      return {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (selector) => locate(selector).click(),
        async press(key) {
          const [modifier, name] = key.includes('+') ? key.split('+') : [null, key];
          if (modifier) await page.keyboard.down(modifier);
          await page.keyboard.press(name === 'Space' ? ' ' : name);
          if (modifier) await page.keyboard.up(modifier);
        },
        cookies: async () => (await context.cookies()).map(({ name, value, domain, path }) => ({ name, value, domain, path })),
        reload: async () => void (await page.reload()),
        // BiDi's own `browsingContext.traverseHistory`: `page.goBack()` would wait for a load event,
        // which a page restored from the back/forward cache never fires.
        back: () => page.mainFrame().browsingContext.traverseHistory(-1),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
