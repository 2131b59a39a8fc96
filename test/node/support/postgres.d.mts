export interface Postgres {
  /** A new, empty database; its connection string (`postgres://postgres@127.0.0.1:PORT/NAME`). `logStatements`: the server logs each statement run in it. */
  database: (name: string, options?: { logStatements?: boolean }) => Promise<string>;
  /** Runs SQL as the superuser on a database's connection string; the rows. */
  sql: (database: string, text: string) => Promise<Record<string, unknown>[]>;
  /** Freezes the whole cluster (SIGSTOP on the postmaster and its backends). */
  stall: () => Promise<void>;
  resume: () => Promise<void>;
  /** What the server logged so far. */
  log: () => string;
  stop: () => Promise<void>;
}
export function startPostgres(): Promise<Postgres>;
export function freePort(): Promise<number>;
