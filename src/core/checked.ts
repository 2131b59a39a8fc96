import { cookieValues } from './repository';
import { CHECKED_COOKIE } from '../checked-cookie';

/**
 * Which configurations this browser has already checked and found valid: the same text under the
 * same version of Témoin is valid again, so a regular visitor's page view skips the checks (and
 * does not download them). A text never checked here is checked before anything reads it.
 *
 * Kept as fingerprints in a small cookie of the origin (a site may serve more than one
 * configuration), not in localStorage: the page reads its cookies anyway, and the first use of
 * localStorage on a page is a round trip to the browser's storage that cost a returning visit
 * more than everything else it reads (ADR 0064). Written only once Témoin stores something for the
 * visitor anyway (see controller.ts).
 */

/** Configurations remembered per origin: the newest few. */
const KEPT = 4;

/**
 * A 64-bit fingerprint of `text` under this version of Témoin: two FNV-1a hashes with different
 * primes. Each step of FNV-1a is a bijection of its state, so a text that differs in one character
 * always differs in both; any other edit, or another version, gives the same fingerprint by a
 * chance of one in 2⁶⁴.
 */
export function fingerprint(text: string): string {
  const input = `${TEMOIN_VERSION}\n${text}`;
  let a = 0x811c9dc5;
  let b = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    a = Math.imul(a ^ input.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ input.charCodeAt(i), 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}-${(b >>> 0).toString(36)}`;
}

/** The fingerprints found valid, newest first. */
const remembered = (): string[] => (cookieValues(CHECKED_COOKIE)[0] ?? '').split('.').filter(Boolean);

export const wasChecked = (text: string): boolean => remembered().includes(fingerprint(text));

/** Whether this browser has found any configuration valid (under this version of Témoin or an earlier one): not on a first visit. */
export const checkedAny = (): boolean => remembered().length > 0;

const keep = (value: string, days: number) => {
  document.cookie = `${CHECKED_COOKIE}=${value}; path=/; max-age=${days * 86400}; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
};

/** Remembers `text` as found valid, for `days` (the consent cookie's lifetime). */
export function rememberChecked(text: string, days: number): void {
  const added = fingerprint(text);
  keep([added, ...remembered().filter((other) => other !== added)].slice(0, KEPT).join('.'), days);
}

/** Forgets them all, with the visitor's decision: nothing stays stored for a visitor who has none. */
export const forgetChecked = (): void => {
  keep('', 0);
};
