import { CATEGORY_ID } from './record';
import type { ConsentMethod, ConsentRecord } from './types';

/**
 * The consent cookie's value: version 1, fields separated by `~`, category lists by `.`.
 *   1~<uuid>~<createdAt>~<updatedAt>~<revision>~<a|r|c>~<language>~<gpc 0|1>~<granted>~<refused>~<checked>
 * Times are Unix seconds in base 36, at most 7 digits (until the year 4453). `checked` is the fingerprint of the configuration this
 * browser last found valid (see fingerprint.ts), or empty. Every character is cookie-safe, so the
 * value is stored as is.
 * Decoding is strict: anything that would not re-encode to the very same string is no consent.
 */

const METHODS: Record<string, ConsentMethod> = { a: 'accept-all', r: 'reject-all', c: 'custom' };
const FORMAT =
  /^1~([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})~([\da-z]{1,7})~([\da-z]{1,7})~(\d{1,10})~([arc])~([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)~([01])~([\w.-]*)~([\w.-]*)~([\da-z]{0,7})$/;

const seconds = (iso: string): string => Math.floor(Date.parse(iso) / 1000).toString(36);
const iso = (base36: string): string => new Date(parseInt(base36, 36) * 1000).toISOString();

export function encodeRecord(record: ConsentRecord, checked = ''): string {
  return [
    1,
    record.id,
    seconds(record.createdAt),
    seconds(record.updatedAt),
    record.revision,
    record.method[0],
    record.language,
    record.gpc ? 1 : 0,
    record.granted.join('.'),
    record.refused.join('.'),
    checked,
  ].join('~');
}

const split = (ids: string): string[] => (ids ? ids.split('.') : []);

/**
 * The record a cookie value holds, or null for anything that does not decode exactly: a value
 * counts only if encoding its record gives back the very same string. Never throws.
 */
export function decodeRecord(value: string): ConsentRecord | null {
  const match = FORMAT.exec(value);
  if (!match) return null;
  const [, id = '', created = '', updated = '', revision = '', method = '', language = '', gpc, granted = '', refused = '', checked] =
    match;
  const createdSeconds = parseInt(created, 36);
  const updatedSeconds = parseInt(updated, 36);
  const ids = [...split(granted), ...split(refused)];
  if (
    new Set(ids).size < ids.length ||
    !ids.every((id) => CATEGORY_ID.test(id)) ||
    updatedSeconds < createdSeconds
  )
    return null;
  const record: ConsentRecord = {
    v: 1,
    id,
    revision: +revision,
    granted: split(granted),
    refused: split(refused),
    method: METHODS[method] ?? 'custom',
    language,
    createdAt: iso(created),
    updatedAt: iso(updated),
  };
  if (gpc === '1') record.gpc = true;
  return encodeRecord(record, checked) === value ? record : null;
}

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts; elsewhere (plain http) a
 * blob URL ends with one, which browsers draw from the same random source.
 */
export function uuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- absent outside secure contexts
  if (crypto.randomUUID) return crypto.randomUUID();
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}
