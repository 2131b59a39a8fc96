/** How `temoin export` writes entries: NDJSON (the default) or CSV. */
import type { Entry } from '../server/chain';

/** One JSON object a line, keys in this order; the record's keys sorted, as the chain hashes them. */
export const ndjsonLine = ({ seq, receivedAt, hash, record, ip }: Entry): string =>
  `${JSON.stringify(ip === undefined ? { seq, receivedAt, hash, record } : { seq, receivedAt, hash, record, ip })}\n`;

export const CSV_HEADER = 'seq,receivedAt,id,method,revision,granted,refused,language,url,hash\r\n';

/**
 * A cell a spreadsheet shows as text: one that starts with what Excel, LibreOffice or Google
 * Sheets would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`,
 * and a cell with a comma, quote or line break is quoted (RFC 4180).
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = ({ seq, receivedAt, hash, record }: Entry): string =>
  `${[String(seq), receivedAt, record.id, record.method, String(record.revision), record.granted.join(' '), record.refused.join(' '), record.language, record.url ?? '', hash]
    .map(csvCell)
    .join(',')}\r\n`;
