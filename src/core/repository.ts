import Cookies from 'js-cookie';
import { cookieScopes } from './cookie-scopes';
import { warnOnce } from './log';
import { decodeDecision, type StoredDecision } from './record-codec';
import type { CookieConfig } from './types';

/**
 * Where a decision is kept: the first-party consent cookie, written with js-cookie. With cookies
 * disabled the decision still applies to the page (and reaches the site's other open tabs).
 */

type CookieSettings = Required<CookieConfig>;

/** Every value of the cookies named `name` visible to this page (several when set on other domains or paths). */
export function cookieValues(name: string): string[] {
  const values: string[] = [];
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) values.push(pair.slice(at + 1));
  }
  return values;
}

/** Every decision among the consent cookies that decodes exactly (see `decisionInForce` for which counts). Never throws. */
export const readDecisions = (name: string): StoredDecision[] =>
  cookieValues(name).flatMap((value) => decodeDecision(value) ?? []);

const attributes = (cookie: CookieSettings): Cookies.CookieAttributes => ({
  path: cookie.path,
  sameSite: cookie.sameSite,
  secure: location.protocol === 'https:' || cookie.sameSite === 'None',
  ...(cookie.domain ? { domain: cookie.domain } : {}),
});

/** Writes the cookie `value` of a decision taken at `decidedAt`; it expires `expiresDays` later. */
export function writeDecision(cookie: CookieSettings, value: string, decidedAt: string): void {
  Cookies.set(cookie.name, value, { ...attributes(cookie), expires: new Date(Date.parse(decidedAt) + cookie.expiresDays * 864e5) });
}

/**
 * Checks, once the decision's effects are done, that the cookie written holds: with cookies
 * disabled it says so once. Consent cookies of the same name set elsewhere (a parent domain,
 * another path: a staging site's, say) are removed, so that only the one at the configured domain
 * and path is read from now on.
 */
export function confirmDecision(cookie: CookieSettings, value: string, decidedAt: string): void {
  const values = cookieValues(cookie.name);
  if (!values.includes(value)) warnOnce('cookies are disabled: the decision applies to this page only');
  else if (values.length > 1) {
    for (const scope of cookieScopes()) Cookies.remove(cookie.name, scope);
    writeDecision(cookie, value, decidedAt);
  }
}

/** Deletes the consent cookie. */
export function forgetDecision(cookie: CookieSettings): void {
  Cookies.remove(cookie.name, attributes(cookie));
  // A cookie written before `domain` was configured is host-only: remove that one too.
  Cookies.remove(cookie.name, { path: cookie.path });
}

/**
 * A small value kept in localStorage under `key` (the notice someone closed, proofs not yet
 * delivered): read, written, or removed with `null`. Storage may be disabled or full: then it
 * reads as nothing and writing does nothing.
 */
export function stored(key: string, value?: string | null): string | null {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Disabled, or over quota.
  }
  return null;
}
