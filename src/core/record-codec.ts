import type { ConsentMethod, ConsentRecord } from './types';

/**
 * The consent cookie's value: version 1, fields separated by `~`, category lists by `.`.
 *   1~<uuid>~<createdAt>~<updatedAt>~<revision>~<a|r|c>~<language>~<gpc 0|1>~<granted>~<refused>
 * Times are Unix seconds in base 36. Every character is cookie-safe, so the value is stored as is.
 * Decoding is strict: anything that would not re-encode to the very same string is no consent.
 */

const METHODS: Record<string, ConsentMethod> = { a: 'accept-all', r: 'reject-all', c: 'custom' };
const ID = '[a-z0-9][a-z0-9_-]{0,31}';
const IDS = `((?:${ID}(?:\\.${ID})*)?)`;
const TIME = '(0|[1-9a-z][0-9a-z]{0,8})';
const FORMAT = new RegExp(
  `^1~([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})~${TIME}~${TIME}~(0|[1-9][0-9]{0,9})` +
    `~([arc])~([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)~([01])~${IDS}~${IDS}$`,
);

const seconds = (iso: string): string => Math.floor(Date.parse(iso) / 1000).toString(36);
const iso = (base36: string): string => new Date(parseInt(base36, 36) * 1000).toISOString();

export function encodeRecord(record: ConsentRecord): string {
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
  ].join('~');
}

const split = (ids: string): string[] => (ids ? ids.split('.') : []);

/** The record a cookie value holds, or null for anything that does not decode exactly. Never throws. */
export function decodeRecord(value: string): ConsentRecord | null {
  const match = FORMAT.exec(value);
  if (!match) return null;
  const [, id = '', created = '', updated = '', revision = '', method = '', language = '', gpc, granted = '', refused = ''] =
    match;
  const grantedIds = split(granted);
  const refusedIds = split(refused);
  const all = [...grantedIds, ...refusedIds];
  const createdSeconds = parseInt(created, 36);
  const updatedSeconds = parseInt(updated, 36);
  const revisionNumber = Number(revision);
  if (
    new Set(all).size !== all.length ||
    updatedSeconds < createdSeconds ||
    updatedSeconds > 8.64e12 ||
    revisionNumber > 2 ** 31 - 1
  )
    return null;
  const record: ConsentRecord = {
    v: 1,
    id,
    revision: revisionNumber,
    granted: grantedIds,
    refused: refusedIds,
    method: METHODS[method] ?? 'custom',
    language,
    createdAt: iso(created),
    updatedAt: iso(updated),
  };
  if (gpc === '1') record.gpc = true;
  return record;
}

/** A random UUID v4; `crypto.randomUUID` is missing outside secure contexts, `getRandomValues` is not. */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
