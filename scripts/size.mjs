/**
 * `npm run size`: what a visitor downloads, in gzip -9 and brotli q11 bytes, checked against the
 * budgets. Sizes are deterministic, so the CI gates are fair; the targets are what we aim for.
 *   returning visit: the core alone (a valid record, a configuration this browser found valid
 *                    before, nothing to show)
 *   first visit:     the core, the configuration checks, the banner, the decision writer, and
 *                    one language's texts (the larger one); the preferences dialog (Preact) is
 *                    fetched when someone opens it
 * Exits 1 when a gate is exceeded. Run after `npm run build`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KiB = 1024;
const BUDGETS = {
  'returning visit': { gate: 5 * KiB, target: 4 * KiB },
  'first visit': { gate: 14 * KiB, target: 10 * KiB },
};

const dist = new URL('../dist/', import.meta.url);
const files = readdirSync(dist);
const find = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (!found.length) throw new Error(`dist/ has no file matching ${pattern}: run npm run build first`);
  return found;
};
const measure = (file) => {
  const code = readFileSync(new URL(file, dist));
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const core = measure('temoin.min.js');
const part = (name) => measure(find(new RegExp(`^temoin-${name}\\.[A-Za-z0-9]{10}\\.min\\.js$`))[0]);
const [ui, preferences, writer, validator, placeholders, en, fr] = ['ui', 'preferences', 'writer', 'validator', 'placeholders', 'en', 'fr'].map(part);
const texts = fr.brotli > en.brotli ? fr : en;
const sum = (parts) => ({
  raw: parts.reduce((n, p) => n + p.raw, 0),
  gzip: parts.reduce((n, p) => n + p.gzip, 0),
  brotli: parts.reduce((n, p) => n + p.brotli, 0),
});

const row = (name, s) =>
  `${name.padEnd(44)}${String(s.raw).padStart(8)}${String(s.gzip).padStart(8)}${String(s.brotli).padStart(8)}`;
console.log(`${'file'.padEnd(44)}${'raw'.padStart(8)}${'gzip'.padStart(8)}${'brotli'.padStart(8)}`);
for (const p of [core, ui, preferences, writer, validator, placeholders, en, fr]) console.log(row(p.file, p));

/** What each kind of page view loads; the gated ones are in BUDGETS, the others are for information. */
const visits = {
  'returning visit': sum([core]),
  'returning visit, blocked iframe on page': sum([core, placeholders, texts]),
  'returning visit, configuration changed since': sum([core, validator, writer]),
  'returning visit, opening the preferences': sum([core, ui, preferences, writer, texts]),
  'first visit': sum([core, validator, ui, writer, texts]),
  'first visit, blocked iframe on page': sum([core, validator, ui, writer, placeholders, texts]),
  'first visit, customizing': sum([core, validator, ui, preferences, writer, texts]),
};
let failed = false;
console.log('');
for (const [name, total] of Object.entries(visits)) {
  if (!(name in BUDGETS)) {
    console.log(row(name, total));
    continue;
  }
  const { gate, target } = BUDGETS[name];
  const over = total.brotli > gate;
  failed ||= over;
  const toTarget = total.brotli - target;
  console.log(
    `${row(name, total)}  gate ${gate} ${over ? 'EXCEEDED' : 'ok'}; ` +
      (toTarget > 0 ? `${toTarget} B over the ${target} B target` : `${-toTarget} B under the ${target} B target`),
  );
}
if (failed) {
  console.error('\nA size gate is exceeded (brotli bytes above). Every visitor of every site pays these bytes.');
  process.exit(1);
}
