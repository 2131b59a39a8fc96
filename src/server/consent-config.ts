/**
 * `--config consent.json`: the site's Témoin configuration, read with the same checks as the
 * browser's, so that the ledger also refuses category ids the site does not have and revisions it
 * has not published yet.
 */
import { readFile } from 'node:fs/promises';
import type { ConsentRecord } from '../core/record';
import { validateConfig } from '../core/validate';

/** Checks what `recordProblem` cannot know: the site's own categories and revision. */
export type RecordCheck = (record: ConsentRecord) => string | null;

export async function loadConsentConfig(file: string): Promise<RecordCheck> {
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (problem) {
    throw new Error(`${file}: ${problem instanceof SyntaxError ? 'not JSON' : (problem as Error).message}`);
  }
  const { config, errors } = validateConfig(input);
  if (errors.length) throw new Error(`${file}: ${errors[0] ?? ''}`);
  const ids = Object.keys(config.categories);
  return (record) => {
    for (const field of ['granted', 'refused'] as const) {
      const unknown = record[field].find((id) => !ids.includes(id));
      if (unknown !== undefined) return `${field}: "${unknown}" is not a category of this site`;
    }
    if (record.revision > config.revision) return `revision: expected at most ${config.revision}, this site's revision`;
    return null;
  };
}
