import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import MagicString from 'magic-string';
import localeLabels from './scripts/locale-labels.mjs';
import { minifyCss } from './scripts/minify-css.mjs';
import { CORE_FILE, PART_FILE, coreFile, partFile } from './src/part-file.js';
import { preloaderTag, scriptTag, subresourceIntegrity } from './src/script-tag.js';


mkdirSync('dist', { recursive: true });

/**
 * Empties `folder` when its build starts: its chunks have hashed names, and earlier builds' would
 * pile up. (The script-tag files are replaced in place instead: tests may be reading them.) A
 * plugin rather than top-level code, so that importing this file (scripts/size-by-module.mjs)
 * deletes nothing.
 */
const emptied = (folder) => ({
  name: 'emptied',
  buildStart: () => rmSync(folder, { recursive: true, force: true }),
});

/** `import css from './x.css?inline'`: the stylesheet as a minified string (applied as a constructed stylesheet). */
const cssInline = () => ({
  name: 'css-inline',
  resolveId: (id, importer) => (id.endsWith('.css?inline') ? resolve(dirname(importer), id) : null),
  load(id) {
    if (!id.endsWith('.css?inline')) return null;
    return `export default ${JSON.stringify(minifyCss(readFileSync(id.slice(0, -'?inline'.length), 'utf8')))};`;
  },
});

/** `TEMOIN_VERSION` in the code: this package's version. */
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const defineVersion = () => ({
  name: 'define-version',
  transform: (code) => (code.includes('TEMOIN_VERSION') ? code.replace(/\bTEMOIN_VERSION\b/g, JSON.stringify(version)) : null),
});

const minifier = () => terser({ ecma: 2022, compress: { passes: 3 }, format: { comments: false } });

/**
 * V8's explicit compile hint (Chromium 136+; a comment elsewhere): compile every function of the
 * file when the script is compiled, off the main thread where it is streamed, rather than each
 * on its first call, on the main thread after a second parse. For files whose functions almost
 * all run once loaded: the core on every page view, and each part when it is fetched to be used.
 */
const compileEagerly = () => ({
  name: 'compile-eagerly',
  renderChunk: (code) => {
    const hinted = new MagicString(code).prepend('//# allFunctionsCalledOnLoad\n');
    return { code: hinted.toString(), map: hinted.generateMap({ hires: true }) };
  },
});

/** The plugins every build uses; `sourceMap` for scripts/size-by-module.mjs, which maps bytes back to modules. */
export const plugins = (minify, tsconfig = './tsconfig.json', sourceMap = false) => [
  cssInline(),
  localeLabels(),
  json({ preferConst: true, compact: true }),
  nodeResolve(),
  typescript({ tsconfig, noEmit: false, include: ['src/**/*'], outputToFilesystem: false, ...(sourceMap ? { sourceMap: true } : {}) }),
  defineVersion(),
  minify && minifier(),
];

/**
 * The parts the core loads later, by name: the SHA-256 of each (base64), from which the core
 * derives both its Subresource Integrity hash and its file name.
 */
const parts = {};
const sha256 = (code) => createHash('sha256').update(code).digest('base64');
const pin = (name, code) => partFile(name, (parts[name] = sha256(code)));

/** Pins the hashes of the parts `names` (built before) into the code that loads them: `TEMOIN_PARTS`. */
const pinParts = (names) => ({
  name: 'pin-parts',
  renderChunk: (code) =>
    code.replace(/\bTEMOIN_PARTS\b/g, `({${names.map((name) => `${/^\w+$/.test(name) ? name : JSON.stringify(name)}:"${parts[name]}"`).join()}})`),
});

/**
 * Modules a part takes from a part always loaded before it, instead of carrying a copy: where each
 * lives at run time. The core gives the parts the few of its modules they share with it (the
 * checks and deciding build on the core's defaults, Consent Mode mapping, record codec and consent
 * state; the record's rules, a few patterns, each part copies rather than pull the server's checks
 * into the core); the UI part gives the preferences part what they share.
 */
const PROVIDED = {
  'src/core/consent': 'TemoinParts.core.consent',
  'src/core/consent-mode': 'TemoinParts.core.consentMode',
  'src/core/defaults': 'TemoinParts.core.defaults',
  'src/core/log': 'TemoinParts.core.log',
  'src/core/record-codec': 'TemoinParts.core.recordCodec',
  'src/core/repository': 'TemoinParts.core.repository',
  'src/ui/shadow-host': 'TemoinParts.ui.shadowHost',
  'src/ui/focus': 'TemoinParts.ui.focus',
  'src/ui/i18n': 'TemoinParts.ui.i18n',
  'src/ui/language-switcher': 'TemoinParts.ui.languageSwitcher',
};
const provided = (id, providers) =>
  Object.keys(PROVIDED).find((path) => id.endsWith(path) && providers.some((p) => PROVIDED[path].startsWith(`TemoinParts.${p}.`)));

/**
 * A part: an IIFE that registers its exports as `TemoinParts.<name>`, written under its hashed
 * name; it takes modules from the `providers` parts and pins the parts it `loads`.
 */
const part = (name, input, { providers = [], loads = [] } = {}) => ({
  input,
  external: (id, importer) => Boolean(importer && provided(resolve(dirname(importer), id), providers)),
  output: {
    file: `dist/temoin-${name}.min.js`,
    format: 'iife',
    freeze: false,
    name: `TemoinParts.${name}`,
    extend: true,
    globals: (id) => PROVIDED[provided(id, providers)],
  },
  plugins: [
    ...plugins(true),
    compileEagerly(),
    pinParts(loads),
    {
      name: 'hashed-name',
      generateBundle(_, bundle) {
        const [chunk] = Object.values(bundle);
        chunk.fileName = pin(name, chunk.code);
      },
    },
  ],
});

/** The built-in languages; a regional variant (`fr-CA`) holds only the texts that differ from its language's. */
const LANGUAGES = readdirSync('locales').filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -5));

/**
 * Each language's texts as a part that registers them (so the core loads every part the same
 * way), pinned at the start of the core's build, before the core's code is rendered.
 */
const texts = () => ({
  name: 'texts-parts',
  buildStart() {
    for (const language of LANGUAGES) {
      const json = JSON.stringify(JSON.parse(readFileSync(`locales/${language}.json`, 'utf8')));
      const source = `(self.TemoinParts=self.TemoinParts||{})[${JSON.stringify(language)}]=${json};`;
      this.emitFile({ type: 'asset', fileName: pin(language, source), source });
    }
  },
  writeBundle() {
    // Earlier builds' parts would otherwise pile up in dist/.
    const current = Object.entries(parts).map(([name, hash]) => partFile(name, hash));
    for (const old of readdirSync('dist'))
      if (PART_FILE.test(old) && !current.includes(old)) rmSync(`dist/${old}`);
  },
});

/**
 * The core also under a name of its own hash, `temoin.<hash>.min.js`, which a server can cache
 * for good (as it does the parts): a page that names it is not held up by a revalidation of the
 * core on every view. Prints the tags to paste: the core's, with its Subresource Integrity hash,
 * and the preloader of the UI part.
 */
const hashedCore = () => ({
  name: 'hashed-core',
  generateBundle(_, bundle) {
    const { code } = bundle['temoin.min.js'];
    const fileName = coreFile(sha256(code));
    this.emitFile({ type: 'asset', fileName, source: code });
    const tag = scriptTag({ src: `/${fileName}`, integrity: subresourceIntegrity(code), config: '/consent.json' });
    const preloader = preloaderTag({ src: `/${partFile('ui', parts.ui)}`, integrity: `sha256-${parts.ui}` });
    console.log(`dist/${fileName} (also dist/temoin.min.js): ${tag}\n${preloader}`);
    for (const old of readdirSync('dist')) if (CORE_FILE.test(old) && old !== fileName) rmSync(`dist/${old}`);
  },
});


export default [
  part('preferences', 'src/ui/preferences.tsx', { providers: ['core', 'ui'] }),
  part('ui', 'src/ui/ui-part.ts', { providers: ['core'] }),
  part('placeholders', 'src/ui/placeholders.ts', { providers: ['core'] }),
  part('reopen', 'src/ui/reopen-button.ts', { providers: ['core'] }),
  {
    input: 'src/browser.ts',
    // Namespace objects unfrozen: the parts read them, nothing writes them, and freezing costs bytes.
    output: { file: 'dist/temoin.min.js', format: 'iife', freeze: false },
    plugins: [
      ...plugins(false),
      texts(),
      // After the minifier, so that the parts' hashes, random text, cannot change how it names
      // and orders the core's code: the same code minifies the same whatever the parts hold.
      minifier(),
      compileEagerly(),
      pinParts(['ui', 'preferences', 'placeholders', 'reopen', ...LANGUAGES]),
      hashedCore(),
    ],
  },
  {
    // The framework bindings share the build, so that they use the same `temoin` modules as the
    // app's own imports (one instance per page); React and Vue are the app's.
    input: { index: 'src/index.ts', core: 'src/core.ts', react: 'src/react/index.ts', vue: 'src/vue/index.ts' },
    output: {
      dir: 'dist/esm',
      format: 'es',
      chunkFileNames: '[name]-[hash].js',
      // React Server Components (Next.js App Router) may import `temoin/react` from a server
      // component: its components and hooks run in the browser.
      banner: (chunk) => (chunk.name === 'react' && chunk.isEntry ? "'use client';" : ''),
    },
    external: [/^preact/, 'js-cookie', 'react', 'vue'],
    plugins: [emptied('dist/esm'), ...plugins(false)],
  },
  {
    // Node code: the `temoin` command and `temoin/server`. The engines they drive (database and
    // browser drivers) are optional peer dependencies, loaded only by the command that needs one.
    input: { temoin: 'src/cli/temoin.ts', server: 'src/server/index.ts' },
    output: {
      dir: 'dist/node',
      format: 'es',
      chunkFileNames: '[name]-[hash].js',
      banner: (chunk) => (chunk.name === 'temoin' ? '#!/usr/bin/env node' : ''),
    },
    external: [/^node:/, 'better-sqlite3', '@electric-sql/pglite', /^@electric-sql\/pglite\//, 'pg', 'playwright-core'],
    plugins: [
      emptied('dist/node'),
      ...plugins(false, './tsconfig.node.json'),
      { name: 'executable', writeBundle: () => chmodSync('dist/node/temoin.js', 0o755) },
    ],
  },
];
