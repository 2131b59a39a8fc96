/**
 * The `temoin` ledger commands as a site owner's shell scripts use them: help, exit statuses and
 * one-line errors, export formats and filters, purge (verifying first, leaving its marker), verify
 * catching tampering and checking anchors, both commands only reading the store, and the line
 * that names a missing database driver. The embedded store; PostgreSQL has its own file.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
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
    [['verify', '--anchor', '12'], {}, 'temoin verify: --anchor: expected SEQ:HASH (a seq, a colon, 64 hex characters) as --print-anchor writes it, got "12"'],
    [['serve', '--trust-proxy', 'proxy.internal', '--data', '/nonexistent/never'], {}, 'temoin serve: proxy "proxy.internal": expected loopback, an IP address or a CIDR range such as 10.0.0.0/8'],
    [['serve', '--max-connections', '0'], {}, 'temoin serve: --max-connections: expected a whole number from 1, got "0"'],
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
    const data = await ledgerWith([visitor, proof(), later, proof({ userAgent: '=HYPERLINK("http://evil.example")' })]);
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

  it('writes CSV with a header, lists joined by spaces, the fields auditors ask for, and cells safe in any spreadsheet', async () => {
    const record = proof({ url: 'https://www.example.com/a;b', userAgent: '=HYPERLINK("http://evil.example","x")', model: 'opt-out', jurisdiction: 'US-CA', gpc: true });
    const data = await ledgerWith([record]);
    const { status, stdout } = await temoin(['export', '--data', data, '--format', 'csv']);
    expect(status).toBe(0);
    const [header, row, end] = stdout.split('\r\n');
    expect(header).toBe('seq,receivedAt,id,method,revision,granted,refused,language,url,hash,userAgent,model,jurisdiction,createdAt,updatedAt,gpc');
    const [entry] = await exported(['--data', data]);
    expect(row).toBe(
      `1,${entry?.receivedAt as string},${record.id as string},custom,1,necessary performance,advertising third-party,fr,"https://www.example.com/a;b",${entry?.hash as string},` +
        `"'=HYPERLINK(""http://evil.example"",""x"")",opt-out,US-CA,${record.createdAt as string},${record.updatedAt as string},true`,
    );
    expect(end).toBe('');
  });
});

describe('purge and verify', () => {
  it('purges old entries, leaves its marker in the chain, keeps it verifiable, and seq goes on after it', async () => {
    const data = await ledgerWith([proof(), proof(), proof()]);
    const before = await exported(['--data', data]);
    expect(await temoin(['purge', '--data', data, '--older-than-days', '30'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^nothing to purge/) as unknown });
    const purged = await temoin(['purge', '--data', data, '--older-than-days', '0']);
    expect(purged.status).toBe(0);
    const last = before[2]?.hash as string;
    expect(purged.stdout).toMatch(new RegExp(`^purged 3 entries received before .*, through seq 3; its hash ${last} now starts the chain, and seq 4 records the purge\\n$`));
    const [marker] = await exported(['--data', data]);
    expect(marker).toMatchObject({ seq: 4, purge: { removed: 3, lastRemovedSeq: 3, lastRemovedHash: last } });

    const server = await serve(['--data', data]);
    expect((await post(server.url, proof())).body?.seq).toBe(5);
    // verify runs beside a server on the embedded store.
    const verify = await temoin(['verify', '--data', data]);
    await server.stop();
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(
      new RegExp(`^the chain holds: 2 entries, seq 4 to 5, last hash [0-9a-f]{64}; purged through seq 3 \\(the purge recorded at seq 4\\), whose hash ${last} starts the chain\\n$`),
    );
  });

  let untouched: string;
  beforeAll(async () => {
    untouched = await ledgerWith([proof(), proof(), proof()]);
  });
  /** A copy of the untouched ledger, edited with `sql` as anyone with write access to the file could. */
  const tampered = (...sql: string[]) => {
    const data = join(folder(), 'tampered');
    cpSync(untouched, data, { recursive: true });
    const db = new Database(join(data, 'ledger.sqlite3'));
    for (const statement of sql) db.exec(statement);
    db.close();
    return data;
  };

  it.each([
    ['an edited record', ['UPDATE temoin_entries SET record = replace(record, \'"custom"\', \'"accept-all"\') WHERE seq = 2'], 'seq 2: it does not match its hash'],
    ['a deleted entry', ['DELETE FROM temoin_entries WHERE seq = 2'], 'seq 2: it is missing'],
    ['the newest entry deleted', ['DELETE FROM temoin_entries WHERE seq = 3'], 'seq 3: it is missing'],
    // export --id filters on consent_id: an edited one hid a visitor's history from their access request.
    ['another consent_id', ["UPDATE temoin_entries SET consent_id = '0b1e4c2a-9d3f-4e5a-8b6c-7d8e9f0a1b2c' WHERE seq = 2"], "seq 2: it has a consent_id that is not its record's id"],
    // JSON.parse reads the last of two equal keys, SQL's json_extract the first.
    ['a duplicate key', ['UPDATE temoin_entries SET record = \'{"method":"reject-all",\' || substr(record, 2) WHERE seq = 2'], 'seq 2: it is stored in another form than the text its hash covers'],
    ['a damaged row', ["UPDATE temoin_entries SET record = '{\"v\":1' WHERE seq = 2"], 'seq 2: it is stored as text that is not JSON'],
    // The oldest entries deleted, and the side table that once said where a purge left the chain set to match.
    ['a prefix cut without a purge', ['UPDATE temoin_chain SET purged_seq = 2, purged_hash = (SELECT hash FROM temoin_entries WHERE seq = 2)', 'DELETE FROM temoin_entries WHERE seq <= 2'], 'seq 1: it is missing'],
    ['every entry cut', ['UPDATE temoin_chain SET purged_seq = last_seq, purged_hash = last_hash', 'DELETE FROM temoin_entries'], 'seq 1: it is missing'],
  ])('exits 1 naming the first broken seq after %s', async (_, sql, line) => {
    expect(await temoin(['verify', '--data', tampered(...sql)])).toEqual({ status: 1, stdout: '', stderr: `temoin verify: the chain breaks at ${line}\n` });
  });

  it('purge verifies first: an old entry edited is not purged away', async () => {
    const data = tampered('UPDATE temoin_entries SET record = replace(record, \'"custom"\', \'"accept-all"\') WHERE seq = 1');
    expect(await temoin(['purge', '--data', data, '--older-than-days', '0'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'temoin purge: the chain breaks at seq 1: it does not match its hash; nothing was purged\n',
    });
    expect((await exported(['--data', data])).map((entry) => entry.seq)).toEqual([1, 2, 3]);
  });

  it('prints the anchor to keep, and checks anchors: held, purged, or cut', async () => {
    const data = join(folder(), 'anchored');
    cpSync(untouched, data, { recursive: true });
    const printed = await temoin(['verify', '--data', data, '--print-anchor']);
    const [first, , third] = await exported(['--data', data]);
    expect(printed).toEqual({ status: 0, stdout: `3:${third?.hash as string}\n`, stderr: '' });
    const anchor = printed.stdout.trim();
    expect(await temoin(['verify', '--data', data, '--anchor', anchor, '--anchor', `1:${first?.hash as string}`])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/\nanchor 3: held, with that hash\nanchor 1: held, with that hash\n$/) as unknown,
    });

    await temoin(['purge', '--data', data, '--older-than-days', '0']);
    expect(await temoin(['verify', '--data', data, '--anchor', anchor])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/\nanchor 3: removed by the purge recorded at seq 4 \(entries received before [^)]+\)\n$/) as unknown,
    });

    // The newest entry cut, the head moved back: the chain alone holds, the anchor does not.
    const cut = join(folder(), 'cut');
    cpSync(untouched, cut, { recursive: true });
    const db = new Database(join(cut, 'ledger.sqlite3'));
    db.exec("DELETE FROM temoin_entries WHERE seq = 3; UPDATE temoin_chain SET last_seq = 2, last_hash = (SELECT hash FROM temoin_entries WHERE seq = 2)");
    db.close();
    expect(await temoin(['verify', '--data', cut])).toMatchObject({ status: 0 });
    expect(await temoin(['verify', '--data', cut, '--anchor', anchor])).toMatchObject({
      status: 1,
      stderr: `temoin verify: anchor ${anchor}: the ledger ends at seq 2: entries were cut from its end\n`,
    });
  });
});

describe('verify and export only read', () => {
  const run = promisify(execFile);
  /** Every file of a store folder, by name, as hashes. */
  const fingerprint = (data: string) => Object.fromEntries(readdirSync(data).map((name) => [name, createHash('sha256').update(readFileSync(join(data, name))).digest('hex')]));

  it('check a store they may only read, and change no byte of it', async () => {
    const data = await ledgerWith([proof(), proof()]);
    // An auditor's copy: readable by all, writable by no one but its owner.
    chmodSync(dirname(data), 0o755);
    chmodSync(data, 0o755);
    for (const name of readdirSync(data)) chmodSync(join(data, name), 0o644);
    const before = fingerprint(data);
    // As root (who may write anything), the commands run as nobody; otherwise the folder is made read-only.
    const asReader = userInfo().uid === 0 ? (args: string[]) => run('runuser', ['-u', 'nobody', '--', process.execPath, TEMOIN, ...args]) : (args: string[]) => run(process.execPath, [TEMOIN, ...args]);
    if (userInfo().uid !== 0) chmodSync(data, 0o555);
    try {
      expect((await asReader(['verify', '--data', data])).stdout).toMatch(/^the chain holds: 2 entries/);
      expect((await asReader(['export', '--data', data])).stdout.trim().split('\n')).toHaveLength(2);
    } finally {
      chmodSync(data, 0o755);
    }
    expect(fingerprint(data)).toEqual(before);
  });

  it('read while another process holds the write lock, which a migration would wait for', async () => {
    const data = await ledgerWith([proof()]);
    const db = new Database(join(data, 'ledger.sqlite3'));
    db.exec('BEGIN IMMEDIATE');
    try {
      expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 1 entry/) as unknown });
      expect(await temoin(['export', '--data', data])).toMatchObject({ status: 0, stderr: '' });
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
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
