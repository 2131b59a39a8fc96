/**
 * Consent insights: how many decisions accept all, reject all or customise, and how many grant
 * each category, by day, ISO week, jurisdiction, language, revision or consent model, over a range
 * of `receivedAt`. The database counts, over the stats index and the facets (facets.ts): what
 * comes back is a few rows a group, and nothing of a visitor (no consent id, page, browser or
 * address) is read. A decision is one ledger entry, not a visitor: someone who changes their mind
 * counts twice. Groups of jurisdictions, languages, revisions or models with fewer than 5
 * decisions are merged into one, `other`, so that a narrow group does not single anyone out.
 */
import { dayText } from './facets';
import { chainStart } from './schema';
import { readLastPurge, type LedgerView } from './store';

export const GROUPINGS = ['day', 'week', 'jurisdiction', 'language', 'revision', 'model'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface StatsGroup {
  key: string;
  decisions: number;
  acceptAll: number;
  rejectAll: number;
  custom: number;
  /** For each category id the group's records name, the decisions that grant it. */
  granted: Record<string, number>;
}

export interface Stats {
  from: string | null;
  to: string | null;
  by: Grouping;
  total: number;
  groups: StatsGroup[];
}

export interface StatsQuery {
  /** Inclusive, ISO 8601 UTC; undefined: from the first entry. */
  from?: string | undefined;
  /** Exclusive; undefined: to the last entry. */
  to?: string | undefined;
  by: Grouping;
}

/** Groups (other than days and weeks) with fewer decisions are merged into `other`. */
export const SMALL_GROUP = 5;
export const OTHER = 'other';
/** The key of records that name no jurisdiction, or no model. */
export const UNKNOWN = 'unknown';

/**
 * Bounds on what one count reads into memory: rows from the database (a group and a choice each)
 * and distinct category ids. A site's real decisions stay far below both; only records with
 * made-up category ids, which `--config` refuses, could reach them.
 */
const MAX_ROWS = 100_000;
const MAX_CATEGORIES = 256;

/** What one count cannot hold: the range is to be narrowed. */
export class TooMuchToCount extends Error {
  override name = 'TooMuchToCount';
}

/** An ISO 8601 date or time as the UTC form the ledger stores (`2026-11-22T00:00:00.000Z`), or undefined when it is none. */
export function isoTime(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  // A day the month does not have (2026-02-30) is no day, though Date would roll it over.
  if (!match || new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).getUTCDate() !== Number(match[3])) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
export const TIME_EXPECTED = 'expected an ISO 8601 date or time such as 2026-11-22 or 2026-11-22T10:00:00Z';

/** The UTC day of a moment as the integer YYYYMMDD that `temoin_entries.day` holds. */
const dayNumber = (ms: number): number => {
  const date = new Date(ms);
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
};

/** The ISO week of a `YYYY-MM-DD` day: `YYYY-Www`, weeks starting on Monday, the year the week's Thursday is in. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The groupings by a facet's column rather than by time. */
export type FacetGrouping = Exclude<Grouping, 'day' | 'week'>;
const isFacetGrouping = (by: Grouping): by is FacetGrouping => by !== 'day' && by !== 'week';

/**
 * The decisions of a range, counted from the stats index alone, day by day (the receipt time is
 * compared on the first and last days only): a few rows a day, one per facet.
 */
const RANGE_COUNT = `
  SELECT day, facet, count(*) AS decisions FROM temoin_entries
  WHERE kind = 'record' AND day >= $1 AND day <= $2 AND (day <> $1 OR received_at >= $3) AND (day <> $2 OR received_at < $4) AND seq >= $5
  GROUP BY day, facet`;

/** Decisions by day and choice: the range's counts added up by day and the facet's choice columns. */
const BY_DAY_QUERY = `
  SELECT c.day AS key, f.method AS method, f.granted AS granted, f.refused AS refused, sum(c.decisions) AS decisions
  FROM (${RANGE_COUNT}) c JOIN temoin_facets f ON f.id = c.facet
  GROUP BY c.day, f.method, f.granted, f.refused
  LIMIT $6`;

/** Decisions by facet, with every column a facet grouping counts by: one reading serves them all. */
const BY_FACET_QUERY = `
  SELECT f.jurisdiction AS jurisdiction, f.language AS language, f.revision AS revision, f.model AS model,
    f.method AS method, f.granted AS granted, f.refused AS refused, sum(c.decisions) AS decisions
  FROM (${RANGE_COUNT}) c JOIN temoin_facets f ON f.id = c.facet
  GROUP BY f.id, f.jurisdiction, f.language, f.revision, f.model, f.method, f.granted, f.refused
  LIMIT $6`;

interface CountRow {
  key: string | number | null;
  method: string;
  granted: string;
  refused: string;
  /** PostgreSQL's sum is a numeric, which its driver gives as a string. */
  decisions: number | string;
}

type FacetRow = Omit<CountRow, 'key'> & Record<FacetGrouping, string | number | null>;

const METHOD_FIELD = { 'accept-all': 'acceptAll', 'reject-all': 'rejectAll', custom: 'custom' } as const;

const emptyGroup = (key: string): StatsGroup => ({ key, decisions: 0, acceptAll: 0, rejectAll: 0, custom: 0, granted: {} });

function keyOf(by: Grouping, key: CountRow['key']): string {
  if (key === null) return UNKNOWN;
  if (by === 'day') return dayText(Number(key));
  if (by === 'week') return isoWeek(dayText(Number(key)));
  return String(key);
}

/** Adds `from` into `into`: its decisions, choices and grants. */
function add(into: StatsGroup, from: StatsGroup): void {
  into.decisions += from.decisions;
  into.acceptAll += from.acceptAll;
  into.rejectAll += from.rejectAll;
  into.custom += from.custom;
  for (const [id, count] of Object.entries(from.granted)) into.granted[id] = (into.granted[id] ?? 0) + count;
}

const ids = (list: string) => (list ? list.split(' ') : []);

/** Groups in key order: days and weeks as written, revisions as numbers, the rest by code unit. */
function ordered(by: Grouping, groups: StatsGroup[]): StatsGroup[] {
  const compare = by === 'revision' ? (a: string, b: string) => Number(a) - Number(b) : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return groups
    .sort((a, b) => compare(a.key, b.key))
    .map((group) => ({ ...group, granted: Object.fromEntries(Object.entries(group.granted).sort(([a], [b]) => (a < b ? -1 : 1))) }));
}

/** The query's parameters: the range's first and last days, its bounds, the chain's start, the row limit. */
async function rangeParameters(view: LedgerView, from: string | undefined, to: string | undefined): Promise<unknown[]> {
  const start = chainStart(await readLastPurge(view));
  const firstDay = from === undefined ? 0 : dayNumber(Date.parse(from));
  // The day of the last moment before `to`.
  const lastDay = to === undefined ? 99_991_231 : dayNumber(Date.parse(to) - 1);
  return [firstDay, lastDay, from ?? '', to ?? '~', start, MAX_ROWS + 1];
}

async function countRows<T>(view: LedgerView, sql: string, parameters: unknown[]): Promise<T[]> {
  const rows = await view.query<T>(sql, parameters);
  if (rows.length > MAX_ROWS)
    throw new TooMuchToCount(`more than ${MAX_ROWS} groups of decisions to count (records with made-up category ids; temoin serve --config refuses them): narrow the range`);
  return rows;
}

/** The figures of `rows`, each a number of decisions of one group and one choice: groups in key order, small ones merged. */
function tally({ from, to, by }: StatsQuery, rows: readonly CountRow[]): Stats {
  const groups = new Map<string, StatsGroup>();
  const categories = new Set<string>();
  for (const row of rows) {
    const key = keyOf(by, row.key);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = emptyGroup(key)));
    const decisions = Number(row.decisions);
    group.decisions += decisions;
    if (Object.hasOwn(METHOD_FIELD, row.method)) group[METHOD_FIELD[row.method as keyof typeof METHOD_FIELD]] += decisions;
    for (const id of ids(row.granted)) group.granted[id] = (group.granted[id] ?? 0) + decisions;
    for (const id of ids(row.refused)) group.granted[id] ??= 0;
    for (const id of [...ids(row.granted), ...ids(row.refused)]) categories.add(id);
    if (categories.size > MAX_CATEGORIES)
      throw new TooMuchToCount(`more than ${MAX_CATEGORIES} category ids to count (records with made-up category ids; temoin serve --config refuses them): narrow the range`);
  }

  let kept = [...groups.values()];
  let other: StatsGroup | undefined;
  if (isFacetGrouping(by)) {
    const small = kept.filter((group) => group.decisions < SMALL_GROUP);
    if (small.length) {
      other = emptyGroup(OTHER);
      for (const group of small) add(other, group);
      kept = kept.filter((group) => group.decisions >= SMALL_GROUP);
    }
  }
  const listed = [...ordered(by, kept), ...(other ? ordered(by, [other]) : [])];
  return { from: from ?? null, to: to ?? null, by, total: listed.reduce((sum, group) => sum + group.decisions, 0), groups: listed };
}

/** The figures of one snapshot of the ledger by several facet groupings, from one reading of the range. */
export async function readFacetStats<G extends FacetGrouping>(
  view: LedgerView,
  { from, to }: Omit<StatsQuery, 'by'>,
  groupings: readonly G[],
): Promise<Record<G, Stats>> {
  const rows = await countRows<FacetRow>(view, BY_FACET_QUERY, await rangeParameters(view, from, to));
  return Object.fromEntries(groupings.map((by) => [by, tally({ from, to, by }, rows.map((row) => ({ ...row, key: row[by] })))])) as Record<G, Stats>;
}

/** Counts the decisions of one snapshot of the ledger. */
export async function readStats(view: LedgerView, query: StatsQuery): Promise<Stats> {
  const { by } = query;
  if (isFacetGrouping(by)) return (await readFacetStats(view, query, [by]))[by];
  return tally(query, await countRows<CountRow>(view, BY_DAY_QUERY, await rangeParameters(view, query.from, query.to)));
}
