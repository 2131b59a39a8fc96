/**
 * The embedded store: one SQLite file, `ledger.sqlite3`, in the `--data` folder, through
 * better-sqlite3 (docs/adr/0030-embedded-ledger-engine.md says why this engine). Write-ahead log
 * with `synchronous = FULL`: a commit returns once it is on disk, so a 201 survives a crash of the
 * process or of the machine. Other processes may read (verify, export) while a server writes;
 * writers wait for each other.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, link, type Draft, type Entry } from './chain';
import { loadDriver } from './driver';
import { CREATE_MIGRATIONS_TABLE, chainOfRow, pendingMigrations, entryOfRow, type ChainRow, type EntryRow } from './schema';
import { PAGE_SIZE, paged, type EntryQuery, type Store } from './store';

const LEDGER_FILE = 'ledger.sqlite3';
/** How long a writer waits for another process's write (a purge, a second server) before failing. */
const BUSY_TIMEOUT_MS = 5000;

const COLUMNS = 'seq, received_at, record, ip, hash';

export async function openSqliteStore(dir: string, { create }: { create: boolean }): Promise<Store> {
  const { default: Database } = await loadDriver('better-sqlite3', 'better-sqlite3@12', 'the embedded ledger', () => import('better-sqlite3'));
  const file = join(dir, LEDGER_FILE);
  if (!create && !existsSync(file)) throw new Error(`no ledger in ${dir} (temoin serve --data ${dir} starts one)`);
  mkdirSync(dir, { recursive: true });
  const db: BetterSqlite3.Database = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
  } catch (problem) {
    db.close();
    throw problem;
  }

  const readChain = db.prepare<[], ChainRow>('SELECT last_seq, last_hash, purged_seq, purged_hash FROM temoin_chain WHERE id = 1');
  const insert = db.prepare<[number, string, string, string, string | null, string]>(
    'INSERT INTO temoin_entries (seq, received_at, consent_id, record, ip, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const moveHead = db.prepare<[number, string]>('UPDATE temoin_chain SET last_seq = ?, last_hash = ? WHERE id = 1');
  const byTime = db.prepare<[number, number, string, string, number], EntryRow>(
    `SELECT ${COLUMNS} FROM temoin_entries WHERE seq > ? AND seq <= ? AND received_at >= ? AND received_at < ? ORDER BY seq LIMIT ?`,
  );
  const byId = db.prepare<[string, number, number, string, string, number], EntryRow>(
    `SELECT ${COLUMNS} FROM temoin_entries WHERE consent_id = ? AND seq > ? AND seq <= ? AND received_at >= ? AND received_at < ? ORDER BY seq LIMIT ?`,
  );
  const firstKept = db.prepare<[string], { seq: number | null }>('SELECT min(seq) AS seq FROM temoin_entries WHERE received_at >= ?');
  const hashOf = db.prepare<[number], { hash: string }>('SELECT hash FROM temoin_entries WHERE seq = ?');
  const deleteThrough = db.prepare<[number]>('DELETE FROM temoin_entries WHERE seq <= ?');
  const movePurge = db.prepare<[number, string]>('UPDATE temoin_chain SET purged_seq = ?, purged_hash = ? WHERE id = 1');

  const chain = () => chainOfRow(readChain.get() as ChainRow);

  const append = db.transaction((drafts: readonly Draft[]): Entry[] => {
    const entries = link(chain(), drafts);
    for (const { seq, receivedAt, record, ip, hash } of entries)
      insert.run(seq, receivedAt, record.id, canonicalJson(record), ip ?? null, hash);
    const last = entries.at(-1);
    if (last) moveHead.run(last.seq, last.hash);
    return entries;
  });

  const purge = db.transaction((before: string) => {
    const current = chain();
    const through = (firstKept.get(before)?.seq ?? current.lastSeq + 1) - 1;
    if (through <= current.purgedSeq) return { count: 0, chain: current };
    const { hash } = hashOf.get(through) as { hash: string };
    const { changes } = deleteThrough.run(through);
    movePurge.run(through, hash);
    return { count: changes, chain: chain() };
  });

  return {
    name: dir,
    append: (drafts) => Promise.resolve(append.immediate(drafts)),
    chain: () => Promise.resolve(chain()),
    entries: ({ from = '', to = '~', id, throughSeq = Number.MAX_SAFE_INTEGER }: EntryQuery = {}) =>
      paged((after) =>
        Promise.resolve(
          (id === undefined ? byTime.all(after, throughSeq, from, to, PAGE_SIZE) : byId.all(id, after, throughSeq, from, to, PAGE_SIZE)).map(
            entryOfRow,
          ),
        ),
      ),
    purge: (before) => Promise.resolve(purge.immediate(before)),
    probe: () => {
      // An empty write transaction: fails while the file cannot be written or locked.
      db.transaction(() => undefined).immediate();
      return Promise.resolve();
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

function migrate(db: BetterSqlite3.Database): void {
  db.exec(CREATE_MIGRATIONS_TABLE);
  db.transaction(() => {
    const done = db.prepare<[], { version: number }>('SELECT version FROM temoin_migrations').all().map((row) => row.version);
    for (const [version, statements] of pendingMigrations(done)) {
      for (const statement of statements) db.exec(statement);
      db.prepare('INSERT INTO temoin_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    }
  }).immediate();
}
