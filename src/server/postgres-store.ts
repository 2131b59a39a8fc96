/**
 * The PostgreSQL store, through node-postgres (`pg`), for sites that outgrow one machine: several
 * `temoin serve` processes may append to one database. Each append locks the chain's single head
 * row (`SELECT … FOR UPDATE`) for the length of its transaction, so appends from all processes
 * follow one another, `seq` stays gapless and each entry hashes its true predecessor.
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { canonicalJson, link, type Draft } from './chain';
import { loadDriver } from './driver';
import { CREATE_MIGRATIONS_TABLE, chainOfRow, entryOfRow, pendingMigrations, type ChainRow, type EntryRow } from './schema';
import { PAGE_SIZE, paged, type EntryQuery, type Store } from './store';

/** Taken while migrating, so that two servers starting together do not both apply a migration. */
const MIGRATION_LOCK = 0x74656d6f; // "temo"
const COLUMNS = 'seq, received_at, record, ip, hash';
const CHAIN = 'SELECT last_seq, last_hash, purged_seq, purged_hash FROM temoin_chain WHERE id = 1';

/** The database as `user@host:port/db`, without the password, for messages. */
function describe(url: string): string {
  try {
    const { username, hostname, port, pathname } = new URL(url);
    return `postgres://${username ? `${username}@` : ''}${hostname}${port ? `:${port}` : ''}${pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Runs `work` in a transaction on one pooled connection. `begin` opens it, in one round trip with
 * whatever else needs no parameters (round trips, not the database, bound a busy ledger's appends).
 */
async function transaction<T>(pool: Pool, begin: string, work: (client: PoolClient, begun: QueryResult[]) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    // A simple query with several statements answers with one result each.
    const begun = [(await client.query(begin)) as QueryResult | QueryResult[]].flat();
    const result = await work(client, begun);
    await client.query('COMMIT');
    return result;
  } catch (problem) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw problem;
  } finally {
    client.release();
  }
}

/**
 * Begins an append or a purge: durable at COMMIT whatever the database's default (a 201 must
 * survive a crash), and the chain's head locked until then.
 */
const BEGIN_LOCKED = `BEGIN; SET LOCAL synchronous_commit = on; ${CHAIN} FOR UPDATE`;
const lockedChain = (begun: QueryResult[]) => chainOfRow(begun.at(-1)?.rows[0] as ChainRow);

export async function openPostgresStore(url: string): Promise<Store> {
  const { default: pg } = await loadDriver('pg', 'pg@8', 'a PostgreSQL ledger (DATABASE_URL)', () => import('pg'));
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection that breaks (the database restarts) is dropped and replaced; the next
  // query reports the problem to its request.
  pool.on('error', (problem) => process.stderr.write(`temoin: PostgreSQL connection lost: ${problem.message}\n`));
  try {
    await transaction(pool, 'BEGIN', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(CREATE_MIGRATIONS_TABLE);
      const applied = (await client.query<{ version: number }>('SELECT version FROM temoin_migrations')).rows.map((row) => row.version);
      for (const [version, statements] of pendingMigrations(applied)) {
        for (const statement of statements) await client.query(statement);
        await client.query('INSERT INTO temoin_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
      }
    });
  } catch (problem) {
    await pool.end();
    throw new Error(`${describe(url)}: ${problem instanceof Error ? problem.message : String(problem)}`);
  }

  return {
    name: describe(url),
    append: (drafts: readonly Draft[]) =>
      transaction(pool, BEGIN_LOCKED, async (client, begun) => {
        const entries = link(lockedChain(begun), drafts);
        const last = entries.at(-1);
        if (!last) return entries;
        // The entries and the new head in one statement, one round trip.
        await client.query(
          `WITH appended AS (
             INSERT INTO temoin_entries (seq, received_at, consent_id, record, ip, hash)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           )
           UPDATE temoin_chain SET last_seq = $7, last_hash = $8 WHERE id = 1`,
          [
            entries.map((e) => e.seq),
            entries.map((e) => e.receivedAt),
            entries.map((e) => e.record.id),
            entries.map((e) => canonicalJson(e.record)),
            entries.map((e) => e.ip ?? null),
            entries.map((e) => e.hash),
            last.seq,
            last.hash,
          ],
        );
        return entries;
      }),
    chain: async () => chainOfRow((await pool.query<ChainRow>(CHAIN)).rows[0] as ChainRow),
    entries: ({ from = '', to = '~', id, throughSeq = Number.MAX_SAFE_INTEGER }: EntryQuery = {}) =>
      paged(async (after) => {
        const { rows } =
          id === undefined
            ? await pool.query<EntryRow>(
                `SELECT ${COLUMNS} FROM temoin_entries WHERE seq > $1 AND seq <= $2 AND received_at >= $3 AND received_at < $4 ORDER BY seq LIMIT $5`,
                [after, throughSeq, from, to, PAGE_SIZE],
              )
            : await pool.query<EntryRow>(
                `SELECT ${COLUMNS} FROM temoin_entries WHERE consent_id = $1 AND seq > $2 AND seq <= $3 AND received_at >= $4 AND received_at < $5 ORDER BY seq LIMIT $6`,
                [id, after, throughSeq, from, to, PAGE_SIZE],
              );
        return rows.map(entryOfRow);
      }),
    purge: (before) =>
      transaction(pool, BEGIN_LOCKED, async (client, begun) => {
        const current = lockedChain(begun);
        const first = (await client.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM temoin_entries WHERE received_at >= $1', [before]))
          .rows[0]?.seq;
        const through = (first === null || first === undefined ? current.lastSeq + 1 : Number(first)) - 1;
        if (through <= current.purgedSeq) return { count: 0, chain: current };
        const { hash } = (await client.query<{ hash: string }>('SELECT hash FROM temoin_entries WHERE seq = $1', [through])).rows[0] as { hash: string };
        const { rowCount } = await client.query('DELETE FROM temoin_entries WHERE seq <= $1', [through]);
        await client.query('UPDATE temoin_chain SET purged_seq = $1, purged_hash = $2 WHERE id = 1', [through, hash]);
        return { count: rowCount ?? 0, chain: { ...current, purgedSeq: through, purgedHash: hash } };
      }),
    probe: async () => {
      const { rows } = await pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      if (rows[0]?.standby !== false) throw new Error(`${describe(url)} is a read-only standby`);
    },
    close: () => pool.end(),
  };
}
