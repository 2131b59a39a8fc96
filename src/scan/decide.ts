/**
 * Making a decision on a site that runs Témoin: in a throwaway profile, the start page, then
 * `Temoin.acceptAll()` or `Temoin.rejectAll()` once Témoin is ready. What the visit keeps is the
 * consent cookie alone, recognised by its value (so any `cookie.name` works): the visit then
 * starts from a profile that holds the decision and nothing that was set before it.
 */
import type { Browser, Cookie } from 'playwright-core';
import { decodeRecord } from '../core/record-codec';
import { Recorder } from './recorder';
import { CLOSE_TIMEOUT_MS, settle, within, type Timing } from './settle';
import type { Site } from './site';
import type { SetBy } from './types';

export type Choice = 'accept' | 'reject';

/** How long Témoin may take to start, and then to write its cookie after the call. */
const READY_TIMEOUT_MS = 30_000;
const WRITE_TIMEOUT_MS = 10_000;
/** The longest a decision takes once the start page has settled. */
export const DECISION_TIMEOUT_MS = READY_TIMEOUT_MS + WRITE_TIMEOUT_MS;

/** The part of `window.Temoin` a decision needs. */
interface TemoinApi {
  acceptAll: () => void;
  rejectAll: () => void;
  on: (event: 'ready', fn: () => void) => void;
}

export interface Decision {
  cookie: Cookie;
  setBy: SetBy;
}

/** The consent cookie after `choice` and what wrote it, or null when the start page does not run Témoin. */
export async function decide(browser: Browser, site: Site, choice: Choice, timing: Timing): Promise<Decision | null> {
  const context = await browser.newContext();
  try {
    const recorder = new Recorder(site, (url) => url.hostname);
    await recorder.attach(context);
    const page = await context.newPage();
    await settle(page, site.start, timing);
    const runsTemoin = await page.evaluate(() => {
      const api = (window as { Temoin?: Partial<TemoinApi> }).Temoin;
      return typeof api?.acceptAll === 'function' && typeof api.rejectAll === 'function' && typeof api.on === 'function';
    });
    if (!runsTemoin) return null;
    const started = await page.evaluate(
      ([accept, timeout]) =>
        new Promise<boolean>((done) => {
          const api = (window as unknown as { Temoin: TemoinApi }).Temoin;
          // A site whose Témoin never starts (a configuration that never arrives) must not hold the scan.
          setTimeout(done, timeout, false);
          // `ready` is replayed to a late listener, so this runs whether Témoin has started or not.
          api.on('ready', () => {
            if (accept) api.acceptAll();
            else api.rejectAll();
            done(true);
          });
        }),
      [choice === 'accept', READY_TIMEOUT_MS] as const,
    );
    if (!started) throw new Error(`Témoin did not start within ${READY_TIMEOUT_MS / 1000} s on ${site.start}`);
    const method = choice === 'accept' ? 'accept-all' : 'reject-all';
    const deadline = Date.now() + WRITE_TIMEOUT_MS;
    for (;;) {
      const cookie = (await context.cookies()).find((c) => decodeRecord(c.value)?.method === method);
      if (cookie) return { cookie, setBy: recorder.setByOf(cookie.name, cookie.domain) };
      if (Date.now() > deadline)
        throw new Error(`Témoin did not write its cookie within ${WRITE_TIMEOUT_MS / 1000} s of ${choice}ing all on ${site.start}`);
      await page.waitForTimeout(100);
    }
  } finally {
    await within(context.close(), CLOSE_TIMEOUT_MS, 'closing a profile').catch(() => undefined);
  }
}
