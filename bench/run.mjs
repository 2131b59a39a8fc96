/**
 * `npm run bench`: Témoin side by side with no consent library, vanilla-cookieconsent 3.1,
 * Orejime 3.2 and the hand-written minimum (libraries.mjs), in Chromium, over interleaved loads:
 * - `article`: the article page under each condition (conditions.mjs), for a first visit and
 *   returning visits with a cold, warm and hot cache (measure.mjs);
 * - `many`: Accept all on a page of 3,500 tagged elements (measure-many.mjs);
 * - `spa`: a single-page app adding 1,000 elements after the decision (measure-spa.mjs).
 * Prints the targets' table and the figures behind it as markdown (report.mjs); writes every
 * load's figures to bench/results/.
 * Options: --runs N (default 7), --quick (3 runs), --cases article,many,spa (default all),
 * --conditions mobile,loopback-1x (the article's; see CONDITIONS), --schemes b,c (Témoin's other
 * part schemes beside today's build, see schemes.mjs; none by default).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launch } from '../test/browser/harness.mjs';
import { CASE_CONDITIONS, CONDITIONS, DEFAULT_CONDITIONS } from './conditions.mjs';
import { checkTrackersReleased, decisionStorage, measureLoad, retrying } from './measure.mjs';
import { measureMany } from './measure-many.mjs';
import { measureSpa } from './measure-spa.mjs';
import { markdown, summarise } from './report.mjs';
import { buildSchemes, SCHEMES } from './schemes.mjs';
import { startServer } from './server.mjs';

/**
 * The libraries of each case. Orejime tags with templates, a markup the `many` and `spa` pages are
 * not written in. vanilla-cookieconsent cannot release the `many` page: its markup covers scripts
 * only (1,365 pixels and 35 frames stay blocked), and it loads its scripts one after the other
 * (a third of them in 15 s), so it would only add the release limit's wait to every run.
 */
const CASES = {
  article: ['baseline', 'temoin', 'vanilla', 'minimum', 'orejime'],
  many: ['temoin', 'minimum'],
  spa: ['baseline', 'temoin', 'vanilla', 'minimum'],
};

const USAGE = `usage: node bench/run.mjs [--runs N] [--quick] [--cases ${Object.keys(CASES).join(',')}] [--conditions ${Object.keys(CONDITIONS).join(',')}] [--schemes ${Object.keys(SCHEMES).join(',')}]`;
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean' },
    cases: { type: 'string', default: Object.keys(CASES).join(',') },
    conditions: { type: 'string', default: DEFAULT_CONDITIONS.join(',') },
    schemes: { type: 'string', default: '' },
  },
});
const runs = options.runs ? Number(options.runs) : options.quick ? 3 : 7;
const cases = options.cases.split(',');
const conditions = options.conditions.split(',');
const schemeNames = options.schemes ? options.schemes.split(',') : [];
if (!(runs >= 1) || cases.some((c) => !CASES[c]) || conditions.some((c) => !CONDITIONS[c]) || schemeNames.some((s) => !SCHEMES[s])) throw new Error(USAGE);

const date = new Date().toISOString();
const resultsDir = new URL('results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const resultsFile = (extension) => new URL(`bench-${date.replace(/[:.]/g, '-')}.${extension}`, resultsDir);

const schemes = schemeNames.length ? buildSchemes(schemeNames) : { dirs: {}, remove: () => undefined };
const schemeVariants = Object.keys(schemes.dirs).map((name) => `temoin-${name}`);
const variantsOf = (kase) => (kase === 'article' ? [...CASES.article, ...schemeVariants] : CASES[kase]);
const variants = [...new Set(cases.flatMap(variantsOf))];
const browser = await launch();
const chromium = browser.version();
const server = await startServer({ variants, builds: schemes.dirs });
const loads = [];
// Other work on the machine stretches every time measured: its load is reported beside the figures.
const machineLoad = { before: loadavg() };
const started = Date.now();
try {
  if (cases.includes('article')) for (const variant of variantsOf('article').slice(1)) await checkTrackersReleased(browser, server, variant);
  const stored = {};
  for (const variant of variants) stored[variant] = await decisionStorage(browser, server, variant);

  /** The loads of one run, each [case, measure, options], variants interleaved in `turn`'s order. */
  const plan = (run) => {
    // The variants' order turns from one run to the next, so that none always follows the same one.
    const turn = (list) => list.map((_, i) => list[(i + run) % list.length]);
    const article = conditions.flatMap((condition) =>
      CONDITIONS[condition].visits.flatMap((visit) =>
        turn(variantsOf('article')).map((variant) => [
          'article',
          measureLoad,
          { variant, condition, visit, stored: stored[variant], interact: visit === 'first' && CONDITIONS[condition].cpu >= 4 },
        ]),
      ),
    );
    const many = turn(CASES.many).map((variant) => ['many', measureMany, { variant, condition: CASE_CONDITIONS.many }]);
    const spa = turn(CASES.spa).map((variant) => ['spa', measureSpa, { variant, condition: CASE_CONDITIONS.spa, stored: stored[variant] }]);
    return [...(cases.includes('article') ? article : []), ...(cases.includes('many') ? many : []), ...(cases.includes('spa') ? spa : [])];
  };
  const total = runs * plan(0).length;
  // Interleaved (a, b, c, a, b, c…) so that the machine's noise falls on every variant alike.
  for (let run = 0; run < runs; run++)
    for (const [kase, measure, measureOptions] of plan(run)) {
      const load = { case: kase, run, ...(await retrying((o) => measure(browser, server, o), measureOptions)) };
      loads.push(load);
      // Each load as soon as it is measured: a run that stops halfway still leaves its figures.
      appendFileSync(resultsFile('jsonl'), `${JSON.stringify(load)}\n`);
      process.stderr.write(`\r${loads.length}/${total} loads, ${((Date.now() - started) / 60000).toFixed(1)} min`);
    }
  process.stderr.write('\n');
  machineLoad.after = loadavg();
} finally {
  await browser.close();
  await server.close();
  schemes.remove();
}

const summary = summarise(loads);
const retried = loads.filter((l) => l.tries > 1).length;
const minutes = (Date.now() - started) / 60000;
console.log(markdown(summary, { runs, schemes: schemeVariants, chromium, date, load: machineLoad, retried, minutes }));

const schemeTitles = Object.fromEntries(schemeNames.map((name) => [name, SCHEMES[name].title]));
writeFileSync(resultsFile('json'), JSON.stringify({ date, chromium, runs, cases, conditions, load: machineLoad, minutes, schemes: schemeTitles, summary, loads }, null, 2));
console.log(`\nRaw figures: ${resultsFile('json').pathname} (and each load as measured: ${resultsFile('jsonl').pathname})`);
