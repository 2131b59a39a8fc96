/**
 * `temoin install <folder>`: puts this version's script-tag build in a site's folder, in place of
 * an earlier version's, with a starter configuration beside it, and prints the tag to paste and
 * the caching headers to serve. `--check <page>…` says whether pages carry that tag.
 */
import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORE_FILE } from '../part-file';
import { PRELOADER_CSP_SOURCE, preloaderTag, scriptTag } from '../script-tag';
import { browserFilesOf, putFiles, temoinFilesIn } from './browser-files';
import { UsageError, type Command } from './command';
import { preloaderTags, tagProblem } from './page-tags';

declare const TEMOIN_VERSION: string;

/** The configuration `install` writes beside the files, never over one that is there. */
export const CONFIG_FILE = 'consent.json';

/** Folder names that are a site's root as served: the folder under one is served at the same path. */
const WEB_ROOTS = new Set(['public', 'static', 'www', 'htdocs', 'html', 'dist', 'build', 'out', '_site', 'wwwroot']);

/** Far above any page: a larger file is not read whole. */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;

const help = `usage: temoin install <folder> [--base /url/path/]
       temoin install <folder> --check <page.html|folder>…

Copies this version's browser files (the core temoin.<hash>.min.js and the parts it loads) into
<folder>, and removes an earlier version's (only Témoin's files: a hashed name is Témoin's when the
file's content gives that name). Writes a starter ${CONFIG_FILE} there when there is none. Prints the
tags to paste (the first two lines of stdout: the core's script tag, then the preloader, which on a
first visit fetches the banner beside the core), the preloader's Content Security Policy hash and
the caching headers to serve. Running it again changes nothing and prints the same tags.

  --base PATH   the URL path <folder> is served at, as the tag names it: /static/temoin/, or an
                https:// address for a CDN. Default: the folder's path under the last folder
                named public, static, www, htdocs, html, dist, build, out, _site or wwwroot
                (public/temoin is /temoin/), else /<folder's name>/
  --check       checks, without installing, that each page (an .html file, or every .html file
                in a folder) has one Témoin tag naming the core in <folder> with its integrity,
                that a preloader, where there is one, names this version's UI part beside it
                (a page without one passes, with a note), and that <folder> holds this
                version's files

Exit status: 0 done (--check: every page is right), 1 (--check) a page's tag or the folder is not
right, each named on stderr, 2 usage or file error.`;

interface Options {
  folder: string;
  base: string | null;
  pages: string[] | null;
}

function parse(args: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { base: { type: 'string' }, check: { type: 'boolean' } } });
  } catch (problem) {
    const { code, message } = problem as NodeJS.ErrnoException;
    const option = /'([^']*)'/.exec(message)?.[1] ?? '';
    throw new UsageError(code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${option}: unknown option (temoin install --help)` : (message.split('\n')[0] ?? ''));
  }
  const { positionals, values } = parsed;
  const [folder, ...pages] = positionals;
  if (folder === undefined || folder === '') throw new UsageError('expected the folder to install into (temoin install --help)');
  if (values.check && !pages.length) throw new UsageError('--check: expected the pages to check after the folder');
  if (!values.check && pages.length) throw new UsageError(`expected one folder, got ${positionals.length} arguments (pages to check go with --check)`);
  return { folder, base: values.base === undefined ? null : urlBase(values.base), pages: values.check ? pages : null };
}

/** `--base` as a prefix for file names: an absolute path or an http(s) address, ending with `/`. */
function urlBase(value: string): string {
  if (/[\s"'<>\\]/.test(value)) throw new UsageError(`--base: a URL path has no spaces, quotes, < > or \\: "${value}"`);
  const absolute = value.startsWith('/') && !value.startsWith('//');
  const address = /^https?:\/\/[^/]+/.test(value) && URL.canParse(value);
  if (!absolute && !address) throw new UsageError(`--base: expected a path from the site's root (/static/temoin/) or an http(s) address, got "${value}"`);
  return value.endsWith('/') ? value : `${value}/`;
}

/** Where `folder` is served, by its path: under the last web-root folder it is in, else at /<its name>/. */
export function defaultBase(folder: string): string {
  const parts = resolve(folder).split(sep).filter(Boolean);
  let root = -1;
  parts.forEach((part, index) => {
    if (WEB_ROOTS.has(part)) root = index;
  });
  const served = root < 0 ? parts.slice(-1) : parts.slice(root + 1);
  return served.length ? `/${served.join('/')}/` : '/';
}

/** The package's `dist/`, where this command's own code is (dist/node/). */
const packageDist = () => fileURLToPath(new URL('../', import.meta.url));

/** A starter configuration: the built-in categories and banner, and a `$schema` for editors. */
function starterConfig(folder: string, dist: string): string {
  const schema = relative(folder, join(dirname(dist), 'config.schema.json')).split(sep).join('/');
  return `${JSON.stringify({ $schema: schema, revision: 1, privacyPolicyUrl: '/privacy' }, null, 2)}\n`;
}

/** Writes the starter configuration unless `folder` has a configuration (or anything else by that name). */
async function writeStarter(folder: string, dist: string): Promise<boolean> {
  try {
    await writeFile(join(folder, CONFIG_FILE), starterConfig(folder, dist), { flag: 'wx' });
    return true;
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw problem;
  }
}

/** The Cache-Control each file needs, for the printout: names that change with the content are kept a year; the rest is revalidated. */
export function cachingHeaders(base: string): string {
  const immutable = 'public, max-age=31536000, immutable';
  const rows = [
    [`${base}temoin.*.min.js`, immutable],
    [`${base}temoin-*.min.js`, immutable],
    [`${base}${CONFIG_FILE}`, 'no-cache'],
    ['your pages', 'no-cache'],
  ] as const;
  const width = Math.max(...rows.map(([path]) => path.length));
  return [
    'Cache-Control to serve (for nginx, Apache and Netlify, see Caching in docs/installing.md):',
    ...rows.map(([path, value]) => `  ${path.padEnd(width)}  ${value}`),
  ].join('\n');
}

const list = (names: string[]) => (names.length ? names.join(', ') : 'none');

async function install(options: Options, dist: string): Promise<number> {
  const build = await browserFilesOf(dist);
  const folder = resolve(options.folder);
  const existing = await lstat(folder).catch(() => null);
  if (existing && !existing.isDirectory()) throw new Error(`${options.folder} is not a folder`);
  if (folder === resolve(dist)) throw new Error(`${options.folder} is the package's own dist/: install into your site's folder`);
  const base = options.base ?? defaultBase(folder);
  const changes = await putFiles(folder, build.files);
  const wroteConfig = await writeStarter(folder, dist);
  const note = (line: string) => process.stderr.write(`temoin install: ${line}\n`);
  note(`Témoin ${TEMOIN_VERSION} in ${options.folder}, served at ${base}${options.base === null ? ' (--base to change)' : ''}`);
  note(`  copied: ${list(changes.copied)}`);
  if (changes.kept.length) note(`  already there: ${list(changes.kept)}`);
  if (changes.removed.length) note(`  removed (an earlier version's): ${list(changes.removed)}`);
  note(
    wroteConfig
      ? `  wrote ${CONFIG_FILE}, a starter configuration: set privacyPolicyUrl, then your categories (docs/configuration.md)`
      : `  kept your ${CONFIG_FILE}`,
  );
  note('Paste these two tags first in the <head> of every page, in place of any earlier Témoin tags:');
  const tag = scriptTag({ src: `${base}${build.core}`, integrity: build.integrity, config: `${base}${CONFIG_FILE}` });
  const preloader = preloaderTag({ src: `${base}${build.ui.file}`, integrity: build.ui.integrity });
  const csp =
    `The second tag, the preloader, is inline: under a Content-Security-Policy without 'unsafe-inline', give it the page's nonce ` +
    `or add ${PRELOADER_CSP_SOURCE} to script-src (the same for every version). Without the preloader, a first visit's banner shows a network round trip later.`;
  process.stdout.write(`${tag}\n${preloader}\n\n${csp}\n\n${cachingHeaders(base)}\n`);
  return 0;
}

/** The pages named: files as they are, folders as every .html file under them. */
async function pagesOf(paths: string[]): Promise<string[]> {
  const pages: string[] = [];
  for (const path of paths) {
    const stat = await lstat(path).catch((problem: unknown) => {
      throw new Error(`--check ${path}: ${problem instanceof Error ? problem.message : String(problem)}`);
    });
    if (!stat.isDirectory()) pages.push(path);
    else for (const name of (await readdir(path, { recursive: true })).sort()) if (name.endsWith('.html')) pages.push(join(path, name));
  }
  return pages;
}

async function check(options: Options, dist: string): Promise<number> {
  const build = await browserFilesOf(dist);
  const installed = await temoinFilesIn(resolve(options.folder));
  const cores = [...installed.keys()].filter((name) => CORE_FILE.test(name));
  const [core] = cores;
  const content = core === undefined ? undefined : installed.get(core);
  if (cores.length !== 1 || core === undefined || content === undefined)
    throw new Error(`${options.folder} holds ${cores.length} Témoin cores (temoin.<hash>.min.js) where one was expected: run temoin install ${options.folder}`);
  let wrong = 0;
  const fail = (line: string) => {
    wrong += 1;
    process.stderr.write(`temoin install: ${line}\n`);
  };
  const missing = [...build.files.keys()].filter((name) => !installed.has(name));
  const extra = [...installed.keys()].filter((name) => !build.files.has(name));
  if (missing.length || extra.length)
    fail(`${options.folder} does not hold Témoin ${TEMOIN_VERSION}'s files (${missing.length} missing, ${extra.length} of another version): run temoin install ${options.folder}`);
  const pages = await pagesOf(options.pages ?? []);
  const plural = (n: number) => `${String(n)} page${n === 1 ? '' : 's'}`;
  let unpreloaded = 0;
  for (const page of pages) {
    const stat = await lstat(page);
    if (stat.size > MAX_PAGE_BYTES) throw new Error(`--check ${page}: larger than ${MAX_PAGE_BYTES / 1024 / 1024} MiB, not a page`);
    const html = await readFile(page, 'utf8');
    const problem = tagProblem(html, { name: core, content, ui: build.ui });
    if (problem) fail(`${page}: ${problem}`);
    else if (!preloaderTags(html).length) unpreloaded += 1;
  }
  if (wrong) return 1;
  // Not an error: such a page works, its banner a round trip later on a first visit.
  if (unpreloaded)
    process.stderr.write(`temoin install: ${plural(unpreloaded)} without the preloader (the second tag temoin install prints): a first visit's banner shows a round trip later\n`);
  process.stderr.write(`temoin install: ${plural(pages.length)} load ${core} with its integrity\n`);
  return 0;
}

/** Runs the command against the build in `dist`: the package's own, or a test's. */
export function runInstall(args: string[], dist: string): Promise<number> {
  const options = parse(args);
  return options.pages ? check(options, dist) : install(options, dist);
}

const command: Command = {
  summary: 'copy the browser files into your site and print the tag to paste; --check pages in CI',
  help,
  run: (args) => runInstall(args, packageDist()),
};

export default command;
