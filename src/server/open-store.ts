/** The store a ledger's options name: the embedded one in a folder, or PostgreSQL. */
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

const DEFAULT_DATA_DIR = './temoin-ledger';

export interface StoreOptions {
  /** The embedded store's folder (default `./temoin-ledger`). */
  data?: string;
  /** A PostgreSQL connection string (`postgres://user:password@host/db`). */
  databaseUrl?: string;
}

/**
 * Opens (and migrates) the store. `create`: a server starts an empty embedded store; the other
 * commands refuse a folder that holds no ledger rather than inventing an empty one.
 */
export function openStore({ data, databaseUrl }: StoreOptions, { create }: { create: boolean }): Promise<Store> {
  if (data !== undefined && databaseUrl !== undefined)
    return Promise.reject(new Error('data and databaseUrl both name a store: give one of them'));
  return databaseUrl !== undefined ? openPostgresStore(databaseUrl) : openSqliteStore(data ?? DEFAULT_DATA_DIR, { create });
}
