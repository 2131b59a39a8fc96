/**
 * `node bench/ledger-engines.mjs`: the measurements behind the choice of the ledger's embedded
 * engine (docs/adr/0030-embedded-ledger-engine.md). For better-sqlite3 12 and PGlite 0.5, each
 * on a fresh folder: commits per second when every entry is its own transaction and when entries
 * are committed in groups of 50 (what group commit does under load), then a durability check:
 * a child process appends and reports each commit, is killed with SIGKILL mid-write, and the
 * folder is reopened to count what survived of what was reported committed.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 3);
const ROW = JSON.stringify({ v: 1, id: '7d0f3b52-1c2e-4d5f-8a9b-0c1d2e3f4a5b', revision: 1, granted: ['necessary'], refused: ['advertising'], method: 'custom', language: 'fr', createdAt: '2026-11-22T10:00:00.000Z', updatedAt: '2026-11-22T10:00:00.000Z', url: 'https://www.example.com/', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140' });
const SCHEMA = 'CREATE TABLE IF NOT EXISTS entries (seq BIGINT PRIMARY KEY, received_at TEXT NOT NULL, record TEXT NOT NULL, hash TEXT NOT NULL)';

const engines = {
  async 'better-sqlite3'(dir) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'ledger.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const insert = db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?)');
    const many = db.transaction((rows) => rows.forEach((row) => insert.run(...row)));
    return {
      append: async (rows) => many(rows),
      count: async () => db.prepare('SELECT count(*) AS n FROM entries').get().n,
      close: async () => db.close(),
    };
  },
  async pglite(dir) {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(join(dir, 'pg'));
    await db.exec(SCHEMA);
    return {
      append: (rows) =>
        db.transaction(async (tx) => {
          for (const row of rows) await tx.query('INSERT INTO entries VALUES ($1, $2, $3, $4)', row);
        }),
      count: async () => Number((await db.query('SELECT count(*) AS n FROM entries')).rows[0].n),
      close: () => db.close(),
    };
  },
};

const rows = (from, n) => Array.from({ length: n }, (_, i) => [from + i, new Date().toISOString(), ROW, 'f'.repeat(64)]);

/** Child: appends groups of `group` until killed, printing the last committed seq after each commit. */
async function child(engine, dir, group) {
  const store = await engines[engine](dir);
  for (let seq = 1; ; seq += group) {
    await store.append(rows(seq, group));
    process.send(seq + group - 1);
  }
}

async function throughput(engine, group) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-engine-'));
  const store = await engines[engine](dir);
  let seq = 1;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    await store.append(rows(seq, group));
    seq += group;
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return Math.round((seq - 1) / SECONDS);
}

async function durability(engine, group) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-engine-'));
  const worker = fork(new URL(import.meta.url), ['child', engine, dir, String(group)]);
  let acknowledged = 0;
  worker.on('message', (seq) => (acknowledged = seq));
  // Killed 1.5 s after its first commit (opening a new PGlite folder takes seconds).
  await once(worker, 'message');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  worker.kill('SIGKILL');
  await once(worker, 'exit');
  const store = await engines[engine](dir);
  const found = await store.count();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { acknowledged, found };
}

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else {
  console.log(`| engine | commits/s, 1 entry each | entries/s, groups of 50 | acknowledged before SIGKILL | found after |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const engine of Object.keys(engines)) {
    const single = await throughput(engine, 1);
    const grouped = await throughput(engine, 50);
    const { acknowledged, found } = await durability(engine, 10);
    console.log(`| ${engine} | ${single} | ${grouped} | ${acknowledged} | ${found} |`);
  }
}
