/**
 * Script and compile time without the sampling profiler: the bench's script time comes from a
 * sampling profile (measure.mjs), and a profiler makes V8 keep source positions, which costs a
 * library whose functions compile lazily more than one compiled whole from the start or from a
 * code cache. This loads the article as `--visit` under `--condition`, `--runs` times, the page
 * without library, vanilla-cookieconsent and Témoin (today's dist/) interleaved, each with and
 * without the profiler on, and prints the medians of Blink's own sums over the load (CDP's
 * ScriptDuration and V8CompileDuration), and each library's minus the page without library's.
 * `--beside DIR`: another build of Témoin (a copy of `dist/` from before a change) loaded as well,
 * interleaved with the others, as "temoin-beside".
 * `npm run build && node bench/unprofiled.mjs [--visit returning-hot|returning-warm|returning-cold|first]
 * [--condition mobile|loopback|loopback-1x] [--runs 5] [--beside DIR]`.
 */
import { launch } from '../test/browser/harness.mjs';
import { CONDITIONS } from './conditions.mjs';
import { decisionStorage, installProbe, measuredTab, openContext, visitOptions } from './measure.mjs';
import { pagePath } from './page.mjs';
import { median } from './report.mjs';
import { startServer } from './server.mjs';

const options = visitOptions('bench/unprofiled.mjs', { visit: 'returning-hot', condition: 'mobile', runs: 5 }, { beside: 'DIR' });
const { runs } = options;

const VARIANTS = ['baseline', 'vanilla', 'temoin', ...(options.beside ? ['temoin-beside'] : [])];
const { windowMs } = CONDITIONS[options.condition];

/** One load of `variant`'s article: Blink's script and compile durations over it, in ms. */
async function load(browser, server, variant, stored, profiled) {
  const { context, close } = await openContext(browser, server, variant, options.visit, stored);
  try {
    const banner = options.visit === 'first' ? server.libraries[variant].banner : null;
    await installProbe(context, { banner, untilMs: windowMs });
    const { page, cdp, metrics } = await measuredTab(context, server, options.condition);
    if (profiled) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const before = await metrics();
    await page.goto(server.origin + pagePath('article', variant), { timeout: windowMs + 15000 });
    await page.evaluate(() => window.__bench.settled());
    const after = await metrics();
    if (profiled) await cdp.send('Profiler.stop');
    const spent = (key) => (after[key] - before[key]) * 1000;
    return { script: spent('ScriptDuration'), compile: spent('V8CompileDuration') };
  } finally {
    await close();
  }
}

const browser = await launch();
const server = await startServer({ variants: VARIANTS, pages: ['article'], builds: options.beside ? { beside: options.beside } : {} });
const loads = {};
try {
  const stored = {};
  for (const variant of VARIANTS) stored[variant] = await decisionStorage(browser, server, variant);
  for (let run = 0; run < runs; run++)
    for (const profiled of [false, true])
      for (const variant of VARIANTS) {
        (loads[`${variant} ${profiled}`] ??= []).push(await load(browser, server, variant, stored[variant], profiled));
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
for (const profiled of [false, true])
  for (const variant of VARIANTS) {
    const cells = ['script', 'compile'].flatMap((key) => {
      const value = of(variant, profiled, key);
      return [value.toFixed(1), variant === 'baseline' ? '' : (value - of('baseline', profiled, key)).toFixed(1)];
    });
    console.log(`| ${variant} | ${profiled ? 'on' : 'off'} | ${cells.join(' | ')} |`);
  }
