/** Writes a scan's files to the output folder: report.md, report.json, consent.json, cookies.en.md, cookies.fr.md. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue } from './catalogue';
import { consentConfig } from './consent-config';
import { cookieTable } from './cookie-table';
import type { Report } from './report';
import { reportMarkdown } from './report-md';

export const OUTPUT_FILES = ['report.md', 'report.json', 'consent.json', 'cookies.en.md', 'cookies.fr.md'] as const;

export async function writeOutputs(folder: string, report: Report, catalogue: Catalogue): Promise<void> {
  await mkdir(folder, { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: Record<(typeof OUTPUT_FILES)[number], string> = {
    'report.md': reportMarkdown(report, catalogue),
    'report.json': json(report),
    'consent.json': json(consentConfig(report, catalogue)),
    'cookies.en.md': cookieTable(report, catalogue, 'en'),
    'cookies.fr.md': cookieTable(report, catalogue, 'fr'),
  };
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(folder, name), text)));
}
