import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

rmSync('dist', { recursive: true, force: true });

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

const plugins = (minify) => [
  cssInline(),
  json({ preferConst: true, compact: true }),
  nodeResolve(),
  typescript({ tsconfig: './tsconfig.json', noEmit: false, include: ['src/**/*'], outputToFilesystem: false }),
  minify && terser({ ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } }),
];

/** The UI file's name carries its hash, so a long cache never pairs a new core with an old UI. */
let uiFile = '';
const uiHash = () => ({
  name: 'ui-hash',
  generateBundle(_, bundle) {
    const [chunk] = Object.values(bundle);
    const hash = createHash('sha384').update(chunk.code).digest();
    uiFile = `temoin-ui.${hash.toString('hex').slice(0, 10)}.min.js`;
    chunk.fileName = uiFile;
    this.cache.set('integrity', `sha384-${hash.toString('base64')}`);
    globalThis.temoinUiIntegrity = `sha384-${hash.toString('base64')}`;
  },
});

/** Pins the UI file's name and Subresource Integrity hash into the core, which loads it. */
const pinUi = () => ({
  name: 'pin-ui',
  renderChunk: (code) =>
    code.replace(/\bUI_FILE\b/g, JSON.stringify(uiFile)).replace(/\bUI_INTEGRITY\b/g, JSON.stringify(globalThis.temoinUiIntegrity)),
});

export default [
  {
    input: 'src/ui/standalone.ts',
    output: { file: 'dist/temoin-ui.min.js', format: 'iife', name: 'TemoinUI' },
    plugins: [...plugins(true), uiHash()],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/temoin.min.js', format: 'iife' },
    plugins: [...plugins(false), pinUi(), terser({ ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } })],
  },
  {
    input: { index: 'src/index.ts', core: 'src/core.ts' },
    output: { dir: 'dist/esm', format: 'es', chunkFileNames: '[name]-[hash].js' },
    external: [/^preact/, 'js-cookie'],
    plugins: plugins(false),
  },
];
