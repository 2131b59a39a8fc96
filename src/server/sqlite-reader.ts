/**
 * The embedded store read-only, for verify and export: the file is opened read-only (a backup
 * is checked without being changed), and nothing is migrated. It reads while a server writes.
 *
 * SQLite reads a write-ahead-log database through a shared-memory file beside it (`-shm`), which
 * it must be able to create. In a folder the reader may not write (an auditor's read-only copy,
 * a read-only mount), with no server writing (no `-wal` file), it reads a private copy instead.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { loadDriver } from './driver';
import { schemaProblem, SCHEMA_VERSION_QUERY } from './schema';
import { LEDGER_FILE } from './sqlite-store';
import type { LedgerReader, LedgerView } from './store';

/** A command has nothing else to do meanwhile: it may wait for a writer's checkpoint this long. */
const READ_WAIT_MS = 5000;

/** `$1`, `$2`… as SQLite's anonymous `?`, with the parameters in the order the text names them. */
function positional(sql: string, params: readonly unknown[]): [string, unknown[]] {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(params[Number(index) - 1]);
    return '?';
  });
  return [text, ordered];
}

/** SQLite could not create what a write-ahead-log reader needs beside the file. */
const cannotShare = (problem: unknown) => ['SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN'].includes((problem as { code?: string }).code ?? '');

type Driver = typeof BetterSqlite3;

/** The file opened read-only, or a private copy of it (see above); `done` removes the copy. */
function openReadOnly(Database: Driver, file: string): { db: BetterSqlite3.Database; done: () => void } {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: READ_WAIT_MS });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { db, done: () => undefined };
  } catch (problem) {
    db.close();
    if (!cannotShare(problem) || existsSync(`${file}-wal`)) throw problem;
  }
  const copy = mkdtempSync(join(tmpdir(), 'temoin-read-'));
  const done = () => {
    rmSync(copy, { recursive: true, force: true });
  };
  try {
    copyFileSync(file, join(copy, LEDGER_FILE));
    if (existsSync(`${file}-wal`)) throw new Error(`a server started writing ${file} while it was being read: run the command again`);
    return { db: new Database(join(copy, LEDGER_FILE), { readonly: true, fileMustExist: true }), done };
  } catch (problem) {
    done();
    throw problem;
  }
}

export async function openSqliteReader(dir: string): Promise<LedgerReader> {
  const { default: Database } = await loadDriver('better-sqlite3', 'better-sqlite3@12', 'the embedded ledger', () => import('better-sqlite3'));
  const file = join(dir, LEDGER_FILE);
  if (!existsSync(file)) throw new Error(`no ledger in ${dir} (temoin serve --data ${dir} starts one)`);
  const { db, done } = openReadOnly(Database, file);
  const close = () => {
    db.close();
    done();
  };
  try {
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'temoin_migrations'").get() !== undefined;
    const version = hasMigrations ? (db.prepare<[], { version: number | null }>(SCHEMA_VERSION_QUERY).get()?.version ?? null) : null;
    const problem = schemaProblem(version, dir);
    if (problem !== null) throw new Error(problem);
  } catch (problem) {
    close();
    throw problem;
  }
  const statements = new Map<string, BetterSqlite3.Statement>();
  const view: LedgerView = {
    query: <T>(sql: string, params: readonly unknown[] = []) => {
      const [text, ordered] = positional(sql, params);
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = db.prepare(text)));
      return Promise.resolve(statement.all(...ordered) as T[]);
    },
  };
  return {
    name: dir,
    async snapshot(read) {
      // A read transaction: every query sees the database as at its first one.
      db.exec('BEGIN');
      try {
        return await read(view);
      } finally {
        db.exec('COMMIT');
      }
    },
    close: () => {
      close();
      return Promise.resolve();
    },
  };
}
