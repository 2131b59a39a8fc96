/**
 * `npm run size`: what a visitor downloads, in gzip -9 and brotli q11 bytes, checked against the
 * budgets; the targets are what we aim for.
 *   returning visit: the core alone (a decision in force, nothing to show, the page's own
 *                    "Cookie settings" link); a page without one also fetches the floating button
 *   first visit:     the core and the UI part (the banner with its English and French words, the
 *                    checks, what deciding does); the preferences dialog (Preact) and a language's
 *                    full texts are fetched when someone opens it
 * Each file is compressed on its own, as a server sends it. The preloader that `temoin install`
 * prints is inline in every page: its tag is listed, compressed alone (more than it adds to a
 * compressed page), apart from the visits. And what each framework binding
 * (`temoin/react`, `temoin/vue`) adds to an app's bundle on top of `temoin`: its modules, minified
 * as a bundler would, compressed. Exits 1 when a gate is exceeded. Run after `npm run build`.
 *
 * The gates compare code, not luck: the core carries each part's SHA-256, random text whose
 * compression moves the core's brotli size by up to 80 B from one build to the next with the same
 * code (any change to a part changes its hash). So a gate reads the core's expected size: the
 * median over nine fixed sets of stand-in hashes (ADR 0073); the size shipped is printed beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { PART_FILE } from '../src/part-file.js';
import { partIntegrity, preloaderTag } from '../src/script-tag.js';

const KiB = 1024;
const BUDGETS = {
  'returning visit': { gate: 8280, target: 7 * KiB },
  'first visit': { gate: 15980, target: 10 * KiB },
  'temoin/react on top of temoin': { gate: KiB, target: 768 },
  'temoin/vue on top of temoin': { gate: KiB, target: 768 },
};

const dist = new URL('../dist/', import.meta.url);
const measure = (file, code = readFileSync(new URL(file, dist))) => {
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

/** A part's pinned hash as the core carries it (base64 SHA-256, quoted). */
const PINNED_HASH = /"[A-Za-z0-9+/]{43}="/g;
const coreCode = readFileSync(new URL('temoin.min.js', dist), 'utf8');
/** The core's brotli bytes with other hashes in: set `set`'s stand-ins, fixed (seeded) so that a gate reads the same twice. */
const withStandIns = (set) => {
  let n = 0;
  const code = coreCode.replace(PINNED_HASH, () => `"${createHash('sha256').update(`stand-in ${set} ${n++}`).digest('base64')}"`);
  return measure('', Buffer.from(code)).brotli;
};
const STAND_IN_SETS = 9;
const expectedCore = Array.from({ length: STAND_IN_SETS }, (_, set) => withStandIns(set)).sort((a, b) => a - b)[STAND_IN_SETS >> 1];
const core = measure('temoin.min.js');
const gatedBrotli = (visit) => visit.brotli - core.brotli + expectedCore;
const parts = Object.fromEntries(
  readdirSync(dist).flatMap((file) => {
    const name = PART_FILE.exec(file)?.[1];
    return name ? [[name, measure(file)]] : [];
  }),
);
const part = (name) => {
  if (!parts[name]) throw new Error(`dist/ has no "${name}" part: run npm run build first`);
  return parts[name];
};
const [ui, preferences, placeholders, reopen, en, fr, frCA] = ['ui', 'preferences', 'placeholders', 'reopen', 'en', 'fr', 'fr-CA'].map(part);
const texts = fr.brotli > en.brotli ? fr : en;
const preloader = measure('', Buffer.from(preloaderTag({ src: `/temoin/${ui.file}`, integrity: partIntegrity(readFileSync(new URL(ui.file, dist))) })));
const sum = (files) => ({
  raw: files.reduce((n, p) => n + p.raw, 0),
  gzip: files.reduce((n, p) => n + p.gzip, 0),
  brotli: files.reduce((n, p) => n + p.brotli, 0),
});

const row = (name, s) =>
  `${name.padEnd(44)}${String(s.raw).padStart(8)}${String(s.gzip).padStart(8)}${String(s.brotli).padStart(8)}`;
console.log(`${'file'.padEnd(44)}${'raw'.padStart(8)}${'gzip'.padStart(8)}${'brotli'.padStart(8)}`);
for (const p of [core, ...Object.values(parts)]) console.log(row(p.file, p));
console.log(`${row('the preloader, inline in every page', preloader)}  (its tag, compressed alone)`);

/** What each kind of page view loads; the gated ones are in BUDGETS, the others are for information. */
const visits = {
  'returning visit': sum([core]),
  'returning visit, no settings link on page': sum([core, reopen]),
  'returning visit, blocked iframe on page': sum([core, placeholders, texts]),
  'returning visit, opening the preferences': sum([core, ui, preferences, texts]),
  'first visit': sum([core, ui]),
  'first visit in Québec (fr-CA on fr)': sum([core, ui, fr, frCA]),
  'first visit, blocked iframe on page': sum([core, ui, placeholders, texts]),
  'first visit, customizing': sum([core, ui, preferences, texts]),
};

/** The ES modules an entry of dist/esm/ imports, itself included, statically and transitively. */
const esm = new URL('esm/', dist);
const modules = (file, found = new Set()) => {
  if (found.has(file)) return found;
  found.add(file);
  const code = readFileSync(new URL(file, esm), 'utf8');
  for (const [, imported] of code.matchAll(/^(?:import|export)\b[^'"]*?['"]\.\/([^'"]+)['"]/gm)) modules(imported, found);
  return found;
};
/** What a binding adds to a bundle that has `temoin` already: its modules that `temoin`'s are not, minified. */
const withTemoin = modules('index.js');
const binding = async (entry) => {
  const own = [...modules(entry)].filter((file) => !withTemoin.has(file));
  const minified = await Promise.all(
    own.map(async (file) => (await minify(readFileSync(new URL(file, esm), 'utf8'), { module: true, ecma: 2022, compress: { passes: 3 } })).code ?? ''),
  );
  return measure(`esm/${own.join(' + ')}`, Buffer.from(minified.join('\n')));
};
const bindings = { 'temoin/react on top of temoin': await binding('react.js'), 'temoin/vue on top of temoin': await binding('vue.js') };
console.log('');
for (const [name, size] of Object.entries(bindings)) console.log(`${row(name, size)}  (${size.file}, minified)`);

let failed = false;
console.log('');
for (const [name, total] of Object.entries({ ...visits, ...bindings })) {
  if (!(name in BUDGETS)) {
    console.log(row(name, total));
    continue;
  }
  const { gate, target } = BUDGETS[name];
  // The bindings carry no hash.
  const gated = name in visits ? gatedBrotli(total) : total.brotli;
  const over = gated > gate;
  failed ||= over;
  const toTarget = gated - target;
  console.log(
    `${row(name, total)}  ${gated === total.brotli ? '' : `${gated} expected: `}gate ${gate} ${over ? 'EXCEEDED' : 'ok'}; ` +
      (toTarget > 0 ? `${toTarget} B over the ${target} B target` : `${-toTarget} B under the ${target} B target`),
  );
}
if (failed) {
  console.error('\nA size gate is exceeded (brotli bytes above). Every visitor of every site pays these bytes.');
  process.exit(1);
}
