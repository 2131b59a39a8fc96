/**
 * Consent insights on PostgreSQL: the same known decisions counted exactly as on the embedded
 * store, by `temoin stats` beside a running server and by that server's `/stats`; a database of
 * the schema before insights, its decisions given their facets when a server migrates it; two
 * servers adding facets at once number them without a clash.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backdate } from '../../demo/backdate.mjs';
import { canonicalJson, GENESIS_HASH, link, type LedgerRecord } from '../../src/server/chain';
import { createLedger } from '../../src/server/create-ledger';
import { MIGRATIONS } from '../../src/server/schema';
import type { Stats } from '../../src/server/stats';
import { EXPECTED, moments } from './support/decisions.mjs';
import { startPostgres, type Postgres } from './support/postgres.mjs';
import { post, proof, serve, temoin } from './support/temoin';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TOKEN = 'correct-horse-battery-staple-42';

let postgres: Postgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres.stop();
});

async function stats(env: Record<string, string>, args: string[] = []): Promise<Stats> {
  const { status, stdout, stderr } = await temoin(['stats', '--format', 'json', ...args], env);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  return JSON.parse(stdout) as Stats;
}

const statsOf = async (url: string, query: string) => (await fetch(`${url}/stats${query}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<Stats>;

describe('on PostgreSQL', () => {
  it('temoin stats and /stats count the known decisions exactly, beside a running server', async () => {
    const databaseUrl = await postgres.database('insights');
    const ledger = createLedger({ databaseUrl, rate: 1_000_000 });
    await ledger.ready;
    await backdate(ledger, moments());
    await ledger.close();
    const env = { DATABASE_URL: databaseUrl };
    const server = await serve([], { ...env, TEMOIN_DASHBOARD_TOKEN: TOKEN });
    try {
      for (const [by, groups] of Object.entries(EXPECTED))
        expect(await statsOf(server.url, `?by=${by}`)).toEqual({ from: null, to: null, by, total: 17, groups });
      // The command, beside the server: the same figures.
      expect(await stats(env, ['--by', 'jurisdiction'])).toEqual({ from: null, to: null, by: 'jurisdiction', total: 17, groups: EXPECTED.jurisdiction });
      expect(await stats(env, ['--from', '2026-11-02T23:59:59.999Z', '--to', '2026-11-03T00:00:00.001Z'])).toMatchObject({ total: 6 });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('a database from before insights: refused until a server migrates it, then its decisions counted, and verify holds', async () => {
    const url = await postgres.database('before_insights');
    const statements = ['CREATE TABLE temoin_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'];
    for (const [index, migration] of MIGRATIONS.slice(0, 2).entries())
      statements.push(...migration, `INSERT INTO temoin_migrations VALUES (${index + 1}, '2026-01-01T00:00:00.000Z')`);
    let head = { lastSeq: 0, lastHash: GENESIS_HASH };
    for (const { receivedAt, records } of moments())
      for (const entry of link(head, records.map((record) => ({ record: record as unknown as LedgerRecord })), receivedAt)) {
        // Written as Témoin 0.3 wrote them (the test's own fixed values, quoted as SQL text).
        statements.push(`INSERT INTO temoin_entries (seq, received_at, consent_id, record, hash) VALUES (${entry.seq}, '${entry.receivedAt}', '${entry.record.id}', '${canonicalJson(entry.record)}', '${entry.hash}')`);
        head = { lastSeq: entry.seq, lastHash: entry.hash };
      }
    statements.push(`UPDATE temoin_chain SET last_seq = ${head.lastSeq}, last_hash = '${head.lastHash}'`);
    await postgres.sql(url, statements.join(';\n'));

    const env = { DATABASE_URL: url };
    expect(await temoin(['stats'], env)).toMatchObject({ status: 2, stderr: expect.stringMatching(/is at schema 2; .*\(verify, export and stats only read\)\n$/) as unknown });
    const server = await serve([], { ...env, TEMOIN_DASHBOARD_TOKEN: TOKEN });
    try {
      for (const [by, groups] of Object.entries(EXPECTED)) expect((await statsOf(server.url, `?by=${by}`)).groups).toEqual(groups);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(await temoin(['verify'], env)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 17 entries/) as unknown });
  });

  it('two servers adding new facets at once number them without a clash', async () => {
    const env = { DATABASE_URL: await postgres.database('two_servers_facets') };
    const servers = await Promise.all([serve(['--rate', '100000'], env), serve(['--rate', '100000'], env)]);
    // Every post a facet of its own (another revision each), from both servers at once.
    const answers = await Promise.all(Array.from({ length: 40 }, (_, revision) => post(servers[revision % 2]?.url ?? '', proof({ revision }))));
    for (const server of servers) expect(await server.stop()).toBe(0);
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 40 }, () => 201));
    const counted = await stats(env, ['--by', 'revision']);
    expect(counted.total).toBe(40);
    // Each revision's single decision is under 5: all merged, as 40 distinct facets.
    expect(counted.groups).toEqual([{ key: 'other', decisions: 40, acceptAll: 0, rejectAll: 0, custom: 40, granted: { advertising: 0, necessary: 40, performance: 40, 'third-party': 0 } }]);
    expect(await postgres.sql(env.DATABASE_URL, 'SELECT count(*)::int AS facets, count(DISTINCT id)::int AS ids FROM temoin_facets')).toEqual([{ facets: 40, ids: 40 }]);
    expect(await temoin(['verify'], env)).toMatchObject({ status: 0 });
  });
});
