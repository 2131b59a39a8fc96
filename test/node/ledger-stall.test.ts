/**
 * A database that stalls costs the ledger a bounded amount: a PostgreSQL cluster frozen whole
 * (SIGSTOP, as a hung disk or a paused machine would leave it), an embedded store whose write lock
 * another process holds, a purge deleting beside a server that posts. The server keeps answering,
 * refuses what it cannot keep with 503 (nothing acknowledged), bounds its queue and its close,
 * probes health at most once a second, and afterwards the next post gets the next seq and the
 * chain verifies.
 */
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, link, type LedgerRecord } from '../../src/server/chain';
import { createLedger, type Ledger } from '../../src/server/create-ledger';
import { dayOf, facetKey, facetOf, facetValues } from '../../src/server/facets';
import { listen } from '../../src/server/listen';
import { openStore } from '../../src/server/open-store';
import { startPostgres, type Postgres } from './support/postgres.mjs';
import { post, proof, serve, tempFolder, temoin } from './support/temoin';

let postgres: Postgres;
const folders: string[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A POST through the Fetch API, as a runtime that gives the client's address. */
const postFrom = (ledger: Ledger, body: unknown = proof()) =>
  ledger.fetch(
    new Request('http://ledger.test/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    { clientAddress: '192.0.2.1' },
  );

/** A ledger on PostgreSQL, listening on a free port. */
async function onPostgres(database: string) {
  const ledger = createLedger({ databaseUrl: database, rate: 1_000_000 });
  await ledger.ready;
  const { server, url } = await listen(ledger, '127.0.0.1', 0);
  return { ledger, server, url };
}

const stop = (server: Server) => {
  server.closeAllConnections();
  server.close();
};

describe('a PostgreSQL cluster that stops answering', () => {
  it('refuses what it cannot keep with 503, bounds its queue, keeps answering, and goes on once the database does', async () => {
    const database = await postgres.database('stalled');
    const { ledger, server, url } = await onPostgres(database);
    expect((await post(url, proof())).body?.seq).toBe(1);
    await postgres.stall();
    let flood: Response[];
    try {
      // More posts than the queue holds (2,000, and a transaction of 500 in flight): those past it
      // are refused at once (Retry-After: 1), the others when the database's timeouts run out
      // (Retry-After: 5). None is acknowledged.
      const posts = Array.from({ length: 3000 }, () => postFrom(ledger));
      const last = await posts.at(-1);
      expect(last?.status).toBe(503);
      expect(last?.headers.get('retry-after')).toBe('1');
      // Requests that need no database are answered meanwhile.
      expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
      expect((await post(url, '{"v":')).status).toBe(400);
      // Health: the probe times out; the answer says nothing of the database.
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, error: 'store: not available, try again' });
      flood = await Promise.all(posts);
    } finally {
      await postgres.resume();
    }
    expect(flood.filter((response) => response.status !== 503)).toEqual([]);
    expect(flood.filter((response) => response.headers.get('retry-after') === '1').length).toBeGreaterThan(0);
    expect((await post(url, proof())).body?.seq).toBe(2);
    stop(server);
    await ledger.close();
    expect(await temoin(['verify'], { DATABASE_URL: database })).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 2 entries/) as unknown });
  }, 90_000);

  it('closes within a bound while a post waits on the frozen database, which acknowledges nothing', async () => {
    const database = await postgres.database('stalled_close');
    const { ledger, server, url } = await onPostgres(database);
    expect((await post(url, proof())).body?.seq).toBe(1);
    await postgres.stall();
    try {
      // A post whose body the ledger has read: from there it goes to the database without waiting.
      let bodyRead: () => void = () => undefined;
      const read = new Promise<void>((resolve) => (bodyRead = resolve));
      const bytes = new TextEncoder().encode(JSON.stringify(proof()));
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(bytes);
          controller.close();
          bodyRead();
        },
      });
      const request = new Request('http://ledger.test/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      const waiting = ledger.fetch(request, { clientAddress: '192.0.2.1' });
      await read;
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      await ledger.close();
      console.info(`closed in ${Math.round(performance.now() - started)} ms with a post waiting on a frozen PostgreSQL`);
      expect((await waiting).status).toBe(503);
    } finally {
      await postgres.resume();
    }
    stop(server);
    expect(await temoin(['verify'], { DATABASE_URL: database })).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 1 entry/) as unknown });
  }, 60_000);

  it('probes the database for /health at most once a second, however many ask', async () => {
    const database = await postgres.database('health_probes', { logStatements: true });
    const { ledger, server, url } = await onPostgres(database);
    const probes = () => postgres.log().split('\n').filter((line) => line.includes('pg_is_in_recovery')).length;
    const before = probes();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 300 }, () => fetch(`${url}/health`).then((response) => response.status)));
    const seconds = (performance.now() - started) / 1000;
    stop(server);
    await ledger.close();
    expect(new Set(answers)).toEqual(new Set([200]));
    // The log is written as statements run: wait until it shows at least the one probe.
    while (probes() === before) await new Promise((resolve) => setImmediate(resolve));
    expect(probes() - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  }, 60_000);
});

describe('an embedded store another process holds locked', () => {
  it('keeps answering other requests while a post waits for the lock, then stores it', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const data = join(folder, 'ledger');
    const server = await serve(['--data', data, '--rate', '1000000']);
    try {
      expect((await post(server.url, proof())).body?.seq).toBe(1);
      const db = new Database(join(data, 'ledger.sqlite3'));
      db.exec('BEGIN IMMEDIATE');
      const events: string[] = [];
      const waiting = post(server.url, proof()).then((answer) => {
        events.push(`post ${answer.status}`);
        return answer;
      });
      // SQLite waited for the lock inside the server's only thread: nothing else was answered until it gave up.
      const others = await Promise.all([
        ...Array.from({ length: 5 }, () => post(server.url, '{"v":').then((answer) => answer.status)),
        fetch(`${server.url}/elsewhere`).then((response) => response.status),
        fetch(`${server.url}/health`).then((response) => response.status),
      ]);
      events.push('others answered');
      expect(others).toEqual([400, 400, 400, 400, 400, 404, 503]);
      db.exec('ROLLBACK');
      db.close();
      expect((await waiting).body?.seq).toBe(2);
      expect(events).toEqual(['others answered', 'post 201']);
    } finally {
      await server.stop();
    }
    expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0 });
  }, 60_000);
});

describe('a purge beside a server that posts', () => {
  it('deletes in small transactions, and every post meanwhile is acknowledged', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const data = join(folder, 'ledger');
    // 30,000 old entries, written directly (posting them would take a while).
    const store = await openStore({ data }, { create: true });
    await store.close();
    const db = new Database(join(data, 'ledger.sqlite3'));
    const entries = link({ lastSeq: 0, lastHash: '0'.repeat(64) }, Array.from({ length: 30_000 }, () => ({ record: proof() as unknown as LedgerRecord })), '2020-01-01T00:00:00.000Z');
    // They are alike but for their ids: one facet, what consent insights count them by.
    const facet = facetOf(entries[0]?.record as LedgerRecord);
    db.prepare('INSERT INTO temoin_facets (id, key, method, language, jurisdiction, model, revision, granted, refused) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)').run(facetKey(facet), ...facetValues(facet));
    const insert = db.prepare('INSERT INTO temoin_entries (seq, received_at, consent_id, record, ip, hash, day, facet) VALUES (?, ?, ?, ?, NULL, ?, ?, 1)');
    db.transaction(() => {
      for (const { seq, receivedAt, record, hash } of entries) insert.run(seq, receivedAt, record.id, canonicalJson(record), hash, dayOf(receivedAt));
      db.prepare('UPDATE temoin_chain SET last_seq = ?, last_hash = ?').run(30_000, entries.at(-1)?.hash);
    })();

    const server = await serve(['--data', data, '--rate', '1000000']);
    const state = { purging: true };
    const latencies: number[] = [];
    const poster = (async () => {
      const statuses: number[] = [];
      while (state.purging) {
        const started = performance.now();
        statuses.push((await post(server.url, proof())).status);
        latencies.push(performance.now() - started);
      }
      return statuses;
    })();
    // What a reader sees meanwhile: the count going down step by step, not in one jump.
    const counts = new Set<number>();
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM temoin_entries WHERE seq <= 30000');
    const watcher = (async () => {
      while (state.purging) {
        counts.add((count.get() as { n: number }).n);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const purge = await temoin(['purge', '--data', data, '--older-than-days', '1']);
    state.purging = false;
    const statuses = await poster;
    await watcher;
    db.close();
    await server.stop();
    expect(purge).toMatchObject({ status: 0, stdout: expect.stringMatching(/^purged 30000 entries received before/) as unknown });
    expect(new Set(statuses)).toEqual(new Set([201]));
    expect([...counts].filter((n) => n > 0 && n < 30_000).length).toBeGreaterThan(1);
    latencies.sort((a, b) => a - b);
    console.info(`purge of 30,000 entries beside a posting server: ${statuses.length} posts acknowledged meanwhile, the slowest in ${Math.round(latencies.at(-1) ?? 0)} ms`);
    expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: \d+ entries, seq 30001 to/) as unknown });
  }, 120_000);
});
