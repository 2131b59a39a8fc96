/**
 * The chain to the byte, as an auditor recomputes it: canonical JSON, the hash of each entry, and
 * what `verify` says about each way of tampering with a ledger. CSV cells that a spreadsheet
 * would run as formulas.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/cli/export-format';
import { canonicalJson, EMPTY_CHAIN, entryHash, GENESIS_HASH, link, verifyChain, type Entry, type LedgerRecord } from '../../src/server/chain';
import { proof } from './support/temoin';

const record = (overrides: Record<string, unknown> = {}) => proof(overrides) as unknown as LedgerRecord;
/** Entries as a store hands them to verify. */
const each = (entries: Entry[]): AsyncIterable<Entry> => ({
  [Symbol.asyncIterator]: () => {
    const iterator = entries[Symbol.iterator]();
    return { next: () => Promise.resolve(iterator.next()) };
  },
});

describe('canonical JSON and entry hashes', () => {
  it('sorts keys at every level, keeps array order, adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 'é' }], c: true } })).toBe('{"a":{"c":true,"d":[{"y":"é","z":1}]},"b":1}');
  });

  it('hashes prevHash, a newline and the canonical {seq, receivedAt, record}', () => {
    const fixed = { v: 1, id: '7d0f3b52-1c2e-4d5f-8a9b-0c1d2e3f4a5b', revision: 1, granted: ['necessary'], refused: ['advertising'], method: 'custom', language: 'fr', createdAt: '2026-11-22T10:00:00.000Z', updatedAt: '2026-11-22T10:00:00.000Z' };
    const text =
      '0000000000000000000000000000000000000000000000000000000000000000\n' +
      '{"receivedAt":"2026-11-22T10:00:01.000Z","record":{"createdAt":"2026-11-22T10:00:00.000Z","granted":["necessary"],' +
      '"id":"7d0f3b52-1c2e-4d5f-8a9b-0c1d2e3f4a5b","language":"fr","method":"custom","refused":["advertising"],"revision":1,' +
      '"updatedAt":"2026-11-22T10:00:00.000Z","v":1},"seq":1}';
    const expected = createHash('sha256').update(text, 'utf8').digest('hex');
    expect(entryHash(GENESIS_HASH, { seq: 1, receivedAt: '2026-11-22T10:00:01.000Z', record: fixed as LedgerRecord })).toBe(expected);
  });

  it('links each entry to the one before it, seq counting on from the chain', () => {
    const [first, second] = link({ ...EMPTY_CHAIN, lastSeq: 41, lastHash: 'a'.repeat(64) }, [{ record: record() }, { record: record() }]);
    expect(first?.seq).toBe(42);
    expect(first?.hash).toBe(entryHash('a'.repeat(64), first as Entry));
    expect(second?.hash).toBe(entryHash(first?.hash ?? '', second as Entry));
  });
});

describe('verify: the first seq that does not hold', () => {
  const entries = link(EMPTY_CHAIN, [1, 2, 3, 4, 5].map(() => ({ record: record() })));
  const last = entries.at(-1) as Entry;
  const head = { ...EMPTY_CHAIN, lastSeq: 5, lastHash: last.hash };
  const rehashed = (entry: Entry, changed: LedgerRecord): Entry => ({
    ...entry,
    record: changed,
    hash: entryHash(entries[entry.seq - 2]?.hash ?? GENESIS_HASH, { ...entry, record: changed }),
  });

  it('holds for an untouched ledger', async () => {
    expect(await verifyChain(head, each(entries))).toMatchObject({ ok: true, entries: 5, firstSeq: 1, lastSeq: 5 });
  });

  it.each([
    ['an edited record', () => entries.map((e) => (e.seq === 3 ? { ...e, record: { ...e.record, method: 'accept-all' as const } } : e)), 3, 'does not match its hash'],
    ['an edited time', () => entries.map((e) => (e.seq === 2 ? { ...e, receivedAt: '2020-01-01T00:00:00.000Z' } : e)), 2, 'does not match its hash'],
    ['a deleted entry', () => entries.filter((e) => e.seq !== 3), 3, 'is missing'],
    ['the last entry deleted', () => entries.slice(0, 4), 5, 'is missing'],
    // An editor who also recomputes the edited entry's hash breaks the link to the next one.
    ['an edit with its hash recomputed', () => entries.map((e) => (e.seq === 4 ? rehashed(e, { ...e.record, method: 'accept-all' as const }) : e)), 5, 'does not match its hash'],
  ])('names it for %s', async (_, tamper, seq, problem) => {
    expect(await verifyChain(head, each(tamper()))).toEqual({ ok: false, seq, problem });
  });

  it('starts from the last purged entry’s hash after a purge', async () => {
    const purged = { ...head, purgedSeq: 2, purgedHash: entries[1]?.hash ?? '' };
    expect(await verifyChain(purged, each(entries.slice(2)))).toMatchObject({ ok: true, entries: 3, firstSeq: 3 });
    expect(await verifyChain(purged, each(entries.slice(3)))).toMatchObject({ ok: false, seq: 3, problem: 'is missing' });
  });
});

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['https://www.example.com/a,b', '"https://www.example.com/a,b"'],
    ['necessary performance', 'necessary performance'],
  ])('%j is written %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});
