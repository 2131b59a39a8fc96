/**
 * The ledger's hash chain, to the byte, so that anyone can recompute it from an export:
 * `hash = sha256hex(prevHash + "\n" + canonical)`, where `canonical` is the JSON of
 * `{seq, receivedAt, record}` with object keys sorted at every level and no whitespace, and
 * `prevHash` is the previous entry's hash (64 zeros before the first entry; after a purge, the
 * hash of the last purged entry).
 */
import { createHash } from 'node:crypto';
import type { ConsentRecord } from '../core/record';

/** What comes before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** A decision as the ledger keeps it: the record, and the page and browser when the proof named them. */
export type LedgerRecord = ConsentRecord & { url?: string; userAgent?: string };

/** One kept decision. `ip` is present only with `--store-ip truncated`, and is not hashed. */
export interface Entry {
  seq: number;
  receivedAt: string;
  record: LedgerRecord;
  hash: string;
  ip?: string;
}

/** Where the chain stands: its last entry, and what was purged before its first kept entry. */
export interface ChainState {
  lastSeq: number;
  lastHash: string;
  /** The last purged entry (0 and GENESIS_HASH when nothing was ever purged). */
  purgedSeq: number;
  purgedHash: string;
}

export const EMPTY_CHAIN: ChainState = { lastSeq: 0, lastHash: GENESIS_HASH, purgedSeq: 0, purgedHash: GENESIS_HASH };

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

export function entryHash(prevHash: string, entry: Pick<Entry, 'seq' | 'receivedAt' | 'record'>): string {
  const canonical = canonicalJson({ seq: entry.seq, receivedAt: entry.receivedAt, record: entry.record });
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
export function link(chain: ChainState, drafts: readonly Draft[], receivedAt = new Date().toISOString()): Entry[] {
  let { lastSeq: seq, lastHash: prevHash } = chain;
  return drafts.map(({ record, ip }) => {
    seq += 1;
    const hash = entryHash(prevHash, { seq, receivedAt, record });
    prevHash = hash;
    return ip === undefined ? { seq, receivedAt, record, hash } : { seq, receivedAt, record, hash, ip };
  });
}

/** What `verify` finds: the entries it checked, or the first `seq` that does not hold and why. */
export type Verdict =
  | { ok: true; entries: number; firstSeq: number; lastSeq: number; lastHash: string; purgedSeq: number; purgedHash: string }
  | { ok: false; seq: number; problem: string };

/**
 * Recomputes the chain over entries read in `seq` order, from the purge point to the recorded last
 * entry: a gap, an edit, an insertion, a deletion or a truncation of the tail each break it.
 */
export async function verifyChain(chain: ChainState, entries: AsyncIterable<Entry>): Promise<Verdict> {
  let expected = chain.purgedSeq + 1;
  let prevHash = chain.purgedHash;
  for await (const entry of entries) {
    if (entry.seq < expected) return { ok: false, seq: entry.seq, problem: 'is older than the chain start (a purged entry is back)' };
    if (entry.seq > expected) return { ok: false, seq: expected, problem: 'is missing' };
    if (entryHash(prevHash, entry) !== entry.hash) return { ok: false, seq: entry.seq, problem: 'does not match its hash' };
    prevHash = entry.hash;
    expected += 1;
  }
  if (expected - 1 < chain.lastSeq) return { ok: false, seq: expected, problem: 'is missing' };
  if (expected - 1 > chain.lastSeq || prevHash !== chain.lastHash)
    return { ok: false, seq: expected - 1, problem: 'is not the last entry the ledger recorded' };
  return {
    ok: true,
    entries: chain.lastSeq - chain.purgedSeq,
    firstSeq: chain.purgedSeq + 1,
    lastSeq: chain.lastSeq,
    lastHash: chain.lastHash,
    purgedSeq: chain.purgedSeq,
    purgedHash: chain.purgedHash,
  };
}
