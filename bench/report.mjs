/**
 * Turns the benchmark's loads into medians and prints them as markdown: per condition, Témoin
 * against no library and vanilla-cookieconsent with the targets, then Témoin's part schemes side
 * by side.
 */
import { CONDITIONS } from './conditions.mjs';

/** The targets of issue 10, section 3. */
export const TARGETS = {
  bannerPerFcp: 1.1,
  scriptFirstPerVanilla: 0.5,
  scriptReturningPerVanilla: 0.25,
  inpMs: 50,
  firstVisitBytes: 10 * 1024,
};

export const NAMES = { baseline: 'no library', temoin: 'Témoin', vanilla: 'vanilla-cookieconsent' };
export const variantName = (variant) => NAMES[variant] ?? `Témoin, scheme ${variant.slice('temoin-'.length)}`;

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

/** Medians (with ranges) of every figure, by condition, visit and variant. */
export function summarise(loads) {
  const summary = {};
  for (const load of loads) {
    const { condition, visit, variant } = load;
    ((summary[condition] ??= {})[visit] ??= {})[variant] ??= [];
    summary[condition][visit][variant].push(load);
  }
  for (const visits of Object.values(summary))
    for (const variants of Object.values(visits))
      for (const [variant, ls] of Object.entries(variants)) {
        const of = (key) => stats(ls.map((l) => l[key]));
        variants[variant] = {
          runs: ls.length,
          fcp: of('fcp'), banner: of('banner'), cls: of('cls'),
          libraryScript: of('libraryScript'), script: of('script'), task: of('task'), compile: of('compile'),
          bytes: of('bytes'), fetched: of('fetched'), revalidated: of('revalidated'),
          // Interactions under Event Timing's 16 ms floor count as 0 in the median ("< 16").
          inp: ls.some((l) => l.nextFrame !== null) ? stats(ls.filter((l) => l.nextFrame !== null).map((l) => l.inp ?? 0)) : null,
          nextFrame: of('nextFrame'),
          files: ls.at(-1).files,
        };
      }
  return summary;
}

const ms = (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '—');
const inpMs = (s) => (!s ? '—' : s.median < 16 ? `< 16 (max ${s.max < 16 ? '< 16' : s.max.toFixed(0)})` : ms(s));
const kib = (s) => (s ? `${(s.median / 1024).toFixed(1)} KiB` : '—');
const requests = (s) => (s ? `${s.fetched?.median ?? 0} fetched, ${s.revalidated?.median ?? 0} × 304` : '—');
const fixed = (x, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const verdict = (value, limit) => (value === null || value === undefined ? '' : value <= limit ? 'met' : '**missed**');
const row = (cells) => `| ${cells.join(' | ')} |`;

/** The main table of one condition: the three libraries, the ratios and the targets. */
function mainTable(condition, visits) {
  const v = (visit, variant) => visits[visit]?.[variant];
  const ratio = (visit, key) => {
    const t = v(visit, 'temoin')?.[key]?.median;
    const w = v(visit, 'vanilla')?.[key]?.median;
    return t === undefined || !w ? null : t / w;
  };
  const baseFcp = v('first', 'baseline')?.fcp?.median;
  const bannerPerFcp = (variant) => (v('first', variant)?.banner ? v('first', variant).banner.median / baseFcp : null);
  const cpu = CONDITIONS[condition].cpu;
  const lines = [
    row(['', 'no library', 'Témoin', 'vanilla', 'Témoin ÷ vanilla', 'target']),
    row(['---', '---:', '---:', '---:', '---:', '---']),
  ];
  const add = (label, cell, r = '', target = '') => lines.push(row([label, cell('baseline'), cell('temoin'), cell('vanilla'), r, target]));
  add('FCP, first visit (ms)', (x) => ms(v('first', x)?.fcp));
  add('banner on screen (ms)', (x) => ms(v('first', x)?.banner), fixed(ratio('first', 'banner')));
  const bpf = bannerPerFcp('temoin');
  add('banner ÷ FCP of the page without library', (x) => fixed(bannerPerFcp(x)), '', `≤ ${TARGETS.bannerPerFcp}: ${verdict(bpf, TARGETS.bannerPerFcp)}`);
  for (const [visit, label, limit] of [
    ['first', 'first visit', TARGETS.scriptFirstPerVanilla],
    ['returning-warm', 'returning, warm', TARGETS.scriptReturningPerVanilla],
    ['returning-hot', 'returning, hot', TARGETS.scriptReturningPerVanilla],
    ['returning-cold', 'returning, cold', TARGETS.scriptReturningPerVanilla],
  ]) {
    if (!visits[visit]) continue;
    const r = ratio(visit, 'libraryScript');
    add(`script time, ${label} (ms)`, (x) => ms(v(visit, x)?.libraryScript), fixed(r), `≤ ${limit}: ${verdict(r, limit)}`);
  }
  if (cpu >= 4) {
    const inp = v('first', 'temoin')?.inp?.median;
    add('Accept all: INP, Event Timing (ms)', (x) => inpMs(v('first', x)?.inp), '', `≤ ${TARGETS.inpMs}: ${verdict(inp, TARGETS.inpMs)}`);
    add('Accept all: input to next frame (ms)', (x) => ms(v('first', x)?.nextFrame));
  }
  const firstBytes = v('first', 'temoin')?.bytes?.median;
  for (const [visit, label] of [['first', 'first visit'], ['returning-cold', 'returning, cold'], ['returning-warm', 'returning, warm']]) {
    if (!visits[visit]) continue;
    const target = visit === 'first' ? `≤ 10 KiB: ${verdict(firstBytes, TARGETS.firstVisitBytes)}` : '';
    add(`library bytes, ${label} (brotli)`, (x) => (x === 'baseline' ? '—' : kib(v(visit, x)?.bytes)), fixed(ratio(visit, 'bytes')), target);
    add(`library requests, ${label}`, (x) => (x === 'baseline' ? '—' : requests(v(visit, x))));
  }
  if (visits['returning-warm']) add('FCP, returning, warm (ms)', (x) => ms(v('returning-warm', x)?.fcp));
  add('CLS, first visit (max)', (x) => fixed(v('first', x)?.cls?.max, 3));
  return lines.join('\n');
}

/** Témoin's part schemes side by side under one condition. */
function schemesTable(visits, schemes) {
  const v = (visit, variant) => visits[visit]?.[variant];
  const baseFcp = v('first', 'baseline')?.fcp?.median;
  const lines = [row(['', ...schemes.map(([, label]) => label)]), row(['---', ...schemes.map(() => '---:')])];
  const add = (label, cell) => lines.push(row([label, ...schemes.map(([variant]) => cell(variant))]));
  add('FCP, first visit (ms)', (x) => ms(v('first', x)?.fcp));
  add('banner on screen, first visit (ms)', (x) => ms(v('first', x)?.banner));
  add('banner ÷ FCP without library', (x) => fixed(v('first', x)?.banner?.median / baseFcp));
  add('script time, first visit (ms)', (x) => ms(v('first', x)?.libraryScript));
  if (visits['returning-warm']) add('script time, returning, warm (ms)', (x) => ms(v('returning-warm', x)?.libraryScript));
  if (visits['returning-hot']) add('script time, returning, hot (ms)', (x) => ms(v('returning-hot', x)?.libraryScript));
  if (visits['returning-cold']) add('script time, returning, cold (ms)', (x) => ms(v('returning-cold', x)?.libraryScript));
  if (visits['returning-warm']) add('FCP, returning, warm cache (ms)', (x) => ms(v('returning-warm', x)?.fcp));
  add('bytes first visit (brotli)', (x) => kib(v('first', x)?.bytes));
  if (visits['returning-cold']) add('bytes returning, cold cache', (x) => kib(v('returning-cold', x)?.bytes));
  if (visits['returning-warm']) add('bytes returning, warm cache', (x) => kib(v('returning-warm', x)?.bytes));
  add('requests, first visit', (x) => requests(v('first', x)));
  if (visits['returning-warm']) add('requests, returning, warm cache', (x) => requests(v('returning-warm', x)));
  if (v('first', 'temoin')?.inp) add('Accept all: INP (ms)', (x) => inpMs(v('first', x)?.inp));
  return lines.join('\n');
}

/** The whole report, as markdown. `schemes`: [variant, label] of each scheme measured. */
export function markdown(summary, { runs, schemes, chromium, date, load, retried }) {
  const loads = (l) => l.map((x) => x.toFixed(1)).join(' ');
  const out = [
    `Benchmark of ${date}, Chromium ${chromium}, medians of ${runs} interleaved loads per case (min–max). ` +
      `Machine load average (1, 5, 15 min): ${loads(load.before)} before, ${load.after ? loads(load.after) : '?'} after; ` +
      `${retried} loads measured again after a page too slow for its window.`,
  ];
  for (const [condition, visits] of Object.entries(summary)) {
    out.push(`\n### ${condition}: ${describe(condition)}\n`, mainTable(condition, visits));
    if (schemes.length > 1) out.push(`\nPart schemes of Témoin, ${condition}:\n`, schemesTable(visits, schemes));
  }
  out.push(`
script time: main-thread time with the library's files on the stack (sampling profiler, 200 µs), promise
callbacks, timers and the DOM and style work they do synchronously included; compilation on the main
thread included, streamed compilation off it not. INP: the longest Event Timing entry of the Accept all
click (the API reports nothing under 16 ms); input to next frame: from pointerdown to the end of the main
thread's work for the frame after the click. bytes: response bodies as sent, brotli; a 304 has none.
warm: the page visited once before (HTTP cache); hot: twice before, in a profile on disk (V8 code cache too).`);
  const files = Object.values(summary)[0]?.first ?? {};
  out.push('\nFiles of a first visit (encoding, wire bytes):');
  for (const [variant, s] of Object.entries(files))
    if (s.files.length) out.push(`- ${variantName(variant)}: ${s.files.map((f) => `${f.path.split('/').pop()} (${f.encoding} ${f.bytes} B)`).join(', ')}`);
  return out.join('\n');
}

function describe(condition) {
  const { cpu, network } = CONDITIONS[condition];
  const net = network
    ? `${network.latency} ms round trip, ${((network.downloadThroughput * 8) / 1024).toFixed(1)} kbit/s down, ${((network.uploadThroughput * 8) / 1024).toFixed(0)} kbit/s up`
    : 'loopback network';
  return `${net}, ${cpu === 1 ? 'CPU not throttled' : `CPU ${cpu}× slower`}`;
}
