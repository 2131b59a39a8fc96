/**
 * The package as npm publishes it and as a user installs it: what the tarball holds (and what it
 * leaves out), its types under each `moduleResolution` a TypeScript project may use, checked by
 * compiling a user's code against the unpacked tarball, and the package's metadata, checked by
 * Are the Types Wrong and publint. Runs on the build (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const TIMEOUT = 120_000;

interface Packed {
  filename: string;
  size: number;
  files: { path: string; size: number }[];
}

let packed: Packed;
let tarball: string;
/** A user's project inside the repository (so that `preact` and `@types/node` resolve from its node_modules), with the tarball unpacked as node_modules/temoin. */
let project: string;

beforeAll(() => {
  mkdirSync(join(ROOT, '.scratch'), { recursive: true });
  project = mkdtempSync(join(ROOT, '.scratch', 'package-'));
  // No `prepack`: the build under test is the one already in dist/.
  const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' });
  [packed] = JSON.parse(json) as [Packed];
  tarball = join(project, packed.filename);
  const installed = join(project, 'node_modules/temoin');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
}, TIMEOUT);
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the browser files, the Node code, the types, the texts, the schema and the guides', () => {
    const files = packed.files.map((f) => f.path);
    for (const expected of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'config.schema.json',
      'dist/temoin.min.js',
      'dist/esm/index.js',
      'dist/esm/core.js',
      'dist/esm/react.js',
      'dist/esm/vue.js',
      'dist/node/temoin.js',
      'dist/node/server.js',
      'dist/types/index.d.ts',
      'dist/types/core.d.ts',
      'dist/types/server.d.ts',
      'dist/types/react.d.ts',
      'dist/types/vue.d.ts',
      'locales/en.json',
      'locales/fr.json',
      'locales/fr-CA.json',
      'docs/installing.md',
      'docs/ledger.md',
      'docs/scan.md',
    ])
      expect(files).toContain(expected);
    for (const part of ['ui', 'preferences', 'placeholders', 'en', 'fr', 'fr-CA'])
      expect(files.some((f) => f.startsWith(`dist/temoin-${part}.`) && f.endsWith('.min.js')), part).toBe(true);
    expect(files.some((f) => /^dist\/temoin\.[\w-]{10}\.min\.js$/.test(f)), 'the hashed core').toBe(true);
  });

  it('leaves out the sources, tests, fixtures, demo, benchmarks, scripts and screenshots', () => {
    const files = packed.files.map((f) => f.path);
    const leftOut = /^(src|test|demo|bench|scripts|\.ci|\.scratch|node_modules)\/|\.png$|\.test\.|^dist\/\.declarations\//;
    expect(files.filter((f) => leftOut.test(f))).toEqual([]);
    console.log(`${packed.filename}: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed`);
  });
});

describe('the types, as a TypeScript user compiles against them', () => {
  const USER_CODE = `
import { init, type ConsentRecord, type TemoinConfig } from 'temoin';
import { validateConfig, decodeRecord, type Validation } from 'temoin/core';
import { createLedger, regionFromHeaders } from 'temoin/server';

const config: TemoinConfig = { revision: 3, privacyPolicyUrl: '/privacy' };
init(config).on('consent', (record: ConsentRecord) => {
  console.log(record.method, record.granted);
});
const checked: Validation = validateConfig(config);
const errors: string[] = checked.errors;
const record: ConsentRecord | null = decodeRecord('');
const ledger = createLedger({ data: './consent-ledger', origins: ['https://www.example.com'] });
const region: string | undefined = regionFromHeaders({ 'cf-ipcountry': 'FR' });
export { errors, record, ledger, region };
`;

  /** A React app's and a Vue app's use of the bindings, in plain calls (no JSX settings needed). */
  const FRAMEWORK_CODE = `
import { createElement, useEffect } from 'react';
import { Consent, ConsentScript, TemoinProvider, useConsent, type ConsentApi } from 'temoin/react';
import { createApp, defineComponent, h, watch } from 'vue';
import { Consent as VueConsent, temoin, useConsent as useVueConsent } from 'temoin/vue';
import type { TemoinConfig } from 'temoin';

const config: TemoinConfig = { revision: 1 };
function Video() {
  const consent: ConsentApi = useConsent();
  useEffect(() => {
    if (consent.isAllowed('performance')) consent.showPreferences();
  }, [consent]);
  return createElement(Consent, { category: 'third-party', fallback: createElement('p', null, 'waiting') }, createElement('iframe'));
}
export const reactApp = createElement(
  TemoinProvider,
  { config },
  createElement(Video),
  createElement(ConsentScript, { category: 'performance', src: '/a.js', 'data-site': 'x', async: true }),
);

const Status = defineComponent({
  setup() {
    const consent = useVueConsent();
    watch(() => consent.record, (record) => console.log(record?.method, consent.ready));
    return () => h(VueConsent, { category: 'third-party' }, { default: () => h('iframe'), fallback: () => h('p', null, 'waiting') });
  },
});
export const vueApp = createApp(Status).use(temoin, config);
`;

  /** Compiles `files` (name → code) with `compilerOptions` in a folder of the user's project; returns tsc's output ('' when it compiles). */
  const compile = (name: string, files: Record<string, string>, compilerOptions: Record<string, unknown>) => {
    const dir = join(project, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    for (const [file, code] of Object.entries(files)) writeFileSync(join(dir, file), code);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], skipLibCheck: false, ...compilerOptions },
        files: Object.keys(files),
      }),
    );
    try {
      execFileSync(join(BIN, 'tsc'), ['-p', dir], { cwd: dir, encoding: 'utf8' });
      return '';
    } catch (problem) {
      return (problem as { stdout?: string }).stdout ?? String(problem);
    }
  };

  it.each([
    ['bundler', 'esnext'],
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
  ])('compile with moduleResolution %s', (moduleResolution, module) => {
    expect(compile(moduleResolution, { 'user.ts': USER_CODE, 'frameworks.ts': FRAMEWORK_CODE }, { module, moduleResolution })).toBe('');
  }, TIMEOUT);

  it("temoin/react's types compile against React 18's too", () => {
    const react18 = join(ROOT, 'node_modules/@types/react-18');
    const paths = { react: [react18], 'react/*': [`${react18}/*`] };
    expect(compile('react-18', { 'frameworks.ts': FRAMEWORK_CODE }, { module: 'esnext', moduleResolution: 'bundler', paths })).toBe('');
  }, TIMEOUT);
});

describe('the package metadata', () => {
  it('Are the Types Wrong finds no problem for an ESM package', () => {
    let output = '';
    try {
      execFileSync(join(BIN, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], { encoding: 'utf8' });
    } catch (problem) {
      output = (problem as { stdout?: string }).stdout ?? String(problem);
    }
    expect(output).toBe('');
  }, TIMEOUT);

  it('publint finds nothing to fix', async () => {
    const tar = readFileSync(tarball);
    const { messages } = await publint({ pack: { tarball: tar.buffer.slice(tar.byteOffset, tar.byteOffset + tar.byteLength) }, strict: true });
    expect(messages).toEqual([]);
  }, TIMEOUT);

  it('names its repository, home page, issue tracker and keywords', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//) as unknown },
      homepage: expect.stringMatching(/^https:\/\//) as unknown,
      bugs: { url: expect.stringMatching(/^https:\/\//) as unknown },
    });
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cookie consent', 'gdpr']));
  });
});
