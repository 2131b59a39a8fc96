/**
 * `temoin install`, as a site owner runs it (the built command, on this build's dist/): what it
 * puts in the site's folder and what it leaves alone, the tag and headers it prints, that a
 * second run changes nothing, and `--check` in CI. Then the pieces: which files are Témoin's,
 * how a page's tag is found and judged as a browser would.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTemoinFile } from '../../src/cli/browser-files';
import { defaultBase } from '../../src/cli/install';
import { integrityMatches, preloaderTags, tagProblem, temoinTags } from '../../src/cli/page-tags';
import { validateConfig } from '../../src/core/validate';
import { CORE_FILE, PART_FILE, coreFile, partFile } from '../../src/part-file.js';
import { PRELOADER, PRELOADER_CSP_SOURCE, preloaderTag, scriptTag, subresourceIntegrity } from '../../src/script-tag.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BIN = join(DIST, 'node/temoin.js');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const sha256 = (content: string) => createHash('sha256').update(content).digest('base64');
/** A file of an earlier build: its name is the one its content gives, as the build names files. */
const earlierPart = (name: string, content: string) => ({ name: partFile(name, sha256(content)), content });
const earlierCore = (content: string) => ({ name: coreFile(sha256(content)), content });

/** This build's files, as the package has them. */
const core = readdirSync(DIST).find((name) => CORE_FILE.test(name)) ?? '';
const coreContent = () => readFileSync(join(DIST, core));
const parts = readdirSync(DIST).filter((name) => PART_FILE.test(name)).sort();

let sites: string;
beforeAll(() => {
  sites = mkdtempSync(join(tmpdir(), 'temoin-install-'));
});
afterAll(() => {
  rmSync(sites, { recursive: true, force: true });
});

let count = 0;
/** A new site folder, its web root `public/`. */
function newSite(): string {
  const site = join(sites, `site-${String(++count)}`);
  mkdirSync(join(site, 'public'), { recursive: true });
  return site;
}

/** Runs the built command in `cwd`. */
function temoin(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lastLine: run.stderr.trimEnd().split('\n').at(-1) ?? '' };
}

const listing = (folder: string) =>
  readdirSync(folder)
    .sort()
    .map((name) => `${name} ${String(statSync(join(folder, name)).mtimeMs)} ${createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')}`);

const expectedTag = (base: string) => scriptTag({ src: `${base}${core}`, integrity: subresourceIntegrity(coreContent()), config: `${base}consent.json` });
const ui = parts.find((name) => name.startsWith('temoin-ui.')) ?? '';
/** The integrity the core pins for the UI part: its SHA-256. */
const uiIntegrity = () => `sha256-${createHash('sha256').update(readFileSync(join(DIST, ui))).digest('base64')}`;
const expectedPreloader = (base: string) => preloaderTag({ src: `${base}${ui}`, integrity: uiIntegrity() });

describe('temoin install <folder>', () => {
  it('copies the core and its parts, writes a starter consent.json, and prints the tags, the preloader\'s CSP hash and the headers', () => {
    const site = newSite();
    const run = temoin(site, 'install', 'public/temoin');
    expect(run.status).toBe(0);
    const folder = join(site, 'public/temoin');
    expect(readdirSync(folder).sort()).toEqual(['consent.json', core, ...parts].sort());
    for (const name of [core, ...parts]) expect(readFileSync(join(folder, name)).equals(readFileSync(join(DIST, name))), name).toBe(true);

    const [tag, preloader, blank, csp, blankAgain, ...headers] = run.stdout.trimEnd().split('\n');
    expect(tag).toBe(expectedTag('/temoin/'));
    expect(tag).toMatch(/^<script src="\/temoin\/temoin\.\w{10}\.min\.js" integrity="sha384-[\w+/]+={0,2}" crossorigin="anonymous" async data-config="\/temoin\/consent\.json"><\/script>$/);
    expect(preloader).toBe(expectedPreloader('/temoin/'));
    expect(preloader).toBe(`<script data-temoin-ui="/temoin/${ui} ${uiIntegrity()}">${PRELOADER}</script>`);
    expect([blank, blankAgain]).toEqual(['', '']);
    expect(csp).toContain(PRELOADER_CSP_SOURCE);
    expect(PRELOADER_CSP_SOURCE).toBe(`'sha256-${createHash('sha256').update(PRELOADER).digest('base64')}'`);
    expect(headers).toEqual([
      'Cache-Control to serve (for nginx, Apache and Netlify, see Caching in docs/installing.md):',
      '  /temoin/temoin.*.min.js  public, max-age=31536000, immutable',
      '  /temoin/temoin-*.min.js  public, max-age=31536000, immutable',
      '  /temoin/consent.json     no-cache',
      '  your pages               no-cache',
    ]);
    expect(run.stderr).toContain(`temoin install: Témoin ${version} in public/temoin, served at /temoin/ (--base to change)`);
    expect(run.stderr).toContain('temoin install:   wrote consent.json, a starter configuration: set privacyPolicyUrl, then your categories (docs/configuration.md)');
  });

  it('the starter consent.json is a valid configuration whose $schema leads to the package’s schema', () => {
    const site = newSite();
    temoin(site, 'install', 'public/temoin');
    const folder = join(site, 'public/temoin');
    const config = JSON.parse(readFileSync(join(folder, 'consent.json'), 'utf8')) as { $schema: string };
    expect(validateConfig(config).errors).toEqual([]);
    expect(readFileSync(join(folder, config.$schema), 'utf8')).toBe(readFileSync(join(ROOT, 'config.schema.json'), 'utf8'));
  });

  it('a second run changes nothing and prints the same tag', () => {
    const site = newSite();
    const first = temoin(site, 'install', 'public/temoin');
    const before = listing(join(site, 'public/temoin'));
    const second = temoin(site, 'install', 'public/temoin');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(listing(join(site, 'public/temoin'))).toEqual(before);
    expect(second.stderr).toContain('temoin install:   copied: none');
    expect(second.stderr).toContain('temoin install:   kept your consent.json');
  });

  it('removes an earlier version’s files, and nothing else of the folder', () => {
    const site = newSite();
    const folder = join(site, 'public/temoin');
    mkdirSync(folder, { recursive: true });
    const earlier = [earlierCore('/* an earlier core */'), earlierPart('ui', '/* an earlier ui */'), earlierPart('en', '/* earlier texts */')];
    const mine = {
      'consent.json': '{ "revision": 7 }\n',
      'app.js': 'console.log("the site’s own");\n',
      // Named like a part, but its content does not give that name: not Témoin's.
      [partFile('theme', sha256('something else'))]: '/* the site’s theme */',
      'temoin-notes.txt': 'the site’s notes',
    };
    for (const { name, content } of earlier) writeFileSync(join(folder, name), content);
    writeFileSync(join(folder, 'temoin.min.js'), '/* an earlier core under its stable name */');
    for (const [name, content] of Object.entries(mine)) writeFileSync(join(folder, name), content);
    // A folder with a core's name is not a file of Témoin's either.
    mkdirSync(join(folder, coreFile(sha256('a folder'))));

    const run = temoin(site, 'install', 'public/temoin');
    expect(run.status).toBe(0);
    for (const { name } of earlier) expect(existsSync(join(folder, name)), name).toBe(false);
    expect(existsSync(join(folder, 'temoin.min.js'))).toBe(false);
    for (const [name, content] of Object.entries(mine)) expect(readFileSync(join(folder, name), 'utf8'), name).toBe(content);
    expect(statSync(join(folder, coreFile(sha256('a folder')))).isDirectory()).toBe(true);
    expect(run.stderr).toContain(`temoin install:   removed (an earlier version's): ${[...earlier.map((e) => e.name), 'temoin.min.js'].sort().join(', ')}`);
    expect(run.stderr).toContain('temoin install:   kept your consent.json');
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [['--base', '/static/temoin/'], '/static/temoin/'],
    [['--base', '/assets/temoin'], '/assets/temoin/'],
    [['--base', 'https://cdn.example.com/temoin/'], 'https://cdn.example.com/temoin/'],
  ])('--base %j names the files where they are served', (args, base) => {
    const site = newSite();
    const run = temoin(site, 'install', 'public/temoin', ...args);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([expectedTag(base), expectedPreloader(base)]);
    expect(run.stderr).toContain(`served at ${base}\n`);
  });
});

describe('temoin install --check <page>…', () => {
  let site: string;
  let tag: string;
  const page = (name: string, head: string) => {
    writeFileSync(join(site, 'public', name), `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`);
    return `public/${name}`;
  };
  beforeAll(() => {
    site = newSite();
    tag = temoin(site, 'install', 'public/temoin').stdout.split('\n')[0] ?? '';
  });

  it('exit 0 when every page carries the printed tags, or the core\'s alone', () => {
    const pages = [page('index.html', `${tag}\n${expectedPreloader('/temoin/')}`), page('about.html', `<title>About</title>\n  ${tag}`)];
    const run = temoin(site, 'install', 'public/temoin', '--check', ...pages);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'temoin install: 1 page without the preloader (the second tag temoin install prints): a first visit\'s banner shows a round trip later',
      `temoin install: 2 pages load ${core} with its integrity`,
    ]);
    expect(run.status).toBe(0);
  });

  it('a folder of pages: every .html file under it', () => {
    rmSync(join(site, 'pages'), { recursive: true, force: true });
    mkdirSync(join(site, 'pages/blog'), { recursive: true });
    writeFileSync(join(site, 'pages/index.html'), tag);
    writeFileSync(join(site, 'pages/blog/post.html'), '<p>no tag</p>');
    writeFileSync(join(site, 'pages/notes.txt'), 'not a page');
    const run = temoin(site, 'install', 'public/temoin', '--check', 'pages');
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([`temoin install: ${join('pages', 'blog/post.html')}: no Témoin script tag (a <script> whose src names ${core})`]);
  });

  it('exit 1 naming each page whose tag is stale, tampered with, missing or doubled', () => {
    const stale = earlierCore('/* an earlier core */').name;
    const pages = [
      page('ok.html', tag),
      page('stale.html', tag.replace(core, stale)),
      page('tampered.html', tag.replace(/integrity="sha384-./, 'integrity="sha384-A')),
      page('bare.html', `<script src="/temoin/${core}" async></script>`),
      page('none.html', '<!-- <script src="/temoin/temoin.min.js"></script> -->'),
      page('twice.html', tag + tag),
    ];
    const run = temoin(site, 'install', 'public/temoin', '--check', ...pages);
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `temoin install: public/stale.html: its tag names ${stale}, not the installed core ${core}`,
      `temoin install: public/tampered.html: its tag's integrity does not match ${core}: a browser would not run it`,
      'temoin install: public/bare.html: its tag has no integrity attribute: paste the tag temoin install prints',
      `temoin install: public/none.html: no Témoin script tag (a <script> whose src names ${core})`,
      `temoin install: public/twice.html: 2 Témoin script tags (${core}, ${core}): keep one`,
    ]);
  });

  it('exit 1 naming each page whose preloader names another UI part, folder or integrity, is doubled or edited', () => {
    const preloader = expectedPreloader('/temoin/');
    const stale = earlierPart('ui', '/* an earlier ui */').name;
    const pages = [
      page('preloaded.html', `${tag}${preloader}`),
      page('stale-ui.html', tag + preloader.replace(ui, stale)),
      page('other-integrity.html', tag + preloader.replace(/ sha256-./, ' sha256-A')),
      page('elsewhere.html', tag + preloader.replace('/temoin/', '/static/')),
      page('preloaded-twice.html', tag + preloader + preloader),
      page('edited.html', tag + preloader.replace('document.head.append(l)', 'document.body.append(l)')),
    ];
    const run = temoin(site, 'install', 'public/temoin', '--check', ...pages);
    expect(run.status).toBe(1);
    const paste = 'paste the tags temoin install prints';
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `temoin install: public/stale-ui.html: its preloader names ${stale}, not the installed UI part ${ui}: ${paste}`,
      `temoin install: public/other-integrity.html: its preloader names ${ui} with another integrity, not the installed UI part ${ui}: ${paste}`,
      `temoin install: public/elsewhere.html: its preloader names /static/${ui}, not the folder of its core (/temoin/): the core would fetch the part again`,
      'temoin install: public/preloaded-twice.html: 2 Témoin preloaders (<script data-temoin-ui>): keep one',
      "temoin install: public/edited.html: its preloader's code is not the one temoin install prints (a Content Security Policy hash of it would not match): paste it again",
    ]);
  });

  it('exit 1 when the folder holds another version’s files, even with pages that match them', () => {
    const other = newSite();
    const folder = join(other, 'public/temoin');
    mkdirSync(folder, { recursive: true });
    const earlier = earlierCore('/* an earlier core */');
    writeFileSync(join(folder, earlier.name), earlier.content);
    writeFileSync(join(other, 'public/index.html'), scriptTag({ src: `/temoin/${earlier.name}`, integrity: subresourceIntegrity(earlier.content), config: '/temoin/consent.json' }));
    const run = temoin(other, 'install', 'public/temoin', '--check', 'public/index.html');
    expect(run.status).toBe(1);
    expect(run.lastLine).toBe(`temoin install: public/temoin does not hold Témoin ${version}'s files (${String(parts.length + 1)} missing, 1 of another version): run temoin install public/temoin`);
  });
});

describe('temoin install: exit 2 with one line that says what went wrong', () => {
  it.each([
    [['install'], 'temoin install: expected the folder to install into (temoin install --help)'],
    [['install', 'public/temoin', 'public/index.html'], 'temoin install: expected one folder, got 2 arguments (pages to check go with --check)'],
    [['install', 'public/temoin', '--check'], 'temoin install: --check: expected the pages to check after the folder'],
    [['install', 'public/temoin', '--base', 'static/temoin'], `temoin install: --base: expected a path from the site's root (/static/temoin/) or an http(s) address, got "static/temoin"`],
    [['install', 'public/temoin', '--base', '/a b/'], 'temoin install: --base: a URL path has no spaces, quotes, < > or \\: "/a b/"'],
    [['install', 'public/temoin', '--base', '//cdn.example.com/'], `temoin install: --base: expected a path from the site's root (/static/temoin/) or an http(s) address, got "//cdn.example.com/"`],
    [['install', 'public/temoin', '--bogus'], 'temoin install: --bogus: unknown option (temoin install --help)'],
    [['install', 'public/index.html'], 'temoin install: public/index.html is not a folder'],
    [['install', 'public/nowhere', '--check', 'public/index.html'], 'temoin install: public/nowhere holds 0 Témoin cores (temoin.<hash>.min.js) where one was expected: run temoin install public/nowhere'],
  ])('%j', (args, line) => {
    const site = newSite();
    writeFileSync(join(site, 'public/index.html'), '<p>page</p>');
    const run = temoin(site, ...args);
    expect(run.lastLine).toBe(line);
    expect(run.status).toBe(2);
  });

  it('the package’s own dist/ is not a site’s folder', () => {
    const run = temoin(ROOT, 'install', 'dist');
    expect(run.lastLine).toBe("temoin install: dist is the package's own dist/: install into your site's folder");
    expect(run.status).toBe(2);
    expect(existsSync(join(DIST, 'temoin.min.js'))).toBe(true);
  });

  it('a page that is not there', () => {
    const site = newSite();
    temoin(site, 'install', 'public/temoin');
    const run = temoin(site, 'install', 'public/temoin', '--check', 'public/missing.html');
    expect(run.status).toBe(2);
    expect(run.lastLine).toMatch(/^temoin install: --check public\/missing\.html: ENOENT: no such file or directory/);
  });
});

describe('which files are Témoin’s', () => {
  it('a hashed name only when the content gives it; the stable name of the core by its name', () => {
    const part = earlierPart('ui', 'code');
    expect(isTemoinFile(part.name, Buffer.from('code'))).toBe(true);
    expect(isTemoinFile(part.name, Buffer.from('other code'))).toBe(false);
    const builtCore = earlierCore('core');
    expect(isTemoinFile(builtCore.name, Buffer.from('core'))).toBe(true);
    expect(isTemoinFile(earlierCore('another core').name, Buffer.from('core'))).toBe(false);
    expect(isTemoinFile('temoin.min.js', Buffer.from('anything'))).toBe(true);
    expect(isTemoinFile('app.js', Buffer.from('code'))).toBe(false);
    for (const name of [core, ...parts]) expect(isTemoinFile(name, readFileSync(join(DIST, name))), name).toBe(true);
  });

  it.each([
    ['public/temoin', '/temoin/'],
    ['public', '/'],
    ['site/public/static/temoin', '/temoin/'],
    ['/var/www/html/assets/temoin', '/assets/temoin/'],
    ['vendor/temoin', '/temoin/'],
    ['dist/js/temoin', '/js/temoin/'],
  ])('the default URL path of %s is %s', (folder, base) => {
    expect(defaultBase(folder)).toBe(base);
  });
});

describe('the preloader in the docs', () => {
  it('README.md and docs/ quote its code and its CSP hash as temoin install prints them', () => {
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
    let quoted = 0;
    for (const doc of docs) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const [, code] of text.matchAll(/data-temoin-ui="[^"]*">(.*?)<\/script>/g)) {
        expect(code, doc).toBe(PRELOADER);
        quoted += 1;
      }
      for (const [source] of text.matchAll(/'sha256-[A-Za-z0-9+/=]+'/g)) {
        expect(source, doc).toBe(PRELOADER_CSP_SOURCE);
        quoted += 1;
      }
    }
    expect(quoted).toBeGreaterThanOrEqual(6);
  });
});

describe('a page’s Témoin tag', () => {
  const content = Buffer.from('the core');
  const name = coreFile(sha256('the core'));
  const sri = (algorithm: string) => `${algorithm}-${createHash(algorithm).update(content).digest('base64')}`;

  it('is found by the file its src names, whatever the quoting, the case, the path or the query', () => {
    const html = `<SCRIPT SRC='/a/${name}?v=1' INTEGRITY=${sri('sha384')}></SCRIPT>
<script src="https://cdn.example.com/temoin.min.js#x"></script>
<script src="/app.js"></script><script>var s = "<script src=x>";</script>
<!-- <script src="/old/${name}"></script> -->
<script type="application/json" id="temoin-config">{}</script>`;
    expect(temoinTags(html)).toEqual([
      { src: `/a/${name}?v=1`, file: name, integrity: sri('sha384') },
      { src: 'https://cdn.example.com/temoin.min.js#x', file: 'temoin.min.js', integrity: null },
    ]);
  });

  it('decodes character references in attributes, as a browser does', () => {
    expect(temoinTags(`<script src="/t/${name}?a=1&amp;b=2" integrity="&#x73;ha384-x"></script>`)).toEqual([
      { src: `/t/${name}?a=1&b=2`, file: name, integrity: 'sha384-x' },
    ]);
  });

  it('integrity is judged by the strongest algorithm named, any of whose hashes may match', () => {
    expect(integrityMatches(sri('sha384'), content)).toBe(true);
    expect(integrityMatches(`  ${sri('sha256')}\n${sri('sha384')}?opt `, content)).toBe(true);
    expect(integrityMatches(`sha512-wrong ${sri('sha384')}`, content)).toBe(false);
    expect(integrityMatches(`sha384-wrong ${sri('sha384')}`, content)).toBe(true);
    expect(integrityMatches(`md5-x ${sri('sha256')}`, content)).toBe(true);
    expect(integrityMatches('md5-x', content)).toBe(false);
    expect(integrityMatches('', content)).toBe(false);
  });

  it('the printed tag has no problem; anything else a line that says what to do', () => {
    const tag = scriptTag({ src: `/t/${name}`, integrity: subresourceIntegrity(content), config: '/t/consent.json' });
    expect(tagProblem(tag, { name, content })).toBeNull();
    expect(tagProblem('<p>', { name, content })).toBe(`no Témoin script tag (a <script> whose src names ${name})`);
  });

  it('finds a preloader by its data-temoin-ui attribute, with its code up to the end of its element', () => {
    const preloader = preloaderTag({ src: '/t/temoin-ui.abcdefghij.min.js', integrity: 'sha256-x' });
    expect(preloaderTags(`<script src="/app.js"></script>${preloader}<SCRIPT DATA-TEMOIN-UI='a b'>code</Script >`)).toEqual([
      { part: '/t/temoin-ui.abcdefghij.min.js sha256-x', code: PRELOADER },
      { part: 'a b', code: 'code' },
    ]);
  });

  it('any text: found tags or none, never a throw', () => {
    const ui = { file: 'temoin-ui.abcdefghij.min.js', integrity: 'sha256-x' };
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000 }),
        fc.array(fc.constantFrom('<script', ' src=', `"/${name}"`, '>', '<!--', '-->', "'", '&amp;', ' integrity=', 'sha384-', ' data-temoin-ui=', '"/temoin-ui.abcdefghij.min.js sha256-x"', '</script>'), { maxLength: 60 }),
        (noise, pieces) => {
          const html = noise + pieces.join('');
          const tags = temoinTags(html);
          for (const tag of tags) expect(tag.file === 'temoin.min.js' || CORE_FILE.test(tag.file)).toBe(true);
          for (const tag of preloaderTags(html)) expect(html).toContain(tag.code);
          expect(typeof (tagProblem(html, { name, content, ui }) ?? '')).toBe('string');
        },
      ),
    );
    // Unclosed comments and tags, many of them: linear work, not a scan of the rest for each.
    expect(temoinTags(`${'<script src="/x"'.repeat(50_000)}${'<!--'.repeat(200_000)}`)).toEqual([]);
    expect(preloaderTags('<script data-temoin-ui="a b">'.repeat(50_000))).toHaveLength(50_000);
  });
});
