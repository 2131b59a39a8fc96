import Cookies from 'js-cookie';
import { encodeRecord } from './record-codec';
import { cookieValues } from './repository';
import type { ConsentRecord, CookieConfig } from './types';

/**
 * What a decision writes: the consent cookie, the proof sent to the site, the clean-up of a
 * withdrawn category. The script-tag build loads this with the UI, so a returning visitor who
 * decides nothing never downloads it.
 */
export { clearCategory } from './cleanup';
export { sendProof } from './proof';

/** Writes the record to the consent cookie, or deletes it for null; false when the cookie does not stick. */
export function storeRecord(cookie: Required<CookieConfig>, record: ConsentRecord | null): boolean {
  const attributes: Cookies.CookieAttributes = {
    path: cookie.path,
    sameSite: cookie.sameSite,
    secure: location.protocol === 'https:' || cookie.sameSite === 'None',
  };
  if (cookie.domain) attributes.domain = cookie.domain;
  if (!record) {
    Cookies.remove(cookie.name, attributes);
    Cookies.remove(cookie.name, { path: cookie.path });
    return true;
  }
  const value = encodeRecord(record);
  Cookies.set(cookie.name, value, { ...attributes, expires: cookie.expiresDays });
  return cookieValues(cookie.name).includes(value);
}

export type Writer = typeof import('./writer');
