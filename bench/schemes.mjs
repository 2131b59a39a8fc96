/**
 * Other ways to split today's script-tag build into files, built for the benchmark only, in a
 * temporary folder: the real `rollup.config.mjs` runs there on a copy of `src/`, in which
 * `src/browser.ts` learns to find a part that is already on the page or carried by another file
 * (see PATCHES). The parts are then joined into the files each scheme names. Joined parts keep
 * their own copy of what they share with the core (a few hundred bytes; one bundle would not).
 *
 * `node bench/schemes.mjs` builds them and prints each scheme's files and brotli bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { partFile } from '../src/part-file.js';
import { ROOT } from '../test/browser/harness.mjs';

/**
 * Each scheme: the parts joined into `temoin.min.js` ahead of the core, and the parts joined into
 * one file named after its first part; a part named nowhere stays its own file, as today.
 */
export const SCHEMES = {
  b: {
    title: 'one file: core + ui + en + fr; fr-CA, preferences, placeholders on demand',
    core: ['ui', 'en', 'fr'],
    files: [],
  },
  c: {
    title: 'two files: the core; ui + en + fr; fr-CA, preferences, placeholders on demand',
    core: [],
    files: [['ui', 'en', 'fr']],
  },
};

/**
 * Edits to the copy of `src/browser.ts`, each [what it does, text replaced, replacement]. The
 * core's table of parts becomes TEMOIN_SCHEME_PARTS (filled in per scheme here, untouched by the
 * real build's pinning), and `loadPart` first looks for a part already registered (joined ahead
 * of the core), then for the file that carries it (TEMOIN_CARRIERS, per scheme).
 */
const PATCHES = [
  ['rename the table of parts', /\bTEMOIN_PARTS\b/g, 'TEMOIN_SCHEME_PARTS'],
  [
    'declare the carriers',
    'declare const TEMOIN_SCHEME_PARTS: Partial<Record<string, string>>;',
    'declare const TEMOIN_SCHEME_PARTS: Partial<Record<string, string>>;\ndeclare const TEMOIN_CARRIERS: Partial<Record<string, string>>;',
  ],
  [
    'find a part on the page or in its carrier before fetching it',
    'part = new Promise(',
    `part = window.TemoinParts && name in window.TemoinParts
    ? Promise.resolve(window.TemoinParts[name])
    : TEMOIN_CARRIERS[name]
      ? loadPart(TEMOIN_CARRIERS[name]).then(() => window.TemoinParts?.[name])
      : new Promise(`,
  ],
];

function patch(file) {
  let code = readFileSync(file, 'utf8');
  for (const [what, from, to] of PATCHES) {
    if (!(typeof from === 'string' ? code.includes(from) : from.test(code)))
      throw new Error(`schemes: cannot ${what}: src/browser.ts has changed; update PATCHES in bench/schemes.mjs`);
    code = code.replace(from, to);
  }
  writeFileSync(file, code);
}

/** The configuration's script-tag builds, the only ones the benchmark needs. */
const IIFE_CONFIGS = `import configs from './rollup.config.mjs';
export default configs.filter((config) => config.output.format === 'iife');
`;
/**
 * The same, keeping the source maps: the configuration's own plugins that replace a name in place
 * (the version, the parts' hashes) return a bare string, which drops the map; \`map: null\` tells
 * rollup the lines did not move.
 */
const IIFE_CONFIGS_WITH_MAPS = `import configs from './rollup.config.mjs';
const keepMap = (plugin) => {
  for (const hook of ['transform', 'renderChunk']) {
    const run = plugin && plugin[hook];
    if (typeof run === 'function')
      plugin[hook] = async function (...args) {
        const result = await run.apply(this, args);
        return typeof result === 'string' ? { code: result, map: null } : result;
      };
  }
  return plugin;
};
export default configs
  .filter((config) => config.output.format === 'iife')
  .map((config) => ({ ...config, plugins: config.plugins.map(keepMap) }));
`;

/**
 * The minifier's options in rollup.config.mjs, and the same keeping statements apart (not joined
 * into comma sequences or one declaration) and ending each with a line break.
 */
const STATEMENT_LINES = [
  ['compress: { passes: 3 }', 'compress: { passes: 3, sequences: false, join_vars: false }'],
  ['format: { comments: false }', 'format: { comments: false, semicolons: false }'],
];

/**
 * Runs the real rollup configuration's script-tag builds (its IIFE outputs) on a copy of the
 * sources in a new temporary folder, the copy of `src/browser.ts` patched when `patched`.
 * `sourcemap: 'hidden'` writes maps without referencing them (the code stays byte-identical).
 * `statementLines`: the minifier keeps statements apart, one a line (the same code, joined
 * differently), so that a profiler's line ticks tell statements apart.
 * Returns the folder; its `dist/` has the core and the parts.
 */
export function buildCopy({ patched = false, sourcemap, statementLines = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'temoin-bench-'));
  const copied = ['src', 'locales', 'scripts', 'rollup.config.mjs', 'package.json', ...readdirSync(ROOT).filter((f) => /^tsconfig.*\.json$/.test(f))];
  for (const path of copied)
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (patched) patch(join(dir, 'src/browser.ts'));
  if (statementLines) {
    let config = readFileSync(join(dir, 'rollup.config.mjs'), 'utf8');
    for (const [from, to] of STATEMENT_LINES) {
      if (!config.includes(from)) throw new Error(`schemes: rollup.config.mjs no longer has \`${from}\`; update bench/schemes.mjs`);
      config = config.replace(from, to);
    }
    writeFileSync(join(dir, 'rollup.config.mjs'), config);
  }
  writeFileSync(join(dir, 'bench.rollup.mjs'), sourcemap ? IIFE_CONFIGS_WITH_MAPS : IIFE_CONFIGS);
  const args = ['-c', 'bench.rollup.mjs', '--silent', ...(sourcemap ? ['--sourcemap', sourcemap] : [])];
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/rollup/dist/bin/rollup'), ...args], { cwd: dir, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`schemes: the build in ${dir} failed:\n${String(e.stderr)}`);
  }
  return dir;
}

const sha256 = (code) => createHash('sha256').update(code).digest('base64');
/** The name the core gives a part's file. */
const partFileOf = (name, code) => partFile(name, sha256(code));

/** The parts in a build's `dist/`, by name: `temoin-<name>.<hash>.min.js`. */
function readParts(dist) {
  const parts = {};
  for (const file of readdirSync(dist)) {
    const name = /^temoin-([a-z]+)\..+\.min\.js$/.exec(file)?.[1];
    if (name) parts[name] = readFileSync(join(dist, file), 'utf8');
  }
  return parts;
}

/** Writes `scheme`'s files into `out` from a patched build's core and parts. */
function assemble(scheme, core, parts, out) {
  mkdirSync(out, { recursive: true });
  const unknown = [...scheme.core, ...scheme.files.flat()].filter((name) => !(name in parts));
  if (unknown.length) throw new Error(`schemes: the build has no part ${unknown.join(', ')}`);
  const joined = new Set([...scheme.core, ...scheme.files.flat()]);
  const files = [
    ...scheme.files.map((names) => [names[0], names.map((name) => parts[name]).join('\n')]),
    ...Object.entries(parts).filter(([name]) => !joined.has(name)),
  ];
  // A part another part pins (the preferences, by the UI part) is not the core's to pin.
  const pinnedByAPart = (name) => Object.values(parts).some((other) => other.includes(sha256(parts[name])));
  const pinned = {};
  const carriers = {};
  for (const [name, code] of files) {
    writeFileSync(join(out, partFileOf(name, code)), code);
    if (!pinnedByAPart(name)) pinned[name] = sha256(code);
  }
  for (const names of scheme.files) for (const name of names.slice(1)) carriers[name] = names[0];
  for (const placeholder of ['TEMOIN_SCHEME_PARTS', 'TEMOIN_CARRIERS'])
    if (!core.includes(placeholder)) throw new Error(`schemes: the patched core has no ${placeholder}`);
  const pinnedCore = core.replaceAll('TEMOIN_SCHEME_PARTS', JSON.stringify(pinned)).replaceAll('TEMOIN_CARRIERS', JSON.stringify(carriers));
  writeFileSync(join(out, 'temoin.min.js'), [...scheme.core.map((name) => parts[name]), pinnedCore].join('\n'));
}

/**
 * Builds every scheme of `names` into a new temporary folder. Returns `{ dirs, remove }`: the
 * folder of each scheme (its files as a CDN would serve them) and a clean-up.
 */
export function buildSchemes(names = Object.keys(SCHEMES)) {
  const build = buildCopy({ patched: true });
  const dirs = {};
  const dist = join(build, 'dist');
  const core = readFileSync(join(dist, 'temoin.min.js'), 'utf8');
  const parts = readParts(dist);
  for (const name of names) assemble(SCHEMES[name], core, parts, (dirs[name] = join(build, 'schemes', name)));
  return { dirs, remove: () => rmSync(build, { recursive: true, force: true }) };
}

const brotli = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { dirs, remove } = buildSchemes();
  try {
    for (const [name, dir] of Object.entries({ a: join(ROOT, 'dist'), ...dirs })) {
      console.log(`\n${name}: ${SCHEMES[name]?.title ?? "today's scheme (dist/)"}`);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.min.js')).sort())
        console.log(`  ${file.padEnd(40)}${String(brotli(readFileSync(join(dir, file)))).padStart(7)} B brotli`);
    }
  } finally {
    remove();
  }
}
