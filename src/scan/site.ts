/**
 * The site being scanned, and what counts as first party. Pages are crawled on the start page's
 * origin (scheme, host and port), after its redirects; a host, a cookie or a storage origin is first party when it is
 * within the site's registrable domain (`www.example.co.uk` → `example.co.uk`), which the browser
 * itself tells: it refuses a cookie on a public suffix (the probe `gtag.js` uses for its cookie domain).
 */
import type { Browser, Page } from 'playwright-core';
import { withinDomain } from './catalogue';
import { httpError, loadError, type Timing } from './settle';

export interface Site {
  /** The start page. */
  start: string;
  origin: string;
  /** The registrable domain: hosts, cookies and storage within it are first party. */
  domain: string;
}

const PROBE = '__temoin_scan_probe';

const isIpAddress = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/** The shortest parent domain of `host` that takes a cookie, probed in `page` on a page of `origin` the scanner answers itself. */
async function registrableDomain(page: Page, origin: string, host: string): Promise<string> {
  if (isIpAddress(host) || !host.includes('.')) return host;
  await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
  await page.goto(`${origin}/`);
  return page.evaluate(
    ([name, fullHost]) => {
      const labels = fullHost.split('.');
      for (let i = labels.length - 2; i > 0; i -= 1) {
        const candidate = labels.slice(i).join('.');
        document.cookie = `${name}=1; domain=${candidate}; path=/`;
        const took = document.cookie.split('; ').includes(`${name}=1`);
        document.cookie = `${name}=; domain=${candidate}; path=/; max-age=0`;
        if (took) return candidate;
      }
      return fullHost;
    },
    [PROBE, host] as const,
  );
}

/**
 * The site as the browser finds it, in a throwaway profile: the start page's address after its
 * redirects (`example.com` → `https://www.example.com/`), so that the crawl follows the site's own
 * links, and its registrable domain. Throws when the start page cannot be reached or answers an HTTP error.
 */
export async function siteOf(browser: Browser, start: URL, timing: Timing): Promise<Site> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(start.href, { waitUntil: 'commit', timeout: timing.loadTimeoutMs }).catch((problem: unknown) => {
      throw loadError(start.href, problem);
    });
    // An error page is not the site: scanning from it would report on the wrong pages.
    const failed = httpError(response);
    if (failed) throw new Error(`the start page ${start.href} ${failed.reason}: give the address of a page that loads`);
    const landed = new URL(page.url());
    // The probe goes on in the same tab, which leaves the site's page as it is loading: closing a
    // tab in the middle of a load can leave Chromium waiting for ever.
    return { start: landed.href, origin: landed.origin, domain: await registrableDomain(page, landed.origin, landed.hostname) };
  } finally {
    await context.close();
  }
}

export const isFirstPartyHost = (site: Site, host: string): boolean => withinDomain(host, site.domain);

/** A cookie domain as the browser reports it (`.example.com` or `www.example.com`). */
export const isFirstPartyCookie = (site: Site, domain: string): boolean => isFirstPartyHost(site, domain.replace(/^\./, ''));

/** An http(s) URL on the site's registrable domain; anything unparsable or of another scheme is not. */
export function isFirstPartyUrl(site: Site, url: string): boolean {
  try {
    return isFirstPartyHost(site, new URL(url).hostname);
  } catch {
    return false;
  }
}
