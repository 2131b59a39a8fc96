import Cookies from 'js-cookie';
import type { CookieConfig } from './types';

/**
 * What a decision writes: the consent cookie, the proof sent to the site, the clean-up of a
 * withdrawn category. The script-tag build loads this part only when a decision is stored, so a
 * returning visitor who decides nothing never downloads it.
 */
export { clearCategory } from './cleanup';
export { sendProof } from './proof';

/** Writes the encoded record to the consent cookie until `expires`, or deletes the cookie for null. */
export function storeRecord(cookie: Required<CookieConfig>, value: string | null, expires?: Date): void {
  const attributes: Cookies.CookieAttributes = {
    path: cookie.path,
    sameSite: cookie.sameSite,
    secure: location.protocol === 'https:' || cookie.sameSite === 'None',
  };
  if (cookie.domain) attributes.domain = cookie.domain;
  if (value) Cookies.set(cookie.name, value, { ...attributes, expires });
  else {
    Cookies.remove(cookie.name, attributes);
    // A cookie written before `domain` was configured is host-only: remove that one too.
    Cookies.remove(cookie.name, { path: cookie.path });
  }
}

export type Writer = typeof import('./writer');
