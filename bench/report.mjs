/**
 * Turns the benchmark's loads into medians and prints them as markdown: first the targets' table
 * (issue 17), every figure for Témoin beside vanilla-cookieconsent, the hand-written minimum and
 * Orejime, then the figures behind it (per condition of the article; the 3,500-element page; the
 * single-page app) and, when measured, Témoin's part schemes side by side.
 */
import { CASE_CONDITIONS, CONDITIONS } from './conditions.mjs';
import { variantName } from './libraries.mjs';

/** The condition of the targets' figures (the phone profile), and that of the main-thread time added. */
const PHONE = 'mobile';
const ONE_X = 'loopback-1x';
/**
 * Less script time than this, added by a reference, is not told from none (two loads of the same
 * page differ by more): a reference under it is taken as this, and the ratio is a lower bound.
 */
const FLOOR_MS = 0.2;

export const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const stats = (xs) => {
  const known = xs.filter((x) => x !== null && x !== undefined);
  return known.length ? { median: median(known), min: Math.min(...known), max: Math.max(...known), n: known.length } : null;
};

const ARTICLE_FIGURES = ['fcp', 'banner', 'cls', 'script', 'task', 'thread', 'compile', 'bytes', 'fetched', 'revalidated', 'nextFrame'];
const MANY_FIGURES = ['released', 'allReleased', 'longestTask', 'tasksOver50', 'libraryLongestTask', 'libraryTasksOver50', 'nextFrame'];
const SPA_FIGURES = ['libraryScript', 'appScript'];

/** Medians (with ranges) of `figures` over `loads` of one variant. */
function statsOf(loads, figures) {
  const out = { runs: loads.length };
  for (const key of figures) out[key] = stats(loads.map((l) => l[key]));
  return out;
}

const groupBy = (loads, keyOf) => {
  const groups = {};
  for (const load of loads) (groups[keyOf(load)] ??= []).push(load);
  return groups;
};

/**
 * Medians (with ranges) of every figure: `article[condition][visit][variant]`, `many[variant]`,
 * `spa[variant]`.
 */
export function summarise(loads) {
  const summary = { article: {}, many: {}, spa: {} };
  const article = loads.filter((l) => l.case === 'article');
  // The script and main-thread time a library adds, per run: minus the page without library's in
  // the same run (its loads are interleaved with the library's), so that the machine's drift
  // between runs cancels.
  const sameRun = (l) => `${l.condition}\n${l.visit}\n${l.run}`;
  const without = new Map(article.filter((l) => l.variant === 'baseline').map((l) => [sameRun(l), l]));
  const added = (key) => (l) => (without.has(sameRun(l)) ? l[key] - without.get(sameRun(l))[key] : null);
  for (const [key, ls] of Object.entries(groupBy(article, (l) => `${l.condition}\n${l.visit}\n${l.variant}`))) {
    const [condition, visit, variant] = key.split('\n');
    ((summary.article[condition] ??= {})[visit] ??= {})[variant] = {
      ...statsOf(ls, ARTICLE_FIGURES),
      scriptAdded: stats(ls.map(added('script'))),
      threadAdded: stats(ls.map(added('thread'))),
      // Interactions under Event Timing's 16 ms floor count as 0 in the median ("< 16").
      inp: ls.some((l) => l.nextFrame !== null) ? stats(ls.filter((l) => l.nextFrame !== null).map((l) => l.inp ?? 0)) : null,
      files: ls.at(-1).files,
    };
  }
  for (const [variant, ls] of Object.entries(groupBy(loads.filter((l) => l.case === 'many'), (l) => l.variant)))
    summary.many[variant] = {
      ...statsOf(ls, MANY_FIGURES),
      expected: ls[0].expected,
      allReleasedLoads: ls.filter((l) => l.allReleased !== null).length,
      inOrder: ls.every((l) => l.inOrder),
      inp: stats(ls.map((l) => l.inp ?? 0)),
    };
  for (const [variant, ls] of Object.entries(groupBy(loads.filter((l) => l.case === 'spa'), (l) => l.variant)))
    summary.spa[variant] = statsOf(ls, SPA_FIGURES);
  return summary;
}

const ms = (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '—');
const inpMs = (s) => (!s ? '—' : s.median < 16 ? `< 16 (max ${s.max < 16 ? '< 16' : s.max.toFixed(0)})` : ms(s));
const kib = (bytes) => (bytes === null || bytes === undefined ? '—' : `${(bytes / 1024).toFixed(1)} KiB`);
const requests = (s) => (s ? `${s.fetched?.median ?? 0} fetched, ${s.revalidated?.median ?? 0} × 304` : '—');
const fixed = (x, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const row = (cells) => `| ${cells.join(' | ')} |`;
const ratio = (a, b) => (a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b);

/**
 * The targets of issue 17: [figure, how each variant's value is read from the summary, target
 * (text), test of Témoin's value, how a value prints]. A value is null when it was not measured.
 */
function targetRows(summary, variants) {
  const article = (condition, visit, variant) => summary.article[condition]?.[visit]?.[variant];
  const phone = (visit, variant, key) => article(PHONE, visit, variant)?.[key]?.median ?? null;
  const scriptPer = (visit, variant, reference) => {
    const own = phone(visit, variant, 'scriptAdded');
    const ref = phone(visit, reference, 'scriptAdded');
    if (own === null || ref === null) return null;
    if (variant === reference) return 1;
    return ref < FLOOR_MS ? { x: own / FLOOR_MS, atLeast: true } : own / ref;
  };
  const threadAdded = (variant) => article(ONE_X, 'first', variant)?.threadAdded?.median ?? null;
  const orejimeAdded = threadAdded('orejime');
  const many = (variant) => summary.many[variant];
  const allReleased = (variant) => {
    const s = many(variant);
    if (!s) return null;
    return s.allReleasedLoads === s.runs ? s.allReleased.median : Infinity;
  };
  const printAllReleased = (variant, value) => {
    if (value !== Infinity) return fixed(value, 0);
    const s = many(variant);
    return `not all in ${s.runs - s.allReleasedLoads} of ${s.runs} loads (median ${s.released.median} of ${s.expected})`;
  };
  const spa = (variant) => ratio(summary.spa[variant]?.libraryScript?.median, summary.spa[variant]?.appScript?.median);
  const inp = (variant) => article(PHONE, 'first', variant)?.inp?.median ?? null;
  const scriptRows = [
    ['returning visit, HTTP + code cache', 'returning-hot', 0.8, null],
    ['returning visit, warm HTTP cache', 'returning-warm', 0.8, 1.25],
    ['returning visit, cold cache', 'returning-cold', 1.0, null],
    ['first visit', 'first', 1.0, 1.3],
  ].flatMap(([label, visit, perVanilla, perMinimum]) => [
    [`${label}: script time ÷ vanilla's`, (v) => scriptPer(visit, v, 'vanilla'), `≤ ${perVanilla}`, (x) => x <= perVanilla],
    [`${label}: script time ÷ the minimum's`, (v) => scriptPer(visit, v, 'minimum'), perMinimum ? `≤ ${perMinimum}` : '', perMinimum ? (x) => x <= perMinimum : null],
  ]);
  return [
    ["the page's FCP with the library ÷ without (phone)", (v) => ratio(phone('first', v, 'fcp'), phone('first', 'baseline', 'fcp')), '≤ 1.05', (x) => x <= 1.05],
    ...scriptRows,
    ['banner on screen ÷ FCP of the page without library', (v) => ratio(phone('first', v, 'banner'), phone('first', 'baseline', 'fcp')), '≤ 1.25', (x) => x <= 1.25],
    [
      'main-thread task time added, first visit, 1× CPU (CPU ms)',
      threadAdded,
      `≤ Orejime's${orejimeAdded === null ? ' (not measured)' : ''}`,
      orejimeAdded === null ? null : (x) => x <= orejimeAdded,
      (x) => fixed(x, 1),
    ],
    ['Accept all INP, Event Timing (ms)', inp, '≤ 50', (x) => x <= 50, (x) => (x < 16 ? '< 16' : fixed(x, 0))],
    ['Accept all with 3,500 tagged elements: longest task (ms)', (v) => many(v)?.longestTask?.median ?? null, '≤ 50', (x) => x <= 50, (x) => fixed(x, 0)],
    ["Accept all with 3,500 tagged elements: longest task that ran the library's code (ms)", (v) => many(v)?.libraryLongestTask?.median ?? null, '', null, (x) => fixed(x, 0)],
    ['Accept all with 3,500 tagged elements: all released (ms)', allReleased, '≤ 2000', (x) => x <= 2000, null, printAllReleased],
    ["1,000 nodes added after the decision: library's script time ÷ the page's own", spa, '≤ 0.10', (x) => x <= 0.1],
    ['bytes, first visit (brotli)', (v) => phone('first', v, 'bytes'), '≤ 10 KiB', (x) => x <= 10 * 1024, kib],
    ['bytes, returning visit, cold cache (the returning-visit core)', (v) => phone('returning-cold', v, 'bytes'), '≤ 7 KiB', (x) => x <= 7 * 1024, kib],
    ['bytes, returning visit, warm cache', (v) => phone('returning-warm', v, 'bytes'), '', null, kib],
  ].map(([figure, value, target, meets, print = fixed, printFor]) => {
    // A value is a number, or { x, atLeast } for a lower bound.
    const read = (v) => {
      const r = value(v);
      const { x, atLeast } = r !== null && typeof r === 'object' ? r : { x: r, atLeast: false };
      return x === null || x === undefined || Number.isNaN(x) ? null : { x, atLeast };
    };
    const cells = variants.map((v) => {
      const r = read(v);
      if (!r) return '—';
      return `${r.atLeast ? '≥ ' : ''}${printFor ? printFor(v, r.x) : print(r.x)}`;
    });
    const temoin = read('temoin');
    // A lower bound settles "missed" only.
    const verdict = !meets || !temoin ? '' : !meets(temoin.x) ? '**missed**' : temoin.atLeast ? '' : 'met';
    return row([figure, ...cells, target, verdict]);
  });
}

/** The targets' table: Témoin, vanilla, the minimum and (when measured) Orejime. */
function targetsTable(summary) {
  const measured = new Set([
    ...Object.values(summary.article).flatMap((visits) => Object.values(visits).flatMap(Object.keys)),
    ...Object.keys(summary.many),
    ...Object.keys(summary.spa),
  ]);
  const variants = ['temoin', 'vanilla', 'minimum', 'orejime'].filter((v) => v !== 'orejime' || measured.has(v));
  const names = { temoin: 'Témoin', vanilla: 'vanilla', minimum: 'minimum', orejime: 'Orejime' };
  return [row(['figure', ...variants.map((v) => names[v]), 'target', 'met']), row(['---', ...variants.map(() => '---:'), '---', '---']), ...targetRows(summary, variants)].join('\n');
}

/** The figures of one condition of the article, for every variant measured. */
function articleTable(visits, condition) {
  const variants = [...new Set(Object.values(visits).flatMap(Object.keys))];
  const v = (visit, variant) => visits[visit]?.[variant];
  const baseFcp = v('first', 'baseline')?.fcp?.median;
  const lines = [row(['', ...variants.map(variantName)]), row(['---', ...variants.map(() => '---:')])];
  const add = (label, cell) => lines.push(row([label, ...variants.map(cell)]));
  const library = (x, text) => (x === 'baseline' ? '—' : text);
  add('FCP, first visit (ms)', (x) => ms(v('first', x)?.fcp));
  add('banner on screen (ms)', (x) => library(x, ms(v('first', x)?.banner)));
  add('banner ÷ FCP of the page without library', (x) => library(x, fixed(ratio(v('first', x)?.banner?.median, baseFcp))));
  for (const [visit, label] of [['first', 'first visit'], ['returning-cold', 'returning, cold'], ['returning-warm', 'returning, warm'], ['returning-hot', 'returning, hot']])
    if (visits[visit]) add(`script time added, ${label} (ms, per run)`, (x) => library(x, ms(v(visit, x)?.scriptAdded)));
  // Under CPU throttling the thread's CPU time counts the throttling too: it is read at 1× only.
  if (CONDITIONS[condition].cpu === 1) {
    add('main-thread CPU time, first visit (ms)', (x) => ms(v('first', x)?.thread));
    add('main-thread CPU time added, first visit (ms, per run)', (x) => library(x, ms(v('first', x)?.threadAdded)));
  }
  add('main-thread task durations, first visit (ms)', (x) => ms(v('first', x)?.task));
  if (CONDITIONS[condition].cpu >= 4) {
    add('Accept all: INP, Event Timing (ms)', (x) => library(x, inpMs(v('first', x)?.inp)));
    add('Accept all: input to next frame (ms)', (x) => library(x, ms(v('first', x)?.nextFrame)));
  }
  for (const [visit, label] of [['first', 'first visit'], ['returning-cold', 'returning, cold'], ['returning-warm', 'returning, warm']]) {
    if (!visits[visit]) continue;
    add(`library bytes, ${label} (brotli)`, (x) => library(x, kib(v(visit, x)?.bytes?.median)));
    add(`library requests, ${label}`, (x) => library(x, requests(v(visit, x))));
  }
  if (visits['returning-warm']) add('FCP, returning, warm (ms)', (x) => ms(v('returning-warm', x)?.fcp));
  add('CLS, first visit (max)', (x) => fixed(v('first', x)?.cls?.max, 3));
  return lines.join('\n');
}

/** Accept all on the 3,500-element page, per variant. */
function manyTable(many) {
  const variants = Object.keys(many);
  const lines = [row(['', ...variants.map(variantName)]), row(['---', ...variants.map(() => '---:')])];
  const add = (label, cell) => lines.push(row([label, ...variants.map((x) => cell(many[x]))]));
  add('elements it can release (of 3,500)', (s) => String(s.expected));
  add('released (median)', (s) => String(s.released?.median ?? '—'));
  add('loads where all were released', (s) => `${s.allReleasedLoads} of ${s.runs}`);
  add('all released, from the pointerdown (ms)', (s) => ms(s.allReleased));
  add('longest main-thread task from the click (ms)', (s) => ms(s.longestTask));
  add('tasks over 50 ms', (s) => ms(s.tasksOver50));
  add("longest task that ran the library's code (ms)", (s) => ms(s.libraryLongestTask));
  add("the library's tasks over 50 ms", (s) => ms(s.libraryTasksOver50));
  add('Accept all: INP, Event Timing (ms)', (s) => inpMs(s.inp));
  add('Accept all: input to next frame (ms)', (s) => ms(s.nextFrame));
  add('inline scripts ran in document order', (s) => (s.inOrder ? 'yes' : '**no**'));
  return lines.join('\n');
}

/** The single-page app's 1,000 elements, per variant. */
function spaTable(spa) {
  const variants = Object.keys(spa);
  const lines = [row(['', ...variants.map(variantName)]), row(['---', ...variants.map(() => '---:')])];
  const add = (label, cell) => lines.push(row([label, ...variants.map((x) => cell(spa[x], x))]));
  add("library's script time (ms)", (s, x) => (x === 'baseline' ? '—' : ms(s.libraryScript)));
  add("the page's own script time (ms)", (s) => ms(s.appScript));
  add("library ÷ the page's own", (s, x) => (x === 'baseline' ? '—' : fixed(ratio(s.libraryScript?.median, s.appScript?.median))));
  return lines.join('\n');
}

/** Témoin's part schemes side by side under one condition. */
function schemesTable(visits, schemes) {
  const columns = ['temoin', ...schemes];
  const v = (visit, variant) => visits[visit]?.[variant];
  const baseFcp = v('first', 'baseline')?.fcp?.median;
  const lines = [row(['', ...columns.map(variantName)]), row(['---', ...columns.map(() => '---:')])];
  const add = (label, cell) => lines.push(row([label, ...columns.map(cell)]));
  add('banner on screen, first visit (ms)', (x) => ms(v('first', x)?.banner));
  add('banner ÷ FCP without library', (x) => fixed(ratio(v('first', x)?.banner?.median, baseFcp)));
  for (const [visit, label] of [['first', 'first visit'], ['returning-cold', 'returning, cold'], ['returning-warm', 'returning, warm'], ['returning-hot', 'returning, hot']])
    if (visits[visit]) add(`script time added, ${label} (ms, per run)`, (x) => ms(v(visit, x)?.scriptAdded));
  add('bytes first visit (brotli)', (x) => kib(v('first', x)?.bytes?.median));
  if (visits['returning-cold']) add('bytes returning, cold cache', (x) => kib(v('returning-cold', x)?.bytes?.median));
  add('requests, first visit', (x) => requests(v('first', x)));
  return lines.join('\n');
}

function describe(condition) {
  const { cpu, network } = CONDITIONS[condition];
  const net = network
    ? `${network.latency} ms round trip, ${((network.downloadThroughput * 8) / 1024).toFixed(1)} kbit/s down, ${((network.uploadThroughput * 8) / 1024).toFixed(0)} kbit/s up`
    : 'loopback network';
  return `${net}, ${cpu === 1 ? 'CPU not throttled' : `CPU ${cpu}× slower`}`;
}

/** The whole report, as markdown. `schemes`: the variants of Témoin's other part schemes measured. */
export function markdown(summary, { runs, schemes, chromium, date, load, retried, minutes }) {
  const loads = (l) => l.map((x) => x.toFixed(1)).join(' ');
  const out = [
    `Benchmark of ${date}, Chromium ${chromium}, medians of ${runs} interleaved loads per case (min–max), ${minutes.toFixed(0)} min. ` +
      `Machine load average (1, 5, 15 min): ${loads(load.before)} before, ${load.after ? loads(load.after) : '?'} after; ` +
      `${retried} loads measured again after a page too slow for its window.`,
    `\n### Targets (issue 17): ${PHONE} (${describe(PHONE)}) unless said\n`,
    targetsTable(summary),
    `
Ratios are of medians. script time: the script time the library adds to the page (Blink's ScriptDuration over
the load, no profiler running, with the library minus without in the same run): its scripts' compilation and
run, promise callbacks, timers and the DOM and style work they do synchronously. Task time added: the page's
main-thread CPU time over the load (${ONE_X}: ${describe(ONE_X)}), with the library minus without in the same
run. "≥": the reference added under ${FLOOR_MS} ms of script, taken as ${FLOOR_MS}.
INP: the longest Event Timing entry of the Accept all click (nothing under 16 ms is reported). 3,500 tagged
elements: ${CASE_CONDITIONS.many} (${describe(CASE_CONDITIONS.many)}); longest task from the trace's main-thread
tasks after the click; all released: from the pointerdown to the last release (an inline script run, a script, pixel or
frame made live); vanilla-cookieconsent cannot release that page (scripts only, loaded one at a time), Orejime's
markup is another. 1,000 nodes: ${CASE_CONDITIONS.spa}, a returning visit after Reject all. bytes: response bodies
as sent, brotli, plus code the tag carries inline; a 304 has none. met: Témoin's value. "—": not measured.`,
  ];
  for (const [condition, visits] of Object.entries(summary.article)) {
    out.push(`\n### Article, ${condition}: ${describe(condition)}\n`, articleTable(visits, condition));
    if (schemes.length) out.push(`\nPart schemes of Témoin, ${condition}:\n`, schemesTable(visits, schemes));
  }
  if (Object.keys(summary.many).length) out.push(`\n### Accept all on 3,500 tagged elements, ${CASE_CONDITIONS.many}: ${describe(CASE_CONDITIONS.many)}\n`, manyTable(summary.many));
  if (Object.keys(summary.spa).length) out.push(`\n### A single-page app adds 1,000 elements (100 refused) after Reject all, ${CASE_CONDITIONS.spa}: ${describe(CASE_CONDITIONS.spa)}\n`, spaTable(summary.spa));
  const files = Object.values(summary.article)[0]?.first ?? {};
  const listed = Object.entries(files).filter(([, s]) => s.files.length);
  if (listed.length) {
    out.push('\nFiles of a first visit (encoding, wire bytes):');
    for (const [variant, s] of listed) out.push(`- ${variantName(variant)}: ${s.files.map((f) => `${f.path.split('/').pop()} (${f.encoding} ${f.bytes} B)`).join(', ')}`);
  }
  return out.join('\n');
}
