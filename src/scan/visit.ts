/**
 * One visit of a site in a fresh profile: breadth-first over its pages, a few tabs at a time, each
 * tab going from page to page as a visitor's would (its sessionStorage goes along), recording what
 * each page writes and requests. A page that answers an HTTP error is scanned and listed as a failure.
 */
import type { Browser, Page } from 'playwright-core';
import { breadthFirst, sameOriginLinks } from './crawl';
import type { Decision } from './decide';
import { Recorder } from './recorder';
import { CLOSE_TIMEOUT_MS, pageBudgetMs, settle, within, type Timing } from './settle';
import type { Site } from './site';
import type { VisitName, VisitObservation } from './types';

export interface VisitOptions {
  visit: VisitName;
  site: Site;
  /** At most this many pages, the start page included. */
  pages: number;
  /** Pages open at once in this visit's profile. */
  tabs: number;
  timing: Timing;
  /** The decision the profile starts with (none for the no-decision visit). */
  decision: Decision | null;
  /** Groups third-party requests: one is kept per key. */
  requestKey: (url: URL) => string;
  progress: (line: string) => void;
}

export async function runVisit(browser: Browser, options: VisitOptions): Promise<VisitObservation> {
  const { site, decision, timing } = options;
  const context = await browser.newContext(decision ? { storageState: { cookies: [decision.cookie], origins: [] } } : {});
  const recorder = new Recorder(site, options.requestKey);
  if (decision) recorder.remember(decision.cookie.name, decision.cookie.domain, decision.setBy);
  const failures: VisitObservation['failures'] = [];
  try {
    await recorder.attach(context);
    let done = 0;
    const idleTabs: Page[] = [];
    const newTab = async () => {
      const page = await context.newPage();
      await recorder.watch(page);
      return page;
    };
    const pages = await breadthFirst(site.start, options.pages, options.tabs, async (url) => {
      const page = idleTabs.pop() ?? (await newTab());
      recorder.track(page, url);
      const examine = async () => {
        const failed = await settle(page, url, timing);
        // An error page is scanned all the same (it may run tags too), and listed.
        if (failed) failures.push({ page: url, reason: failed.reason, status: failed.status });
        await recorder.snapshot(page, url);
        const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href));
        return sameOriginLinks(hrefs, site.origin);
      };
      try {
        const links = await within(examine(), pageBudgetMs(timing), url);
        idleTabs.push(page);
        return links;
      } catch (problem) {
        // A tab that failed or was given up may still be busy: closed in the background, not reused.
        page.close().catch(() => undefined);
        // Without its start page a visit has nothing to say: that is the scan's error, not a finding.
        if (url === site.start) throw problem;
        failures.push({ page: url, reason: problem instanceof Error ? (problem.message.split('\n')[0] ?? '') : String(problem), status: null });
        return [];
      } finally {
        done += 1;
        options.progress(`${options.visit}: page ${done} ${url}`);
      }
    });
    return { visit: options.visit, pages, ...recorder.findings(), failures };
  } finally {
    // A profile that will not close is left to the browser's own closing.
    await within(context.close(), CLOSE_TIMEOUT_MS, 'closing a profile').catch(() => undefined);
  }
}
