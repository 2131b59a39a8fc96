/**
 * `npm run bench`: Témoin against no consent library and against vanilla-cookieconsent 3.1, and
 * Témoin's alternative part schemes (schemes.mjs), in Chromium, over interleaved loads, under each
 * condition (conditions.mjs), for a first visit and a returning visit with a cold and a warm HTTP
 * cache (measure.mjs). Prints markdown tables of medians with the targets; writes every load's
 * figures to bench/results/.
 * Options: --runs N (default 7), --quick (3 runs), --conditions mobile,loopback[,loopback-1x],
 * --no-schemes (today's build only).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launch } from '../test/browser/harness.mjs';
import { CONDITIONS, DEFAULT_CONDITIONS } from './conditions.mjs';
import { checkTrackersReleased, decisionCookies, measureLoadRetrying } from './measure.mjs';
import { markdown, summarise } from './report.mjs';
import { buildSchemes, SCHEMES } from './schemes.mjs';
import { startServer } from './server.mjs';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean' },
    conditions: { type: 'string', default: DEFAULT_CONDITIONS.join(',') },
    'no-schemes': { type: 'boolean' },
  },
});
const runs = options.runs ? Number(options.runs) : options.quick ? 3 : 7;
const conditions = options.conditions.split(',');
if (!(runs >= 1) || conditions.some((c) => !CONDITIONS[c]))
  throw new Error(`usage: node bench/run.mjs [--runs N] [--quick] [--conditions ${Object.keys(CONDITIONS).join(',')}] [--no-schemes]`);

const date = new Date().toISOString();
const resultsDir = new URL('results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const resultsFile = (extension) => new URL(`bench-${date.replace(/[:.]/g, '-')}.${extension}`, resultsDir);

const schemes = options['no-schemes'] ? { dirs: {}, remove: () => undefined } : buildSchemes();
const variants = ['baseline', 'temoin', 'vanilla', ...Object.keys(schemes.dirs).map((name) => `temoin-${name}`)];
const browser = await launch();
const chromium = browser.version();
const server = await startServer({ variants, schemes: schemes.dirs });
const loads = [];
// Other work on the machine stretches every time measured: its load is reported beside the figures.
const machineLoad = { before: loadavg() };
try {
  for (const variant of variants.slice(1)) await checkTrackersReleased(browser, server, variant);
  const cookies = {};
  for (const variant of variants) cookies[variant] = await decisionCookies(browser, server, variant);
  const total = runs * variants.length * conditions.reduce((n, c) => n + CONDITIONS[c].visits.length, 0);
  // Interleaved (a, b, c, a, b, c…) so that the machine's noise falls on every case alike; the
  // variants' order turns from one run to the next, so that none always follows the same one.
  for (let run = 0; run < runs; run++)
    for (const condition of conditions)
      for (const visit of CONDITIONS[condition].visits)
        for (let i = 0; i < variants.length; i++) {
          const variant = variants[(i + run) % variants.length];
          const interact = visit === 'first' && CONDITIONS[condition].cpu >= 4;
          const load = { run, ...(await measureLoadRetrying(browser, server, { variant, condition, visit, cookies: cookies[variant], interact })) };
          loads.push(load);
          // Each load as soon as it is measured: a run that stops halfway still leaves its figures.
          appendFileSync(resultsFile('jsonl'), `${JSON.stringify(load)}\n`);
          process.stderr.write(`\r${loads.length}/${total} loads`);
        }
  process.stderr.write('\n');
  machineLoad.after = loadavg();
} finally {
  await browser.close();
  await server.close();
  schemes.remove();
}

const summary = summarise(loads);
const schemeColumns = [
  ['temoin', "a: today's scheme"],
  ...Object.keys(schemes.dirs).map((name) => [`temoin-${name}`, `${name}: ${SCHEMES[name].title.split(':')[0]}`]),
];
const retried = loads.filter((l) => l.tries > 1).length;
console.log(markdown(summary, { runs, schemes: schemeColumns, chromium, date, load: machineLoad, retried }));

const schemeTitles = Object.fromEntries(Object.entries(SCHEMES).map(([name, s]) => [name, s.title]));
writeFileSync(resultsFile('json'), JSON.stringify({ date, chromium, runs, conditions, load: machineLoad, schemes: schemeTitles, summary, loads }, null, 2));
console.log(`\nRaw figures: ${resultsFile('json').pathname} (and each load as measured: ${resultsFile('jsonl').pathname})`);
