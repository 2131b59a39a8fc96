/** How `temoin stats` writes its figures: a table for a terminal, CSV for a spreadsheet. */
import { OTHER, SMALL_GROUP, type Stats } from '../server/stats';
import { csvCell } from './export-format';

/** Every category id any group names, in code-unit order: the columns after the choices. */
const categoriesOf = (stats: Stats): string[] => [...new Set(stats.groups.flatMap((group) => Object.keys(group.granted)))].sort();

/** `key, decisions, acceptAll, rejectAll, custom`, then `granted:<id>` for each category; a cell is empty where a group names no such category. */
export function statsCsv(stats: Stats): string {
  const categories = categoriesOf(stats);
  const header = ['key', 'decisions', 'acceptAll', 'rejectAll', 'custom', ...categories.map((id) => `granted:${id}`)];
  const rows = stats.groups.map((group) => [
    group.key,
    ...[group.decisions, group.acceptAll, group.rejectAll, group.custom].map(String),
    ...categories.map((id) => (group.granted[id] === undefined ? '' : String(group.granted[id]))),
  ]);
  return [header, ...rows].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}

/** `12 (40%)`: a count and its share of the group's decisions. */
const share = (count: number, of: number) => `${count} (${of ? Math.round((count / of) * 100) : 0}%)`;

/** Columns aligned with spaces: the first to the left, the others to the right. */
function aligned(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd()).join('\n');
}

/**
 * A table: a group a line, each choice and each category's grants as a count and its share of the
 * group's decisions (`-` where the group names no such category), then the totals.
 */
export function statsTable(stats: Stats): string {
  const categories = categoriesOf(stats);
  const range = `${stats.from ?? 'the first entry'} to ${stats.to ?? 'the last'}`;
  if (!stats.groups.length) return `no decision received from ${range}\n`;
  const header = [stats.by, 'decisions', 'accept all', 'reject all', 'custom', ...categories];
  const rows = stats.groups.map((group) => [
    group.key,
    String(group.decisions),
    share(group.acceptAll, group.decisions),
    share(group.rejectAll, group.decisions),
    share(group.custom, group.decisions),
    ...categories.map((id) => (group.granted[id] === undefined ? '-' : share(group.granted[id], group.decisions))),
  ]);
  const notes = [
    `${stats.total} ${stats.total === 1 ? 'decision' : 'decisions'} received from ${range} (UTC); a category's count is the decisions that grant it`,
    ...(stats.groups.some((group) => group.key === OTHER) ? [`${OTHER}: the ${stats.by}s with fewer than ${SMALL_GROUP} decisions each, together`] : []),
  ];
  return `${aligned([header, ...rows])}\n\n${notes.join('\n')}\n`;
}
