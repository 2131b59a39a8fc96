/**
 * The embedded store: one SQLite file, `ledger.sqlite3`, in the `--data` folder, through
 * better-sqlite3 (docs/adr/0030-embedded-ledger-engine.md says why this engine). Write-ahead log
 * with `synchronous = FULL`: a commit returns once it is on disk, so a 201 survives a crash of the
 * process or of the machine. Other processes may read (verify, export) while a server writes;
 * writers take turns.
 *
 * better-sqlite3 is synchronous: while SQLite waits for another process's lock, nothing else in
 * the server runs. So SQLite never waits here (busy timeout 0): a write that finds the file locked
 * is tried again a few milliseconds later, and the server answers other requests meanwhile.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, link, linkPurge, type Draft, type Entry, type PurgeEntry, type RecordEntry } from './chain';
import { loadDriver } from './driver';
import { dayOf, facetKey, facetOf, facetValues, storedFacet, type Facet } from './facets';
import {
  chainStart,
  CLEAR_LEGACY_PURGE,
  CREATE_MIGRATIONS_TABLE,
  FACETS,
  HEAD_QUERY,
  headOfRow,
  LAST_PURGE_QUERY,
  legacyPurge,
  LEGACY_PURGE_QUERY,
  pendingMigrations,
  UNFACETED_QUERY,
  type EntryRow,
  type HeadRow,
} from './schema';
import { lastRemoved, PAGE_SIZE, type Store } from './store';

export const LEDGER_FILE = 'ledger.sqlite3';
/** How long a write waits for another process's (a purge's batch, a second server) before failing. */
const WRITE_WAIT_MS = 5000;
/** How long the health probe waits for the write lock. */
const PROBE_WAIT_MS = 1000;
/** The longest pause between two tries: short, since a purge's batch or another append lasts milliseconds. */
const MAX_RETRY_MS = 10;

const isBusy = (problem: unknown) => ((problem as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');

/** Runs `attempt` until it does not find the database locked, for at most `waitMs`, pausing without blocking. */
async function whenUnlocked<T>(attempt: () => T, waitMs: number): Promise<T> {
  const end = Date.now() + waitMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, MAX_RETRY_MS)) {
    try {
      return attempt();
    } catch (problem) {
      if (!isBusy(problem) || Date.now() >= end) throw problem;
    }
    await delay(pause);
  }
}

/** The folder and its file, created readable by the ledger's own user only (SQLite gives its -wal and -shm files the file's mode). */
function createPrivately(dir: string, file: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
}

/** The id of a facet in `temoin_facets`, added there when it is new (inside the caller's transaction). */
function facetIds(db: BetterSqlite3.Database): (facet: Facet) => number {
  const find = db.prepare<[string], number>('SELECT id FROM temoin_facets WHERE key = ?').pluck();
  const last = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM temoin_facets').pluck();
  const add = db.prepare('INSERT INTO temoin_facets (id, key, method, language, jurisdiction, model, revision, granted, refused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  return (facet) => {
    const key = facetKey(facet);
    let id = find.get(key);
    if (id === undefined) add.run((id = (last.get() ?? 0) + 1), key, ...facetValues(facet));
    return id;
  };
}

/** Writes entries and moves the head to the last (inside the caller's transaction). */
function entryWriter(db: BetterSqlite3.Database): (entries: readonly Entry[]) => void {
  const insertRow = db.prepare<[number, string, string, string, string, string | null, string, number | null, number | null]>(
    'INSERT INTO temoin_entries (seq, received_at, kind, consent_id, record, ip, hash, day, facet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const moveHead = db.prepare<[number, string]>('UPDATE temoin_chain SET last_seq = ?, last_hash = ? WHERE id = 1');
  const facetId = facetIds(db);
  return (entries) => {
    for (const entry of entries)
      if ('purge' in entry) insertRow.run(entry.seq, entry.receivedAt, 'purge', '', canonicalJson(entry.purge), null, entry.hash, null, null);
      else
        insertRow.run(entry.seq, entry.receivedAt, 'record', entry.record.id, canonicalJson(entry.record), entry.ip ?? null, entry.hash, dayOf(entry.receivedAt), facetId(facetOf(entry.record)));
    const last = entries.at(-1);
    if (last) moveHead.run(last.seq, last.hash);
  };
}

/**
 * Gives the decisions a store held before the FACETS migration their day and facet. A row whose
 * text is not JSON keeps none: it is damaged, and `temoin verify` says so.
 */
function fillFacets(db: BetterSqlite3.Database): void {
  const page = db.prepare<[number, number], { seq: number; received_at: string; record: string }>(UNFACETED_QUERY.replace(/\$\d/g, '?'));
  const set = db.prepare<[number, number, number]>('UPDATE temoin_entries SET day = ?, facet = ? WHERE seq = ?');
  const facetId = facetIds(db);
  for (let rows = page.all(0, PAGE_SIZE); rows.length; rows = page.all(rows.at(-1)?.seq ?? 0, PAGE_SIZE))
    for (const row of rows) {
      const facet = storedFacet(row.record);
      if (facet) set.run(dayOf(row.received_at), facetId(facet), row.seq);
    }
}

function migrate(db: BetterSqlite3.Database): void {
  db.exec(CREATE_MIGRATIONS_TABLE);
  db.transaction(() => {
    const done = db.prepare<[], { version: number }>('SELECT version FROM temoin_migrations').all().map((row) => row.version);
    const pending = pendingMigrations(done);
    for (const [version, statements] of pending) {
      for (const statement of statements) db.exec(statement);
      if (version === FACETS) fillFacets(db);
      db.prepare('INSERT INTO temoin_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    }
    const legacy = legacyPurge(
      pending.map(([version]) => version),
      db.prepare<[], { purged_seq: number; purged_hash: string }>(LEGACY_PURGE_QUERY).get() as { purged_seq: number; purged_hash: string },
    );
    if (legacy) {
      entryWriter(db)([linkPurge(headOfRow(db.prepare<[], HeadRow>(HEAD_QUERY).get() as HeadRow), legacy)]);
      db.exec(CLEAR_LEGACY_PURGE);
    }
  }).immediate();
}

/** Opens (and migrates) the store. `create`: a server starts an empty one; purge refuses a folder that holds no ledger. */
export async function openSqliteStore(dir: string, { create }: { create: boolean }): Promise<Store> {
  const { default: Database } = await loadDriver('better-sqlite3', 'better-sqlite3@12', 'the embedded ledger', () => import('better-sqlite3'));
  const file = join(dir, LEDGER_FILE);
  if (!existsSync(file)) {
    if (!create) throw new Error(`no ledger in ${dir} (temoin serve --data ${dir} starts one)`);
    createPrivately(dir, file);
  }
  const db: BetterSqlite3.Database = new Database(file, { timeout: 0 });
  try {
    await whenUnlocked(() => db.pragma('journal_mode = WAL'), WRITE_WAIT_MS);
    db.pragma('synchronous = FULL');
    await whenUnlocked(() => {
      migrate(db);
    }, WRITE_WAIT_MS);
  } catch (problem) {
    db.close();
    throw problem;
  }

  const insert = entryWriter(db);
  const readHead = db.prepare<[], HeadRow>(HEAD_QUERY);
  const head = () => headOfRow(readHead.get() as HeadRow);
  const lastPurge = db.prepare<[], EntryRow>(LAST_PURGE_QUERY);
  const firstKept = db.prepare<[number, string], { seq: number | null }>('SELECT min(seq) AS seq FROM temoin_entries WHERE seq >= ? AND received_at >= ?');
  const hashOf = db.prepare<[number], { hash: string }>('SELECT hash FROM temoin_entries WHERE seq = ?');
  const oldest = db.prepare<[], { seq: number | null }>('SELECT min(seq) AS seq FROM temoin_entries');
  const deleteRange = db.prepare<[number, number]>('DELETE FROM temoin_entries WHERE seq >= ? AND seq < ?');

  const append = db.transaction((drafts: readonly Draft[]): RecordEntry[] => {
    const entries = link(head(), drafts);
    insert(entries);
    return entries;
  });

  const appendPurge = db.transaction((before: string, throughSeq: number): PurgeEntry | undefined => {
    const current = head();
    const start = chainStart(lastPurge.get());
    const through = lastRemoved(start, firstKept.get(start, before)?.seq ?? null, Math.min(throughSeq, current.lastSeq));
    if (through === undefined) return undefined;
    const { hash } = hashOf.get(through) as { hash: string };
    const marker = linkPurge(current, { before, removed: through - start + 1, lastRemovedSeq: through, lastRemovedHash: hash });
    insert([marker]);
    return marker;
  });

  const deletePurged = db.transaction((limit: number): number => {
    const start = chainStart(lastPurge.get());
    const from = oldest.get()?.seq ?? start;
    return from < start ? deleteRange.run(from, Math.min(start, from + limit)).changes : 0;
  });

  return {
    name: dir,
    append: (drafts) => whenUnlocked(() => append.immediate(drafts), WRITE_WAIT_MS),
    appendPurge: (before, throughSeq) => whenUnlocked(() => appendPurge.immediate(before, throughSeq), WRITE_WAIT_MS),
    deletePurged: (limit) => whenUnlocked(() => deletePurged.immediate(limit), WRITE_WAIT_MS),
    // An empty write transaction: fails while the file cannot be written or locked.
    probe: () =>
      whenUnlocked(() => {
        db.transaction(() => undefined).immediate();
      }, PROBE_WAIT_MS),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
