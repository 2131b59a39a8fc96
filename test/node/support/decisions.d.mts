import type { Moment } from '../../../demo/backdate.mjs';
import type { StatsGroup } from '../../../src/server/stats';

export function moments(): Moment[];
export const EXPECTED: Record<'day' | 'week' | 'jurisdiction' | 'language' | 'revision' | 'model', StatsGroup[]>;
export function personal(all: Moment[]): string[];
