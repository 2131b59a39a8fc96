export interface Postgres {
  /** A new, empty database; its connection string (`postgres://postgres@127.0.0.1:PORT/NAME`). */
  database: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}
export function startPostgres(): Promise<Postgres>;
export function freePort(): Promise<number>;
