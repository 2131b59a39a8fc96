/**
 * PostgreSQL read-only, for verify and export: every transaction is read-only whatever the role
 * may do, nothing is migrated, and a role with SELECT on the ledger's tables is enough.
 */
import { describe, endPool, openPool } from './postgres-pool';
import { schemaProblem, SCHEMA_VERSION_QUERY } from './schema';
import type { LedgerReader, LedgerView } from './store';

export async function openPostgresReader(url: string): Promise<LedgerReader> {
  const pool = await openPool(url, 'read');
  const name = describe(url);
  try {
    const { rows } = await pool.query<{ version: number | null }>(SCHEMA_VERSION_QUERY).catch((problem: unknown) => {
      // 42P01: no such table.
      if ((problem as { code?: string }).code === '42P01') return { rows: [] };
      throw problem;
    });
    const problem = schemaProblem(rows[0]?.version, name);
    if (problem !== null) throw new Error(problem);
  } catch (problem) {
    await endPool(pool);
    const message = problem instanceof Error ? problem.message : String(problem);
    throw new Error(message.startsWith(name) ? message : `${name}: ${message}`);
  }
  return {
    name,
    async snapshot(read) {
      const client = await pool.connect();
      try {
        // One snapshot for the whole reading: appends committed meanwhile are not seen.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const view: LedgerView = { query: async <T>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as T[] };
        const result = await read(view);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (problem) {
        client.release(true);
        throw problem;
      }
    },
    close: () => endPool(pool),
  };
}
