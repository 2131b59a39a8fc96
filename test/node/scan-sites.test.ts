/**
 * The scanner against fixture sites in Chromium, through the built command as a user or a CI job
 * runs it: what it finds, what it counts as a leak and on which page, the files it writes and its
 * exit statuses; then the library on a 20-page site, and the demo site. The vendors are fakes
 * served locally under their real host names. Every scan is in this one file, so that they run one
 * after the other (their timings mean something) while other suites run beside them.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/validate';
import { catalogue, classifier } from '../../src/scan/catalogue';
import { buildReport, type Report } from '../../src/scan/report';
import { scan } from '../../src/scan/scan';
import { DEEP_TRACKER_PAGE, startFixtureWeb, UNREACHABLE_VENDOR, type FixtureWeb } from './scan-fixtures';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMOIN_BIN = join(ROOT, 'dist/node/temoin.js');
/** A scan's time limit in these tests: far above what a scan takes, for a machine busy with other work. */
const SCAN_TIMEOUT = 300_000;
/** The same for a command that stops before any browser starts. */
const COMMAND_TIMEOUT = 30_000;
/** As root (CI), Chromium cannot keep its sandbox: the scans of these local fixtures go without it. */
const AS_ROOT = process.getuid?.() === 0;
const SANDBOX = AS_ROOT ? ['--no-sandbox'] : [];

let web: FixtureWeb;
let out: string;
beforeAll(async () => {
  web = await startFixtureWeb();
  out = mkdtempSync(join(tmpdir(), 'temoin-scan-'));
});
afterAll(async () => {
  await web.close();
  rmSync(out, { recursive: true, force: true });
});

/**
 * Runs the built command, as a user or a CI job would, and waits for it to exit. One that does not
 * exit in time is killed, and the failure shows what it printed last: where it stopped.
 */
function temoin(args: string[], env: Record<string, string> = {}, command = TEMOIN_BIN, timeout = SCAN_TIMEOUT - 20_000) {
  return new Promise<{ status: number | null; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [command, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`temoin ${args.join(' ')} did not exit within ${timeout / 1000} s; it printed last:\n${lastLines(stderr)}`));
    }, timeout);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stderr });
    });
    // A process Chromium left behind may hold the command's stderr open past its exit: a second
    // after the exit, what was printed is all there is.
    child.on('exit', (status) => {
      setTimeout(() => {
        clearTimeout(timer);
        done({ status, stderr });
      }, 1_000);
    });
  });
}
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
const lastLines = (text: string) => text.trimEnd().split('\n').slice(-15).join('\n');

/** Scans `site` (a fixture, as http://<site>.test/) with the command into out/<site>/. */
async function scanSite(site: string, ...args: string[]) {
  // A shorter watch for late tags than a real site needs: the fixtures have none on a timer.
  const run = await temoin(['scan', `http://${site}.test/`, '--out', join(out, site), '--wait', '200', ...SANDBOX, ...args], {
    TEMOIN_CHROMIUM_ARGS: web.chromiumArgs.join(' '),
  });
  const reportFile = join(out, site, 'report.json');
  if (!existsSync(reportFile)) throw new Error(`temoin scan wrote no report for ${site} (exit ${String(run.status)}); it printed last:\n${lastLines(run.stderr)}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  return { ...run, report, file: (name: string) => readFileSync(join(out, site, name), 'utf8') };
}

const leakNames = (report: Report, visit: 'none' | 'reject') =>
  report.leaks.filter((l) => l.visit === visit).map((l) => `${l.kind} ${l.name}`).sort();



describe('an untagged site', () => {
  let scanned: Awaited<ReturnType<typeof scanSite>>;
  let report: Report;
  beforeAll(async () => {
    scanned = await scanSite('untagged');
    report = scanned.report;
  }, SCAN_TIMEOUT);

  it('exit 1, with progress and each leak on stderr', () => {
    expect(scanned.status).toBe(1);
    expect(scanned.stderr).toContain('temoin scan: none: page 1 http://untagged.test/');
    expect(scanned.stderr).toContain('temoin scan:   none: cookie _ga on http://untagged.test/ (performance (google-analytics))');
    expect(scanned.file('report.md')).toMatch(/^# Témoin scan of http:\/\/untagged\.test\/\n/);
    expect(scanned.file('report.md')).toContain(`\n## Leaks: ${report.leaks.length}\n`);
  });

  it('says it does not run Témoin and makes the no-decision visit only', () => {
    expect(scanned.stderr).toContain('http://untagged.test/ does not run Témoin (no window.Temoin)');
    expect(report.runsTemoin).toBe(false);
    expect(report.visits.accept).toBeNull();
    expect(report.visits.reject).toBeNull();
    expect(report.visits.none?.pages).toEqual(['http://untagged.test/', 'http://untagged.test/storage.html']);
  });

  it('names every leak with its page: classified trackers, third-party hosts, what third parties wrote', () => {
    expect(leakNames(report, 'none')).toEqual([
      'cookie _fbp',
      'cookie _ga',
      'cookie _ga_SHOP1',
      'cookie uw_visitor',
      'host cdn.unknown-widget.example',
      'host connect.facebook.net',
      'host static.hotjar.com',
      'host www.facebook.com',
      'host www.google-analytics.com',
      'host www.googletagmanager.com',
      'storage _hjRecordingLastActivity',
      'storage _hjViewportId',
      'storage uw_state',
    ]);
    const pageOf = (name: string) => report.leaks.find((l) => l.name === name)?.page;
    expect(pageOf('_ga')).toBe('http://untagged.test/');
    expect(pageOf('_hjViewportId')).toBe('http://untagged.test/storage.html');
    expect(pageOf('static.hotjar.com')).toBe('http://untagged.test/storage.html');
  });

  it('names what caused each leak when the browser says: the element of the page, the script', () => {
    const causeOf = (name: string) => report.leaks.find((l) => l.name === name)?.cause;
    expect(causeOf('www.googletagmanager.com')).toEqual({
      kind: 'element',
      url: 'http://untagged.test/',
      line: 7,
      element: '<script async src="https://www.googletagmanager.com/gtag/js?id=G-SHOP1">',
    });
    expect(causeOf('static.hotjar.com')).toEqual({ kind: 'element', url: 'http://untagged.test/storage.html', line: 6, element: '<script src="https://static.hotjar.com/c/hotjar-1.js">' });
    expect(causeOf('_ga')).toEqual({ kind: 'script', url: 'https://www.googletagmanager.com/gtag/js?id=G-SHOP1', line: null, element: null });
    // The page view gtag.js sends: Chromium gives only the parser's position, which names no element requesting it.
    expect(causeOf('www.google-analytics.com')).toBeNull();
    expect(scanned.stderr).toContain(
      'temoin scan:   none: host static.hotjar.com on http://untagged.test/storage.html (performance (hotjar)), caused by <script src="https://static.hotjar.com/c/hotjar-1.js"> (line 6 of http://untagged.test/storage.html)',
    );
  });

  it('classifies what the catalogue knows and says what set each cookie', () => {
    const cookies = report.visits.none?.cookies ?? [];
    expect(cookies.find((c) => c.name === '_ga')).toMatchObject({
      service: 'google-analytics',
      vendor: 'Google',
      category: 'performance',
      firstParty: true,
      domain: 'untagged.test',
      path: '/',
      setBy: { kind: 'script', url: 'https://www.googletagmanager.com/gtag/js?id=G-SHOP1' },
    });
    expect(cookies.find((c) => c.name === '_ga')?.expires).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(cookies.find((c) => c.name === 'uw_visitor')).toMatchObject({
      service: null,
      category: null,
      setBy: { kind: 'script', url: 'https://cdn.unknown-widget.example/widget.js' },
    });
  });

  it('lists the site’s own unknown cookie and storage key as unclassified, not as leaks', () => {
    const session = report.visits.none?.cookies.find((c) => c.name === 'shop_session');
    expect(session).toMatchObject({ service: null, firstParty: true, expires: null, setBy: { kind: 'response', url: 'http://untagged.test/' } });
    const theme = report.visits.none?.storage.find((s) => s.key === 'shop_theme');
    expect(theme).toMatchObject({ area: 'localStorage', service: null, setBy: { kind: 'script', url: 'http://untagged.test/js/preferences.js' } });
    expect(report.leaks.map((l) => l.name)).not.toContain('shop_session');
    expect(report.leaks.map((l) => l.name)).not.toContain('shop_theme');
  });

  it('a localStorage tracker: its keys classified, with their area and the script that wrote them', () => {
    const storage = report.visits.none?.storage ?? [];
    expect(storage.find((s) => s.key === '_hjViewportId')).toMatchObject({
      area: 'localStorage',
      service: 'hotjar',
      category: 'performance',
      origin: 'http://untagged.test',
      setBy: { kind: 'script', url: 'https://static.hotjar.com/c/hotjar-1.js' },
    });
    expect(storage.find((s) => s.key === '_hjRecordingLastActivity')?.area).toBe('sessionStorage');
  });

  it('consent.json is a valid configuration with what was classified, and the cookie tables are in both languages', () => {
    const config = JSON.parse(scanned.file('consent.json')) as unknown;
    expect(validateConfig(config).errors).toEqual([]);
    const schema = JSON.parse(readFileSync(join(ROOT, 'config.schema.json'), 'utf8')) as object;
    expect(new Ajv({ strict: false }).validate(schema, config)).toBe(true);
    expect(config).toMatchObject({
      categories: {
        necessary: { required: true },
        performance: { cookies: ['_ga', '_ga_*'], storage: ['_hj*'] },
        advertising: { cookies: ['_fbp'], gpcOptOut: true, vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }] },
        'third-party': {},
      },
    });
    const english = scanned.file('cookies.en.md');
    expect(english).toContain('| `_ga` | Google (Google Analytics 4) | Audience measurement');
    expect(english).toContain('| 2 years | Performance |');
    expect(english).toMatch(/Not in Témoin’s catalogue[\s\S]*`shop_session`[\s\S]*`uw_visitor`/);
    const french = scanned.file('cookies.fr.md');
    expect(french).toContain('| `_ga` | Google (Google Analytics 4) | Mesure d’audience');
    expect(french).toContain('| 2 ans | Performance |');
    expect(french).toContain('| `_fbp` | Meta (Meta Pixel) |');
    expect(french).toContain('| Publicité |');
  });
});

describe('a site with a page that answers 404 and a vendor that cannot be reached', () => {
  let scanned: Awaited<ReturnType<typeof scanSite>>;
  let report: Report;
  beforeAll(async () => {
    scanned = await scanSite('broken');
    report = scanned.report;
  }, SCAN_TIMEOUT);

  it('lists the 404 page as a failure, with its status, and says so on stderr and in report.md', () => {
    expect(report.visits.none?.pages).toEqual(['http://broken.test/', 'http://broken.test/about.html', 'http://broken.test/moved-away.html']);
    expect(report.visits.none?.failures).toEqual([{ page: 'http://broken.test/moved-away.html', reason: 'answered 404 Not Found', status: 404 }]);
    expect(scanned.stderr).toContain('temoin scan: none: http://broken.test/moved-away.html answered 404 Not Found\n');
    expect(scanned.file('report.md')).toContain('**1 page failed** (listed under each visit): http://broken.test/moved-away.html answered 404 Not Found.');
  });

  it('lists the vendor it could not reach with its host and error, and says the cookie table may be incomplete', () => {
    expect(report.visits.none?.unreachable).toEqual([
      {
        host: UNREACHABLE_VENDOR,
        url: `https://${UNREACHABLE_VENDOR}/li.lms-analytics/insight.min.js`,
        page: 'http://broken.test/',
        error: 'net::ERR_NAME_NOT_RESOLVED',
        firstParty: false,
        service: 'linkedin-insight',
        vendor: 'LinkedIn',
        category: 'advertising',
      },
    ]);
    expect(scanned.stderr).toContain(`temoin scan: could not reach ${UNREACHABLE_VENDOR}: what they would have set is missing, so the cookie table may be incomplete\n`);
    const markdown = scanned.file('report.md');
    expect(markdown).toContain(`**1 third-party host could not be reached** (\`${UNREACHABLE_VENDOR}\`): what they would have set is missing, so the cookie table may be incomplete.`);
    expect(markdown).toContain(`| ${UNREACHABLE_VENDOR} | LinkedIn Insight Tag | net::ERR_NAME_NOT_RESOLVED |`);
  });

  it('the request was made all the same: a leak, named with the element that made it', () => {
    expect(scanned.status).toBe(1);
    expect(report.leaks).toEqual([
      {
        visit: 'none',
        page: 'http://broken.test/',
        kind: 'host',
        name: UNREACHABLE_VENDOR,
        service: 'linkedin-insight',
        category: 'advertising',
        reason: 'advertising (linkedin-insight)',
        cause: { kind: 'element', url: 'http://broken.test/', line: 7, element: `<script async src="https://${UNREACHABLE_VENDOR}/li.lms-analytics/insight.min.js">` },
      },
    ]);
  });

  it('a start page that answers 404: exit 2, nothing to scan', async () => {
    const run = await temoin(['scan', 'http://broken.test/moved-away.html', '--out', join(out, 'broken-start'), ...SANDBOX], { TEMOIN_CHROMIUM_ARGS: web.chromiumArgs.join(' ') });
    expect(lastLine(run.stderr)).toBe('temoin scan: the start page http://broken.test/moved-away.html answered 404 Not Found: give the address of a page that loads');
    expect(run.status).toBe(2);
    expect(existsSync(join(out, 'broken-start', 'report.json'))).toBe(false);
  }, SCAN_TIMEOUT);
});

describe('the same site tagged for Témoin, scanned with --config', () => {
  let scanned: Awaited<ReturnType<typeof scanSite>>;
  let report: Report;
  beforeAll(async () => {
    const configFile = join(out, 'declared.json');
    writeFileSync(configFile, JSON.stringify({ categories: { necessary: { required: true }, performance: { cookies: ['_ga', '_ga_*', '_old_tracker'] }, advertising: {} } }));
    scanned = await scanSite('tagged', '--config', configFile);
    report = scanned.report;
  }, SCAN_TIMEOUT);

  it('leaks nothing before a decision or after Reject all: exit 0', () => {
    expect(lastLine(scanned.stderr)).toBe('temoin scan: nothing leaks');
    expect(scanned.status).toBe(0);
    expect(report.runsTemoin).toBe(true);
    expect(report.leaks).toEqual([]);
    expect(report.visits.none?.hosts).toEqual([]);
    expect(report.visits.reject?.hosts).toEqual([]);
  });

  it('after Accept all, runs what was tagged; each visit holds the consent cookie after its decision', () => {
    const accept = report.visits.accept;
    // The record of configurations found valid follows a decision's paint: seen or not depending on
    // how long the scan watched; when seen, it is Témoin's, strictly necessary.
    for (const visit of [accept, report.visits.reject])
      for (const cookie of visit?.cookies ?? []) if (cookie.name === 'temoin-checked') expect(cookie).toMatchObject({ service: 'temoin', category: 'necessary' });
    const names = (visit: typeof accept) => visit?.cookies.map((c) => c.name).filter((name) => name !== 'temoin-checked').sort();
    expect(names(accept)).toEqual(['_fbp', '_ga', '_ga_SHOP1', 'temoin']);
    expect(accept?.hosts.map((h) => h.host).sort()).toEqual([
      'connect.facebook.net',
      'www.facebook.com',
      'www.google-analytics.com',
      'www.googletagmanager.com',
    ]);
    expect(names(report.visits.reject)).toEqual(['temoin']);
    const decision = report.visits.reject?.cookies.find((c) => c.name === 'temoin');
    expect(decision).toMatchObject({ service: 'temoin', category: 'necessary' });
    expect(decision?.setBy.url).toMatch(/^http:\/\/tagged\.test\/dist\/temoin/);
    expect(report.visits.none?.cookies).toEqual([]);
  });

  it('--config: what the configuration declares that was not seen, what was seen that it does not declare', () => {
    expect(report.config?.declaredNotSeen).toEqual([{ category: 'performance', kind: 'cookie', pattern: '_old_tracker' }]);
    expect(report.config?.seenNotDeclared).toEqual([{ kind: 'cookie', name: '_fbp', service: 'meta-pixel', category: 'advertising' }]);
    expect(scanned.file('report.md')).toMatch(/### Declared, not seen\n\n- cookie `_old_tracker` in `performance`/);
  });
});

describe('a site that leaks only after Reject all', () => {
  it('reports the fallback tracker in the reject visit and nothing in the others', async () => {
    const { report, status } = await scanSite('reject');
    expect(status).toBe(1);
    expect(leakNames(report, 'none')).toEqual([]);
    expect(report.leaks).toEqual([
      {
        visit: 'reject',
        page: 'http://reject.test/',
        kind: 'host',
        name: 'plausible.io',
        service: 'plausible',
        category: 'performance',
        reason: 'performance (plausible)',
        // Released by Témoin on the refusal: the tagged element is named, not Témoin's code.
        cause: { kind: 'element', url: 'http://reject.test/', line: 9, element: '<script type="text/plain" data-category="!performance" src="https://plausible.io/js/script.js">' },
      },
    ]);
    expect(report.visits.accept?.hosts.map((h) => h.host)).not.toContain('plausible.io');
  }, SCAN_TIMEOUT);
});

describe('a 23-page site with a tracker three links deep, through the library', () => {
  it('crawls breadth-first up to 20 pages and names the tracker’s page (its time is reported; the 60 s target is the benchmark’s)', async () => {
    const result = await scan({ url: 'http://deep.test/', chromiumArgs: web.chromiumArgs, sandbox: !AS_ROOT, timing: { lateTagsMs: 200 } });
    const report = buildReport(result, classifier(catalogue));
    for (const visit of [report.visits.none, report.visits.accept, report.visits.reject]) expect(visit?.pages).toHaveLength(20);
    expect(report.visits.none?.pages.slice(0, 5)).toEqual(['http://deep.test/', 'http://deep.test/s1/', 'http://deep.test/s2/', 'http://deep.test/s3/', 'http://deep.test/s4/']);
    // The tracker three links deep is found and named with its page; Hotjar, on the 21st page, is past the limit.
    // (Before a decision the banner's privacy-policy link, /privacy, is a page of the site too.)
    expect(report.visits.none?.pages).toContain(DEEP_TRACKER_PAGE);
    expect(report.visits.none?.pages).toContain('http://deep.test/privacy');
    expect(report.visits.accept?.pages.at(-1)).toBe('http://deep.test/s1/p1/q3.html');
    expect(report.leaks.filter((l) => l.visit === 'none').map((l) => [l.kind, l.name, l.page])).toEqual([
      ['host', 'cdn.unknown-widget.example', DEEP_TRACKER_PAGE],
      ['cookie', 'uw_visitor', DEEP_TRACKER_PAGE],
      ['storage', 'uw_state', DEEP_TRACKER_PAGE],
    ]);
    // Reported, not asserted: a speed target has no place in a test a busy machine runs.
    console.log(`deep.test: 20 pages × 3 visits in ${(result.durationMs / 1000).toFixed(1)} s`);
  }, SCAN_TIMEOUT);
});

describe('temoin scan, the command: exit 2 with one line that says what went wrong', () => {
  it.each([
    [['scan'], 'temoin scan: expected one URL to scan, got 0 (temoin scan --help)'],
    [['scan', 'ftp://example.com/'], 'temoin scan: not an http(s) URL: ftp://example.com/'],
    [['scan', 'http://tagged.test/', '--pages', '0'], 'temoin scan: --pages: expected a whole number of at least 1, got "0"'],
    [['scan', 'http://tagged.test/', '--wait', '1s'], 'temoin scan: --wait: expected a number of milliseconds, got "1s"'],
    [['scan', 'http://tagged.test/', '--config', '/nonexistent/consent.json'], "temoin scan: --config /nonexistent/consent.json: ENOENT: no such file or directory, open '/nonexistent/consent.json'"],
  ])('a usage error: %j', async (args, line) => {
    const { status, stderr } = await temoin(args);
    expect(status).toBe(2);
    expect(lastLine(stderr)).toBe(line);
  }, COMMAND_TIMEOUT);

  it('no browser: how to get one', async () => {
    const { status, stderr } = await temoin(['scan', 'http://tagged.test/'], { TEMOIN_CHROMIUM: '/nonexistent/chrome' });
    expect(status).toBe(2);
    expect(lastLine(stderr)).toBe(
      'temoin scan: no Chromium at /nonexistent/chrome: install it (apt-get install chromium on Debian or Ubuntu) or set TEMOIN_CHROMIUM to its path',
    );
  }, COMMAND_TIMEOUT);

  it('no playwright-core: the exact command that installs it', async () => {
    // The built command, copied where no node_modules can be found.
    const alone = join(out, 'alone');
    cpSync(join(ROOT, 'dist/node'), alone, { recursive: true });
    writeFileSync(join(alone, 'package.json'), '{ "type": "module" }');
    const { status, stderr } = await temoin(['scan', 'http://tagged.test/'], {}, join(alone, 'temoin.js'));
    expect(status).toBe(2);
    expect(lastLine(stderr)).toBe('temoin scan: temoin scan drives Chromium with playwright-core, which is not installed: npm install playwright-core@1');
  }, COMMAND_TIMEOUT);
});

describe('dogfood: the demo site', () => {
  it('leaks nothing, and after Accept all shows the trackers it tags', async () => {
    const demo = spawn(process.execPath, [join(ROOT, 'demo/serve.mjs'), '--port', '0']);
    try {
      const address = await new Promise<string>((found, fail) => {
        let stdout = '';
        demo.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /Témoin demo: (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) found(match[1]);
        });
        demo.on('exit', (status) => {
          fail(new Error(`the demo server exited (${String(status)}) before printing its address`));
        });
      });
      const folder = mkdtempSync(join(tmpdir(), 'temoin-scan-demo-'));
      const { status, stderr } = await temoin(['scan', address, '--out', folder, ...SANDBOX]);
      const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as Report;
      rmSync(folder, { recursive: true, force: true });
      console.log(`demo: ${String(report.visits.none?.pages.length)} pages × 3 visits in ${(report.durationMs / 1000).toFixed(1)} s, ${report.leaks.length} leaks`);
      expect(report.leaks).toEqual([]);
      expect(lastLine(stderr)).toBe('temoin scan: nothing leaks');
      expect(status).toBe(0);
      expect(report.runsTemoin).toBe(true);
      expect(report.visits.accept?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['_ga', '_gid', '_fbp', 'temoin']));
    } finally {
      demo.kill();
    }
  }, SCAN_TIMEOUT);
});
