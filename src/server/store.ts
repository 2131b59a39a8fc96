/**
 * What the ledger needs from a database, over the embedded store and PostgreSQL alike: a store to
 * write (the server, purge) and a read-only handle (verify, export, reports), whose reading is
 * plain SQL that both engines run, so that a new report is one query, not one per engine.
 */
import type { Draft, Head, PurgeEntry, RecordEntry } from './chain';
import { COUNTED_COLUMNS, ENTRY_COLUMNS, HEAD_QUERY, headOfRow, LAST_PURGE_QUERY, type CountedRow, type EntryRow, type HeadRow } from './schema';

export interface Store {
  /** `--data DIR` or the PostgreSQL database (without its password), for messages. */
  readonly name: string;
  /**
   * Links the drafts after the chain's last entry and commits them in one transaction, holding the
   * chain's lock so that several processes on one database keep `seq` gapless. Resolves once
   * the entries are durable.
   */
  append(drafts: readonly Draft[]): Promise<RecordEntry[]>;
  /**
   * Appends the marker of a purge of the oldest entries received before `before`, never past
   * `throughSeq` (the last entry verified): undefined when there is nothing to remove. Deletes
   * nothing: `deletePurged` does, in small transactions.
   */
  appendPurge(before: string, throughSeq: number): Promise<PurgeEntry | undefined>;
  /** Deletes at most `limit` of the entries the last purge marker removed from the chain; how many it deleted. */
  deletePurged(limit: number): Promise<number>;
  /** Rejects unless the store takes writes now. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One consistent view of the store (a read transaction). `query` runs read-only SQL that both
 * SQLite and PostgreSQL read, with `$1`, `$2`… parameters, and resolves with the rows.
 */
export interface LedgerView {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A store opened read-only: it cannot write, and it never migrates. */
export interface LedgerReader {
  readonly name: string;
  /** Runs `read` on one snapshot of the store: what a server appends meanwhile is not seen. */
  snapshot<T>(read: (view: LedgerView) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How many entries a read fetches at a time. */
export const PAGE_SIZE = 1000;

export const readHead = async (view: LedgerView): Promise<Head> => headOfRow((await view.query<HeadRow>(HEAD_QUERY))[0] as HeadRow);

export const readLastPurge = async (view: LedgerView): Promise<EntryRow | undefined> => (await view.query<EntryRow>(LAST_PURGE_QUERY))[0];

/** Rows to read, in `seq` order, from `fromSeq`. `from` is inclusive, `to` exclusive (ISO 8601 UTC); `id`: one consent id's decisions. */
export interface RowQuery {
  fromSeq: number;
  from?: string;
  to?: string;
  id?: string;
}

/**
 * Reads rows page by page, each page starting after the last `seq` of the previous one (keyset
 * pagination: a large export never sits in memory).
 */
export async function* readRows(view: LedgerView, { fromSeq, from = '', to = '~', id }: RowQuery): AsyncGenerator<EntryRow> {
  let after = fromSeq - 1;
  for (;;) {
    const page =
      id === undefined
        ? await view.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM temoin_entries WHERE seq > $1 AND received_at >= $2 AND received_at < $3 ORDER BY seq LIMIT $4`,
            [after, from, to, PAGE_SIZE],
          )
        : await view.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM temoin_entries WHERE consent_id = $1 AND kind = 'record' AND seq > $2 AND received_at >= $3 AND received_at < $4 ORDER BY seq LIMIT $5`,
            [id, after, from, to, PAGE_SIZE],
          );
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < PAGE_SIZE) return;
    after = Number(last.seq);
  }
}

/** Every row from `fromSeq` in `seq` order, with what insights count it by (what `verify` checks), page by page. */
export async function* readCountedRows(view: LedgerView, fromSeq: number): AsyncGenerator<CountedRow> {
  let after = fromSeq - 1;
  for (;;) {
    const page = await view.query<CountedRow>(
      `SELECT ${COUNTED_COLUMNS} FROM temoin_entries e LEFT JOIN temoin_facets f ON f.id = e.facet WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [after, PAGE_SIZE],
    );
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < PAGE_SIZE) return;
    after = Number(last.seq);
  }
}

/**
 * The last seq a purge removes: the entry before the first one received at or after its cut-off
 * (`firstKept`, null when there is none), never past `limit`; undefined when that leaves nothing
 * from the chain's `start`.
 */
export function lastRemoved(start: number, firstKept: number | null, limit: number): number | undefined {
  const through = Math.min(limit, firstKept === null ? limit : firstKept - 1);
  return through >= start ? through : undefined;
}
