/**
 * What consent insights count a decision by (`temoin stats`, `/stats`, the dashboard): its facet,
 * the method, the categories granted and refused, the language, jurisdiction, consent model and
 * revision of its record; and the UTC day it was received. Each entry keeps its day and the id of
 * its facet in `temoin_facets`, where each distinct facet is one row: a year of a busy site is a
 * million entries but a few hundred facets, so that counting reads two small integers an entry
 * from one index instead of parsing a million records. `temoin verify` checks both against the
 * hashed record.
 */
import { canonicalJson, type LedgerRecord } from './chain';

export interface Facet {
  method: string;
  language: string;
  /** The `regions` key the record names; null when it names none. */
  jurisdiction: string | null;
  /** The consent model; null when the record names none. */
  model: string | null;
  revision: number;
  /** The category ids granted, in code-unit order, joined by spaces ('' for none). */
  granted: string;
  refused: string;
}

/** The category list as a facet keeps it: an order of its own, so that one choice listed two ways is one facet. */
const idList = (ids: readonly string[]): string => [...ids].sort().join(' ');

export const facetOf = (record: LedgerRecord): Facet => ({
  method: record.method,
  language: record.language,
  jurisdiction: record.jurisdiction ?? null,
  model: record.model ?? null,
  revision: record.revision,
  granted: idList(record.granted),
  refused: idList(record.refused),
});

/** The facet of a record as a store holds it (its JSON text), or undefined for a damaged row. */
export function storedFacet(text: string): Facet | undefined {
  try {
    return facetOf(JSON.parse(text) as LedgerRecord);
  } catch {
    return undefined;
  }
}

/** The facet's unique key in `temoin_facets`: its canonical JSON. */
export const facetKey = (facet: Facet): string => canonicalJson(facet);

/** `temoin_facets`' columns after `id` and `key`, in this order. */
export const FACET_COLUMNS = ['method', 'language', 'jurisdiction', 'model', 'revision', 'granted', 'refused'] as const;

export const facetValues = (facet: Facet): (string | number | null)[] => FACET_COLUMNS.map((column) => facet[column]);

/** The UTC day of an ISO 8601 UTC time, as the integer YYYYMMDD (`2026-11-22T…` is 20261122). */
export const dayOf = (time: string): number => Number(`${time.slice(0, 4)}${time.slice(5, 7)}${time.slice(8, 10)}`);

/** A YYYYMMDD day as `YYYY-MM-DD`. */
export const dayText = (day: number): string => {
  const digits = String(day).padStart(8, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
};
