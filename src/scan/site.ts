/**
 * The site being scanned, and what counts as first party. Pages are crawled on the start page's
 * origin (scheme, host and port); a host, a cookie or a storage origin is first party when it is
 * within the site's registrable domain (`www.example.co.uk` → `example.co.uk`), which the browser
 * itself tells: it refuses a cookie on a public suffix (the probe `gtag.js` uses for its cookie domain).
 */
import type { Browser } from 'playwright-core';
import { withinDomain } from './catalogue';

export interface Site {
  /** The start page. */
  start: string;
  origin: string;
  /** The registrable domain: hosts, cookies and storage within it are first party. */
  domain: string;
}

const PROBE = '__temoin_scan_probe';

const isIpAddress = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/**
 * The shortest parent domain of `host` that takes a cookie, found in a throwaway profile on a page
 * answered by the scanner itself (nothing is sent to the site).
 */
async function registrableDomain(browser: Browser, origin: string, host: string): Promise<string> {
  if (isIpAddress(host) || !host.includes('.')) return host;
  const context = await browser.newContext();
  try {
    await context.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return await page.evaluate(
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
  } finally {
    await context.close();
  }
}

export async function siteOf(browser: Browser, start: URL): Promise<Site> {
  return { start: start.href, origin: start.origin, domain: await registrableDomain(browser, start.origin, start.hostname) };
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
