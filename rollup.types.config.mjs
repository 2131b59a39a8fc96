/**
 * The package's type declarations: one self-contained `.d.ts` per entry point, bundled from what
 * `tsc -p tsconfig.build.json` emits, so that TypeScript resolves them the same way under every
 * `moduleResolution` (`bundler`, `node16`, `nodenext`): a bundle has no relative imports to resolve.
 */
import { rmSync } from 'node:fs';
import { dts } from 'rollup-plugin-dts';

const EMITTED = 'dist/.declarations';

export default {
  input: {
    index: `${EMITTED}/index.d.ts`,
    core: `${EMITTED}/core.d.ts`,
    server: `${EMITTED}/server/index.d.ts`,
    react: `${EMITTED}/react/index.d.ts`,
    vue: `${EMITTED}/vue/index.d.ts`,
  },
  output: { dir: 'dist/types', format: 'es', chunkFileNames: 'shared-[hash].d.ts' },
  external: [/^node:/, /^preact/, 'js-cookie', 'react', 'vue', 'better-sqlite3', 'pg', /^@electric-sql\//, 'playwright-core'],
  plugins: [
    { name: 'clean', buildStart: () => rmSync('dist/types', { recursive: true, force: true }) },
    dts(),
    { name: 'drop-emitted', writeBundle: () => rmSync(EMITTED, { recursive: true, force: true }) },
  ],
};
