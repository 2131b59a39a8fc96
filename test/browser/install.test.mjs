/**
 * A site owner's install, end to end, from the package as npm packs it: `temoin install` from the
 * unpacked tarball into a site's folder, the printed tag pasted into a page, and Témoin running
 * in Chromium with its Subresource Integrity checked, its parts loaded from that folder and its
 * configuration from the starter consent.json. Then an update: the earlier version's files are
 * gone, a page still naming them is caught by `--check` (and would run no Témoin), and the new tag
 * passes. And the printed preloader: on a first visit the banner's part is asked for beside the
 * core, under a Content Security Policy that lists the preloader's hash, and a returning visitor's
 * page asks for no such part. Runs on the build (`npm test` builds first).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { launch, newContext, consoleOf, problems, watchEvents, started, ui, ROOT, closeWithin } from './harness.mjs';
import { coreFile } from '../../src/part-file.js';
import { PRELOADER_CSP_SOURCE, scriptTag, subresourceIntegrity } from '../../src/script-tag.js';

let browser, project, server, origin;

/** The site's web root, served as a static host would, with the caching `temoin install` prints. */
function serveFolder(folder) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8' };
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://site').pathname);
    let file = normalize(join(folder, path));
    if (file !== folder && !file.startsWith(folder + sep)) return res.writeHead(404).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end('not found');
    const hashed = /\/temoin\/temoin[.-].+\.min\.js$/.test(path);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' });
    res.end(readFileSync(file));
  });
}

/** Runs the installed package's command in the project, as `npx temoin …` would. */
const temoin = (...args) => spawnSync(process.execPath, ['node_modules/temoin/dist/node/temoin.js', ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });

before(async () => {
  browser = await launch();
  project = mkdtempSync(join(tmpdir(), 'temoin-install-site-'));
  // No `prepack`: the build under test is the one already in dist/.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }));
  const installed = join(project, 'node_modules/temoin');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(project, packed.filename), '-C', installed, '--strip-components=1']);
  mkdirSync(join(project, 'public'));
  server = serveFolder(join(project, 'public'));
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await closeWithin(browser, 'Chromium');
  if (server) {
    const closed = new Promise((done) => server.close(done));
    server.closeAllConnections();
    await closed;
  }
  rmSync(project, { recursive: true, force: true });
});

const page = (name, head) => {
  writeFileSync(join(project, 'public', name), `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${name}</title>
  ${head}
  <script type="text/plain" data-category="performance">window.__ran = true;</script>
</head>
<body><main><h1>A site</h1></main></body>
</html>`);
  return `${origin}/${name}`;
};

/** An earlier version's core in the site's folder, as an earlier install left it, and the tag that named it. */
function earlierInstall() {
  const code = 'window.__earlierCore = true;';
  const name = coreFile(createHash('sha256').update(code).digest('base64'));
  mkdirSync(join(project, 'public/temoin'), { recursive: true });
  writeFileSync(join(project, 'public/temoin', name), code);
  return { name, tag: scriptTag({ src: `/temoin/${name}`, integrity: subresourceIntegrity(code), config: '/temoin/consent.json' }) };
}

test('temoin install from the tarball: the printed tag runs Témoin with its integrity; --check catches a stale tag', async () => {
  const earlier = earlierInstall();
  const stalePage = page('stale.html', earlier.tag);
  const run = temoin('install', 'public/temoin');
  assert.equal(run.status, 0, run.stderr);
  const tag = run.stdout.split('\n')[0];
  assert.match(tag, /^<script src="\/temoin\/temoin\.\w{10}\.min\.js" integrity="sha384-[\w+/=]+" crossorigin="anonymous" async data-config="\/temoin\/consent\.json"><\/script>$/);
  assert.equal(existsSync(join(project, 'public/temoin', earlier.name)), false, 'the earlier core is removed');
  assert.equal(temoin('install', 'public/temoin').stdout.split('\n')[0], tag, 'a second run prints the same tag');

  // The page with the printed tag: Témoin runs, with the starter configuration, and its banner part loads from the folder.
  const { context } = await newContext(browser);
  await watchEvents(context);
  const tab = await context.newPage();
  const messages = consoleOf(tab);
  const loaded = [];
  tab.on('response', (response) => loaded.push(`${response.status()} ${new URL(response.url()).pathname}`));
  await tab.goto(page('index.html', tag));
  await started(tab);
  await ui(tab, 'section.banner').waitFor();
  assert.equal(await ui(tab, 'a[href="/privacy"]').count(), 1, 'the starter consent.json’s privacy policy link');
  assert.ok(loaded.includes('200 /temoin/consent.json'));
  assert.ok(loaded.some((line) => /^200 \/temoin\/temoin-ui\.\w{10}\.min\.js$/.test(line)), loaded.join('\n'));
  // The banner carries its own words: no texts part is needed to show it.
  assert.ok(!loaded.some((line) => /temoin-en\./.test(line)), loaded.join('\n'));
  await tab.evaluate(() => window.Temoin.acceptAll());
  await tab.waitForFunction(() => window.__ran === true);
  assert.deepEqual(problems(messages), []);

  // The same tag with one character of its hash changed: the browser refuses the core, so the check is real.
  const tampered = await context.newPage();
  const refused = consoleOf(tampered);
  await tampered.goto(page('tampered.html', tag.replace(/integrity="sha384-(.)/, (_, c) => `integrity="sha384-${c === 'A' ? 'B' : 'A'}`)));
  await tampered.waitForLoadState('load');
  assert.equal(await tampered.evaluate(() => typeof window.Temoin), 'undefined');
  assert.ok(refused.some((m) => /integrity/i.test(m.text)), JSON.stringify(refused));

  // The page still naming the earlier core runs no Témoin at all; --check names it, and passes once it has the new tag.
  const stale = await context.newPage();
  await stale.goto(stalePage);
  await stale.waitForLoadState('load');
  assert.equal(await stale.evaluate(() => typeof window.Temoin), 'undefined');
  const caught = temoin('install', 'public/temoin', '--check', 'public/index.html', 'public/stale.html');
  assert.equal(caught.status, 1);
  assert.equal(caught.stderr.trim(), `temoin install: public/stale.html: its tag names ${earlier.name}, not the installed core ${tag.match(/temoin\.\w{10}\.min\.js/)[0]}`);
  page('stale.html', tag);
  const fixed = temoin('install', 'public/temoin', '--check', 'public/index.html', 'public/stale.html');
  assert.equal(fixed.status, 0, fixed.stderr);
  await context.close();
});

test('the printed preloader: a first visit asks for the banner\'s part beside the core, once; a returning visit never', async () => {
  const run = temoin('install', 'public/temoin');
  assert.equal(run.status, 0, run.stderr);
  const [tag, preloader] = run.stdout.split('\n');
  assert.match(preloader, /^<script data-temoin-ui="\/temoin\/temoin-ui\.\w{10}\.min\.js sha256-[\w+/=]+">.+<\/script>$/);
  assert.ok(run.stdout.includes(PRELOADER_CSP_SOURCE), 'the preloader\'s CSP hash is printed');
  // A policy with no 'unsafe-inline': the preloader runs by its hash alone.
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${PRELOADER_CSP_SOURCE}">`;
  const url = page('preloaded.html', `${csp}\n  ${tag}\n  ${preloader}`);

  const { context } = await newContext(browser);
  await watchEvents(context);
  const tab = await context.newPage();
  const messages = consoleOf(tab);
  const requested = [];
  const isUi = (path) => /\/temoin-ui\./.test(path);
  let sawUi;
  const uiAskedFor = new Promise((resolve) => {
    sawUi = resolve;
  });
  tab.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    requested.push(path);
    if (isUi(path)) sawUi();
  });
  // The core is held back until the banner's part has been asked for (10 s at most): only the
  // preloader can ask for it by then, since the core asks for it once it runs.
  let askedWhileHeld = null;
  await context.route(/\/temoin\/temoin\.\w{10}\.min\.js$/, async (route) => {
    askedWhileHeld ??= await Promise.race([uiAskedFor.then(() => true), new Promise((resolve) => setTimeout(resolve, 10_000, false))]);
    await route.continue();
  });
  await tab.goto(url);
  await started(tab);
  assert.equal(askedWhileHeld, true, `the banner's part was not asked for while the core was held back: ${requested.join(', ')}`);
  await ui(tab, 'section.banner').waitFor();
  assert.equal(requested.filter(isUi).length, 1, `the core took the preloaded part: ${requested.join(', ')}`);
  assert.deepEqual(problems(messages), []);

  // Refusing is remembered as well: the next page view is a returning visitor's, which asks for no banner part.
  await tab.evaluate(() => window.Temoin.rejectAll());
  await tab.waitForFunction(() => document.cookie.includes('temoin-checked='));
  requested.length = 0;
  await tab.reload();
  await started(tab);
  assert.ok(requested.some((path) => /\/temoin\/temoin\.\w{10}\.min\.js$/.test(path)), requested.join(', '));
  assert.deepEqual(requested.filter(isUi), [], 'no banner part on a returning visit');
  assert.equal(await ui(tab, 'section.banner').count(), 0);
  assert.deepEqual(problems(messages), []);
  await context.close();
});
