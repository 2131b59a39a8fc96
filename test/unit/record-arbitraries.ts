/** Generators of consent records for property tests: any record Témoin can write. */
import fc from 'fast-check';
import { CATEGORY_ID, JURISDICTION, LANGUAGE_CODE } from '../../src/core/record';
import type { ConsentMethod, ConsentModel, ConsentRecord } from '../../src/core/types';

/** The last second a consent cookie can hold: 7 base-36 digits, in the year 4453. */
export const LAST_SECOND = 36 ** 7 - 1;
const isoAt = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Distinct category ids, split in two disjoint lists in any order. */
const grantedAndRefused = fc
  .uniqueArray(fc.stringMatching(CATEGORY_ID), { maxLength: 6 })
  .chain((ids) => fc.tuple(fc.constant(ids), fc.subarray(ids)))
  .map(([ids, granted]) => ({ granted, refused: ids.filter((id) => !granted.includes(id)) }));

/** Any record Témoin can write: times with second precision, updated at or after creation. */
export const anyRecord: fc.Arbitrary<ConsentRecord> = fc
  .record({
    id: fc.uuid({ version: 4 }),
    revision: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 2 ** 31 - 1)),
    lists: grantedAndRefused,
    method: fc.constantFrom<ConsentMethod>('accept-all', 'reject-all', 'custom'),
    language: fc.stringMatching(LANGUAGE_CODE),
    gpc: fc.boolean(),
    jurisdiction: fc.stringMatching(JURISDICTION),
    model: fc.constantFrom<ConsentModel>('opt-in', 'opt-out', 'notice'),
    times: fc.tuple(fc.nat({ max: LAST_SECOND }), fc.nat({ max: LAST_SECOND })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
  })
  .map(({ id, revision, lists, method, language, gpc, jurisdiction, model, times: [created, updated] }) => ({
    v: 1 as const,
    id,
    revision,
    ...lists,
    method,
    language,
    ...(gpc ? { gpc: true as const } : {}),
    createdAt: isoAt(created),
    updatedAt: isoAt(updated),
    jurisdiction,
    model,
  }));
