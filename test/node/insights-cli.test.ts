/**
 * `temoin stats` as a site owner runs it on the embedded store: a known set of decisions, received
 * on given days (appended by the ledger itself with its clock set back, demo/backdate.mjs), counted
 * exactly by day, ISO week, jurisdiction, language, revision and model, small groups merged into
 * "other"; `--from` inclusive and `--to` exclusive to the millisecond; CSV and the table; beside a
 * running server; purge markers and purged entries never counted; a store of the schema before
 * insights migrated by the server, and refused until then; usage errors in one line.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backdate } from '../../demo/backdate.mjs';
import { canonicalJson, GENESIS_HASH, link, type LedgerRecord } from '../../src/server/chain';
import { createLedger } from '../../src/server/create-ledger';
import { openStore } from '../../src/server/open-store';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/server/schema';
import type { Stats } from '../../src/server/stats';
import { EXPECTED, moments } from './support/decisions.mjs';
import { post, proof, serve, tempFolder, temoin } from './support/temoin';

// Each test runs the command, a new Node process each time: allow for a busy machine.
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

/** A new embedded ledger holding the known decisions, closed. */
async function knownLedger(): Promise<string> {
  const data = join(folder(), 'ledger');
  const ledger = createLedger({ data, rate: 1_000_000 });
  await ledger.ready;
  await backdate(ledger, moments());
  await ledger.close();
  return data;
}

async function stats(args: string[]): Promise<Stats> {
  const { status, stdout, stderr } = await temoin(['stats', '--format', 'json', ...args]);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  return JSON.parse(stdout) as Stats;
}

let data: string;
beforeAll(async () => {
  data = await knownLedger();
});

describe('temoin stats', () => {
  it.each(Object.entries(EXPECTED))('counts the decisions by %s, exactly', async (by, groups) => {
    expect(await stats(['--data', data, '--by', by])).toEqual({ from: null, to: null, by, total: 17, groups });
  });

  it('counts by day unless told otherwise, and the table is the default format', async () => {
    expect((await stats(['--data', data])).groups).toEqual(EXPECTED.day);
    const { status, stdout } = await temoin(['stats', '--data', data, '--by', 'jurisdiction']);
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'jurisdiction  decisions  accept all  reject all   custom  advertising  necessary  performance  third-party',
      'CA-QC                 5     4 (80%)     1 (20%)   0 (0%)      4 (80%)   5 (100%)      4 (80%)      4 (80%)',
      'EU                    8     3 (38%)     2 (25%)  3 (38%)      5 (63%)   8 (100%)      4 (50%)       0 (0%)',
      'other                 4     2 (50%)     2 (50%)   0 (0%)      2 (50%)   4 (100%)      2 (50%)      1 (25%)',
      '',
      "17 decisions received from the first entry to the last (UTC); a category's count is the decisions that grant it",
      'other: the jurisdictions with fewer than 5 decisions each, together',
      '',
    ]);
  });

  it('takes --from inclusive and --to exclusive, to the millisecond', async () => {
    // The last millisecond of 2 November and the first of 3 November.
    const edges = await stats(['--data', data, '--from', '2026-11-02T23:59:59.999Z', '--to', '2026-11-03T00:00:00.001Z']);
    expect(edges).toMatchObject({ from: '2026-11-02T23:59:59.999Z', to: '2026-11-03T00:00:00.001Z', total: 6 });
    expect(edges.groups.map((group) => [group.key, group.decisions])).toEqual([
      ['2026-11-02', 1],
      ['2026-11-03', 5],
    ]);
    expect(await stats(['--data', data, '--to', '2026-11-03'])).toMatchObject({ to: '2026-11-03T00:00:00.000Z', total: 7, groups: [EXPECTED.day[0]] });
    expect(await stats(['--data', data, '--from', '2026-11-03', '--by', 'revision'])).toMatchObject({ total: 10, groups: [{ key: '2', decisions: 10 }] });
    // In another time zone, the same moment.
    expect(await stats(['--data', data, '--from', '2026-11-09T13:00:00+01:00'])).toMatchObject({ from: '2026-11-09T12:00:00.000Z', total: 5 });
    expect(await stats(['--data', data, '--from', '2026-12-01'])).toEqual({ from: '2026-12-01T00:00:00.000Z', to: null, by: 'day', total: 0, groups: [] });
  });

  it('writes CSV: a column per category, empty where a group names no such category', async () => {
    const { status, stdout } = await temoin(['stats', '--data', data, '--format', 'csv']);
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        'key,decisions,acceptAll,rejectAll,custom,granted:advertising,granted:necessary,granted:performance,granted:third-party',
        '2026-11-02,7,4,2,1,4,7,5,',
        '2026-11-03,5,1,2,2,3,5,1,1',
        '2026-11-09,5,4,1,0,4,5,4,4',
        '',
      ].join('\r\n'),
    );
  });

  it('reads beside a running server, and counts what it appends', async () => {
    const live = join(folder(), 'ledger');
    const server = await serve(['--data', live]);
    try {
      expect((await post(server.url, proof({ method: 'accept-all', granted: ['necessary', 'performance', 'advertising', 'third-party'], refused: [] }))).status).toBe(201);
      const today = new Date().toISOString().slice(0, 10);
      const counted = await stats(['--data', live]);
      expect(counted.groups).toEqual([
        { key: today, decisions: 1, acceptAll: 1, rejectAll: 0, custom: 0, granted: { advertising: 1, necessary: 1, performance: 1, 'third-party': 1 } },
      ]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('never counts a purge marker, nor the entries a purge removed, deleted or not yet', async () => {
    const purged = await knownLedger();
    // A purge that has recorded its marker and not yet deleted anything (interrupted, say).
    const store = await openStore({ data: purged }, { create: false });
    await store.appendPurge('2026-11-03T00:00:00.000Z', 17);
    await store.close();
    expect(await stats(['--data', purged])).toMatchObject({ total: 10, groups: EXPECTED.day.slice(1) });
    // Finished: the entries are gone, the marker stays in the chain.
    expect(await temoin(['purge', '--data', purged, '--older-than-days', '100000'])).toMatchObject({ status: 0 });
    expect(await stats(['--data', purged])).toMatchObject({ total: 10, groups: EXPECTED.day.slice(1) });
    expect(await temoin(['verify', '--data', purged])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 11 entries/) as unknown });
  });

  it('refuses a store from before insights until the server migrates it; then counts its decisions, and verify holds', async () => {
    // A ledger as Témoin 0.3 kept it (schema 2), holding the known decisions, written as it wrote them.
    const old = folder();
    const db = new Database(join(old, 'ledger.sqlite3'));
    db.exec('CREATE TABLE temoin_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const [index, statements] of MIGRATIONS.slice(0, 2).entries()) {
      for (const statement of statements) db.exec(statement);
      db.prepare("INSERT INTO temoin_migrations VALUES (?, '2026-01-01T00:00:00.000Z')").run(index + 1);
    }
    let head = { lastSeq: 0, lastHash: GENESIS_HASH };
    const insert = db.prepare('INSERT INTO temoin_entries (seq, received_at, consent_id, record, ip, hash) VALUES (?, ?, ?, ?, NULL, ?)');
    for (const { receivedAt, records } of moments())
      for (const entry of link(head, records.map((record) => ({ record: record as unknown as LedgerRecord })), receivedAt)) {
        insert.run(entry.seq, entry.receivedAt, entry.record.id, canonicalJson(entry.record), entry.hash);
        head = { lastSeq: entry.seq, lastHash: entry.hash };
      }
    db.prepare('UPDATE temoin_chain SET last_seq = ?, last_hash = ?').run(head.lastSeq, head.lastHash);
    db.close();

    expect(await temoin(['stats', '--data', old])).toEqual({
      status: 2,
      stdout: '',
      stderr: `temoin stats: ${old} is at schema 2; this Témoin reads ${SCHEMA_VERSION}: temoin serve or temoin purge updates it (verify, export and stats only read)\n`,
    });
    const server = await serve(['--data', old]);
    expect(await server.stop()).toBe(0);
    for (const [by, groups] of Object.entries(EXPECTED)) expect((await stats(['--data', old, '--by', by])).groups).toEqual(groups);
    expect(await temoin(['verify', '--data', old])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^the chain holds: 17 entries/) as unknown });
  });

  it.each([
    [['--by', 'month'], '--by: expected one of day, week, jurisdiction, language, revision, model, got "month"'],
    [['--format', 'xml'], '--format: expected one of table, json, csv, got "xml"'],
    [['--from', 'last week'], '--from: expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z, got "last week"'],
    [['--to', '2026-02-30'], '--to: expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z, got "2026-02-30"'],
    [['--verbose'], '--verbose: unknown option (--help lists them)'],
    [['--data', '/nonexistent/ledger'], 'no ledger in /nonexistent/ledger (temoin serve --data /nonexistent/ledger starts one)'],
  ])('temoin stats %j exits 2 with one line', async (args, line) => {
    expect(await temoin(['stats', ...args])).toEqual({ status: 2, stdout: '', stderr: `temoin stats: ${line}\n` });
  });

  it('--help says what it counts, and how', async () => {
    const { status, stdout } = await temoin(['stats', '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: temoin stats \[--from TIME\] \[--to TIME\] \[--by day\|week\|jurisdiction\|language\|revision\|model\] \[--format table\|json\|csv\]/);
    expect(stdout).toContain('groups of fewer than 5\ndecisions are merged into one, "other"');
  });
});
