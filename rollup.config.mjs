import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import localeLabels from './scripts/locale-labels.mjs';


// The script-tag files are replaced in place (tests may be reading them); ESM chunks have hashed names.
mkdirSync('dist', { recursive: true });
rmSync('dist/esm', { recursive: true, force: true });

/** `import css from './x.css?inline'`: the stylesheet as a minified string (applied as a constructed stylesheet). */
const cssInline = () => ({
  name: 'css-inline',
  resolveId: (id, importer) => (id.endsWith('.css?inline') ? resolve(dirname(importer), id) : null),
  load(id) {
    if (!id.endsWith('.css?inline')) return null;
    const css = readFileSync(id.slice(0, -'?inline'.length), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{}:;,>+~])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim();
    return `export default ${JSON.stringify(css)};`;
  },
});

const minifier = () => terser({ ecma: 2022, compress: { passes: 3 }, format: { comments: false } });

const plugins = (minify) => [
  cssInline(),
  localeLabels(),
  json({ preferConst: true, compact: true }),
  nodeResolve(),
  typescript({ tsconfig: './tsconfig.json', noEmit: false, include: ['src/**/*'], outputToFilesystem: false }),
  minify && minifier(),
];

/** Files the core loads later, each named by its hash (a long cache never pairs a new core with an old part). */
const parts = {};
const sri = (code) => `sha256-${createHash('sha256').update(code).digest('base64')}`;
const hashedName = (base, ext, code) =>
  `${base}.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.${ext}`;

/**
 * Names the UI file by its hash, writes one texts file per language beside it (a script that
 * registers them, so the core loads every part the same way), and notes their integrity.
 */
const emitParts = () => ({
  name: 'emit-parts',
  generateBundle(_, bundle) {
    const [chunk] = Object.values(bundle);
    chunk.fileName = hashedName('temoin-ui', 'min.js', chunk.code);
    parts.ui = { file: chunk.fileName, integrity: sri(chunk.code) };
    for (const language of ['en', 'fr']) {
      const json = JSON.stringify(JSON.parse(readFileSync(`locales/${language}.json`, 'utf8')));
      const code = `(self.TemoinTexts=self.TemoinTexts||{}).${language}=${json};`;
      const fileName = hashedName(`temoin-${language}`, 'min.js', code);
      this.emitFile({ type: 'asset', fileName, source: code });
      parts[language] = { file: fileName, integrity: sri(code) };
    }
    // Earlier builds' parts would otherwise pile up in dist/.
    const current = Object.values(parts).map((p) => p.file);
    for (const old of readdirSync('dist'))
      if (/^temoin-(ui|en|fr)\./.test(old) && !current.includes(old)) rmSync(`dist/${old}`);
  },
});

/** Pins the parts' names and Subresource Integrity hashes into the core, which loads them. */
const pinParts = () => ({
  name: 'pin-parts',
  renderChunk: (code) => code.replace(/\bTEMOIN_PARTS\b/g, JSON.stringify(parts)),
});

export default [
  {
    input: 'src/ui/standalone.ts',
    output: { file: 'dist/temoin-ui.min.js', format: 'iife', name: 'TemoinUI' },
    plugins: [...plugins(true), emitParts()],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/temoin.min.js', format: 'iife' },
    plugins: [...plugins(false), pinParts(), minifier()],
  },
  {
    input: { index: 'src/index.ts', core: 'src/core.ts' },
    output: { dir: 'dist/esm', format: 'es', chunkFileNames: '[name]-[hash].js' },
    // The ESM build is what bundlers import: they minify, and its chunk names change with every build.
    onwarn: (warning, warn) => warning.code !== 'EMPTY_BUNDLE' && warn(warning),
    external: [/^preact/, 'js-cookie'],
    plugins: plugins(false),
  },
];
