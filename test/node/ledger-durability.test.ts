/**
 * What a site owner relies on most: an entry that got its 201 is kept. Concurrent browsers post,
 * the server is killed with SIGKILL in the middle (no flush, no close), started again on the same
 * store, and every acknowledged entry is there with its seq and hash, and the chain verifies.
 * For the embedded store and for PostgreSQL.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from './support/postgres.mjs';
import { exported, post, proof, serve, tempFolder, temoin } from './support/temoin';

const CLIENTS = 16;
/** Killed once this many entries are acknowledged: well inside a stream of concurrent posts. */
const KILL_AFTER = 250;

let postgres: Postgres;
const folders: string[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const stores: [string, () => Promise<{ args: string[]; env: Record<string, string> }>][] = [
  [
    'embedded',
    () => {
      const folder = tempFolder();
      folders.push(folder);
      return Promise.resolve({ args: ['--data', folder], env: {} });
    },
  ],
  ['PostgreSQL', async () => ({ args: [], env: { DATABASE_URL: await postgres.database('durability') } })],
];

describe.each(stores)('%s store', (_, store) => {
  it('keeps every acknowledged entry through a SIGKILL mid-posting, and the chain verifies', async () => {
    const { args, env } = await store();
    const server = await serve([...args, '--rate', '1000000'], env);
    const acknowledged: { seq: number; hash: string; id: string }[] = [];
    let enough: () => void = () => undefined;
    const reachedKillPoint = new Promise<void>((resolve) => (enough = resolve));
    const client = async () => {
      for (;;) {
        const record = proof();
        let answer;
        try {
          answer = await post(server.url, record);
        } catch {
          return; // the server is gone
        }
        expect(answer.status).toBe(201);
        acknowledged.push({ seq: answer.body?.seq as number, hash: answer.body?.hash as string, id: record.id as string });
        if (acknowledged.length >= KILL_AFTER) enough();
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    await reachedKillPoint;
    await server.kill();
    await Promise.all(clients);

    const again = await serve(args, env);
    const entries = await exported(args, env);
    const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
    const missing = acknowledged.filter(({ seq, hash, id }) => {
      const entry = bySeq.get(seq);
      return entry?.hash !== hash || (entry.record as { id: string }).id !== id;
    });
    console.info(`${_} store: ${acknowledged.length} acknowledged before SIGKILL, ${acknowledged.length - missing.length} found after restart (${entries.length} entries held)`);
    expect(missing).toEqual([]);
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((__, index) => index + 1));

    const verify = await temoin(['verify', ...args], env);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^the chain holds: ${entries.length} entries`));
    // The restarted server goes on from the last entry.
    const next = await post(again.url, proof());
    expect(next.body?.seq).toBe(entries.length + 1);
    expect(await again.stop()).toBe(0);
  }, 60_000);
});
