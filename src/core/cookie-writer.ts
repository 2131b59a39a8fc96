import Cookies from 'js-cookie';
import { cookieScopes } from './cookie-scopes';
import { warnOnce } from './log';
import { cookieValues } from './repository';
import type { CookieConfig } from './types';

/**
 * Writes the consent cookie, with js-cookie. With cookies disabled the decision still applies to
 * the page (and reaches the site's other open tabs).
 */

type CookieSettings = Required<CookieConfig>;

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
