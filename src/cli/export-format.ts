/** How `temoin export` writes entries: NDJSON (the default) or CSV. */
import type { Entry, RecordEntry } from '../server/chain';

/**
 * One JSON object a line, keys in this order: `{seq, receivedAt, hash, record}` (and `ip` when kept)
 * for a decision, `{seq, receivedAt, hash, purge}` for a purge marker. The record's keys sorted, as
 * the chain hashes them.
 */
export function ndjsonLine(entry: Entry): string {
  const { seq, receivedAt, hash } = entry;
  if ('purge' in entry) return `${JSON.stringify({ seq, receivedAt, hash, purge: entry.purge })}\n`;
  const { record, ip } = entry;
  return `${JSON.stringify(ip === undefined ? { seq, receivedAt, hash, record } : { seq, receivedAt, hash, record, ip })}\n`;
}

/**
 * The CSV's columns: a decision a row. The first ten as they always were; then what auditors ask
 * for: the browser, the consent model and the jurisdiction, the record's own times, and whether
 * the browser sent Global Privacy Control.
 */
const COLUMNS: [name: string, cell: (entry: RecordEntry) => string][] = [
  ['seq', (e) => String(e.seq)],
  ['receivedAt', (e) => e.receivedAt],
  ['id', (e) => e.record.id],
  ['method', (e) => e.record.method],
  ['revision', (e) => String(e.record.revision)],
  ['granted', (e) => e.record.granted.join(' ')],
  ['refused', (e) => e.record.refused.join(' ')],
  ['language', (e) => e.record.language],
  ['url', (e) => e.record.url ?? ''],
  ['hash', (e) => e.hash],
  ['userAgent', (e) => e.record.userAgent ?? ''],
  ['model', (e) => e.record.model ?? ''],
  ['jurisdiction', (e) => e.record.jurisdiction ?? ''],
  ['createdAt', (e) => e.record.createdAt],
  ['updatedAt', (e) => e.record.updatedAt],
  ['gpc', (e) => (e.record.gpc === undefined ? '' : String(e.record.gpc))],
];

export const CSV_HEADER = `${COLUMNS.map(([name]) => name).join(',')}\r\n`;

/**
 * A cell a spreadsheet shows as text, whatever its locale: one that starts with what Excel,
 * LibreOffice or Google Sheets would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return)
 * gets a leading `'`, and a cell with a comma, a semicolon (the separator where the decimal mark
 * is a comma: French, German…), a quote or a line break is quoted (RFC 4180).
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A decision's row; a purge marker has none (it is in the NDJSON export and in `temoin verify`). */
export const csvLine = (entry: Entry): string => ('purge' in entry ? '' : `${COLUMNS.map(([, cell]) => csvCell(cell(entry))).join(',')}\r\n`);
