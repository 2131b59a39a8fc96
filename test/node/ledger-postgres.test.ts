/**
 * Beyond one machine: several `temoin serve` processes on one PostgreSQL database. Their appends
 * take turns on the chain's head, so seq stays gapless and every entry hashes its true
 * predecessor; verify, export and purge run while the servers write; verify and export need no
 * more than a role that may read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from './support/postgres.mjs';
import { exported, post, proof, serve, temoin, type Serving } from './support/temoin';

let postgres: Postgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres.stop();
});

/** `clients` concurrent posters on each server until `total` entries are acknowledged in all. */
async function postConcurrently(servers: Serving[], clients: number, total: number) {
  const acknowledged: { seq: number; hash: string }[] = [];
  let sent = 0;
  const client = async (server: Serving) => {
    while (sent < total) {
      sent += 1;
      const answer = await post(server.url, proof());
      expect(answer.status).toBe(201);
      acknowledged.push({ seq: answer.body?.seq as number, hash: answer.body?.hash as string });
    }
  };
  await Promise.all(servers.flatMap((server) => Array.from({ length: clients }, () => client(server))));
  return acknowledged;
}

describe('several servers on one PostgreSQL', () => {
  it('keep one gapless chain while they post concurrently, and verify passes', async () => {
    const env = { DATABASE_URL: await postgres.database('two_servers') };
    const servers = await Promise.all([serve(['--rate', '100000'], env), serve(['--rate', '100000'], env)]);
    const posting = postConcurrently(servers, 8, 300);
    // The commands work while the servers write.
    const during = await temoin(['verify'], env);
    expect(during.status).toBe(0);
    const acknowledged = await posting;
    for (const server of servers) expect(await server.stop()).toBe(0);

    const entries = await exported([], env);
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, index) => index + 1));
    expect(entries).toHaveLength(300);
    const bySeq = new Map(entries.map((entry) => [entry.seq, entry.hash]));
    expect(acknowledged.filter(({ seq, hash }) => bySeq.get(seq) !== hash)).toEqual([]);
    expect(await temoin(['verify'], env)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 300 entries, seq 1 to 300/) as unknown });
  }, 90_000);

  it('purges beside a running server; the chain still verifies and seq goes on', async () => {
    const env = { DATABASE_URL: await postgres.database('purge_beside') };
    const server = await serve([], env);
    await postConcurrently([server], 4, 40);
    expect(await temoin(['purge', '--older-than-days', '0'], env)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^purged 40 entries.*seq 41 records the purge\n$/) as unknown });
    expect((await post(server.url, proof())).body?.seq).toBe(42);
    expect(await temoin(['verify'], env)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 2 entries, seq 41 to 42/) as unknown });
    expect(await server.stop()).toBe(0);
  }, 60_000);
});

describe('an auditor’s role', () => {
  it('needs only SELECT: verify and export run read-only and never migrate', async () => {
    const url = await postgres.database('audited');
    const server = await serve([], { DATABASE_URL: url });
    await postConcurrently([server], 2, 3);
    expect(await server.stop()).toBe(0);
    await postgres.sql(url, 'CREATE ROLE auditor LOGIN; GRANT SELECT ON temoin_entries, temoin_facets, temoin_chain, temoin_migrations TO auditor');
    const env = { DATABASE_URL: url.replace('postgres@', 'auditor@') };
    expect(await temoin(['verify'], env)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 3 entries/) as unknown });
    expect(await exported([], env)).toHaveLength(3);
    // The role may not write; neither command tried to (a purge, which writes, is refused).
    expect(await temoin(['purge', '--older-than-days', '0'], env)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^temoin purge: postgres:\/\/auditor@.*permission denied/) as unknown });
  }, 60_000);
});
