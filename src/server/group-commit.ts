/**
 * Group commit: drafts that arrive while the store is busy (or in the same turn of the event loop)
 * are appended together in one transaction, so one disk flush acknowledges many decisions. Each
 * caller's promise settles with its own entry once that transaction is durable, or with the
 * store's error; nothing is acknowledged before. The queue is bounded: when the store stalls,
 * what does not fit is refused at once instead of piling up in memory.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Draft, RecordEntry } from './chain';
import type { Store } from './store';

/** Caps one transaction, so that a burst does not hold the chain's lock for long. */
const MAX_GROUP = 500;
/** Drafts waiting at most: four full transactions, a few seconds of a busy site's peak. */
export const MAX_WAITING = 4 * MAX_GROUP;
/** How long `close` lets the drafts handed over so far be written before refusing the rest. */
const CLOSE_WAIT_MS = 5000;

/** The queue is full: nothing was stored, the client may try again shortly. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

interface Waiting {
  draft: Draft;
  resolve: (entry: RecordEntry) => void;
  reject: (problem: unknown) => void;
}

export class GroupCommit {
  readonly #store: Store;
  readonly #queue: Waiting[] = [];
  #flushing: Promise<void> | undefined;
  #closed = false;

  constructor(store: Store) {
    this.#store = store;
  }

  append(draft: Draft): Promise<RecordEntry> {
    if (this.#closed) return Promise.reject(new Error('the ledger is closing'));
    if (this.#queue.length >= MAX_WAITING) return Promise.reject(new QueueFull(`${MAX_WAITING} records are already waiting for the store`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ draft, resolve, reject });
      // setImmediate: requests read in the same turn of the event loop join the same group.
      this.#flushing ??= new Promise((done) => setImmediate(() => void this.#flush().then(done)));
    });
  }

  /**
   * Takes no more drafts, lets those handed over so far be written for a few seconds, then refuses
   * what is still waiting (those requests get a 503: nothing of theirs was acknowledged).
   */
  async close(): Promise<void> {
    this.#closed = true;
    const drained = (async () => {
      while (this.#flushing) await this.#flushing;
    })();
    const controller = new AbortController();
    await Promise.race([drained, delay(CLOSE_WAIT_MS, undefined, { signal: controller.signal }).catch(() => undefined)]);
    controller.abort();
    for (const waiting of this.#queue.splice(0)) waiting.reject(new Error('the ledger closed before the store took this record'));
  }

  async #flush(): Promise<void> {
    while (this.#queue.length) {
      const group = this.#queue.splice(0, MAX_GROUP);
      try {
        const entries = await this.#store.append(group.map((waiting) => waiting.draft));
        group.forEach((waiting, index) => {
          waiting.resolve(entries[index] as RecordEntry);
        });
      } catch (problem) {
        // The drafts waiting behind would meet the same store: they get their 503 now, not one
        // timeout later each.
        const failed = [...group, ...this.#queue.splice(0)];
        process.stderr.write(`temoin: could not store ${failed.length} ${failed.length === 1 ? 'record' : 'records'}: ${problem instanceof Error ? problem.message : String(problem)}\n`);
        for (const waiting of failed) waiting.reject(problem);
      }
    }
    this.#flushing = undefined;
  }
}
