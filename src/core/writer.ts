import Cookies from 'js-cookie';
import { warnOnce } from './log';
import { sendProof } from './proof';
import type { ConsentRecord, CookieConfig, ResolvedConfig } from './types';

/**
 * What a decision writes: the consent cookie, the proof sent to the site, the clean-up of a
 * withdrawn category. The script-tag build loads this part only when a decision is stored, so a
 * returning visitor who decides nothing never downloads it.
 */
export { clearCategory } from './cleanup';

const attributes = (cookie: Required<CookieConfig>): Cookies.CookieAttributes => ({
  path: cookie.path,
  sameSite: cookie.sameSite,
  secure: location.protocol === 'https:' || cookie.sameSite === 'None',
  ...(cookie.domain ? { domain: cookie.domain } : {}),
});

/**
 * Writes `record` down as the cookie `value`, expiring `expiresDays` after the decision (writing
 * it again never extends it), and sends its proof to the site when `prove`.
 */
export function storeRecord(config: ResolvedConfig, record: ConsentRecord, value: string, prove: boolean): void {
  const { cookie } = config;
  Cookies.set(cookie.name, value, { ...attributes(cookie), expires: new Date(Date.parse(record.updatedAt) + cookie.expiresDays * 864e5) });
  // Cookies disabled: the decision lives on in this page (and reaches the site's other open tabs).
  if (!document.cookie.includes(value)) warnOnce('cookies are disabled: the decision applies to this page only');
  if (prove && config.recordEndpoint) sendProof(config.recordEndpoint, record);
}

/** Deletes the consent cookie. */
export function forgetRecord(cookie: Required<CookieConfig>): void {
  Cookies.remove(cookie.name, attributes(cookie));
  // A cookie written before `domain` was configured is host-only: remove that one too.
  Cookies.remove(cookie.name, { path: cookie.path });
}

export type Writer = typeof import('./writer');
