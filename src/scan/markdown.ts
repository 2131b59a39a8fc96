/** Markdown helpers for the report and the cookie tables. */

/** A table cell: no line breaks, `|` escaped. */
export const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** Code in a cell: between backticks, which keep `_` and `*` from being read as emphasis. */
export const code = (text: string): string => `\`${cell(text).replace(/`/g, "'")}\``;

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
