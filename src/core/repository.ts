import { decodeRecord } from './record-codec';
import type { ConsentRecord } from './types';

/** Every value of the cookies named `name` visible to this page (several when set on other domains or paths). */
export function cookieValues(name: string): string[] {
  const values: string[] = [];
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) values.push(pair.slice(at + 1));
  }
  return values;
}

/** The newest record that decodes exactly among the consent cookies, or null. Never throws. */
export const readRecord = (name: string): ConsentRecord | null =>
  cookieValues(name)
    .map(decodeRecord)
    .reduce<ConsentRecord | null>((best, r) => (r && (!best || r.updatedAt > best.updatedAt) ? r : best), null);
