/**
 * The PostgreSQL store, for sites that outgrow one machine: several `temoin serve` processes may
 * append to one database. Each append locks the chain's single head row (`SELECT … FOR UPDATE`)
 * for the length of its transaction, so appends from all processes follow one another, `seq`
 * stays gapless and each entry hashes its true predecessor.
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { canonicalJson, link, linkPurge, type Draft, type Entry, type PurgeEntry } from './chain';
import { dayOf, facetKey, facetOf, storedFacet } from './facets';
import { describe, endPool, openPool } from './postgres-pool';
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

/** Taken while migrating, so that two servers starting together do not both apply a migration. */
const MIGRATION_LOCK = 0x74656d6f; // "temo"

/**
 * Runs `work` in a transaction on one pooled connection. `begin` opens it, in one round trip with
 * whatever else needs no parameters (round trips, not the database, bound a busy ledger's appends).
 * A connection on which anything failed is closed rather than reused: after a timeout, it may
 * still be waiting for the answer to the statement that timed out.
 */
async function transaction<T>(pool: Pool, begin: string, work: (client: PoolClient, begun: QueryResult[]) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    // A simple query with several statements answers with one result each.
    const begun = [(await client.query(begin)) as QueryResult | QueryResult[]].flat();
    const result = await work(client, begun);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (problem) {
    client.release(problem instanceof Error ? problem : true);
    throw problem;
  }
}

/**
 * Begins an append or a purge: durable at COMMIT whatever the database's default (a 201 must
 * survive a crash), and the chain's head locked until then.
 */
const BEGIN_LOCKED = `BEGIN; SET LOCAL synchronous_commit = on; ${HEAD_QUERY} FOR UPDATE`;
const lockedHead = (begun: QueryResult[]) => headOfRow(begun.at(-1)?.rows[0] as HeadRow);

/**
 * The facet ids of a `batch` of rows that have a `facet_key` (the others, purge markers, get
 * NULL): `known` the facets already in `temoin_facets`, `fresh` those added now, numbered after
 * the last. Appends hold the chain's lock, so two processes never number one at once.
 */
const FACET_IDS = `known AS (SELECT id, key FROM temoin_facets WHERE key IN (SELECT facet_key FROM batch)),
  fresh AS (
    INSERT INTO temoin_facets (id, key, method, language, jurisdiction, model, revision, granted, refused)
    SELECT (SELECT coalesce(max(id), 0) FROM temoin_facets) + row_number() OVER (ORDER BY n.key), n.key,
      n.f->>'method', n.f->>'language', n.f->>'jurisdiction', n.f->>'model', (n.f->>'revision')::integer, n.f->>'granted', n.f->>'refused'
    FROM (SELECT key, key::jsonb AS f FROM (SELECT DISTINCT facet_key AS key FROM batch WHERE facet_key IS NOT NULL) d
          WHERE key NOT IN (SELECT key FROM known)) n
    RETURNING id, key
  )`;
const FACET_ID = '(SELECT id FROM known WHERE key = batch.facet_key UNION ALL SELECT id FROM fresh WHERE key = batch.facet_key)';

/** Inserts entries and moves the head to the last, in one statement, one round trip. */
async function insert(client: PoolClient, entries: readonly Entry[]): Promise<void> {
  const last = entries.at(-1);
  if (!last) return;
  await client.query(
    `WITH batch AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::text[])
         AS b(seq, received_at, kind, consent_id, record, ip, hash, day, facet_key)
     ),
     ${FACET_IDS},
     appended AS (
       INSERT INTO temoin_entries (seq, received_at, kind, consent_id, record, ip, hash, day, facet)
       SELECT seq, received_at, kind, consent_id, record, ip, hash, day, ${FACET_ID} FROM batch
     )
     UPDATE temoin_chain SET last_seq = $10, last_hash = $11 WHERE id = 1`,
    [
      entries.map((e) => e.seq),
      entries.map((e) => e.receivedAt),
      entries.map((e) => ('purge' in e ? 'purge' : 'record')),
      entries.map((e) => ('purge' in e ? '' : e.record.id)),
      entries.map((e) => canonicalJson('purge' in e ? e.purge : e.record)),
      entries.map((e) => ('purge' in e ? null : (e.ip ?? null))),
      entries.map((e) => e.hash),
      entries.map((e) => ('purge' in e ? null : dayOf(e.receivedAt))),
      entries.map((e) => ('purge' in e ? null : facetKey(facetOf(e.record)))),
      last.seq,
      last.hash,
    ],
  );
}

/**
 * Gives the decisions a store held before the FACETS migration their day and facet, a page at a
 * time. A row whose text is not JSON keeps none: it is damaged, and `temoin verify` says so.
 */
async function fillFacets(client: PoolClient): Promise<void> {
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ seq: string; received_at: string; record: string }>(UNFACETED_QUERY, [after, PAGE_SIZE]);
    const last = rows.at(-1);
    if (!last) return;
    const filled = rows.flatMap((row) => {
      const facet = storedFacet(row.record);
      return facet ? [{ seq: row.seq, day: dayOf(row.received_at), key: facetKey(facet) }] : [];
    });
    await client.query(
      `WITH batch AS (SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[]) AS b(seq, day, facet_key)),
       ${FACET_IDS}
       UPDATE temoin_entries SET day = batch.day, facet = ${FACET_ID} FROM batch WHERE temoin_entries.seq = batch.seq`,
      [filled.map((row) => row.seq), filled.map((row) => row.day), filled.map((row) => row.key)],
    );
    after = Number(last.seq);
  }
}

async function migrate(pool: Pool): Promise<void> {
  await transaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = (await client.query<{ version: number }>('SELECT version FROM temoin_migrations')).rows.map((row) => row.version);
    const pending = pendingMigrations(applied);
    for (const [version, statements] of pending) {
      for (const statement of statements) await client.query(statement);
      if (version === FACETS) await fillFacets(client);
      await client.query('INSERT INTO temoin_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
    }
    const legacy = legacyPurge(
      pending.map(([version]) => version),
      (await client.query<{ purged_seq: string; purged_hash: string }>(LEGACY_PURGE_QUERY)).rows[0] as { purged_seq: string; purged_hash: string },
    );
    if (legacy) {
      const head = headOfRow((await client.query<HeadRow>(`${HEAD_QUERY} FOR UPDATE`)).rows[0] as HeadRow);
      await insert(client, [linkPurge(head, legacy)]);
      await client.query(CLEAR_LEGACY_PURGE);
    }
  });
}

/** Opens (and migrates) the store. */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = await openPool(url, 'write');
  try {
    await migrate(pool);
  } catch (problem) {
    await endPool(pool);
    throw new Error(`${describe(url)}: ${problem instanceof Error ? problem.message : String(problem)}`);
  }

  const lastPurge = async (client: PoolClient) => (await client.query<EntryRow>(LAST_PURGE_QUERY)).rows[0];

  return {
    name: describe(url),
    append: (drafts: readonly Draft[]) =>
      transaction(pool, BEGIN_LOCKED, async (client, begun) => {
        const entries = link(lockedHead(begun), drafts);
        await insert(client, entries);
        return entries;
      }),
    appendPurge: (before, throughSeq) =>
      transaction(pool, BEGIN_LOCKED, async (client, begun): Promise<PurgeEntry | undefined> => {
        const head = lockedHead(begun);
        const start = chainStart(await lastPurge(client));
        const firstKept = (
          await client.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM temoin_entries WHERE seq >= $1 AND received_at >= $2', [start, before])
        ).rows[0]?.seq;
        const through = lastRemoved(start, firstKept === null || firstKept === undefined ? null : Number(firstKept), Math.min(throughSeq, head.lastSeq));
        if (through === undefined) return undefined;
        const { hash } = (await client.query<{ hash: string }>('SELECT hash FROM temoin_entries WHERE seq = $1', [through])).rows[0] as { hash: string };
        const marker = linkPurge(head, { before, removed: through - start + 1, lastRemovedSeq: through, lastRemovedHash: hash });
        await insert(client, [marker]);
        return marker;
      }),
    deletePurged: (limit) =>
      transaction(pool, 'BEGIN', async (client) => {
        const start = chainStart(await lastPurge(client));
        const min = (await client.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM temoin_entries')).rows[0]?.seq;
        const oldest = min === null || min === undefined ? start : Number(min);
        if (oldest >= start) return 0;
        const { rowCount } = await client.query('DELETE FROM temoin_entries WHERE seq >= $1 AND seq < $2', [oldest, Math.min(start, oldest + limit)]);
        return rowCount ?? 0;
      }),
    probe: async () => {
      const { rows } = await pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      if (rows[0]?.standby !== false) throw new Error(`${describe(url)} is a read-only standby`);
    },
    close: () => endPool(pool),
  };
}
