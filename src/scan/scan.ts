/**
 * `temoin scan` as a library: visits a site in Chromium three times (no decision, after Accept all,
 * after Reject all, the last two only when the site runs Témoin), all three at once, and returns
 * what each visit saw. Classifying and writing the report are separate (report.ts, outputs.ts).
 */
import { availableParallelism } from 'node:os';
import { launchChromium } from './browser';
import { classifier, type Catalogue } from './catalogue';
import { DECISION_TIMEOUT_MS, decide, type Choice, type Decision } from './decide';
import { CLOSE_TIMEOUT_MS, DEFAULT_TIMING, pageBudgetMs, within, type Timing } from './settle';
import { siteOf, type Site } from './site';
import type { VisitObservation } from './types';
import { runVisit } from './visit';

export interface ScanOptions {
  /** The start page, http(s). */
  url: string;
  /** At most this many pages per visit, the start page included (default 20). */
  pages?: number;
  /** Chromium arguments added to the scanner's own (for example `--host-resolver-rules=…`). */
  chromiumArgs?: readonly string[];
  /** Chromium's sandbox (default true); false only to scan as root, in a container or CI, sites you trust. */
  sandbox?: boolean;
  /**
   * Pages open at once in each visit. Default: two per processor, at most 8 (4 on a 2-core machine):
   * a page spends most of its time waiting, for the network to go quiet and for late tags.
   */
  tabs?: number;
  timing?: Partial<Timing>;
  catalogue?: Catalogue;
  /** Called with each progress line. */
  progress?: (line: string) => void;
}

export interface ScanResult {
  site: Site;
  startedAt: string;
  durationMs: number;
  /** Whether the start page runs Témoin (`window.Temoin`): without it, only the no-decision visit is made. */
  runsTemoin: boolean;
  /** The name of Témoin's consent cookie, as the decisions wrote it; null when the site does not run Témoin. */
  consentCookie: string | null;
  pagesLimit: number;
  visits: { none: VisitObservation; accept: VisitObservation | null; reject: VisitObservation | null };
}

export const DEFAULT_PAGES = 20;
const defaultTabs = () => Math.min(8, 2 * availableParallelism());

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const start = new URL(options.url);
  const startedAt = new Date();
  const pages = options.pages ?? DEFAULT_PAGES;
  const tabs = options.tabs ?? defaultTabs();
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const progress = options.progress ?? (() => undefined);
  const classify = classifier(options.catalogue);
  // One request kept per host and service: a host that serves two services is listed for each.
  const requestKey = (url: URL) => `${url.hostname}\n${classify.request(url)?.service.id ?? ''}`;

  const browser = await launchChromium(options.chromiumArgs ?? [], { sandbox: options.sandbox ?? true });
  try {
    const site = await within(siteOf(browser, start, timing), pageBudgetMs(timing), start.href);
    progress(`scanning ${site.start} (at most ${pages} pages per visit; first party: ${site.domain})`);
    const visit = (name: 'none' | Choice, decision: Decision | null) =>
      runVisit(browser, { visit: name, site, pages, tabs, timing, decision, requestKey, progress });
    let consentCookie: string | null = null;
    const afterDecision = async (choice: Choice) => {
      // Loading the start page, waiting for Témoin to start, then for its cookie.
      const decision = await within(decide(browser, site, choice, timing), pageBudgetMs(timing) + DECISION_TIMEOUT_MS, `${choice === 'accept' ? 'Accept' : 'Reject'} all on ${site.start}`);
      if (decision) consentCookie = decision.cookie.name;
      return decision ? visit(choice, decision) : null;
    };
    const [none, accept, reject] = await Promise.all([visit('none', null), afterDecision('accept'), afterDecision('reject')]);
    const runsTemoin = accept !== null && reject !== null;
    if (!runsTemoin)
      progress(`${site.start} does not run Témoin (no window.Temoin): no decision could be made, only the no-decision visit was scanned`);
    return {
      site,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      runsTemoin,
      consentCookie: runsTemoin ? consentCookie : null,
      pagesLimit: pages,
      visits: { none, accept: runsTemoin ? accept : null, reject: runsTemoin ? reject : null },
    };
  } finally {
    // A browser that will not close must not keep the scan from returning (the command exits anyway).
    await within(browser.close(), CLOSE_TIMEOUT_MS, 'closing Chromium').catch((problem: unknown) => {
      progress(String(problem instanceof Error ? problem.message : problem));
    });
  }
}
