/** What the ledger needs from a database: the same operations over the embedded store and PostgreSQL. */
import type { ChainState, Draft, Entry } from './chain';

/** Entries to read, always in `seq` order. `from` is inclusive, `to` exclusive (ISO 8601 UTC). */
export interface EntryQuery {
  from?: string;
  to?: string;
  id?: string;
  /** The last `seq` to read: what `verify` read as the chain's head. */
  throughSeq?: number;
}

/** What a purge removed: nothing, or the entries up to `lastSeq`, whose hash now starts the chain. */
export interface Purged {
  count: number;
  chain: ChainState;
}

export interface Store {
  /** `--data DIR` or the PostgreSQL database, for messages. */
  readonly name: string;
  /**
   * Links the drafts after the chain's last entry and commits them in one transaction, holding the
   * chain's lock so that several processes on one database keep `seq` gapless. Resolves once
   * the entries are durable.
   */
  append(drafts: readonly Draft[]): Promise<Entry[]>;
  chain(): Promise<ChainState>;
  /** Entries in `seq` order, read in pages so that a large export never sits in memory. */
  entries(query?: EntryQuery): AsyncIterable<Entry>;
  /**
   * Deletes the oldest entries received before `before`: a prefix of the chain, so that what
   * remains still verifies from the last purged entry's hash.
   */
  purge(before: string): Promise<Purged>;
  /** Rejects unless the store takes writes now. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** How many entries a read fetches at a time. */
export const PAGE_SIZE = 1000;

/**
 * Reads a table of entries page by page, each page starting after the last `seq` of the previous
 * one (keyset pagination: no long-running cursor holds the database).
 */
export async function* paged(readPage: (afterSeq: number) => Promise<Entry[]>): AsyncGenerator<Entry> {
  let after = 0;
  for (;;) {
    const page = await readPage(after);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < PAGE_SIZE) return;
    after = last.seq;
  }
}
