/**
 * The scanner against fixture sites in Chromium: what it finds, what it counts as a leak, and on
 * which page. The vendors are fakes served locally under their real host names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, classifier } from '../../src/scan/catalogue';
import { buildReport, type Report } from '../../src/scan/report';
import { scan } from '../../src/scan/scan';
import { DEEP_TRACKER_PAGE, startFixtureWeb, type FixtureWeb } from './scan-fixtures';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(() => web.close());

const scanReport = async (url: string, pages?: number): Promise<Report> =>
  buildReport(await scan({ url, chromiumArgs: web.chromiumArgs, ...(pages ? { pages } : {}) }), classifier(catalogue));

const leakNames = (report: Report, visit: 'none' | 'reject') =>
  report.leaks.filter((l) => l.visit === visit).map((l) => `${l.kind} ${l.name}`).sort();

describe('an untagged site', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scanReport('http://untagged.test/');
  }, 60_000);

  it('says it does not run Témoin and makes the no-decision visit only', () => {
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
});

describe('the same site tagged for Témoin', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scanReport('http://tagged.test/');
  }, 60_000);

  it('leaks nothing before a decision or after Reject all', () => {
    expect(report.runsTemoin).toBe(true);
    expect(report.leaks).toEqual([]);
    expect(report.visits.none?.hosts).toEqual([]);
    expect(report.visits.reject?.hosts).toEqual([]);
  });

  it('after Accept all, runs what was tagged; each visit holds the consent cookie after its decision', () => {
    const accept = report.visits.accept;
    expect(accept?.cookies.map((c) => c.name).sort()).toEqual(['_fbp', '_ga', '_ga_SHOP1', 'temoin']);
    expect(accept?.hosts.map((h) => h.host).sort()).toEqual([
      'connect.facebook.net',
      'www.facebook.com',
      'www.google-analytics.com',
      'www.googletagmanager.com',
    ]);
    expect(report.visits.reject?.cookies.map((c) => c.name)).toEqual(['temoin']);
    expect(report.visits.reject?.cookies[0]).toMatchObject({ service: 'temoin', category: 'necessary' });
    expect(report.visits.reject?.cookies[0]?.setBy.url).toMatch(/^http:\/\/tagged\.test\/dist\/temoin/);
    expect(report.visits.none?.cookies).toEqual([]);
  });
});

describe('a site that leaks only after Reject all', () => {
  it('reports the fallback tracker in the reject visit and nothing in the others', async () => {
    const report = await scanReport('http://reject.test/');
    expect(leakNames(report, 'none')).toEqual([]);
    expect(report.leaks).toEqual([
      { visit: 'reject', page: 'http://reject.test/', kind: 'host', name: 'plausible.io', service: 'plausible', category: 'performance', reason: 'performance (plausible)' },
    ]);
    expect(report.visits.accept?.hosts.map((h) => h.host)).not.toContain('plausible.io');
  }, 60_000);
});

describe('a 20-page site with a tracker three links deep', () => {
  it('finds it breadth-first, names its page, and makes 20 pages × 3 visits within 60 s', async () => {
    const result = await scan({ url: 'http://deep.test/', chromiumArgs: web.chromiumArgs });
    const report = buildReport(result, classifier(catalogue));
    for (const visit of [report.visits.none, report.visits.accept, report.visits.reject]) expect(visit?.pages).toHaveLength(20);
    expect(report.visits.none?.pages.slice(0, 5)).toEqual(['http://deep.test/', 'http://deep.test/s1/', 'http://deep.test/s2/', 'http://deep.test/s3/', 'http://deep.test/s4/']);
    expect(report.leaks.filter((l) => l.visit === 'none').map((l) => [l.kind, l.name, l.page])).toEqual([
      ['host', 'cdn.unknown-widget.example', DEEP_TRACKER_PAGE],
      ['cookie', 'uw_visitor', DEEP_TRACKER_PAGE],
      ['storage', 'uw_state', DEEP_TRACKER_PAGE],
    ]);
    console.log(`deep.test: 20 pages × 3 visits in ${(result.durationMs / 1000).toFixed(1)} s`);
    expect(result.durationMs).toBeLessThan(60_000);
  }, 120_000);

  it('stops at --pages: with 5, the tracker three links deep is not reached', async () => {
    const report = await scanReport('http://deep.test/', 5);
    expect(report.visits.none?.pages).toHaveLength(5);
    expect(report.leaks).toEqual([]);
  }, 60_000);
});
