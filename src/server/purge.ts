/**
 * A purge: the chain verified first (nothing is deleted from a ledger that does not hold), then a
 * marker appended to it, saying what is removed, then the removed entries deleted in small
 * transactions. Each holds the embedded store's write lock for a few milliseconds and a pause
 * follows it, so that a server beside it goes on acknowledging posts; a purge that is interrupted
 * is finished by the next one (the marker already says what goes).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { PurgeEntry } from './chain';
import { openReader, openStore, type StoreOptions } from './open-store';
import { verifyLedger, type Verdict } from './verify';

/** Entries deleted per transaction: a few milliseconds of the embedded store's write lock. */
const DELETE_BATCH = 2000;
/** The pause after each, longer than a waiting server's retry interval, so that its appends get the lock. */
const PAUSE_MS = 20;

export type PurgeResult = { ok: false; verdict: Verdict & { ok: false } } | { ok: true; marker: PurgeEntry | undefined; deleted: number };

/** Purges the entries received before `before` (ISO 8601 UTC). */
export async function purgeLedger(options: StoreOptions, before: string): Promise<PurgeResult> {
  // Opening to write first: it migrates the store, which the read-only check then reads.
  const store = await openStore(options, { create: false });
  try {
    const reader = await openReader(options);
    const verdict = await reader.snapshot((view) => verifyLedger(view)).finally(() => reader.close());
    if (!verdict.ok) return { ok: false, verdict };
    const marker = await store.appendPurge(before, verdict.head.lastSeq);
    let deleted = 0;
    for (let batch = await store.deletePurged(DELETE_BATCH); batch > 0; batch = await store.deletePurged(DELETE_BATCH)) {
      deleted += batch;
      await delay(PAUSE_MS);
    }
    return { ok: true, marker, deleted };
  } finally {
    await store.close();
  }
}
