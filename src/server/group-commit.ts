/**
 * Group commit: drafts that arrive while the store is busy (or in the same turn of the event loop)
 * are appended together in one transaction, so one disk flush acknowledges many decisions. Each
 * caller's promise settles with its own entry once that transaction is durable, or with the
 * store's error; nothing is acknowledged before.
 */
import type { Draft, Entry } from './chain';
import type { Store } from './store';

/** Caps one transaction, so that a burst does not hold the chain's lock for long. */
const MAX_GROUP = 500;

interface Waiting {
  draft: Draft;
  resolve: (entry: Entry) => void;
  reject: (problem: unknown) => void;
}

export class GroupCommit {
  readonly #store: Store;
  readonly #queue: Waiting[] = [];
  #flushing: Promise<void> | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  append(draft: Draft): Promise<Entry> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ draft, resolve, reject });
      // setImmediate: requests read in the same turn of the event loop join the same group.
      this.#flushing ??= new Promise((done) => setImmediate(() => void this.#flush().then(done)));
    });
  }

  /** Resolves when every draft handed over so far is settled. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    while (this.#queue.length) {
      const group = this.#queue.splice(0, MAX_GROUP);
      try {
        const entries = await this.#store.append(group.map((waiting) => waiting.draft));
        group.forEach((waiting, index) => {
          waiting.resolve(entries[index] as Entry);
        });
      } catch (problem) {
        for (const waiting of group) waiting.reject(problem);
      }
    }
    this.#flushing = undefined;
  }
}
