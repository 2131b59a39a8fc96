/**
 * `temoin scan <url>`: finds what a site sets and requests before consent and after "Reject all",
 * and writes the report, a configuration and the privacy policy's cookie tables. Exit status 0
 * when nothing leaks, 1 when something does, 2 for a usage or browser error.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateConfig } from '../core/validate';
import { chromiumArgsFromEnv } from '../scan/browser';
import { catalogue, classifier } from '../scan/catalogue';
import { compareWithConfig } from '../scan/config-diff';
import { OUTPUT_FILES, writeOutputs } from '../scan/outputs';
import { buildReport, unreachableVendors } from '../scan/report';
import { causeInWords } from '../scan/report-md';
import { DEFAULT_PAGES, scan } from '../scan/scan';
import { DEFAULT_TIMING } from '../scan/settle';
import { VISITS } from '../scan/types';
import { UsageError, type Command } from './command';

const DEFAULT_OUT = 'temoin-scan';

const help = `usage: temoin scan <url> [--pages ${DEFAULT_PAGES}] [--out ${DEFAULT_OUT}] [--config consent.json] [--wait ${DEFAULT_TIMING.lateTagsMs}] [--no-sandbox]

Visits the site in Chromium, following links on the same origin breadth-first, three times in
fresh profiles: with no decision, after "Accept all" and after "Reject all" (through window.Temoin;
a site without Témoin gets the first visit only). Every cookie, storage key and third-party host is
classified with Témoin's catalogue of common services. Anything not strictly necessary that is set
or requested before a decision or after "Reject all" is a leak.

  --pages N      at most N pages per visit, the start page included (default ${DEFAULT_PAGES})
  --out DIR      where to write ${OUTPUT_FILES.join(', ')} (default ${DEFAULT_OUT})
  --config FILE  your Témoin configuration: the report adds what it declares that was not seen,
                 and what was seen that it does not declare
  --wait MS      how long each page is watched once its network is quiet, for tags that start
                 on a timer (default ${DEFAULT_TIMING.lateTagsMs})
  --no-sandbox   run Chromium without its sandbox: only where it cannot have one (as root, in a
                 container or a CI job) and for sites you trust

Environment:
  TEMOIN_CHROMIUM       the Chromium to drive (default /usr/bin/chromium); nothing is downloaded
  TEMOIN_CHROMIUM_ARGS  extra Chromium arguments, each starting with --, for example
                        --host-resolver-rules=MAP www.example.com 127.0.0.1:8080

Pages that answer an HTTP error are scanned and listed as failures; requests that get no answer
(a host not found, refused, a TLS error, blocked) are listed with their host.

Exit status: 0 nothing leaks, 1 something leaks (each leak is named in report.md), 2 usage or
browser error, or a start page that does not load or answers an HTTP error. Progress goes to stderr.`;

function parse(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { pages: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, wait: { type: 'string' }, 'no-sandbox': { type: 'boolean', default: false } },
    });
  } catch (problem) {
    throw new UsageError(problem instanceof Error ? problem.message : String(problem));
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one URL to scan, got ${positionals.length} (temoin scan --help)`);
  const url = positionals[0] ?? '';
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`not an http(s) URL: ${url}`);
  const pages = values.pages === undefined ? DEFAULT_PAGES : Number(values.pages);
  if (!Number.isInteger(pages) || pages < 1) throw new UsageError(`--pages: expected a whole number of at least 1, got "${values.pages ?? ''}"`);
  const wait = values.wait === undefined ? DEFAULT_TIMING.lateTagsMs : Number(values.wait);
  if (!Number.isInteger(wait) || wait < 0) throw new UsageError(`--wait: expected a number of milliseconds, got "${values.wait ?? ''}"`);
  return { url, pages, out: values.out ?? DEFAULT_OUT, config: values.config, wait, sandbox: !values['no-sandbox'] };
}

async function readConfig(file: string) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (problem) {
    throw new UsageError(`--config ${file}: ${problem instanceof Error ? problem.message : String(problem)}`);
  }
  const { config, errors } = validateConfig(json);
  if (errors.length) throw new UsageError(`--config ${file}: ${errors[0] ?? ''}`);
  return config;
}

async function scanSite(args: string[]): Promise<number> {
  const options = parse(args);
  const config = options.config === undefined ? null : await readConfig(options.config);
  const progress = (line: string) => process.stderr.write(`temoin scan: ${line}\n`);
  const result = await scan({
    url: options.url,
    pages: options.pages,
    chromiumArgs: chromiumArgsFromEnv(process.env.TEMOIN_CHROMIUM_ARGS),
    sandbox: options.sandbox,
    timing: { lateTagsMs: options.wait },
    progress,
  });
  const report = buildReport(result, classifier(catalogue));
  if (config) report.config = compareWithConfig(report, config);
  const out = resolve(options.out);
  await writeOutputs(out, report, catalogue);
  progress(`done in ${(result.durationMs / 1000).toFixed(1)} s; wrote ${OUTPUT_FILES.join(', ')} to ${out}`);
  for (const name of VISITS) for (const failure of report.visits[name]?.failures ?? []) progress(`${name}: ${failure.page} ${failure.reason}`);
  const unreachable = unreachableVendors(report);
  if (unreachable.length)
    progress(`could not reach ${unreachable.join(', ')}: what they would have set is missing, so the cookie table may be incomplete`);
  if (!report.leaks.length) {
    progress('nothing leaks');
    return 0;
  }
  progress(`${report.leaks.length} leak${report.leaks.length === 1 ? '' : 's'} (before a decision or after Reject all):`);
  for (const leak of report.leaks) progress(`  ${leak.visit}: ${leak.kind} ${leak.name} on ${leak.page} (${leak.reason}), caused by ${causeInWords(leak.cause)}`);
  return 1;
}

const command: Command = {
  summary: 'find what a site sets before consent; write the report, a configuration and the cookie tables',
  help,
  async run(args) {
    try {
      return await scanSite(args);
    } finally {
      // Chromium's processes, if closing them was given up, must not keep the command from exiting.
      setTimeout(() => process.exit(), 5_000).unref();
    }
  },
};

export default command;
