/**
 * The ledger's schema: one list of migrations, written in the SQL that both SQLite and PostgreSQL
 * read, applied in order by the commands that write (`serve`, `purge`) and recorded in
 * `temoin_migrations`. A migration, once released, never changes: a new one is added after it.
 * The commands that only read (`verify`, `export`, `stats`) never migrate: they refuse a store whose
 * schema is not this version's.
 */
import { GENESIS_HASH, type Entry, type Head, type LedgerRecord, type PurgeMarker, type RecordEntry } from './chain';

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
  [
    // A purge is an entry of the chain (docs/adr/0031-purges-in-the-chain.md): `kind` says which
    // entries are purge markers, whose `record` column holds the marker and `consent_id` ''.
    // temoin_chain's purged_seq and purged_hash are read once, when this migration turns them
    // into a marker (legacyPurge), and never again.
    "ALTER TABLE temoin_entries ADD COLUMN kind TEXT NOT NULL DEFAULT 'record'",
    "CREATE INDEX temoin_entries_purges ON temoin_entries (seq) WHERE kind = 'purge'",
  ],
  [
    // What consent insights count by (facets.ts): each distinct facet once, and each decision's
    // facet and UTC day (NULL for purge markers). Filled for the entries already held when the
    // store is migrated (FACETS), before the next migration indexes them.
    `CREATE TABLE temoin_facets (
      id BIGINT PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      method TEXT NOT NULL,
      language TEXT NOT NULL,
      jurisdiction TEXT,
      model TEXT,
      revision INTEGER NOT NULL,
      granted TEXT NOT NULL,
      refused TEXT NOT NULL
    )`,
    'ALTER TABLE temoin_entries ADD COLUMN day INTEGER',
    'ALTER TABLE temoin_entries ADD COLUMN facet BIGINT',
  ],
  [
    // Counting a range of days reads this index alone, in the order insights group by.
    "CREATE INDEX temoin_entries_stats ON temoin_entries (day, facet, received_at, seq) WHERE kind = 'record'",
  ],
];

/** The version a store must be at for this Témoin to read it. */
export const SCHEMA_VERSION = MIGRATIONS.length;
/** The migration that made purges entries. */
const PURGES_IN_THE_CHAIN = 2;
/** The migration that added each decision's facet and day, which the stores fill for the entries already held. */
export const FACETS = 3;

/** The migrations not yet applied, as `[version, statements]`, in order (versions count from 1). */
export const pendingMigrations = (applied: readonly number[]): [number, readonly string[]][] =>
  MIGRATIONS.map((statements, index): [number, readonly string[]] => [index + 1, statements]).filter(([version]) => !applied.includes(version));

export const CREATE_MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS temoin_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';
export const SCHEMA_VERSION_QUERY = 'SELECT max(version) AS version FROM temoin_migrations';

/** Why a store at `version` cannot be read by this Témoin without writing to it, or null when it can. */
export function schemaProblem(version: number | null | undefined, name: string): string | null {
  if (!version) return `${name} holds no ledger (temoin serve starts one)`;
  if (version > SCHEMA_VERSION) return `${name} was written by a newer Témoin (schema ${version}; this one reads ${SCHEMA_VERSION}): update temoin`;
  if (version < SCHEMA_VERSION)
    return `${name} is at schema ${version}; this Témoin reads ${SCHEMA_VERSION}: temoin serve or temoin purge updates it (verify, export and stats only read)`;
  return null;
}

export type EntryKind = 'record' | 'purge';

/** A row of `temoin_entries` as both drivers return it (PostgreSQL's BIGINT comes as a string). */
export interface EntryRow {
  seq: number | string;
  received_at: string;
  kind: string;
  consent_id: string;
  /** The canonical JSON of the record, or of the purge marker: the exact text that was hashed. */
  record: string;
  ip: string | null;
  hash: string;
}

export const ENTRY_COLUMNS = 'seq, received_at, kind, consent_id, record, ip, hash';

/** A row with what insights count it by: its day, and its facet's columns (null when it has none). */
export interface CountedRow extends EntryRow {
  day: number | null;
  facet: number | string | null;
  facet_method: string | null;
  facet_language: string | null;
  facet_jurisdiction: string | null;
  facet_model: string | null;
  facet_revision: number | null;
  facet_granted: string | null;
  facet_refused: string | null;
}

/** The columns of a `CountedRow`, from `temoin_entries e LEFT JOIN temoin_facets f ON f.id = e.facet`. */
export const COUNTED_COLUMNS = `e.seq, e.received_at, e.kind, e.consent_id, e.record, e.ip, e.hash, e.day, e.facet,
  f.method AS facet_method, f.language AS facet_language, f.jurisdiction AS facet_jurisdiction, f.model AS facet_model,
  f.revision AS facet_revision, f.granted AS facet_granted, f.refused AS facet_refused`;

/** The decisions whose facet is not yet filled (after the FACETS migration), a page at a time from `seq > $1`. */
export const UNFACETED_QUERY = "SELECT seq, received_at, record FROM temoin_entries WHERE kind = 'record' AND facet IS NULL AND seq > $1 ORDER BY seq LIMIT $2";
export const HEAD_QUERY = 'SELECT last_seq, last_hash FROM temoin_chain WHERE id = 1';
export const LAST_PURGE_QUERY = `SELECT ${ENTRY_COLUMNS} FROM temoin_entries WHERE kind = 'purge' ORDER BY seq DESC LIMIT 1`;

export interface HeadRow {
  last_seq: number | string;
  last_hash: string;
}

export const headOfRow = (row: HeadRow): Head => ({ lastSeq: Number(row.last_seq), lastHash: row.last_hash });

/** The JSON a row stores, or an error naming its seq (a damaged row: `temoin verify` says more). */
function parsed(row: EntryRow): unknown {
  try {
    return JSON.parse(row.record);
  } catch {
    throw new Error(`seq ${String(row.seq)}: its stored text is not JSON (temoin verify checks the whole chain)`);
  }
}

export const entryOfRow = (row: EntryRow): Entry => {
  const base = { seq: Number(row.seq), receivedAt: row.received_at, hash: row.hash };
  if (row.kind === 'purge') return { ...base, purge: parsed(row) as PurgeMarker };
  const entry: RecordEntry = { ...base, record: parsed(row) as LedgerRecord };
  if (row.ip !== null) entry.ip = row.ip;
  return entry;
};

/** The first seq of the chain held: the one after the last purge's removed entries (1 before any purge). */
export const chainStart = (lastPurge: EntryRow | undefined): number =>
  lastPurge ? (parsed(lastPurge) as PurgeMarker).lastRemovedSeq + 1 : 1;

/**
 * A purge made before purges were entries left its anchor in temoin_chain: the marker that says
 * so, appended when the store is migrated (every entry up to `purged_seq` was removed; when they
 * were received was not kept). Undefined when nothing was purged.
 */
export function legacyPurge(appliedVersions: readonly number[], row: { purged_seq: number | string; purged_hash: string }): PurgeMarker | undefined {
  if (!appliedVersions.includes(PURGES_IN_THE_CHAIN) || Number(row.purged_seq) === 0) return undefined;
  return { removed: Number(row.purged_seq), lastRemovedSeq: Number(row.purged_seq), lastRemovedHash: row.purged_hash };
}

/** temoin_chain's legacy purge columns once `legacyPurge` has turned them into a marker. */
export const CLEAR_LEGACY_PURGE = `UPDATE temoin_chain SET purged_seq = 0, purged_hash = '${GENESIS_HASH}' WHERE id = 1`;
export const LEGACY_PURGE_QUERY = 'SELECT purged_seq, purged_hash FROM temoin_chain WHERE id = 1';
