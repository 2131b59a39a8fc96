/** Loading a page the way a scan needs it: until the network goes quiet, then a little longer for late tags. */
import type { Page } from 'playwright-core';

export interface Timing {
  /** How long to wait for a page's `load` event. */
  loadTimeoutMs: number;
  /** How long to wait at most for the network to go quiet (500 ms without a request) after `load`. */
  quietTimeoutMs: number;
  /** How long to wait after that, for tags that start on a timer. */
  lateTagsMs: number;
}

export const DEFAULT_TIMING: Timing = { loadTimeoutMs: 30_000, quietTimeoutMs: 10_000, lateTagsMs: 1_000 };

/**
 * The longest one page may take, all steps included: loading, settling, then reading its storage
 * and links, which Chromium answers within seconds but, on a machine busy with other work, not
 * within a known time. Past it the page is given up, so that no page can hold a scan for ever.
 */
export const pageBudgetMs = (timing: Timing): number => timing.loadTimeoutMs + timing.quietTimeoutMs + timing.lateTagsMs + 30_000;

/** How long closing a profile or the browser may take before it is given up. */
export const CLOSE_TIMEOUT_MS = 15_000;

/** `work`, or an error saying `what` did not finish within `ms`. */
export async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      fail(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens `url` in `page` and waits until it has settled. A page whose network never goes quiet
 * (a long poll, a chat's socket) is taken as it is after `quietTimeoutMs`. Resolves to the
 * page's HTTP error (its status and text) when it answered 4xx or 5xx, else null: an error page
 * runs scripts too, so it is settled all the same. Throws `loadError` when the page does not load at all.
 */
export async function settle(page: Page, url: string, timing: Timing): Promise<HttpError | null> {
  const response = await page.goto(url, { waitUntil: 'load', timeout: timing.loadTimeoutMs }).catch((problem: unknown) => {
    throw loadError(url, problem);
  });
  await page.waitForLoadState('networkidle', { timeout: timing.quietTimeoutMs }).catch(() => undefined);
  await page.waitForTimeout(timing.lateTagsMs);
  return httpError(response);
}

export interface HttpError {
  status: number;
  /** `answered 404 Not Found` */
  reason: string;
}

/** A navigation's answer, when it is an HTTP error. */
export function httpError(response: { status: () => number; statusText: () => string } | null): HttpError | null {
  const status = response?.status() ?? 0;
  if (!response || status < 400) return null;
  return { status, reason: `answered ${[status, response.statusText()].join(' ').trim()}` };
}

/** A page that did not load, in one line: Playwright's messages go on with a call log. */
export function loadError(url: string, problem: unknown): Error {
  const reason = problem instanceof Error ? (problem.message.split('\n')[0] ?? '') : String(problem);
  return new Error(`could not load ${url}: ${reason}`);
}
