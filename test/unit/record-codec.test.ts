import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORY_ID, LANGUAGE_CODE } from '../../src/core/record';
import { decodeDecision, decodeRecord, encodeRecord } from '../../src/core/record-codec';
import { anyRecord, LAST_SECOND } from './record-arbitraries';
import type { ConsentRecord } from '../../src/core/types';

const record: ConsentRecord = {
  v: 1,
  id: crypto.randomUUID(),
  revision: 3,
  granted: ['necessary', 'performance'],
  refused: ['advertising', 'third-party'],
  method: 'custom',
  language: 'fr',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-23T08:30:00.000Z',
  jurisdiction: 'EU',
  model: 'opt-in',
};

/** What every decoded record must be, whatever string it came from. */
const expectWellFormed = (decoded: ConsentRecord) => {
  expect(decoded.v).toBe(1);
  expect(decoded.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(Number.isInteger(decoded.revision) && decoded.revision >= 0).toBe(true);
  for (const id of [...decoded.granted, ...decoded.refused]) expect(id).toMatch(CATEGORY_ID);
  expect(new Set([...decoded.granted, ...decoded.refused]).size).toBe(decoded.granted.length + decoded.refused.length);
  expect(['accept-all', 'reject-all', 'custom']).toContain(decoded.method);
  expect(decoded.language).toMatch(LANGUAGE_CODE);
  expect(Date.parse(decoded.createdAt)).toBeLessThanOrEqual(Date.parse(decoded.updatedAt));
  expect(new Date(decoded.updatedAt).toISOString()).toBe(decoded.updatedAt);
};

/** Characters a cookie value may hold, the separators among them. */
const cookieChar = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ~._-'.split(''));
const anyChar = fc.oneof(cookieChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** Short runs of the characters each field's pattern treats differently. */
const token = fc.string({ unit: fc.constantFrom('_', 'A', 'z', '0', '9', '-', '.', '~'), minLength: 0, maxLength: 3 });

/**
 * A valid value with one edit: cut short, one character replaced, inserted or removed, one field
 * replaced, or another version.
 */
const editedValue = fc.tuple(anyRecord.map((written) => encodeRecord(written)), fc.nat(), anyChar, token).chain(
  ([value, at, char, field]) => {
    const i = at % (value.length + 1);
    const fields = value.split('~');
    fields[at % fields.length] = field;
    return fc.constantFrom(
      fields.join('~'),
      value.slice(0, i),
      value.slice(0, i) + char + value.slice(i + 1),
      value.slice(0, i) + char + value.slice(i),
      value.slice(0, i) + value.slice(i + 1),
      `${char}${value.slice(1)}`,
      `1${value.slice(1)}`,
      `3${value.slice(1)}`,
      `0${value}`,
      `${value}~`,
    );
  },
);

describe('consent cookie value', () => {
  it('round-trips a record and stays under 200 bytes', () => {
    const value = encodeRecord(record);
    expect(decodeRecord(value)).toEqual(record);
    expect(`temoin=${value}`.length).toBeLessThanOrEqual(200);
  });

  it('says whether the decision was taken under a configuration found valid', () => {
    expect(decodeDecision(encodeRecord(record))).toEqual({ record, checked: true });
    // Under a rejected configuration no regions applied: the jurisdiction is left empty.
    const unchecked = encodeRecord({ ...record, jurisdiction: '*' }, false);
    expect(unchecked.endsWith('~~i')).toBe(true);
    expect(decodeDecision(unchecked)).toEqual({ record: { ...record, jurisdiction: '*' }, checked: false });
    expect(decodeRecord(`${unchecked}0`)).toBeNull();
  });

  it('reads a version 1 value as an opt-in decision; its configuration fingerprint says whether it was checked', () => {
    const { jurisdiction, model, ...fields } = record;
    const b36 = (time: string) => (Date.parse(time) / 1000).toString(36);
    const v1 = ['1', record.id, b36(record.createdAt), b36(record.updatedAt), 3, 'c', 'fr', 0, 'necessary.performance', 'advertising.third-party'];
    const decoded = { ...fields, revision: 3, language: 'fr' };
    expect(decodeDecision([...v1, '1z141z3'].join('~'))).toEqual({ record: decoded, checked: true });
    expect(decodeDecision([...v1, ''].join('~'))).toEqual({ record: decoded, checked: false });
    expect(decodeRecord([...v1, '1Z141Z3'].join('~'))).toBeNull();
    expect(decodeRecord([...v1, '1z141z3', 'EU'].join('~'))).toBeNull();
  });

  it('treats a tampered value as no consent', () => {
    const value = encodeRecord(record);
    expect(decodeRecord(value.replace('~c~', '~x~'))).toBeNull();
    expect(decodeRecord(value.slice(0, 30))).toBeNull();
    expect(decodeRecord(`3${value.slice(1)}`)).toBeNull();
    expect(decodeRecord(value.replace(/~EU~i$/, '~EU~x'))).toBeNull();
    expect(decodeRecord(value.replace(/~EU~i$/, '~eu~i'))).toBeNull();
  });

  it('never throws, and gives null or a well-formed record, for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.string({ unit: cookieChar, maxLength: 120 }),
          editedValue,
        ),
        (value) => {
          const decoded = decodeRecord(value);
          if (decoded) expectWellFormed(decoded);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a time field made of characters a base-36 number cannot hold as no consent', () => {
    const value = encodeRecord(record).split('~');
    for (const time of ['_', '__', 'A', 'z_']) {
      const forged = [...value.slice(0, 2), time, time, ...value.slice(4)].join('~');
      expect(decodeRecord(forged)).toBeNull();
    }
  });

  it('round-trips every record Témoin can write', () => {
    fc.assert(
      fc.property(anyRecord, (written) => {
        expect(decodeRecord(encodeRecord(written))).toEqual(written);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads one edited character as no consent, or as the record that value exactly encodes', () => {
    fc.assert(
      fc.property(editedValue, (value) => {
        const decoded = decodeDecision(value);
        // (A version 1 value that decodes was re-encoded exactly by the decoder itself.)
        if (decoded && value.startsWith('2')) expect(encodeRecord(decoded.record, decoded.checked)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays within 200 bytes as temoin=<value> for the largest configuration allowed', () => {
    // Category ids: at most 100 characters joined by dots (validate.ts); each at most 32.
    const ids = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32), 'd'];
    expect(ids.join('.')).toHaveLength(100);
    const largest = (granted: string[]): ConsentRecord => ({
      ...record,
      revision: 2 ** 31 - 1,
      language: 'abc-abcdefgh',
      gpc: true,
      granted,
      refused: ids.filter((id) => !granted.includes(id)),
      createdAt: new Date(LAST_SECOND * 1000).toISOString(),
      updatedAt: new Date(LAST_SECOND * 1000).toISOString(),
      jurisdiction: 'US-ABC',
      model: 'opt-out',
    });
    for (const granted of [[], ids, ids.slice(0, 2)]) {
      const value = encodeRecord(largest(granted));
      expect(decodeRecord(value)).toEqual(largest(granted));
      expect(new TextEncoder().encode(`temoin=${value}`).length).toBeLessThanOrEqual(200);
    }
  });
});
