/**
 * The ledger's hash chain, to the byte, so that anyone can recompute it from an export:
 * `hash = sha256hex(prevHash + "\n" + canonical)`, where `canonical` is the JSON of the entry
 * without its `hash` (and without `ip`, which is not hashed): `{seq, receivedAt, record}` for a
 * decision, `{seq, receivedAt, purge}` for a purge marker, with object keys sorted at every level
 * and no whitespace. `prevHash` is the previous entry's hash: 64 zeros before the first entry;
 * after a purge, the hash of the last entry it removed, which its marker records.
 */
import { createHash } from 'node:crypto';
import type { ConsentRecord } from '../core/record';

/** What comes before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** A decision as the ledger keeps it: the record, and the page and browser when the proof named them. */
export type LedgerRecord = ConsentRecord & { url?: string; userAgent?: string };

/**
 * What a purge leaves in the chain, as its own entry, before it deletes anything: the entries it
 * removed (the oldest, up to `lastRemovedSeq`) and the hash of the last one, from which the
 * entries kept go on.
 */
export interface PurgeMarker {
  /** The cut-off: entries received before it were removed. Absent for a purge made before purges were entries. */
  before?: string;
  /** How many entries this purge removed. */
  removed: number;
  lastRemovedSeq: number;
  lastRemovedHash: string;
}

/** One kept decision. `ip` is present only with `--store-ip truncated`, and is not hashed. */
export interface RecordEntry {
  seq: number;
  receivedAt: string;
  record: LedgerRecord;
  hash: string;
  ip?: string;
}

export interface PurgeEntry {
  seq: number;
  receivedAt: string;
  purge: PurgeMarker;
  hash: string;
}

export type Entry = RecordEntry | PurgeEntry;

/** Where the chain ends: its last entry (0 and GENESIS_HASH when it has none). */
export interface Head {
  lastSeq: number;
  lastHash: string;
}

export const EMPTY_HEAD: Head = { lastSeq: 0, lastHash: GENESIS_HASH };

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What an entry hashes: its seq, its time and its body, a record or a purge marker. */
export type Hashed = { seq: number; receivedAt: string } & ({ record: LedgerRecord } | { purge: PurgeMarker });

export function entryHash(prevHash: string, entry: Hashed): string {
  const canonical = canonicalJson('purge' in entry ? { seq: entry.seq, receivedAt: entry.receivedAt, purge: entry.purge } : { seq: entry.seq, receivedAt: entry.receivedAt, record: entry.record });
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/** A decision accepted but not yet in the ledger. */
export interface Draft {
  record: LedgerRecord;
  ip?: string;
}

/**
 * Links drafts after the chain's last entry, received now (the server's clock, read while the
 * store holds its write lock, so that `receivedAt` never goes back along `seq` on one machine).
 */
export function link(head: Head, drafts: readonly Draft[], receivedAt = new Date().toISOString()): RecordEntry[] {
  let { lastSeq: seq, lastHash: prevHash } = head;
  return drafts.map(({ record, ip }) => {
    seq += 1;
    const hash = entryHash(prevHash, { seq, receivedAt, record });
    prevHash = hash;
    return ip === undefined ? { seq, receivedAt, record, hash } : { seq, receivedAt, record, hash, ip };
  });
}

/** A purge marker as the entry after the chain's last, received now. */
export function linkPurge(head: Head, purge: PurgeMarker, receivedAt = new Date().toISOString()): PurgeEntry {
  const seq = head.lastSeq + 1;
  return { seq, receivedAt, purge, hash: entryHash(head.lastHash, { seq, receivedAt, purge }) };
}
