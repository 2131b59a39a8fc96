/**
 * What `verify` finds in a store, as an auditor relies on it: every way of editing a stored row
 * (each column, the stored text itself, the head, the purge markers) is a break named at its seq;
 * purges leave a marker in the chain, and cutting entries any other way breaks it; anchors written
 * down earlier catch what the chain alone cannot (a cut end, a rewritten tail). In-process, on the
 * embedded store, tampered with through SQLite directly as an operator with write access would.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, link, type LedgerRecord, type RecordEntry } from '../../src/server/chain';
import { openReader, openStore } from '../../src/server/open-store';
import { purgeLedger } from '../../src/server/purge';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/server/schema';
import { verifyLedger, type Anchor } from '../../src/server/verify';
import { proof, tempFolder } from './support/temoin';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const record = (overrides: Record<string, unknown> = {}) => proof(overrides) as unknown as LedgerRecord;

/** An embedded ledger of `count` decisions, each appended on its own, the store closed. */
async function ledgerOf(count: number, ip?: string) {
  const data = tempFolder();
  folders.push(data);
  const store = await openStore({ data }, { create: true });
  const entries: RecordEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(...(await store.append([{ record: record(), ...(ip === undefined ? {} : { ip }) }])));
  await store.close();
  return { data, entries };
}

/** Runs SQL on the store's file, as anyone with write access to it can. */
function tamper(data: string, sql: string, ...params: unknown[]) {
  const db = new Database(join(data, 'ledger.sqlite3'));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/**
 * A cut-off later than every entry received so far (whose times have millisecond precision): the
 * clock read once it has moved past the moment of the call.
 */
function cutOffAfterAll(): string {
  const called = Date.now();
  while (Date.now() <= called) {
    // The clock moves on within a millisecond.
  }
  return new Date().toISOString();
}

async function verify(data: string, anchors: Anchor[] = []) {
  const reader = await openReader({ data });
  try {
    return await reader.snapshot((view) => verifyLedger(view, anchors));
  } finally {
    await reader.close();
  }
}

describe('an untouched ledger', () => {
  it('holds, from seq 1 to the head', async () => {
    const { data, entries } = await ledgerOf(3);
    expect(await verify(data)).toMatchObject({ ok: true, entries: 3, firstSeq: 1, head: { lastSeq: 3, lastHash: entries[2]?.hash }, lastPurge: undefined });
  });

  it('holds when empty', async () => {
    const { data } = await ledgerOf(0);
    expect(await verify(data)).toMatchObject({ ok: true, entries: 0, head: { lastSeq: 0, lastHash: GENESIS_HASH } });
  });
});

describe('every stored column and byte is covered', () => {
  const other = '0b1e4c2a-9d3f-4e5a-8b6c-7d8e9f0a1b2c';
  it.each([
    ['an edited record', "UPDATE temoin_entries SET record = replace(record, '\"custom\"', '\"accept-all\"') WHERE seq = 2", 2, 'does not match its hash'],
    ['an edited time', "UPDATE temoin_entries SET received_at = '2020-01-01T00:00:00.000Z' WHERE seq = 2", 2, 'does not match its hash'],
    ['a deleted entry', 'DELETE FROM temoin_entries WHERE seq = 2', 2, 'is missing'],
    ['the newest entry deleted', 'DELETE FROM temoin_entries WHERE seq = 3', 3, 'is missing'],
    // What `temoin export --id` filters on: edited, one visitor's history would vanish from their access request.
    ['another consent_id', `UPDATE temoin_entries SET consent_id = '${other}' WHERE seq = 2`, 2, "has a consent_id that is not its record's id"],
    // JSON.parse keeps the last of two equal keys, SQL's json_extract the first: the text read two ways.
    [
      'a duplicate key in the stored text',
      `UPDATE temoin_entries SET record = '{"method":"accept-all",' || substr(record, 2) WHERE seq = 2`,
      2,
      'is stored in another form than the text its hash covers',
    ],
    ['whitespace in the stored text', "UPDATE temoin_entries SET record = replace(record, ',', ', ') WHERE seq = 2", 2, 'is stored in another form than the text its hash covers'],
    ['a damaged row', "UPDATE temoin_entries SET record = '{\"v\":1,' WHERE seq = 2", 2, 'is stored as text that is not JSON'],
    ['a record turned into a purge marker', "UPDATE temoin_entries SET kind = 'purge' WHERE seq = 2", 2, 'is a purge marker that does not say what it removed'],
    ['an unknown kind', "UPDATE temoin_entries SET kind = 'note' WHERE seq = 2", 2, 'has an unknown kind'],
    ['a whole address in the ip column', "UPDATE temoin_entries SET ip = '203.0.113.77' WHERE seq = 2", 2, 'has an ip that is not a truncated address'],
    // What consent insights count a decision by: edited, the figures would lie while the chain held.
    ['another day', 'UPDATE temoin_entries SET day = 20200101 WHERE seq = 2', 2, 'has a day that is not the day it was received'],
    ['a decision without its facet', 'UPDATE temoin_entries SET facet = NULL WHERE seq = 2', 2, "has a facet that is not its record's"],
    ['an edited facet', "UPDATE temoin_facets SET method = 'accept-all'", 1, "has a facet that is not its record's"],
    [
      'an entry slipped in past the head',
      'INSERT INTO temoin_entries (seq, received_at, consent_id, record, ip, hash, kind, day, facet) SELECT 4, received_at, consent_id, record, ip, hash, kind, day, facet FROM temoin_entries WHERE seq = 3',
      4,
      'is beyond the last entry the ledger recorded',
    ],
    ['the head moved back', 'UPDATE temoin_chain SET last_seq = 2', 3, 'is beyond the last entry the ledger recorded'],
  ])('%s is a break at its seq', async (_, sql, seq, problem) => {
    const { data } = await ledgerOf(3, '203.0.113.0');
    tamper(data, sql);
    expect(await verify(data)).toEqual({ ok: false, seq, problem });
  });

  it('an edit whose hash is recomputed breaks the link to the next entry', async () => {
    const { data, entries } = await ledgerOf(3);
    const [first, second] = entries as [RecordEntry, RecordEntry];
    const changed = { ...second.record, url: 'https://www.example.com/elsewhere' };
    tamper(data, 'UPDATE temoin_entries SET record = ?, hash = ? WHERE seq = 2', canonicalJson(changed), entryHash(first.hash, { ...second, record: changed }));
    expect(await verify(data)).toEqual({ ok: false, seq: 3, problem: 'does not match its hash' });
  });
});

describe('purges are entries of the chain', () => {
  it('refuses to purge a ledger that does not hold, and deletes nothing', async () => {
    const { data } = await ledgerOf(4);
    tamper(data, "UPDATE temoin_entries SET received_at = '2020-01-01T00:00:00.000Z' WHERE seq <= 2");
    // The times were edited: the purge refuses a ledger that does not hold, and deletes nothing.
    expect(await purgeLedger({ data }, '2021-01-01T00:00:00.000Z')).toMatchObject({ ok: false, verdict: { seq: 1, problem: 'does not match its hash' } });
    expect(await verify(data)).toMatchObject({ ok: false, seq: 1 });
  });

  it('records the cut-off, the count and the hash of the last entry removed', async () => {
    const { data, entries } = await ledgerOf(4);
    const cutOff = cutOffAfterAll();
    const store = await openStore({ data }, { create: false });
    await store.append([{ record: record() }]);
    await store.close();
    const result = await purgeLedger({ data }, cutOff);
    expect(result).toMatchObject({
      ok: true,
      deleted: 4,
      marker: { seq: 6, purge: { before: cutOff, removed: 4, lastRemovedSeq: 4, lastRemovedHash: entries[3]?.hash } },
    });
    expect(await verify(data)).toMatchObject({ ok: true, entries: 2, firstSeq: 5, head: { lastSeq: 6 }, lastPurge: { seq: 6 } });
  });

  it('a purge left half-done is still one chain, and the next purge finishes it', async () => {
    const { data } = await ledgerOf(3);
    const store = await openStore({ data }, { create: false });
    await store.appendPurge(cutOffAfterAll(), 3);
    await store.close();
    expect(await verify(data)).toMatchObject({ ok: true, entries: 1, firstSeq: 4 });
    expect(await purgeLedger({ data }, '2000-01-01T00:00:00.000Z')).toEqual({ ok: true, marker: undefined, deleted: 3 });
    expect(await verify(data)).toMatchObject({ ok: true, entries: 1, firstSeq: 4 });
  });

  it('purges again after a purge: the new marker covers the old one', async () => {
    const { data } = await ledgerOf(2);
    await purgeLedger({ data }, cutOffAfterAll());
    const store = await openStore({ data }, { create: false });
    await store.append([{ record: record() }]);
    await store.close();
    expect(await purgeLedger({ data }, cutOffAfterAll())).toMatchObject({ ok: true, marker: { seq: 5, purge: { removed: 2, lastRemovedSeq: 4 } }, deleted: 2 });
    expect(await verify(data)).toMatchObject({ ok: true, entries: 1, firstSeq: 5 });
  });

  it.each([
    // Before purges were entries, this was a purge: a side table said where the chain started.
    ['the oldest entries deleted and the old purge columns set', 'UPDATE temoin_chain SET purged_seq = 2, purged_hash = (SELECT hash FROM temoin_entries WHERE seq = 2); DELETE FROM temoin_entries WHERE seq <= 2', 1],
    ['every entry deleted', 'UPDATE temoin_chain SET purged_seq = last_seq, purged_hash = last_hash; DELETE FROM temoin_entries', 1],
    // The purge at seq 4 removed 1 to 3; without its marker, nothing says they may be gone.
    ['the purge marker deleted', 'DELETE FROM temoin_entries WHERE seq = 4', 1],
    ['the purge marker made to remove itself too', `UPDATE temoin_entries SET record = replace(record, '"lastRemovedSeq":3', '"lastRemovedSeq":4') WHERE seq = 4`, 4],
  ])('cutting entries any other way is a break: %s', async (_, sql, seq) => {
    const { data } = await ledgerOf(3);
    if (!sql.includes('purged_seq')) {
      expect(await purgeLedger({ data }, cutOffAfterAll())).toMatchObject({ ok: true });
      const store = await openStore({ data }, { create: false });
      await store.append([{ record: record() }]);
      await store.close();
    }
    for (const statement of sql.split('; ')) tamper(data, statement);
    expect(await verify(data)).toMatchObject({ ok: false, seq });
  });

  it('a store purged before purges were entries gets a marker when it is migrated; verify never migrates', async () => {
    const data = tempFolder();
    folders.push(data);
    // A ledger as the first schema kept it: entries 1 and 2 purged, their anchor in temoin_chain.
    const entries = link({ lastSeq: 0, lastHash: GENESIS_HASH }, [1, 2, 3].map(() => ({ record: record() })), '2026-01-01T00:00:00.000Z');
    const db = new Database(join(data, 'ledger.sqlite3'));
    db.exec('CREATE TABLE temoin_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const statement of MIGRATIONS[0] ?? []) db.exec(statement);
    db.prepare("INSERT INTO temoin_migrations VALUES (1, '2026-01-01T00:00:00.000Z')").run();
    const third = entries[2] as RecordEntry;
    db.prepare('INSERT INTO temoin_entries VALUES (?, ?, ?, ?, NULL, ?)').run(3, third.receivedAt, third.record.id, canonicalJson(third.record), third.hash);
    db.prepare('UPDATE temoin_chain SET last_seq = 3, last_hash = ?, purged_seq = 2, purged_hash = ?').run(third.hash, entries[1]?.hash);
    db.close();

    await expect(verify(data)).rejects.toThrow(`${data} is at schema 1; this Témoin reads ${SCHEMA_VERSION}: temoin serve or temoin purge updates it (verify, export and stats only read)`);
    const store = await openStore({ data }, { create: false });
    await store.close();
    expect(await verify(data)).toMatchObject({
      ok: true,
      entries: 2,
      firstSeq: 3,
      lastPurge: { seq: 4, purge: { removed: 2, lastRemovedSeq: 2, lastRemovedHash: entries[1]?.hash } },
    });
  });
});

describe('anchors', () => {
  it('hold when the entry is held with that hash, or was removed by a recorded purge', async () => {
    const { data, entries } = await ledgerOf(3);
    await purgeLedger({ data }, cutOffAfterAll());
    const [first, , third] = entries as [RecordEntry, RecordEntry, RecordEntry];
    const verdict = await verify(data, [
      { seq: 0, hash: GENESIS_HASH },
      { seq: 1, hash: first.hash },
      { seq: 3, hash: third.hash },
    ]);
    expect(verdict).toMatchObject({
      ok: true,
      anchors: [
        { ok: true, note: 'the start of the ledger' },
        { ok: true, note: expect.stringMatching(/^removed by the purge recorded at seq 4 \(entries received before /) as unknown },
        { ok: true, note: expect.stringMatching(/^removed by the purge recorded at seq 4/) as unknown },
      ],
    });
    const held = await verify(data, [{ seq: 4, hash: (verdict as { head: { lastHash: string } }).head.lastHash }]);
    expect(held).toMatchObject({ ok: true, anchors: [{ ok: true, note: 'held, with that hash' }] });
  });

  it('catch a ledger cut from its end, which the chain alone cannot', async () => {
    const { data, entries } = await ledgerOf(3);
    const [, second, third] = entries as [RecordEntry, RecordEntry, RecordEntry];
    tamper(data, 'DELETE FROM temoin_entries WHERE seq = 3');
    tamper(data, 'UPDATE temoin_chain SET last_seq = 2, last_hash = ?', second.hash);
    expect(await verify(data, [{ seq: 3, hash: third.hash }])).toMatchObject({
      ok: true,
      anchors: [{ ok: false, problem: 'the ledger ends at seq 2: entries were cut from its end' }],
    });
  });

  it('catch a tail rewritten with every hash recomputed', async () => {
    const { data, entries } = await ledgerOf(3);
    const [first, second, third] = entries as [RecordEntry, RecordEntry, RecordEntry];
    const [rewritten, after] = link({ lastSeq: 1, lastHash: first.hash }, [{ record: { ...second.record, url: 'https://www.example.com/elsewhere' } }, { record: third.record }], second.receivedAt);
    for (const entry of [rewritten, after] as RecordEntry[])
      tamper(data, 'UPDATE temoin_entries SET received_at = ?, record = ?, hash = ? WHERE seq = ?', entry.receivedAt, canonicalJson(entry.record), entry.hash, entry.seq);
    tamper(data, 'UPDATE temoin_chain SET last_hash = ?', after?.hash);
    expect(await verify(data)).toMatchObject({ ok: true });
    expect(await verify(data, [{ seq: 2, hash: second.hash }])).toMatchObject({
      ok: true,
      anchors: [{ ok: false, problem: `held with another hash (${rewritten?.hash ?? ''}): the chain was rewritten from there or before` }],
    });
  });

  it('fail for a removed entry that no purge covers, or that the purge names with another hash', async () => {
    const { data, entries } = await ledgerOf(3);
    await purgeLedger({ data }, cutOffAfterAll());
    expect(await verify(data, [{ seq: 3, hash: 'f'.repeat(64) }, { seq: 0, hash: 'f'.repeat(64) }])).toMatchObject({
      ok: true,
      anchors: [
        { ok: false, problem: `removed by the purge recorded at seq 4, which names another hash for it (${entries[2]?.hash ?? ''})` },
        { ok: false, problem: 'seq 0 is the start of the ledger, whose hash is 64 zeros' },
      ],
    });
  });
});
