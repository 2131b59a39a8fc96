/**
 * `npm run bench`: Témoin against no consent library and against vanilla-cookieconsent 3.1, in
 * Chromium, over interleaved cold loads, at 1× and 4× CPU throttling, for a first and a returning
 * visit. Prints medians (min–max) and the ratios the issue sets targets for; writes every load's
 * figures to bench/results/. Options: --runs N (default 10), --quick (3 runs), --window MS (figures
 * are read this long after navigation start, times the throttling rate; default 1500).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launch } from '../test/browser/harness.mjs';
import { checkTrackersReleased, measureLoad, temoinReturningCookie } from './measure.mjs';
import { startServer } from './server.mjs';
import { VARIANTS } from './page.mjs';

const { values: options } = parseArgs({
  options: { runs: { type: 'string' }, quick: { type: 'boolean' }, window: { type: 'string', default: '1500' } },
});
const runs = options.runs ? Number(options.runs) : options.quick ? 3 : 10;
const windowMs = Number(options.window);
if (!(runs >= 1) || !(windowMs > 0)) throw new Error('usage: node bench/run.mjs [--runs N] [--quick] [--window MS]');

const THROTTLES = [1, 4];
const VISITS = ['first', 'returning'];
const NAMES = { baseline: 'no library', temoin: 'Témoin', vanilla: 'vanilla-cookieconsent' };

const browser = await launch();
const chromium = browser.version();
const server = await startServer();
const loads = [];
try {
  for (const variant of ['temoin', 'vanilla']) await checkTrackersReleased(browser, server, variant);
  const returningCookie = { temoin: await temoinReturningCookie(browser, server) };
  const total = runs * THROTTLES.length * VISITS.length * VARIANTS.length;
  // Interleaved (a, b, c, a, b, c…) so that the machine's noise falls on every case alike.
  for (let run = 0; run < runs; run++)
    for (const throttle of THROTTLES)
      for (const visit of VISITS)
        for (const variant of VARIANTS) {
          loads.push({
            run,
            ...(await measureLoad(browser, server, {
              variant, throttle, visit, untilMs: windowMs * throttle, returningCookie: returningCookie[variant],
            })),
          });
          process.stderr.write(`\r${loads.length}/${total} loads`);
        }
  process.stderr.write('\n');
} finally {
  await browser.close();
  await server.close();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Per scenario and variant: medians and ranges; script and task time as added to the no-library page's median. */
function summarise(throttle, visit) {
  const of = (variant) => loads.filter((l) => l.variant === variant && l.throttle === throttle && l.visit === visit);
  const base = of('baseline');
  const baseScript = median(base.map((l) => l.script));
  const baseTask = median(base.map((l) => l.task));
  const baseFcp = median(base.map((l) => l.fcp));
  const cases = Object.fromEntries(
    VARIANTS.map((variant) => {
      const ls = of(variant);
      const banner = ls[0].banner === null ? null : stats(ls.map((l) => l.banner));
      return [variant, {
        fcp: stats(ls.map((l) => l.fcp)),
        banner,
        bannerPerFcp: banner && banner.median / baseFcp,
        libraryScript: variant === 'baseline' ? null : stats(ls.map((l) => l.libraryScript)),
        scriptAdded: stats(ls.map((l) => l.script - baseScript)),
        taskAdded: stats(ls.map((l) => l.task - baseTask)),
        cls: stats(ls.map((l) => l.cls)),
        bytes: stats(ls.map((l) => l.bytes)),
        files: ls[0].files,
      }];
    }),
  );
  const ratio = (key) => cases.temoin[key]?.median / cases.vanilla[key]?.median;
  const temoinPerVanilla = Object.fromEntries(['banner', 'libraryScript', 'scriptAdded', 'taskAdded', 'bytes'].map((key) => [key, ratio(key)]));
  return { throttle, visit, runs, cases, temoinPerVanilla };
}
const summary = THROTTLES.flatMap((throttle) => VISITS.map((visit) => summarise(throttle, visit)));

const ms = (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) ms` : '—');
const kB = (s) => (s.median ? `${(s.median / 1000).toFixed(1)} kB` : '—');
const cls = (s) => `${s.median.toFixed(3)} (max ${s.max.toFixed(3)})`;
const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const ROWS = [
  ['first contentful paint', (c) => ms(c.fcp)],
  ['time to banner', (c) => ms(c.banner)],
  ['banner / FCP (no library)', (c) => fixed(c.bannerPerFcp)],
  ['script time (profile)', (c) => ms(c.libraryScript)],
  ['ScriptDuration added', (c, v) => (v === 'baseline' ? '—' : ms(c.scriptAdded))],
  ['TaskDuration added', (c, v) => (v === 'baseline' ? '—' : ms(c.taskAdded))],
  ['CLS', (c) => cls(c.cls)],
  ['library bytes (wire)', (c) => kB(c.bytes)],
];
const pad = (text, width) => text + ' '.repeat(Math.max(0, width - text.length));
const verdict = (ok) => (ok ? 'met' : 'MISSED');

for (const s of summary) {
  console.log(`\n${s.throttle}× CPU, ${s.visit} visit (${runs} cold loads per case)`);
  console.log(pad('', 28) + VARIANTS.map((v) => pad(NAMES[v], 26)).join(''));
  for (const [label, cell] of ROWS) console.log(pad(label, 28) + VARIANTS.map((v) => pad(cell(s.cases[v], v), 26)).join(''));
  const r = s.temoinPerVanilla;
  const limit = s.visit === 'first' ? 0.5 : 0.25;
  const targets = [
    `script time ${fixed(r.libraryScript)} of vanilla's (target ≤ ${limit}: ${verdict(r.libraryScript <= limit)})`,
    `CLS ${verdict(s.cases.temoin.cls.max === 0)}`,
  ];
  if (s.visit === 'first' && s.throttle === 4)
    targets.push(`banner / FCP ${fixed(s.cases.temoin.bannerPerFcp)} (target ≤ 1.10: ${verdict(s.cases.temoin.bannerPerFcp <= 1.1)})`);
  console.log(
    `Témoin / vanilla: banner ${fixed(r.banner)}, script time ${fixed(r.libraryScript)}, ScriptDuration ${fixed(r.scriptAdded)}, TaskDuration ${fixed(r.taskAdded)}, bytes ${fixed(r.bytes)}`,
  );
  console.log(`Targets: ${targets.join('; ')}`);
}

console.log(`
time to banner: from navigation start to the frame the banner is put on screen (its fade-in not waited for).
script time (profile): main-thread time with the library's code on the stack (sampling profiler), promise
  callbacks included; CDP's ScriptDuration leaves promise callbacks out, so it undercounts code that awaits.
ScriptDuration / TaskDuration added: CDP Performance.getMetrics ${windowMs} ms × throttle after navigation
  start, minus the no-library page's median. library bytes: response bodies as sent (brotli when accepted).`);

console.log('\nFiles fetched (encoding, wire bytes):');
for (const visit of VISITS)
  for (const variant of ['temoin', 'vanilla']) {
    const files = summary.find((s) => s.visit === visit).cases[variant].files;
    console.log(`  ${NAMES[variant]}, ${visit} visit: ${files.map((f) => `${f.path.split('/').pop()} (${f.encoding} ${f.bytes} B)`).join(', ')}`);
  }

const resultsDir = new URL('results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const file = new URL(`bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, resultsDir);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), chromium, runs, windowMs, summary, loads }, null, 2));
console.log(`\nRaw figures: ${file.pathname}`);
