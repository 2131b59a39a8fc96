/**
 * Script and compile time with the sampling profiler off and on: `npm run bench:profile` reads a
 * sampling profile (and `npm run bench` did until 2026-12-07, ADR 0077), and a profiler makes V8
 * keep source positions, which changes compilation and what locating code costs (ADR 0076).
 * This loads the article as `--visit` under `--condition`, `--runs` times, the page
 * without library, vanilla-cookieconsent and Témoin (today's dist/) interleaved, each with and
 * without the profiler on, and prints the medians of Blink's own sums over the load (CDP's
 * ScriptDuration and V8CompileDuration), and each library's minus the page without library's.
 * `--beside DIR`: another build of Témoin (a copy of `dist/` from before a change) loaded as well,
 * interleaved with the others, as "temoin-beside".
 * `--profiler off`: only the loads without the profiler (half the time). The first paint, the banner
 * and the library's bytes are printed as well, from the loads without the profiler.
 * `npm run build && node bench/unprofiled.mjs [--visit returning-hot|returning-warm|returning-cold|first]
 * [--condition mobile|loopback|loopback-1x] [--runs 5] [--beside DIR] [--profiler off]`.
 */
import { launch } from '../test/browser/harness.mjs';
import { decisionStorage, measureLoad, retrying, visitOptions } from './measure.mjs';
import { median } from './report.mjs';
import { startServer } from './server.mjs';

const options = visitOptions('bench/unprofiled.mjs', { visit: 'returning-hot', condition: 'mobile', runs: 5 }, { beside: 'DIR', profiler: 'off' });
const { runs } = options;
if (options.profiler !== undefined && options.profiler !== 'off') throw new Error('bench/unprofiled.mjs: --profiler takes off, or is left out for both');
const PROFILED = options.profiler === 'off' ? [false] : [false, true];

const VARIANTS = ['baseline', 'vanilla', 'temoin', ...(options.beside ? ['temoin-beside'] : [])];

const browser = await launch();
const server = await startServer({ variants: VARIANTS, pages: ['article'], builds: options.beside ? { beside: options.beside } : {} });
const loads = {};
try {
  const stored = {};
  for (const variant of VARIANTS) stored[variant] = await decisionStorage(browser, server, variant);
  for (let run = 0; run < runs; run++)
    for (const profiled of PROFILED)
      for (const variant of VARIANTS) {
        const load = await retrying((o) => measureLoad(browser, server, o), { variant, condition: options.condition, visit: options.visit, stored: stored[variant], profiled });
        (loads[`${variant} ${profiled}`] ??= []).push(load);
        process.stderr.write(`\r${run + 1}/${runs} runs`);
      }
  process.stderr.write('\n');
} finally {
  await browser.close();
  await server.close();
}

const of = (variant, profiled, key) => median(loads[`${variant} ${profiled}`].map((l) => l[key]));
console.log(`${options.visit} visit, ${options.condition}: medians of ${runs} loads, ms (library: minus the page without library)\n`);
console.log('| | profiler | ScriptDuration | library | V8CompileDuration | library |\n| --- | --- | ---: | ---: | ---: | ---: |');
for (const profiled of PROFILED)
  for (const variant of VARIANTS) {
    const cells = ['script', 'compile'].flatMap((key) => {
      const value = of(variant, profiled, key);
      return [value.toFixed(1), variant === 'baseline' ? '' : (value - of('baseline', profiled, key)).toFixed(1)];
    });
    console.log(`| ${variant} | ${profiled ? 'on' : 'off'} | ${cells.join(' | ')} |`);
  }

const rounded = (variant, key) => of(variant, false, key)?.toFixed(0) ?? '';
console.log('\n| without the profiler, ms and bytes | first contentful paint | banner on screen | library bytes |\n| --- | ---: | ---: | ---: |');
for (const variant of VARIANTS) console.log(`| ${variant} | ${['fcp', 'banner', 'bytes'].map((key) => rounded(variant, key)).join(' | ')} |`);
