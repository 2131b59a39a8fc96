/**
 * A throwaway PostgreSQL cluster for the ledger's tests: initdb into a temporary folder (as the
 * `postgres` user when the tests run as root, as CI does), a free port on 127.0.0.1, trust
 * authentication on loopback, the Unix socket inside the folder. Never skipped: when PostgreSQL
 * is missing, starting fails with one line saying what to install.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './temoin';

const run = promisify(execFile);
const INSTALL = 'PostgreSQL is needed for the ledger tests: apt-get install postgresql (Debian, Ubuntu) or put initdb and pg_ctl on PATH';

/** The folder of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
function binaries(): string {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? '' : join(debian, newest, 'bin');
}

export interface Postgres {
  /** `postgres://postgres@127.0.0.1:PORT/DB`, a fresh database each call. */
  database: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binaries();
  const tool = (name: string) => (bin ? join(bin, name) : name);
  // initdb refuses to run as root: the cluster belongs to the postgres user then.
  const asRoot = userInfo().uid === 0;
  const pgUser = async (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  const folder = mkdtempSync(join(tmpdir(), 'temoin-pg-'));
  const data = join(folder, 'data');
  const port = await freePort();
  try {
    if (asRoot) chownSync(folder, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
    await pgUser(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await pgUser(tool('pg_ctl'), ['-D', data, '-w', '-l', join(folder, 'log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`, 'start']);
  } catch (problem) {
    rmSync(folder, { recursive: true, force: true });
    const missing = (problem as NodeJS.ErrnoException).code === 'ENOENT' || /no such user|not found|ENOENT/i.test((problem as Error).message);
    throw new Error(missing ? INSTALL : `PostgreSQL did not start: ${(problem as Error).message.split('\n')[0] ?? ''}`);
  }
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    database: async (name) => {
      const { default: pg } = await import('pg');
      const client = new pg.Client(admin);
      await client.connect();
      // A test's own name, not input: identifiers cannot be query parameters.
      await client.query(`CREATE DATABASE "${name.replace(/\W/g, '_')}"`);
      await client.end();
      return `postgres://postgres@127.0.0.1:${port}/${name.replace(/\W/g, '_')}`;
    },
    stop: async () => {
      await pgUser(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
