/**
 * The chain to the byte, as an auditor recomputes it: canonical JSON, the hash of a decision and
 * of a purge marker, and the export's lines. CSV cells that a spreadsheet would run as formulas or
 * split in the middle, whatever its locale. (What `verify` finds in a store: ledger-verify.test.ts.)
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvCell, csvLine, ndjsonLine } from '../../src/cli/export-format';
import { canonicalJson, EMPTY_HEAD, entryHash, GENESIS_HASH, link, linkPurge, type LedgerRecord, type RecordEntry } from '../../src/server/chain';
import { proof } from './support/temoin';

const record = (overrides: Record<string, unknown> = {}) => proof(overrides) as unknown as LedgerRecord;

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
    const [first, second] = link({ ...EMPTY_HEAD, lastSeq: 41, lastHash: 'a'.repeat(64) }, [{ record: record() }, { record: record() }]);
    expect(first?.seq).toBe(42);
    expect(first?.hash).toBe(entryHash('a'.repeat(64), first as RecordEntry));
    expect(second?.hash).toBe(entryHash(first?.hash ?? '', second as RecordEntry));
  });

  it('hashes a purge marker as {seq, receivedAt, purge}, after the chain’s last entry', () => {
    const purge = { before: '2026-11-01T00:00:00.000Z', removed: 2, lastRemovedSeq: 2, lastRemovedHash: 'b'.repeat(64) };
    const marker = linkPurge({ lastSeq: 5, lastHash: 'a'.repeat(64) }, purge, '2026-11-22T10:00:00.000Z');
    const text = `${'a'.repeat(64)}\n{"purge":{"before":"2026-11-01T00:00:00.000Z","lastRemovedHash":"${'b'.repeat(64)}","lastRemovedSeq":2,"removed":2},"receivedAt":"2026-11-22T10:00:00.000Z","seq":6}`;
    expect(marker).toEqual({ seq: 6, receivedAt: '2026-11-22T10:00:00.000Z', purge, hash: createHash('sha256').update(text, 'utf8').digest('hex') });
  });
});

describe('export lines', () => {
  const [entry] = link(EMPTY_HEAD, [{ record: record({ model: 'opt-in', jurisdiction: 'EU', gpc: true }), ip: '192.0.2.0' }], '2026-11-22T10:00:01.000Z') as [RecordEntry];
  const marker = linkPurge({ lastSeq: 1, lastHash: entry.hash }, { before: '2026-11-22T10:00:02.000Z', removed: 1, lastRemovedSeq: 1, lastRemovedHash: entry.hash });

  it('NDJSON: {seq, receivedAt, hash, record, ip} for a decision, {seq, receivedAt, hash, purge} for a purge', () => {
    expect(Object.keys(JSON.parse(ndjsonLine(entry)) as object)).toEqual(['seq', 'receivedAt', 'hash', 'record', 'ip']);
    expect(JSON.parse(ndjsonLine(marker))).toEqual({ seq: 2, receivedAt: marker.receivedAt, hash: marker.hash, purge: marker.purge });
  });

  it('CSV: the ten columns as they were, then the browser, model, jurisdiction, the record’s times and GPC; no row for a purge', () => {
    expect(CSV_HEADER).toBe('seq,receivedAt,id,method,revision,granted,refused,language,url,hash,userAgent,model,jurisdiction,createdAt,updatedAt,gpc\r\n');
    const { record: r } = entry;
    expect(csvLine(entry)).toBe(
      `1,2026-11-22T10:00:01.000Z,${r.id},custom,1,necessary performance,advertising third-party,fr,https://www.example.com/fr/,${entry.hash},"Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0",opt-in,EU,${r.createdAt},${r.updatedAt},true\r\n`,
    );
    expect(csvLine(marker)).toBe('');
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
    // Where a spreadsheet's separator is the semicolon (fr-FR, de-DE), a bare one splits the cell.
    ['https://www.example.com/a;b', '"https://www.example.com/a;b"'],
    ['Mozilla/5.0 (X11; Linux x86_64)', '"Mozilla/5.0 (X11; Linux x86_64)"'],
    ['necessary performance', 'necessary performance'],
  ])('%j is written %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});
