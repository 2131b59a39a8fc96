/** The store a ledger's options name: the embedded one in a folder, or PostgreSQL; to write, or only to read. */
import { openPostgresReader } from './postgres-reader';
import { openPostgresStore } from './postgres-store';
import { openSqliteReader } from './sqlite-reader';
import { openSqliteStore } from './sqlite-store';
import type { LedgerReader, Store } from './store';

const DEFAULT_DATA_DIR = './temoin-ledger';

export interface StoreOptions {
  /** The embedded store's folder (default `./temoin-ledger`). */
  data?: string;
  /** A PostgreSQL connection string (`postgres://user:password@host/db`). */
  databaseUrl?: string;
}

const both = () => Promise.reject(new Error('data and databaseUrl both name a store: give one of them'));

/**
 * Opens (and migrates) the store to write. `create`: a server starts an empty embedded store;
 * purge refuses a folder that holds no ledger rather than inventing an empty one.
 */
export function openStore({ data, databaseUrl }: StoreOptions, { create }: { create: boolean }): Promise<Store> {
  if (data !== undefined && databaseUrl !== undefined) return both();
  return databaseUrl !== undefined ? openPostgresStore(databaseUrl) : openSqliteStore(data ?? DEFAULT_DATA_DIR, { create });
}

/** Opens the store read-only, never migrating it: what verify and export use. */
export function openReader({ data, databaseUrl }: StoreOptions): Promise<LedgerReader> {
  if (data !== undefined && databaseUrl !== undefined) return both();
  return databaseUrl !== undefined ? openPostgresReader(databaseUrl) : openSqliteReader(data ?? DEFAULT_DATA_DIR);
}
