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

/** A decision as stored: the record, and the fingerprint of the configuration found valid with it. */
export interface StoredDecision {
  record: ConsentRecord;
  checked: string;
}

/** The newest decision that decodes exactly among the consent cookies, or null. Never throws. */
export function readDecision(name: string): StoredDecision | null {
  let newest: StoredDecision | null = null;
  for (const value of cookieValues(name)) {
    const record = decodeRecord(value);
    if (record && (!newest || record.updatedAt > newest.record.updatedAt))
      newest = { record, checked: value.slice(value.lastIndexOf('~') + 1) };
  }
  return newest;
}
