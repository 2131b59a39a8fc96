import { CATEGORY_ID, JURISDICTION, LANGUAGE_CODE, unanchored, UUID_V4 } from './record';
import type { ConsentMethod, ConsentModel, ConsentRecord } from './record';

/**
 * The consent cookie's value: fields separated by `~`, category lists by `.`.
 *   2~<uuid>~<createdAt>~<updatedAt>~<revision>~<a|r|c>~<language>~<gpc 0|1>~<granted>~<refused>~<jurisdiction>~<model i|o|n>
 * Times are Unix seconds in base 36, at most 7 digits (until the year 4453). The jurisdiction is
 * empty for a decision taken while the site's configuration was rejected (no regions applied): it
 * counts only as long as no valid configuration replaces the broken one. Every character is
 * cookie-safe, so the value is stored as is.
 * Version 1, still read (as opt-in decisions), had neither jurisdiction nor model and ended with a
 * fingerprint of the configuration found valid, empty when none was.
 * Decoding is strict: anything that would not re-encode to the very same string is no consent.
 */

const METHODS: Record<string, ConsentMethod> = { a: 'accept-all', r: 'reject-all', c: 'custom' };
const MODELS: Record<string, ConsentModel> = { i: 'opt-in', o: 'opt-out', n: 'notice' };
const MODEL_CODES: Record<ConsentModel, string> = { 'opt-in': 'i', 'opt-out': 'o', notice: 'n' };
/** The fields both versions share, after the version number; the field rules are the record's own. */
const COMMON = `~(${unanchored(UUID_V4)})~([\\da-z]{1,7})~([\\da-z]{1,7})~(\\d{1,10})~([arc])~(${unanchored(LANGUAGE_CODE)})~([01])~([\\w.-]*)~([\\w.-]*)~`;
const VERSION_2 = new RegExp(`^2${COMMON}(${unanchored(JURISDICTION)}|)~([ion])$`);
const VERSION_1 = new RegExp(`^1${COMMON}([\\da-z]{0,7})$`);

const toBase36Seconds = (iso: string): string => Math.floor(Date.parse(iso) / 1000).toString(36);
const fromBase36Seconds = (base36: string): string => new Date(parseInt(base36, 36) * 1000).toISOString();

/** The fields both versions share, after the version number. */
const common = (record: ConsentRecord) => [
  record.id,
  toBase36Seconds(record.createdAt),
  toBase36Seconds(record.updatedAt),
  record.revision,
  record.method[0],
  record.language,
  record.gpc ? 1 : 0,
  record.granted.join('.'),
  record.refused.join('.'),
];

/** The cookie value of `record`; `checked`: taken under a configuration found valid. */
export function encodeRecord(record: ConsentRecord, checked = true): string {
  return [2, ...common(record), checked ? (record.jurisdiction ?? '*') : '', MODEL_CODES[record.model ?? 'opt-in']].join('~');
}

/** A decision as stored: the record, and whether it was taken under a configuration found valid. */
export interface StoredDecision {
  record: ConsentRecord;
  checked: boolean;
}

const split = (ids: string): string[] => (ids ? ids.split('.') : []);

/**
 * The decision a cookie value holds, or null for anything that does not decode exactly: a value
 * counts only if encoding its record gives back the very same string. Never throws.
 */
export function decodeDecision(value: string): StoredDecision | null {
  const match = VERSION_2.exec(value) ?? VERSION_1.exec(value);
  if (!match) return null;
  const [, id = '', created = '', updated = '', revision = '', method = '', language = '', gpc, granted = '', refused = '', ...rest] = match;
  const ids = [...split(granted), ...split(refused)];
  if (new Set(ids).size < ids.length || !ids.every((id) => CATEGORY_ID.test(id)) || parseInt(updated, 36) < parseInt(created, 36))
    return null;
  const record: ConsentRecord = {
    v: 1,
    id,
    revision: +revision,
    granted: split(granted),
    refused: split(refused),
    method: METHODS[method] ?? 'custom',
    language,
    createdAt: fromBase36Seconds(created),
    updatedAt: fromBase36Seconds(updated),
  };
  if (gpc === '1') record.gpc = true;
  if (value.startsWith('1')) {
    const [fingerprint = ''] = rest;
    return ['1', ...common(record), fingerprint].join('~') === value ? { record, checked: fingerprint !== '' } : null;
  }
  const [jurisdiction = '', model = ''] = rest;
  record.jurisdiction = jurisdiction || '*';
  record.model = MODELS[model] ?? 'opt-in';
  return encodeRecord(record, jurisdiction !== '') === value ? { record, checked: jurisdiction !== '' } : null;
}

/** The record a consent cookie value holds, or null (see `decodeDecision`). Never throws. */
export const decodeRecord = (value: string): ConsentRecord | null => decodeDecision(value)?.record ?? null;
