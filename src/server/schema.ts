/**
 * The ledger's schema: one list of migrations, written in the SQL that both SQLite and PostgreSQL
 * read, applied in order at start and recorded in `temoin_migrations`. A migration, once
 * released, never changes: a new one is added after it.
 */
import type { ChainState, Entry, LedgerRecord } from './chain';

export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE temoin_entries (
      seq BIGINT PRIMARY KEY,
      received_at TEXT NOT NULL,
      consent_id TEXT NOT NULL,
      record TEXT NOT NULL,
      ip TEXT,
      hash TEXT NOT NULL
    )`,
    'CREATE INDEX temoin_entries_consent_id ON temoin_entries (consent_id, seq)',
    'CREATE INDEX temoin_entries_received_at ON temoin_entries (received_at)',
    // One row: the chain's head, locked by every append, and where the last purge left it.
    `CREATE TABLE temoin_chain (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      last_seq BIGINT NOT NULL,
      last_hash TEXT NOT NULL,
      purged_seq BIGINT NOT NULL,
      purged_hash TEXT NOT NULL
    )`,
    // 64 zeros: the hash before the first entry (GENESIS_HASH).
    `INSERT INTO temoin_chain VALUES (1, 0,
      '0000000000000000000000000000000000000000000000000000000000000000', 0,
      '0000000000000000000000000000000000000000000000000000000000000000')`,
  ],
];

/** The migrations not yet applied, as `[version, statements]`, in order (versions count from 1). */
export const pendingMigrations = (applied: readonly number[]): [number, readonly string[]][] =>
  MIGRATIONS.map((statements, index): [number, readonly string[]] => [index + 1, statements]).filter(([version]) => !applied.includes(version));

export const CREATE_MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS temoin_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';

/** A row of `temoin_entries` as both drivers return it (PostgreSQL's BIGINT comes as a string). */
export interface EntryRow {
  seq: number | string;
  received_at: string;
  record: string;
  ip: string | null;
  hash: string;
}

export interface ChainRow {
  last_seq: number | string;
  last_hash: string;
  purged_seq: number | string;
  purged_hash: string;
}

export const entryOfRow = (row: EntryRow): Entry => {
  const entry: Entry = { seq: Number(row.seq), receivedAt: row.received_at, record: JSON.parse(row.record) as LedgerRecord, hash: row.hash };
  if (row.ip !== null) entry.ip = row.ip;
  return entry;
};

export const chainOfRow = (row: ChainRow): ChainState => ({
  lastSeq: Number(row.last_seq),
  lastHash: row.last_hash,
  purgedSeq: Number(row.purged_seq),
  purgedHash: row.purged_hash,
});
