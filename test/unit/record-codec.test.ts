import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, uuid } from '../../src/core/record-codec';
import type { ConsentRecord } from '../../src/core/types';

const record: ConsentRecord = {
  v: 1,
  id: uuid(),
  revision: 3,
  granted: ['necessary', 'performance'],
  refused: ['advertising', 'third-party'],
  method: 'custom',
  language: 'fr',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-23T08:30:00.000Z',
};

describe('consent cookie value', () => {
  it('round-trips a record and stays under 200 bytes', () => {
    const value = encodeRecord(record);
    expect(decodeRecord(value)).toEqual(record);
    expect(`temoin=${value}`.length).toBeLessThanOrEqual(200);
  });

  it('treats a tampered value as no consent', () => {
    const value = encodeRecord(record);
    expect(decodeRecord(value.replace('~c~', '~x~'))).toBeNull();
    expect(decodeRecord(value.slice(0, 30))).toBeNull();
    expect(decodeRecord(`2${value.slice(1)}`)).toBeNull();
  });
});
