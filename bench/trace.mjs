/**
 * Where each library's script time goes, script by script, with no profiler running: Blink's own
 * trace events for the page's main thread. A sampling profiler changes what it measures (ADR
 * 0077); a trace records each entry into JavaScript as it happens, named by the script it enters:
 * a file's evaluation (`EvaluateScript`, with the microtasks it queued), a callback's run
 * (`FunctionCall`: an event listener, a timer, an observer, a promise reaction) and, for an
 * inline script, the page's address and the line the script starts on.
 *
 * This loads the article as `--visit` under `--condition`, `--runs` times, the page without
 * library, vanilla-cookieconsent and Témoin (today's dist/) interleaved, traces each load, and
 * prints the medians of: Blink's script time over the load (CDP's ScriptDuration, as
 * `npm run bench` reads it), each script's entries (outermost only, so that nothing counts
 * twice), and the library's sum of them. `--beside DIR`: another build of Témoin (a copy of
 * `dist/` from before a change, or with a `tag.html` of its own: bench/temoin-tag.mjs) as
 * "temoin-beside"; the library's sum counts the code such a tag carries inline only where it comes
 * from `{{inline:FILE}}`, and lists any other inline script of the page on its own line. Calls to
 * `performance.mark()` named `t:<step>` (added by hand to a copy of the sources) are timed from
 * mark to mark, in the order they came.
 * `npm run build && node bench/trace.mjs [--visit returning-hot|returning-warm|returning-cold|first]
 * [--condition mobile|loopback|loopback-1x] [--runs 5] [--beside DIR]`.
 */
import { basename } from 'node:path';
import { launch } from '../test/browser/harness.mjs';
import { CONDITIONS } from './conditions.mjs';
import { decisionStorage, installProbe, libraryFrames, measuredTab, openContext, retrying, slow, visitOptions, withTimeout } from './measure.mjs';
import { pagePath } from './page.mjs';
import { median } from './report.mjs';
import { startServer } from './server.mjs';

const options = visitOptions('bench/trace.mjs', { visit: 'returning-hot', condition: 'mobile', runs: 5 }, { beside: 'DIR' });
const VARIANTS = ['baseline', 'vanilla', 'temoin', ...(options.beside ? ['temoin-beside'] : [])];
/** Blink's events that enter JavaScript, with the script they enter. */
const ENTRIES = new Set(['EvaluateScript', 'FunctionCall']);
const CATEGORIES = ['devtools.timeline', 'blink.user_timing'];

/** Every trace event of one load of `page`, from navigation to the probe's settling. */
async function traced(page, cdp, url, timeoutMs) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  await withTimeout(
    page.goto(url, { timeout: timeoutMs }).then(() => page.evaluate(() => window.__bench.settled())),
    timeoutMs,
    `${url}: the page did not load and settle within ${timeoutMs / 1000} s`,
  ).catch((e) => Promise.reject(slow(e)));
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

/**
 * The figures of one load's trace: milliseconds per script entry (`<script> <event>`), outermost
 * entries only, on the renderer's main thread that parsed the page; and from mark to mark.
 */
function figuresOf(events, isLibrary) {
  // Of the renderers' main threads (the blank page's may be another), the one that parsed the most.
  const parsed = new Map();
  for (const e of events) if (e.name === 'ParseHTML') parsed.set(`${e.pid}:${e.tid}`, (parsed.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const parsing = (t) => parsed.get(`${t.pid}:${t.tid}`) ?? 0;
  const main = events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').sort((a, b) => parsing(b) - parsing(a))[0];
  if (!main) throw new Error('bench/trace.mjs: no renderer main thread in the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid).sort((a, b) => a.ts - b.ts);
  const figures = { 'library, all entries': 0 };
  let end = -1;
  for (const e of onMain) {
    if (e.ph !== 'X' || !ENTRIES.has(e.name) || e.ts < end) continue;
    end = e.ts + e.dur;
    const { url = '', lineNumber = 0 } = e.args?.data ?? {};
    const inline = url !== '' && !/\.js(\?|$)/.test(url);
    const name = `${url ? basename(new URL(url).pathname) : '(no script)'}${inline ? `, inline at line ${lineNumber}` : ''} ${e.name}`;
    figures[name] = (figures[name] ?? 0) + e.dur / 1000;
    // The trace counts lines from 1, the profile's frames (what libraryFrames reads) from 0.
    if (url && isLibrary({ url, lineNumber: lineNumber - 1 })) figures['library, all entries'] += e.dur / 1000;
  }
  const marks = onMain.filter((e) => e.name.startsWith('t:'));
  marks.forEach((mark, i) => {
    if (i === 0) return;
    const step = `mark ${marks[i - 1].name.slice(2)} → ${mark.name.slice(2)}`;
    figures[step] = (figures[step] ?? 0) + (mark.ts - marks[i - 1].ts) / 1000;
  });
  return figures;
}

const browser = await launch();
const server = await startServer({ variants: VARIANTS, pages: ['article'], builds: options.beside ? { beside: options.beside } : {} });
const loads = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
try {
  const stored = {};
  for (const variant of VARIANTS) stored[variant] = await decisionStorage(browser, server, variant);
  const { windowMs } = CONDITIONS[options.condition];
  for (let run = 0; run < options.runs; run++)
    for (const variant of VARIANTS) {
      const figures = await retrying(async () => {
        const { context, close } = await openContext(browser, server, variant, options.visit, stored[variant]);
        try {
          await installProbe(context, { banner: options.visit === 'first' ? server.libraries[variant].banner : null, untilMs: windowMs });
          const { page, cdp, metrics } = await measuredTab(context, server, options.condition);
          const before = await metrics();
          const events = await traced(page, cdp, server.origin + pagePath('article', variant), windowMs + 15000);
          const after = await metrics();
          const isLibrary = server.libraries[variant].path ? libraryFrames(server, variant, 'article') : () => false;
          return { 'Blink script time (ScriptDuration)': (after.ScriptDuration - before.ScriptDuration) * 1000, ...figuresOf(events, isLibrary) };
        } finally {
          await close();
        }
      }, { variant });
      loads[variant].push(figures);
      process.stderr.write(`\r${run + 1}/${options.runs} runs`);
    }
  process.stderr.write('\n');
} finally {
  await browser.close();
  await server.close();
}

console.log(`${options.visit} visit, ${options.condition}: medians of ${options.runs} traced loads, ms (a figure missing from a load counts as 0)\n`);
for (const variant of VARIANTS) {
  const names = [...new Set(loads[variant].flatMap(Object.keys))].filter((name) => name !== 'tries');
  const medians = names.map((name) => [name, median(loads[variant].map((figures) => figures[name] ?? 0))]);
  // Entries by time spent; steps between marks in the order they came.
  const entries = medians.filter(([name, ms]) => !name.startsWith('mark ') && (ms >= 0.05 || !name.endsWith('Script') && !name.endsWith('Call'))).sort(([, a], [, b]) => b - a);
  console.log(`| ${variant} | ms |\n| --- | ---: |`);
  for (const [name, ms] of [...entries, ...medians.filter(([name]) => name.startsWith('mark '))]) console.log(`| ${name} | ${ms.toFixed(name.startsWith('mark ') ? 2 : 1)} |`);
  console.log('');
}
