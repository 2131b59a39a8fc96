/// <reference types="node" />
/**
 * The code blocks of the docs that are meant to run: in README.md and every page under docs/, a
 * fenced block on the line right after a `<!-- test: name -->` comment (see CONTRIBUTING.md). The
 * docs tests run each one as a reader would paste it; `temoin`, `temoin/core`, `temoin/server` and
 * `temoin/locales/…` imports are pointed at this repository's sources, so that no build is needed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (a path: `new URL` is the simulated DOM's own in docs-browser.test.ts). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../');

/** The checks that docs-browser.test.ts runs (the others are in docs.test.ts). */
export const BROWSER_CHECKS = ['headless-html', 'headless-script', 'window-events'];

/**
 * A migration guide's page or configuration, `migrated/<path>`: the file
 * test/browser/fixtures/migrating/<path>, which the browser tests run (migrating-guides.test.ts).
 */
export const isMigrated = (name: string): boolean => name.startsWith('migrated/');

export interface Block {
  name: string;
  /** Where it is, relative to the repository: `docs/api.md`. */
  file: string;
  /** The fence's language: `js`, `json`, `html`, `text`. */
  language: string;
  code: string;
}

/** README.md and every Markdown page under docs/. */
export function docsPages(): string[] {
  const pages = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.md')) pages.push(join(dir, entry.name));
  };
  walk('docs');
  return pages;
}

const MARKER = /<!-- test: ([^\s]+) -->\n( *)```(\w*)[^\n]*\n([\s\S]*?)\n\2```/g;
const ANY_MARKER = /<!-- test: ([^\s]+) -->/g;

/** Every marked block of the docs. Throws for a marker that is not right before a fenced block, or a name used twice. */
export function docsBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const file of docsPages()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const found = [...text.matchAll(MARKER)];
    const markers = [...text.matchAll(ANY_MARKER)].map((m) => m[1]);
    const orphan = markers.find((name) => !found.some((m) => m[1] === name));
    if (orphan) throw new Error(`${file}: <!-- test: ${orphan} --> is not on the line right before a fenced code block`);
    for (const [, name = '', indent = '', language = '', code = ''] of found) {
      if (blocks.some((b) => b.name === name)) throw new Error(`${file}: the test name "${name}" is used twice`);
      const dedented = code.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
      blocks.push({ name, file, language, code: dedented });
    }
  }
  return blocks;
}

/** The block named `name`. */
export function docsBlock(name: string): Block {
  const found = docsBlocks().find((b) => b.name === name);
  if (!found) throw new Error(`no code block after <!-- test: ${name} --> in README.md or docs/`);
  return found;
}

/** Where each package import of the docs lives in this repository. */
function source(specifier: string): string {
  if (specifier === 'temoin') return join(ROOT, 'src/index.ts');
  if (specifier === 'temoin/core') return join(ROOT, 'src/core.ts');
  if (specifier === 'temoin/server') return join(ROOT, 'src/server/index.ts');
  if (specifier.startsWith('temoin/locales/')) return join(ROOT, 'locales', specifier.slice('temoin/locales/'.length));
  throw new Error(`the docs import ${specifier}, which the package does not export`);
}

let written = 0;
const folders: string[] = [];
/**
 * Writes `block`'s code as an ES module in a temporary folder, its package imports pointed at the
 * sources, and returns the file's path, for `import()`. Each call writes a new file, so importing
 * it runs the code again.
 */
export function moduleOf(block: Block): string {
  const dir = mkdtempSync(join(tmpdir(), 'temoin-docs-'));
  folders.push(dir);
  const file = join(dir, `${block.name}-${String(++written)}.mjs`);
  const code = block.code.replace(/(from\s+|import\s+)'(temoin(?:\/[^']*)?)'/g, (_, keyword: string, specifier: string) =>
    `${keyword}${JSON.stringify(source(specifier))}`,
  );
  writeFileSync(file, `// ${block.file}: <!-- test: ${block.name} -->\n${code}\n`);
  return file;
}

/** Removes the folders `moduleOf` wrote. */
export function removeModules(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `async function` bodies, for code whose imports are given rather than resolved. */
// eslint-disable-next-line @typescript-eslint/require-await -- only its constructor is wanted
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

/**
 * Runs `block`'s code as a page's module would run, its `import … from '<specifier>'` lines taken
 * from `modules` (for a simulated DOM, where a temporary module file cannot be imported). Throws
 * for an import that `modules` does not provide.
 */
export async function runWith(block: Block, modules: Record<string, unknown>): Promise<void> {
  const body = block.code.replace(/^import\s+(.+?)\s+from\s+'([^']+)';$/gm, (_, what: string, specifier: string) => {
    if (!Object.hasOwn(modules, specifier)) throw new Error(`${block.file}: the test provides no module for ${specifier}`);
    const module = `__modules[${JSON.stringify(specifier)}]`;
    if (what.startsWith('{')) return `const ${what.replace(/\s+as\s+/g, ': ')} = ${module};`;
    if (what.startsWith('* as ')) return `const ${what.slice('* as '.length)} = ${module};`;
    return `const ${what} = ${module}.default;`;
  });
  await new AsyncFunction('__modules', body)(modules);
}
