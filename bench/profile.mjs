/**
 * Where Témoin's script time goes on one kind of visit: today's code, built in a temporary folder
 * with source maps (schemes.mjs), loaded `--runs` times interleaved with the page without library
 * and with vanilla-cookieconsent (measure.mjs), each profile's samples mapped back to the
 * TypeScript sources. Prints, as medians over the runs:
 * - each cost (COSTS): the samples taken in the cost's sources; native work (DOM, style, a
 *   stylesheet's parsing) counts for the Témoin function that called it;
 * - the statements with the most self time, with their source line;
 * - compilation on the main thread (CDP's V8CompileDuration, minus the page without library's).
 * The build keeps statements apart, one a line, so that the profiler's line ticks (it records
 * lines, not columns) tell them apart; native work is placed at the start of the calling function.
 * `npm run bench:profile -- [--visit returning-warm|returning-hot|returning-cold|first]
 * [--condition loopback|mobile|loopback-1x] [--runs 7]`.
 */
import { SourceMap } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../test/browser/harness.mjs';
import { CONDITIONS } from './conditions.mjs';
import { libraryPath } from './libraries.mjs';
import { decisionStorage, measureLoad, retrying, visitOptions } from './measure.mjs';
import { median } from './report.mjs';
import { buildCopy } from './schemes.mjs';
import { startServer } from './server.mjs';

const options = visitOptions('bench/profile.mjs', { visit: 'returning-warm', condition: 'loopback', runs: 7 });
const { runs } = options;

/**
 * What a page view of Témoin spends its time on, by the sources that do it: [cost, source file,
 * top-level declaration of that file (optional)]. A sample counts for the first cost whose sources
 * hold the statement it was taken in; `TOP_LEVEL` takes the rest of the core's own code.
 */
const COSTS = [
  ['waiting for the parser to be past the inline configuration and tagged elements (parsed.ts)', /src\/core\/parsed\.ts$/],
  ['cookie and localStorage reading, record decoding (repository, record codec)', /src\/core\/(repository|record-codec|record)\.ts$|js-cookie/],
  ['configuration checks, defaults, configurations found valid before', /src\/core\/(validate|defaults|checked)\.ts$/],
  ['consent state and regions', /src\/core\/(consent|regions)\.ts$/],
  ['Consent Mode default', /src\/core\/consent-mode\.ts$/],
  ['reopen button (shadow root, constructed stylesheet, label)', /src\/ui\/(reopen-button|shadow-host)\.ts$|temoin:labels/],
  ['blocker (tagged elements: scan, release)', /src\/core\/blocker\.ts$/],
  ['tab sync (storage event)', /src\/core\/tab-sync\.ts$/],
  ['events (emitter, CustomEvent)', /src\/core\/emitter\.ts$/],
  ['UI on demand, part loading', /src\/ui\/on-demand\.ts$|src\/browser\.ts$/, /^loadPart$|^loadUiOnDemand$/],
  ['controller (start, state, language, log, scheduling)', /src\/core\/(controller|language|log|singleton|schedule)\.ts$/],
  ['proof of consent and clean-up', /src\/core\/(proof|cleanup)\.ts$/],
  ['UI and texts parts', /src\/ui\/|locales\//],
];
const TOP_LEVEL = 'the core\'s top level and what no cost above names';

/** The name of the top-level declaration (function, const…) that holds line `line` (0-based) of `text`. */
function declarationAt(text, line) {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const name = /^(?:export )?(?:async )?(?:function\*? |const |let |class )(\w+)/.exec(lines[i])?.[1];
    if (name) return name;
    if (/^\S/.test(lines[i]) && i < line && !/^[})\]]/.test(lines[i])) return '(top level)';
  }
  return '(top level)';
}

/**
 * Maps a position in one of the library's files (1-based line, 0-based column, as CDP gives them)
 * to its TypeScript source: file, 1-based line, the line's text and its top-level declaration.
 */
function sourceMapper(dir, prefix) {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      let map = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${join(dir, url.slice(prefix.length))}.map`, 'utf8')));
      } catch {
        // A file without a map: its frames keep their generated names.
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  const cache = new Map();
  return (url, line, column) => {
    const key = `${url}:${line}:${column}`;
    if (!cache.has(key)) {
      const map = mapOf(url);
      const entry = map?.findEntry(line - 1, column);
      if (!entry?.originalSource) cache.set(key, { source: url.split('/').pop(), line, text: '', declaration: '(unmapped)' });
      else {
        const { sources, sourcesContent } = map.payload;
        const content = sourcesContent?.[sources.indexOf(entry.originalSource)] ?? '';
        cache.set(key, {
          source: entry.originalSource.replace(/^(\.\.\/)+/, ''),
          line: entry.originalLine + 1,
          text: (content.split('\n')[entry.originalLine] ?? '').trim().slice(0, 70),
          declaration: declarationAt(content, entry.originalLine),
        });
      }
    }
    return cache.get(key);
  };
}

const costOf = (place) =>
  COSTS.find(([, source, declaration]) => source.test(place.source) && (!declaration || declaration.test(place.declaration)))?.[0] ?? TOP_LEVEL;

/**
 * One profile's library time (ms), by cost and by source statement. A library frame's own samples
 * are spread over the lines of its line ticks (the build puts one statement a line); a sample in
 * native code (DOM, style, GC) counts for the library function that called it, at its start.
 */
function breakdown(profile, prefix, mapPosition) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const inLibrary = (id) => nodes.get(id).callFrame.url.startsWith(prefix);
  const caller = new Map();
  /** The innermost library node on the stack of `id`, or null. */
  const libraryNode = (id) => {
    if (!caller.has(id)) caller.set(id, inLibrary(id) ? id : parents.has(id) ? libraryNode(parents.get(id)) : null);
    return caller.get(id);
  };
  const selfMs = new Map();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const costs = {};
  const statements = {};
  const add = (place, ms, label) => {
    const cost = costOf(place);
    costs[cost] = (costs[cost] ?? 0) + ms;
    statements[label] = (statements[label] ?? 0) + ms;
  };
  for (const [id, ms] of selfMs) {
    const owner = libraryNode(id);
    if (owner === null) continue;
    const { callFrame, positionTicks } = nodes.get(owner);
    const start = mapPosition(callFrame.url, callFrame.lineNumber + 1, callFrame.columnNumber);
    if (owner !== id) {
      add(start, ms, `(native) ${nodes.get(id).callFrame.functionName || '(program)'} ← ${start.source}:${start.line}`);
      continue;
    }
    const ticks = positionTicks?.length ? positionTicks : [{ line: callFrame.lineNumber + 1, ticks: 1 }];
    const all = ticks.reduce((n, t) => n + t.ticks, 0);
    for (const { line, ticks: n } of ticks) {
      const place = line === callFrame.lineNumber + 1 ? start : mapPosition(callFrame.url, line, 0);
      add(place, (ms * n) / all, `${place.source}:${place.line}  ${place.text}`);
    }
  }
  return { costs, statements };
}

const build = buildCopy({ sourcemap: 'hidden', statementLines: true });
const dist = join(build, 'dist');
const variants = ['baseline', 'vanilla', 'temoin-today'];
const browser = await launch();
const server = await startServer({ variants, pages: ['article'], builds: { today: dist } });
const loads = [];
try {
  const stored = {};
  for (const variant of variants) stored[variant] = await decisionStorage(browser, server, variant);
  for (let run = 0; run < runs; run++)
    for (const variant of variants) {
      loads.push(await retrying((o) => measureLoad(browser, server, o), { variant, condition: options.condition, visit: options.visit, stored: stored[variant], profiled: true }));
      process.stderr.write(`\r${loads.length}/${runs * variants.length} loads`);
    }
  process.stderr.write('\n');
} finally {
  await browser.close();
  await server.close();
}

const prefix = server.origin + libraryPath('temoin-today');
const mapPosition = sourceMapper(dist, prefix);
const of = (variant) => loads.filter((l) => l.variant === variant);
const parts = of('temoin-today').map((l) => breakdown(l.profile, prefix, mapPosition));
rmSync(build, { recursive: true, force: true });

const medianOf = (key, pick) => median(parts.map((p) => p[key][pick] ?? 0));
const fixed = (x) => (x === null ? '—' : x.toFixed(1));
const { cpu } = CONDITIONS[options.condition];
console.log(`Témoin today, ${options.visit} visit, ${options.condition} (CPU ${cpu}× slower): medians of ${runs} loads, ms\n`);
console.log('| cost | ms |\n| --- | ---: |');
for (const cost of [...COSTS.map(([name]) => name), TOP_LEVEL]) console.log(`| ${cost} | ${fixed(medianOf('costs', cost))} |`);
const total = (variant) => median(of(variant).map((l) => l.libraryScript));
console.log(`| **script time (all samples with Témoin on the stack)** | **${fixed(total('temoin-today'))}** |`);
const compile = (variant) => median(of(variant).map((l) => l.compile)) - median(of('baseline').map((l) => l.compile));
console.log(`| main-thread compilation (V8CompileDuration, minus no library; partly inside the above) | ${fixed(compile('temoin-today'))} |`);
console.log(`\nvanilla-cookieconsent on the same visits: script time ${fixed(total('vanilla'))} ms, compilation ${fixed(compile('vanilla'))} ms.`);

const keys = [...new Set(parts.flatMap((p) => Object.keys(p.statements)))];
const ranked = keys.map((key) => [key, medianOf('statements', key)]).sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log('\nSelf time by statement (median ms; native work shown with the start of the Témoin function that called it):');
for (const [key, ms] of ranked) console.log(`${fixed(ms).padStart(7)}  ${key}`);
