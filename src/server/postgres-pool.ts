/**
 * Connections to PostgreSQL through node-postgres (`pg`), with bounds on a database that stalls:
 * connecting, waiting for a lock and running a statement each have a timeout on the server's
 * side, and every query one on ours, since a database that does not answer at all (stopped,
 * unreachable, its disk hung) enforces nothing.
 */
import type { Pool, PoolConfig } from 'pg';
import { loadDriver } from './driver';

/** Bounds for the server's appends: a request waits at most about this long for a stalled database. */
const WRITE_TIMEOUTS = { connectMs: 5000, lockMs: 5000, statementMs: 5000 };
/** Bounds for verify and export: pages of a large table, on a database busy with appends. */
const READ_TIMEOUTS = { connectMs: 10_000, lockMs: 10_000, statementMs: 60_000 };
/** Our side's margin over the database's statement timeout, which answers first when the database runs. */
const CLIENT_MARGIN_MS = 1000;

/** The database as `postgres://user@host:port/db`, without the password, for messages (never for answers to clients). */
export function describe(url: string): string {
  try {
    const { username, hostname, port, pathname } = new URL(url);
    return `postgres://${username ? `${username}@` : ''}${hostname}${port ? `:${port}` : ''}${pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** A pool on `url`: for appends (`write`), or read-only (every transaction refuses writes, whatever the role may do). */
export async function openPool(url: string, mode: 'write' | 'read'): Promise<Pool> {
  const { default: pg } = await loadDriver('pg', 'pg@8', 'a PostgreSQL ledger (DATABASE_URL)', () => import('pg'));
  const { connectMs, lockMs, statementMs } = mode === 'write' ? WRITE_TIMEOUTS : READ_TIMEOUTS;
  const config: PoolConfig = {
    connectionString: url,
    max: mode === 'write' ? 4 : 1,
    connectionTimeoutMillis: connectMs,
    lock_timeout: lockMs,
    statement_timeout: statementMs,
    query_timeout: statementMs + CLIENT_MARGIN_MS,
    // A transaction left open by a client that went silent releases the chain's lock.
    idle_in_transaction_session_timeout: statementMs + CLIENT_MARGIN_MS,
    keepAlive: true,
    ...(mode === 'read' && { options: '-c default_transaction_read_only=on' }),
  };
  const pool = new pg.Pool(config);
  // An idle connection that breaks (the database restarts) is dropped and replaced; the next
  // query reports the problem to its request.
  pool.on('error', (problem) => process.stderr.write(`temoin: PostgreSQL connection lost: ${problem.message}\n`));
  return pool;
}

/**
 * Ends the pool, waiting at most `ms`: a connection to a database that stopped answering would
 * otherwise keep it open until the database comes back.
 */
export async function endPool(pool: Pool, ms = 2000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([pool.end().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
