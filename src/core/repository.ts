import Cookies from 'js-cookie';
import { decodeRecord, encodeRecord } from './record-codec';
import { warnOnce } from './log';
import type { ConsentRecord, CookieConfig } from './types';

/** Every value of the cookies named `name` visible to this page (several when set on other domains or paths). */
export function cookieValues(name: string): string[] {
  const values: string[] = [];
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) values.push(pair.slice(at + 1));
  }
  return values;
}

const newest = (records: (ConsentRecord | null)[]): ConsentRecord | null =>
  records.reduce<ConsentRecord | null>((best, r) => (r && (!best || r.updatedAt > best.updatedAt) ? r : best), null);

export interface Repository {
  /** The newest record that decodes exactly, from the cookie or, when cookies are off, from memory. */
  read(): ConsentRecord | null;
  write(record: ConsentRecord): void;
  remove(): void;
}

/** Stores the record in a first-party cookie; falls back to memory for the page when the cookie does not stick. */
export function createRepository(cookie: Required<CookieConfig>): Repository {
  let memory: ConsentRecord | null = null;
  let inMemory = false;
  const attributes = (): Cookies.CookieAttributes => ({
    path: cookie.path,
    sameSite: cookie.sameSite,
    secure: location.protocol === 'https:' || cookie.sameSite === 'None',
    ...(cookie.domain ? { domain: cookie.domain } : {}),
  });
  const fromCookie = () => newest(cookieValues(cookie.name).map(decodeRecord));

  return {
    read: () => (inMemory ? memory : fromCookie()),
    write(record) {
      memory = record;
      const value = encodeRecord(record);
      Cookies.set(cookie.name, value, { ...attributes(), expires: cookie.expiresDays });
      if (!cookieValues(cookie.name).includes(value)) {
        inMemory = true;
        warnOnce('cookies are unavailable: this decision is kept for this page only');
      }
    },
    remove() {
      memory = null;
      Cookies.remove(cookie.name, attributes());
      Cookies.remove(cookie.name, { path: cookie.path });
    },
  };
}
