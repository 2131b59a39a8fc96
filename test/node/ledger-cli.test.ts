/**
 * The `temoin` ledger commands as a site owner's shell scripts use them: help, exit statuses and
 * one-line errors, export formats and filters, purge, verify catching tampering, and the line that
 * names a missing database driver. The embedded store; PostgreSQL has its own file.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exported, post, proof, serve, tempFolder, temoin, TEMOIN } from './support/temoin';

// Each test runs the command several times, each a new Node process: allow for a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const folders: string[] = [];
const folder = () => {
  const made = tempFolder();
  folders.push(made);
  return made;
};
afterAll(() => {
  for (const made of folders) rmSync(made, { recursive: true, force: true });
});

/** An embedded ledger holding `count` entries (the server stopped), and the ids posted. */
async function ledgerWith(records: Record<string, unknown>[]) {
  const data = join(folder(), 'ledger');
  const server = await serve(['--data', data]);
  for (const record of records) expect((await post(server.url, record)).status).toBe(201);
  expect(await server.stop()).toBe(0);
  return data;
}

describe('help and usage', () => {
  it.each(['serve', 'verify', 'export', 'purge'])('temoin %s --help prints its options and exits 0', async (command) => {
    const { status, stdout } = await temoin([command, '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: temoin ${command} `));
    expect(stdout).toContain('--data DIR');
  });

  it.each([
    [['serve', '--data', 'x'], { DATABASE_URL: 'postgres://db.invalid/x' }, 'temoin serve: --data and DATABASE_URL both name a store: give one of them'],
    [['serve', '--port', 'eighty'], {}, 'temoin serve: --port: expected a whole number from 0 to 65535, got "eighty"'],
    [['serve', '--store-ip', 'full'], {}, 'temoin serve: --store-ip: expected none or truncated, got "full"'],
    [['serve', '--origin', 'example.com', '--data', '/nonexistent/never'], {}, 'temoin serve: origin "example.com": expected a scheme, host and optional port, such as https://www.example.com'],
    [['verify', '--data', '/nonexistent/ledger'], {}, 'temoin verify: no ledger in /nonexistent/ledger (temoin serve --data /nonexistent/ledger starts one)'],
    [['export', '--format', 'xml'], {}, 'temoin export: --format: expected ndjson or csv, got "xml"'],
    [['export', '--from', 'last week'], {}, 'temoin export: --from: expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z, got "last week"'],
    [['export', '--id', '42'], {}, 'temoin export: --id: expected a consent id (a UUID v4), got "42"'],
    [['purge'], {}, 'temoin purge: --older-than-days: required (0 deletes every entry)'],
    [['purge', '--older-than-days=-1'], {}, 'temoin purge: --older-than-days: expected a whole number from 0 to 100000, got "-1"'],
    [['purge', '--older-than-days', '-1'], {}, "temoin purge: Option '--older-than-days' argument is ambiguous"],
    [['verify', '--verbose'], {}, 'temoin verify: --verbose: unknown option (--help lists them)'],
    [['export', 'everything'], {}, 'temoin export: "everything": unexpected argument (--help lists the options)'],
  ])('temoin %j exits 2 with one line', async (args, env, line) => {
    const { status, stdout, stderr } = await temoin(args, env);
    expect({ status, stdout, stderr }).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
  });

  it('exits 2 with one line when the port is taken', async () => {
    const data = folder();
    const first = await serve(['--data', data]);
    const { port } = new URL(first.url);
    const { status, stderr } = await temoin(['serve', '--data', folder(), '--port', port]);
    await first.stop();
    expect({ status, stderr }).toEqual({ status: 2, stderr: `temoin serve: 127.0.0.1:${port} is already in use (--port 0 picks a free port)\n` });
  });
});

describe('export', () => {
  it('writes NDJSON in seq order, one visitor’s history with --id, and a time range with --from/--to', async () => {
    const visitor = proof({ method: 'accept-all', granted: ['necessary', 'performance', 'advertising', 'third-party'], refused: [] });
    const later = { ...visitor, method: 'custom', granted: ['necessary'], refused: ['performance', 'advertising', 'third-party'], updatedAt: new Date().toISOString() };
    const data = await ledgerWith([visitor, proof(), later, proof({ url: '=HYPERLINK("http://evil.example")' })]);
    const all = await exported(['--data', data]);
    expect(all.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(all[0] ?? {})).toEqual(['seq', 'receivedAt', 'hash', 'record']);
    expect(all[0]?.record).toEqual(visitor);

    const history = await exported(['--data', data, '--id', visitor.id as string]);
    expect(history.map((entry) => [entry.seq, (entry.record as { method: string }).method])).toEqual([
      [1, 'accept-all'],
      [3, 'custom'],
    ]);

    const from = all[1]?.receivedAt as string;
    const to = all[3]?.receivedAt as string;
    expect(await exported(['--data', data, '--from', from, '--to', to])).toEqual(all.filter((e) => (e.receivedAt as string) >= from && (e.receivedAt as string) < to));
    expect(await exported(['--data', data, '--from', '2999-01-01'])).toEqual([]);
  });

  it('writes CSV with a header, lists joined by spaces and formula-looking cells neutralised', async () => {
    const record = proof({ url: '=HYPERLINK("http://evil.example","x")' });
    const data = await ledgerWith([record]);
    const { status, stdout } = await temoin(['export', '--data', data, '--format', 'csv']);
    expect(status).toBe(0);
    const [header, row, end] = stdout.split('\r\n');
    expect(header).toBe('seq,receivedAt,id,method,revision,granted,refused,language,url,hash');
    const [entry] = await exported(['--data', data]);
    expect(row).toBe(
      `1,${entry?.receivedAt as string},${record.id as string},custom,1,necessary performance,advertising third-party,fr,"'=HYPERLINK(""http://evil.example"",""x"")",${entry?.hash as string}`,
    );
    expect(end).toBe('');
  });
});

describe('purge and verify', () => {
  it('purges old entries, keeps the chain verifiable, and seq goes on after it', async () => {
    const data = await ledgerWith([proof(), proof(), proof()]);
    const before = await exported(['--data', data]);
    expect(await temoin(['purge', '--data', data, '--older-than-days', '30'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^nothing to purge/) as unknown });
    const purged = await temoin(['purge', '--data', data, '--older-than-days', '0']);
    expect(purged.status).toBe(0);
    expect(purged.stdout).toMatch(new RegExp(`^purged 3 entries received before .*, through seq 3; its hash ${before[2]?.hash as string} now starts the chain\\n$`));
    expect(await exported(['--data', data])).toEqual([]);

    const server = await serve(['--data', data]);
    expect((await post(server.url, proof())).body?.seq).toBe(4);
    // verify runs beside a server on the embedded store.
    const verify = await temoin(['verify', '--data', data]);
    await server.stop();
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^the chain holds: 1 entry, seq 4 to 4, last hash [0-9a-f]{64}; purged through seq 3, whose hash ${before[2]?.hash as string} starts the chain\\n$`));
  });

  let untouched: string;
  beforeAll(async () => {
    untouched = await ledgerWith([proof(), proof(), proof()]);
  });

  it.each([
    ['an edited record', 'UPDATE temoin_entries SET record = replace(record, \'"custom"\', \'"accept-all"\') WHERE seq = 2', 'temoin verify: the chain breaks at seq 2: it does not match its hash'],
    ['a deleted entry', 'DELETE FROM temoin_entries WHERE seq = 2', 'temoin verify: the chain breaks at seq 2: it is missing'],
    ['the newest entry deleted', 'DELETE FROM temoin_entries WHERE seq = 3', 'temoin verify: the chain breaks at seq 3: it is missing'],
  ])('exits 1 naming the first broken seq after %s', async (_, tamper, line) => {
    const data = join(folder(), 'tampered');
    cpSync(untouched, data, { recursive: true });
    const db = new Database(join(data, 'ledger.sqlite3'));
    db.exec(tamper);
    db.close();
    expect(await temoin(['verify', '--data', data])).toEqual({ status: 1, stdout: '', stderr: `${line}\n` });
  });
});

describe('database drivers are optional', () => {
  it('names the install command of a missing driver in one line', async () => {
    // The built command alone, where no node_modules can be found.
    const bare = folder();
    const dist = dirname(TEMOIN);
    mkdirSync(join(bare, 'node'));
    for (const file of readdirSync(dist)) copyFileSync(join(dist, file), join(bare, 'node', file));
    writeFileSync(join(bare, 'package.json'), '{"type":"module"}');
    const script = join(bare, 'node', 'temoin.js');
    expect(await temoin(['serve', '--data', join(bare, 'ledger')], {}, script)).toMatchObject({
      status: 2,
      stderr: 'temoin serve: the embedded ledger needs the better-sqlite3 package: npm install better-sqlite3@12\n',
    });
    expect(await temoin(['verify'], { DATABASE_URL: 'postgres://db.invalid/x' }, script)).toMatchObject({
      status: 2,
      stderr: 'temoin verify: a PostgreSQL ledger (DATABASE_URL) needs the pg package: npm install pg@8\n',
    });
  });
});
