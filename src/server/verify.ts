/**
 * `temoin verify` over a store: every stored byte of every entry held, checked against the chain.
 *
 * The chain held starts after the last purge marker's removed entries (at seq 1 before any purge)
 * and ends at the head the store records. Each row's stored text must be the canonical JSON its
 * hash covers, byte for byte (a duplicate key or a reordering reads the same to one parser and
 * differently to another); its other columns must say what that text says (`consent_id` is the
 * record's id, `kind` whether it is a record or a purge marker, `day` and `facet` what insights
 * count it by); a row that cannot be read is a
 * break at its seq, like an edit, a gap or an entry past the head.
 *
 * Anchors (`SEQ:HASH` written down earlier, out of the operator's reach) show what the chain alone
 * cannot: that the ledger was not cut from its end, nor rewritten from some entry on.
 */
import { UUID_V4 } from '../core/record';
import { canonicalJson, entryHash, GENESIS_HASH, type Head, type LedgerRecord, type PurgeEntry, type PurgeMarker } from './chain';
import { isTruncated } from './client-address';
import { dayOf, facetOf, FACET_COLUMNS } from './facets';
import type { CountedRow, EntryRow } from './schema';
import { readCountedRows, readHead, readLastPurge, type LedgerView } from './store';

/** A hash written down earlier: entry `seq` had `hash`. */
export interface Anchor {
  seq: number;
  hash: string;
}

export type AnchorFinding = { anchor: Anchor; ok: true; note: string } | { anchor: Anchor; ok: false; problem: string };

export type Verdict =
  | { ok: true; entries: number; firstSeq: number; head: Head; lastPurge: PurgeEntry | undefined; anchors: AnchorFinding[] }
  | { ok: false; seq: number; problem: string };

const HASH = /^[0-9a-f]{64}$/;
const isWhole = (value: unknown, min: number) => Number.isSafeInteger(value) && (value as number) >= min;

/** A break in the chain: the first seq that does not hold, and what is wrong with it. */
class Break extends Error {
  constructor(
    readonly seq: number,
    readonly problem: string,
  ) {
    super(`seq ${seq}: it ${problem}`);
  }
}

/** The JSON a row stores, checked to be exactly the canonical text its hash covers. */
function storedJson(row: EntryRow, seq: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(row.record);
  } catch {
    throw new Break(seq, 'is stored as text that is not JSON');
  }
  if (canonicalJson(value) !== row.record) throw new Break(seq, 'is stored in another form than the text its hash covers');
  return value;
}

/** A purge marker's fields, or a break: it must say what it removed, and cannot remove itself. */
function purgeMarker(value: unknown, seq: number): PurgeMarker {
  const marker = value as Partial<PurgeMarker> | null;
  const keys = marker && typeof marker === 'object' ? Object.keys(marker) : [];
  const known = keys.every((key) => ['before', 'removed', 'lastRemovedSeq', 'lastRemovedHash'].includes(key));
  if (
    !marker ||
    !known ||
    !isWhole(marker.removed, 1) ||
    !isWhole(marker.lastRemovedSeq, 1) ||
    (marker.removed as number) > (marker.lastRemovedSeq as number) ||
    (marker.lastRemovedSeq as number) >= seq ||
    typeof marker.lastRemovedHash !== 'string' ||
    !HASH.test(marker.lastRemovedHash) ||
    (marker.before !== undefined && typeof marker.before !== 'string')
  )
    throw new Break(seq, 'is a purge marker that does not say what it removed');
  return marker as PurgeMarker;
}

/** Checks one row's columns against its stored text; what its hash covers. */
function checkRow(row: EntryRow, seq: number, start: number): { record: LedgerRecord } | { purge: PurgeMarker } {
  if (row.kind === 'purge') {
    const purge = purgeMarker(storedJson(row, seq), seq);
    if (row.consent_id !== '' || row.ip !== null) throw new Break(seq, 'is a purge marker with a consent_id or an ip');
    if (purge.lastRemovedSeq >= start) throw new Break(seq, 'is a purge marker for entries still held');
    return { purge };
  }
  if (row.kind !== 'record') throw new Break(seq, 'has an unknown kind');
  const record = storedJson(row, seq) as LedgerRecord | null;
  if (!record || typeof record !== 'object' || typeof record.id !== 'string' || !UUID_V4.test(record.id)) throw new Break(seq, 'has a record without a consent id');
  if (row.consent_id !== record.id) throw new Break(seq, "has a consent_id that is not its record's id");
  if (row.ip !== null && !isTruncated(row.ip)) throw new Break(seq, 'has an ip that is not a truncated address');
  return { record };
}

/**
 * Checks what insights count an entry by against what its hash covers: a decision's day is the UTC
 * day it was received and its facet is its record's; a purge marker has neither.
 */
function checkCounted(row: CountedRow, seq: number, body: { record: LedgerRecord } | { purge: PurgeMarker }): void {
  if (!('record' in body)) {
    if (row.day !== null || row.facet !== null) throw new Break(seq, 'is a purge marker with a day or a facet');
    return;
  }
  if (row.day !== dayOf(row.received_at)) throw new Break(seq, 'has a day that is not the day it was received');
  const facet = facetOf(body.record);
  if (FACET_COLUMNS.some((column) => row[`facet_${column}`] !== facet[column])) throw new Break(seq, "has a facet that is not its record's");
}

/** Where the chain held starts (after the entries the last purge removed), its marker checked first. */
function verifiedStart(lastPurge: EntryRow | undefined): { start: number; prevHash: string; marker: PurgeEntry | undefined } {
  if (!lastPurge) return { start: 1, prevHash: GENESIS_HASH, marker: undefined };
  const seq = Number(lastPurge.seq);
  const purge = purgeMarker(storedJson(lastPurge, seq), seq);
  return {
    start: purge.lastRemovedSeq + 1,
    prevHash: purge.lastRemovedHash,
    marker: { seq, receivedAt: lastPurge.received_at, purge, hash: lastPurge.hash },
  };
}

function anchorFinding(anchor: Anchor, head: Head, marker: PurgeEntry | undefined, held: Map<number, string>): AnchorFinding {
  const { seq, hash } = anchor;
  if (seq === 0) return hash === GENESIS_HASH ? { anchor, ok: true, note: 'the start of the ledger' } : { anchor, ok: false, problem: 'seq 0 is the start of the ledger, whose hash is 64 zeros' };
  if (seq > head.lastSeq) return { anchor, ok: false, problem: `the ledger ends at seq ${head.lastSeq}: entries were cut from its end` };
  const found = held.get(seq);
  if (found !== undefined)
    return found === hash ? { anchor, ok: true, note: 'held, with that hash' } : { anchor, ok: false, problem: `held with another hash (${found}): the chain was rewritten from there or before` };
  // Below the chain's start: removed by the last purge, which names the hash of the last entry it removed.
  const purge = marker?.purge;
  if (!purge || seq > purge.lastRemovedSeq) return { anchor, ok: false, problem: 'not held, and no purge recorded in the chain removed it' };
  if (seq === purge.lastRemovedSeq && hash !== purge.lastRemovedHash)
    return { anchor, ok: false, problem: `removed by the purge recorded at seq ${marker.seq}, which names another hash for it (${purge.lastRemovedHash})` };
  const cutOff = purge.before === undefined ? 'made before purges recorded their cut-off' : `entries received before ${purge.before}`;
  return { anchor, ok: true, note: `removed by the purge recorded at seq ${marker.seq} (${cutOff})` };
}

/**
 * Verifies the chain held in `view` (one snapshot of the store) and checks `anchors` against it.
 * Anchors are checked only when the chain holds.
 */
export async function verifyLedger(view: LedgerView, anchors: readonly Anchor[] = []): Promise<Verdict> {
  const head = await readHead(view);
  const lastPurge = await readLastPurge(view);
  try {
    const { start, marker, prevHash: startHash } = verifiedStart(lastPurge);
    let prevHash = startHash;
    let expected = start;
    const wanted = new Set(anchors.map((anchor) => anchor.seq));
    const held = new Map<number, string>();
    for await (const row of readCountedRows(view, start)) {
      const seq = Number(row.seq);
      if (seq > expected) throw new Break(expected, 'is missing');
      if (seq > head.lastSeq) throw new Break(seq, 'is beyond the last entry the ledger recorded');
      const body = checkRow(row, seq, start);
      if (entryHash(prevHash, { seq, receivedAt: row.received_at, ...body }) !== row.hash) throw new Break(seq, 'does not match its hash');
      checkCounted(row, seq, body);
      if (wanted.has(seq)) held.set(seq, row.hash);
      prevHash = row.hash;
      expected += 1;
    }
    if (expected <= head.lastSeq) throw new Break(expected, 'is missing');
    if (prevHash !== head.lastHash) throw new Break(head.lastSeq, 'is not the last entry the ledger recorded');
    return {
      ok: true,
      entries: head.lastSeq - start + 1,
      firstSeq: start,
      head,
      lastPurge: marker,
      anchors: anchors.map((anchor) => anchorFinding(anchor, head, marker, held)),
    };
  } catch (problem) {
    if (problem instanceof Break) return { ok: false, seq: problem.seq, problem: problem.problem };
    throw problem;
  }
}
