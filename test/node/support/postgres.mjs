/**
 * A throwaway PostgreSQL cluster for the ledger's tests and benchmark: initdb into a temporary
 * folder (as the `postgres` user when run as root, as CI does: initdb refuses root), a free port
 * on 127.0.0.1, trust authentication on loopback, the Unix socket inside the folder; stopped and
 * removed by `stop()`. Never skipped: when PostgreSQL is missing, starting fails with one line
 * saying what to install. `stall()` freezes the whole cluster (SIGSTOP on the postmaster and every
 * backend), as a hung disk or a paused virtual machine would; `resume()` lets it go on.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const INSTALL = 'PostgreSQL is needed for the ledger tests: apt-get install postgresql (Debian, Ubuntu), or put initdb and pg_ctl on PATH';

export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** Debian's newest /usr/lib/postgresql/N/bin/NAME, else NAME on PATH. */
function tool(name) {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', name))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? name : join(debian, newest, 'bin', name);
}

export async function startPostgres() {
  const asRoot = userInfo().uid === 0;
  const asOwner = (file, args) => (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args));
  const folder = mkdtempSync(join(tmpdir(), 'temoin-pg-'));
  const data = join(folder, 'data');
  const port = await freePort();
  try {
    if (asRoot) {
      const id = async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
      chownSync(folder, await id('-u'), await id('-g'));
    }
    await asOwner(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await asOwner(tool('pg_ctl'), ['-D', data, '-w', '-l', join(folder, 'log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`, 'start']);
  } catch (problem) {
    rmSync(folder, { recursive: true, force: true });
    const missing = problem.code === 'ENOENT' || /no such user|not found/i.test(problem.message);
    throw new Error(missing ? INSTALL : `PostgreSQL did not start: ${problem.message.split('\n')[0]}`);
  }
  const url = (database) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  /** The postmaster and every process it started. */
  const processes = async () => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = (await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean).map(Number);
    return [postmaster, ...children];
  };
  const signal = async (name) => {
    for (const pid of await processes()) process.kill(pid, name);
  };
  let stalled = false;
  return {
    /** Freezes the cluster: connections and statements wait for ever, until `resume()`. */
    async stall() {
      await signal('SIGSTOP');
      stalled = true;
    },
    async resume() {
      stalled = false;
      await signal('SIGCONT');
    },
    /** What the server logged so far (statements too, in a database made with `logStatements`). */
    log: () => readFileSync(join(folder, 'log'), 'utf8'),
    /** A new, empty database; its connection string. */
    async database(name, { logStatements = false } = {}) {
      const { default: pg } = await import('pg');
      const client = new pg.Client(url('postgres'));
      await client.connect();
      // The caller's fixed name, not input: an identifier cannot be a query parameter.
      const database = name.replace(/\W/g, '_');
      await client.query(`CREATE DATABASE ${database}`);
      if (logStatements) await client.query(`ALTER DATABASE ${database} SET log_statement = 'all'`);
      await client.end();
      return url(database);
    },
    /** Runs SQL as the superuser in `database`. */
    async sql(database, text) {
      const { default: pg } = await import('pg');
      const client = new pg.Client(database);
      await client.connect();
      try {
        return (await client.query(text)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stalled) await signal('SIGCONT');
      await asOwner(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
