/**
 * The scanner's pure parts: reading what wrote a cookie and what made a request, the crawl order,
 * the leak rules and the files written from a report.
 */
import { describe, expect, it } from 'vitest';
import { chromiumArgsFromEnv } from '../../src/scan/browser';
import { catalogue, classifier } from '../../src/scan/catalogue';
import { compareWithConfig } from '../../src/scan/config-diff';
import { consentConfig } from '../../src/scan/consent-config';
import { cookieTable } from '../../src/scan/cookie-table';
import { breadthFirst, mapConcurrently, sameOriginLinks } from '../../src/scan/crawl';
import { lifetimeInWords, observedLifetime } from '../../src/scan/lifetime';
import { causeOf, startTagAt } from '../../src/scan/initiator';
import { buildReport, catalogueName } from '../../src/scan/report';
import { causeInWords, reportMarkdown } from '../../src/scan/report-md';
import type { ScanResult } from '../../src/scan/scan';
import { cookieWritten, scriptOf } from '../../src/scan/set-by';
import { isFirstPartyCookie, isFirstPartyHost, isFirstPartyUrl } from '../../src/scan/site';
import type { SeenCookie, SeenRequest, SeenStorage, VisitObservation } from '../../src/scan/types';

describe('what wrote a cookie', () => {
  it('reads the name and domain a Set-Cookie value or document.cookie assignment writes', () => {
    expect(cookieWritten('_ga=GA1.1.1.2; Max-Age=63072000; Path=/; Domain=.Example.com', 'www.example.com')).toEqual({ name: '_ga', domain: 'example.com' });
    expect(cookieWritten('sid=abc; HttpOnly', 'shop.example')).toEqual({ name: 'sid', domain: 'shop.example' });
    expect(cookieWritten(' spaced = 1 ', 'a.example')).toEqual({ name: 'spaced', domain: 'a.example' });
    expect(cookieWritten('no-equals-sign', 'a.example')).toBeNull();
    expect(cookieWritten('=value', 'a.example')).toBeNull();
  });

  it('takes the first http(s) frame of a stack as the script that called', () => {
    const stack = [
      'Error',
      '    at HTMLDocument.set [as cookie] (<anonymous>:4:186)',
      '    at setCookie (https://www.googletagmanager.com/gtag/js?id=G-1:12:40)',
      '    at https://site.example/app.js:1:1',
    ].join('\n');
    expect(scriptOf(stack)).toBe('https://www.googletagmanager.com/gtag/js?id=G-1');
    expect(scriptOf('Error\n    at eval (eval at run (https://cdn.example/tag.js:3:9), <anonymous>:1:1)')).toBe('https://cdn.example/tag.js');
    expect(scriptOf('Error\n    at <anonymous>:1:1')).toBeNull();
  });
});

describe('the crawl', () => {
  it('follows same-origin http(s) links only, without fragments, each once, in document order', () => {
    expect(
      sameOriginLinks(
        ['https://a.example/x', 'https://a.example/x#top', 'http://a.example/y', 'https://a.example:8443/z', 'https://b.example/', 'mailto:me@a.example', 'not a url', 'https://a.example/w?q=1'],
        'https://a.example',
      ),
    ).toEqual(['https://a.example/x', 'https://a.example/w?q=1']);
  });

  it('is breadth-first whatever order the pages finish in, and stops at the limit', async () => {
    const links: Record<string, string[]> = { '/': ['/a', '/b'], '/a': ['/a1', '/b'], '/b': ['/b1', '/'], '/a1': ['/deep'], '/b1': [] };
    const visited: string[] = [];
    const pages = await breadthFirst('/', 4, 2, async (url) => {
      visited.push(url);
      // The first page of each level answers last.
      await new Promise((done) => setTimeout(done, url === '/a' ? 20 : 0));
      return links[url] ?? [];
    });
    expect(pages).toEqual(['/', '/a', '/b', '/a1']);
    expect(visited.sort()).toEqual(['/', '/a', '/a1', '/b']);
  });

  it('runs at most `concurrency` at once and keeps results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([3, 1, 2, 5, 4], 2, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((done) => setTimeout(done, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([30, 10, 20, 50, 40]);
    expect(most).toBe(2);
  });
});

describe('TEMOIN_CHROMIUM_ARGS', () => {
  it('splits before each --, so that a value may contain spaces', () => {
    expect(chromiumArgsFromEnv('--host-resolver-rules=MAP *.test 127.0.0.1:8080, MAP * 127.0.0.1:8443 --ignore-certificate-errors')).toEqual([
      '--host-resolver-rules=MAP *.test 127.0.0.1:8080, MAP * 127.0.0.1:8443',
      '--ignore-certificate-errors',
    ]);
    expect(chromiumArgsFromEnv('  ')).toEqual([]);
    expect(chromiumArgsFromEnv(undefined)).toEqual([]);
  });
});

describe('lifetimes in words', () => {
  it.each([
    ['P2Y', '2 years', '2 ans'],
    ['P13M', '13 months', '13 mois'],
    ['P1D', '1 day', '1 jour'],
    ['PT30M', '30 minutes', '30 minutes'],
    ['P1Y6M', '1 year and 6 months', '1 an et 6 mois'],
    ['session', 'session (until the browser closes)', 'session (jusqu’à la fermeture du navigateur)'],
  ])('%s', (iso, en, fr) => {
    expect(lifetimeInWords(iso, 'en')).toBe(en);
    expect(lifetimeInWords(iso, 'fr')).toBe(fr);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['2 years', 'P', 'PT', 'P1H']) expect(() => lifetimeInWords(text, 'en')).toThrow(/not an ISO 8601 duration/);
  });

  it('rounds an observed expiry to the largest unit', () => {
    const seen = '2026-01-01T00:00:00.000Z';
    expect(observedLifetime('2027-12-31T12:00:00.000Z', seen, 'en')).toBe('2 years');
    expect(observedLifetime('2026-04-01T00:00:00.000Z', seen, 'fr')).toBe('3 mois');
    expect(observedLifetime('2026-01-02T00:00:00.000Z', seen, 'en')).toBe('1 day');
    expect(observedLifetime('2026-01-01T00:01:00.000Z', seen, 'en')).toBe('1 minute');
    expect(observedLifetime(null, seen, 'en')).toBe('session (until the browser closes)');
  });
});

const SITE = { start: 'https://www.shop.example/', origin: 'https://www.shop.example', domain: 'shop.example' };
const page = SITE.start;
const cookie = (name: string, domain: string, setBy: SeenCookie['setBy'], expires: number | null = null): SeenCookie => ({ name, domain, path: '/', expires, page, setBy });
const storage = (key: string, origin: string, setBy: SeenStorage['setBy']): SeenStorage => ({ area: 'localStorage', key, origin, page, setBy });
const request = (url: string, cause: SeenRequest['cause'] = null): SeenRequest => ({ host: new URL(url).hostname, url, page, cause });
const visit = (name: VisitObservation['visit'], seen: Partial<VisitObservation>): VisitObservation => ({
  visit: name, pages: [page], cookies: [], storage: [], requests: [], failedRequests: [], failures: [], ...seen,
});
const script = (url: string) => ({ kind: 'script' as const, url });
const response = (url: string) => ({ kind: 'response' as const, url });
const UNKNOWN = { kind: 'unknown' as const, url: null };

const result = (visits: ScanResult['visits'], consentCookie = 'temoin'): ScanResult => ({
  site: SITE, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1234, runsTemoin: visits.accept !== null,
  consentCookie: visits.accept === null ? null : consentCookie, pagesLimit: 20, visits,
});

describe('leaks', () => {
  const none = visit('none', {
    cookies: [
      cookie('_ga', '.shop.example', script('https://www.googletagmanager.com/gtag/js?id=G-1')),
      cookie('cart', 'www.shop.example', response('https://www.shop.example/')),
      cookie('theme', 'www.shop.example', script('https://www.shop.example/app.js')),
      cookie('widget_id', '.shop.example', script('https://cdn.widget.example/w.js')),
      cookie('tp', '.tracker.example', UNKNOWN),
      cookie('__cf_bm', '.shop.example', response('https://www.shop.example/')),
      cookie('old', 'www.shop.example', UNKNOWN),
    ],
    storage: [storage('cart_state', 'https://www.shop.example', UNKNOWN), storage('frame_key', 'https://player.vendor.example', UNKNOWN)],
    requests: [
      request('https://www.recaptcha.net/recaptcha/api.js'),
      request('https://cdn.widget.example/w.js', { kind: 'element', url: page, line: 7, element: '<script src="https://cdn.widget.example/w.js">' }),
    ],
  });
  const report = buildReport(result({ none, accept: null, reject: null }), classifier(catalogue));

  it('classified non-necessary items, and unclassified ones written by or belonging to a third party', () => {
    expect(report.leaks.map((l) => [l.kind, l.name, l.reason])).toEqual([
      ['host', 'cdn.widget.example', 'third-party host, not in the catalogue'],
      ['cookie', '_ga', 'performance (google-analytics)'],
      ['cookie', 'tp', 'third-party cookie, not in the catalogue'],
      ['cookie', 'widget_id', 'written by https://cdn.widget.example/w.js, not in the catalogue'],
      ['storage', 'frame_key', 'storage of https://player.vendor.example, not in the catalogue'],
    ]);
  });

  it('each leak names what caused it, when the browser said: the element, the script or the response', () => {
    expect(report.leaks.map((l) => [l.name, causeInWords(l.cause)])).toEqual([
      ['cdn.widget.example', '<script src="https://cdn.widget.example/w.js"> (line 7 of https://www.shop.example/)'],
      ['_ga', 'script https://www.googletagmanager.com/gtag/js?id=G-1'],
      ['tp', 'not said by the browser'],
      ['widget_id', 'script https://cdn.widget.example/w.js'],
      ['frame_key', 'not said by the browser'],
    ]);
    expect(reportMarkdown(report, catalogue)).toContain(
      '| No decision | https://www.shop.example/ | host | `cdn.widget.example` | unclassified | third-party host, not in the catalogue | `<script src="https://cdn.widget.example/w.js">` (line 7 of https://www.shop.example/) |',
    );
  });

  it('not what is strictly necessary, nor what the site itself wrote and the catalogue does not know', () => {
    const names = report.leaks.map((l) => l.name);
    for (const name of ['__cf_bm', 'www.recaptcha.net', 'cart', 'theme', 'old', 'cart_state']) expect(names).not.toContain(name);
  });

  it('first party means within the site’s registrable domain: its subdomains and parent-domain cookies', () => {
    expect(isFirstPartyHost(SITE, 'cdn.shop.example')).toBe(true);
    expect(isFirstPartyHost(SITE, 'shop.example')).toBe(true);
    expect(isFirstPartyHost(SITE, 'notshop.example')).toBe(false);
    expect(isFirstPartyCookie(SITE, '.shop.example')).toBe(true);
    expect(isFirstPartyCookie(SITE, '.example')).toBe(false);
    expect(isFirstPartyUrl(SITE, 'https://static.shop.example/a.js')).toBe(true);
    expect(isFirstPartyUrl(SITE, 'not a url')).toBe(false);
  });

  it('the report says Nothing leaks when nothing does', () => {
    const clean = buildReport(result({ none: visit('none', {}), accept: null, reject: null }), classifier(catalogue));
    expect(reportMarkdown(clean, catalogue)).toContain('Nothing leaks: before a decision and after Reject all');
  });
});

describe('from a report to consent.json, the cookie tables and the --config differences', () => {
  const accept = visit('accept', {
    cookies: [
      cookie('temoin', 'www.shop.example', script('https://www.shop.example/temoin.min.js'), Date.parse('2026-07-02T00:00:00Z') / 1000),
      cookie('_ga', '.shop.example', script('https://www.googletagmanager.com/gtag/js'), Date.parse('2028-01-01T00:00:00Z') / 1000),
      cookie('_ga_X1', '.shop.example', script('https://www.googletagmanager.com/gtag/js'), Date.parse('2028-01-01T00:00:00Z') / 1000),
      cookie('_fbp', '.shop.example', script('https://connect.facebook.net/en_US/fbevents.js'), Date.parse('2026-04-01T00:00:00Z') / 1000),
      cookie('mystery', 'www.shop.example', UNKNOWN),
    ],
    storage: [storage('_hjViewportId', 'https://www.shop.example', script('https://static.hotjar.com/c/hotjar-1.js'))],
    requests: [request('https://player.vimeo.com/video/1')],
  });
  const report = buildReport(result({ none: visit('none', {}), accept, reject: visit('reject', {}) }), classifier(catalogue));

  it('consent.json: catalogue patterns under their category, vendors with their policy, Témoin and unknowns left out', () => {
    expect(consentConfig(report, catalogue)).toEqual({
      revision: 1,
      categories: {
        necessary: { required: true },
        performance: {
          cookies: ['_ga', '_ga_*'],
          storage: ['_hj*'],
          vendors: [
            { name: 'Google', privacyPolicyUrl: 'https://policies.google.com/privacy' },
            { name: 'Hotjar', privacyPolicyUrl: 'https://www.hotjar.com/legal/policies/privacy/' },
          ],
        },
        advertising: { cookies: ['_fbp'], vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }], gpcOptOut: true },
        'third-party': { vendors: [{ name: 'Vimeo', privacyPolicyUrl: 'https://vimeo.com/privacy' }] },
      },
    });
  });

  it('the cookie table gives the vendor’s lifetime, else the observed one, and lists the unknown apart', () => {
    const english = cookieTable(report, catalogue, 'en');
    expect(english).toContain('| `temoin` | Témoin | Keeps the visitor’s cookie choices');
    expect(english).toContain('| 182 days | Strictly necessary |');
    expect(english).toContain('| `_fbp` | Meta (Meta Pixel) |');
    expect(english).toContain('| 3 months (observed) | Advertising |');
    expect(english).toContain('| `_hj*` | Hotjar |');
    expect(english).toContain('| until deleted (localStorage) | Performance |');
    expect(english).toMatch(/describe these yourself before publishing the table:\n\n- `mystery`\n$/);
    const french = cookieTable(report, catalogue, 'fr');
    expect(french).toContain('| 3 mois (constatée) | Publicité |');
    expect(french).toContain('| 182 jours | Strictement nécessaires |');
    // Necessary first, then performance, then advertising: the categories' display order.
    expect(english.indexOf('`temoin`')).toBeLessThan(english.indexOf('`_ga`'));
    expect(english.indexOf('`_ga`')).toBeLessThan(english.indexOf('`_fbp`'));
  });

  it('--config: patterns declared and never matched, things seen and not declared (Témoin’s own cookie and keys aside)', () => {
    const categories = { necessary: { required: true }, performance: { cookies: ['_ga*', '_gid'], storage: ['_hj*'] }, advertising: {} };
    expect(compareWithConfig(report, { categories })).toEqual({
      declaredNotSeen: [{ category: 'performance', kind: 'cookie', pattern: '_gid' }],
      seenNotDeclared: [
        { kind: 'cookie', name: '_fbp', service: 'meta-pixel', category: 'advertising' },
        { kind: 'cookie', name: 'mystery', service: null, category: null },
      ],
    });
  });
});

describe('what the scan could not see', () => {
  const none = visit('none', {
    pages: [page, `${page}gone`],
    failures: [{ page: `${page}gone`, reason: 'answered 404 Not Found', status: 404 }],
    failedRequests: [
      { host: 'snap.licdn.com', url: 'https://snap.licdn.com/li.lms-analytics/insight.min.js', page, error: 'net::ERR_NAME_NOT_RESOLVED' },
      { host: 'static.shop.example', url: 'https://static.shop.example/app.js', page, error: 'net::ERR_CONNECTION_REFUSED' },
    ],
  });
  const report = buildReport(result({ none, accept: null, reject: null }), classifier(catalogue));

  it('report.json: the failed pages with their status, the unreachable hosts classified', () => {
    expect(report.visits.none?.failures).toEqual([{ page: `${page}gone`, reason: 'answered 404 Not Found', status: 404 }]);
    expect(report.visits.none?.unreachable).toEqual([
      { host: 'snap.licdn.com', url: 'https://snap.licdn.com/li.lms-analytics/insight.min.js', page, error: 'net::ERR_NAME_NOT_RESOLVED', firstParty: false, service: 'linkedin-insight', vendor: 'LinkedIn', category: 'advertising' },
      { host: 'static.shop.example', url: 'https://static.shop.example/app.js', page, error: 'net::ERR_CONNECTION_REFUSED', firstParty: true, service: null, vendor: null, category: null },
    ]);
  });

  it('report.md says so before the leaks, and lists them under the visit', () => {
    const markdown = reportMarkdown(report, catalogue);
    expect(markdown).toContain('**1 page failed** (listed under each visit): https://www.shop.example/gone answered 404 Not Found.');
    expect(markdown).toContain('**1 third-party host could not be reached** (`snap.licdn.com`): what they would have set is missing, so the cookie table may be incomplete.');
    expect(markdown.indexOf('could not be reached')).toBeLessThan(markdown.indexOf('## Leaks'));
    expect(markdown).toContain('Pages that failed:\n\n- https://www.shop.example/gone: answered 404 Not Found');
    expect(markdown).toContain('### Could not be reached: 2');
    expect(markdown).toContain('| snap.licdn.com | LinkedIn Insight Tag | net::ERR_NAME_NOT_RESOLVED |');
  });

  it('a scan that saw everything says nothing of the kind', () => {
    const clean = reportMarkdown(buildReport(result({ none: visit('none', {}), accept: null, reject: null }), classifier(catalogue)), catalogue);
    expect(clean).not.toContain('could not be reached');
    expect(clean).not.toContain('failed');
  });
});

describe('what made a request (Chromium’s initiator)', () => {
  const html = '<!doctype html>\n<head>\n  <script async\n      src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>\n</head><body><img src="https://px.example/p.gif"></body>';

  /** Where Chromium points for the element whose start tag ends with `text`: the line and column (from 0) right after it. */
  const after = (text: string) => {
    const end = html.indexOf(text) + text.length;
    const before = html.slice(0, end).split('\n');
    return [before.length - 1, (before.at(-1) ?? '').length] as const;
  };

  it('the start tag that ends where Chromium points, across lines', () => {
    expect(startTagAt(html, ...after('G-1">'))).toBe('<script async src="https://www.googletagmanager.com/gtag/js?id=G-1">');
    expect(startTagAt(html, ...after('p.gif">'))).toBe('<img src="https://px.example/p.gif">');
    expect(startTagAt(html, 9, 0)).toBeNull();
    expect(startTagAt(html, 0, 500)).toBeNull();
    expect(startTagAt('text only', 0, 4)).toBeNull();
    expect(startTagAt(`<img alt="${'x'.repeat(300)}">`, 0, 312)).toHaveLength(200);
  });

  it('an element when the start tag where Chromium points names the address requested; a script by its first frame with an address', () => {
    const known = (url: string) => (url === page ? html : null);
    const pixel = 'https://px.example/p.gif';
    const [lineNumber, columnNumber] = after('p.gif">');
    expect(causeOf({ type: 'parser', url: page, lineNumber, columnNumber }, { url: pixel, page }, known)).toEqual({ kind: 'element', url: page, line: lineNumber + 1, element: '<img src="https://px.example/p.gif">' });
    const stack = { callFrames: [{ url: '', lineNumber: 0 }], parent: { callFrames: [{ url: 'https://cdn.example/a.js', lineNumber: 41 }] } };
    expect(causeOf({ type: 'script', stack }, { url: pixel, page }, known)).toEqual({ kind: 'script', url: 'https://cdn.example/a.js', line: 42, element: null });
    expect(causeOf({ type: 'script', url: 'https://cdn.example/m.js', lineNumber: 0 }, { url: pixel, page }, known)).toEqual({ kind: 'script', url: 'https://cdn.example/m.js', line: 1, element: null });
  });

  it('a script’s request for what an element tagged data-category names: that element, released', () => {
    const tagged = '<!doctype html>\n<head>\n<script type="text/plain" data-category="!performance"\n  src="https://plausible.io/js/script.js"></script>';
    const fromTemoin = { type: 'script', stack: { callFrames: [{ url: `${page}temoin/temoin.abcdefghij.min.js`, lineNumber: 0 }] } };
    expect(causeOf(fromTemoin, { url: 'https://plausible.io/js/script.js', page }, () => tagged)).toEqual({
      kind: 'element',
      url: page,
      line: 3,
      element: '<script type="text/plain" data-category="!performance" src="https://plausible.io/js/script.js">',
    });
    expect(causeOf(fromTemoin, { url: 'https://other.example/x.js', page }, () => tagged)).toEqual({ kind: 'script', url: `${page}temoin/temoin.abcdefghij.min.js`, line: 1, element: null });
  });

  it('nothing where the browser does not say: a script’s request while the parser waits, a page it has no HTML of, `other`', () => {
    const known = (url: string) => (url === page ? html : null);
    // Chromium gives the parser's position (after the gtag <script>) for a beacon the script sends.
    const [lineNumber, columnNumber] = after('G-1">');
    expect(causeOf({ type: 'parser', url: page, lineNumber, columnNumber }, { url: 'https://www.google-analytics.com/g/collect', page }, known)).toBeNull();
    expect(causeOf({ type: 'parser', url: 'https://other.example/', lineNumber: 0, columnNumber: 3 }, { url: 'https://px.example/p.gif', page }, known)).toBeNull();
    expect(causeOf({ type: 'other' }, { url: 'https://px.example/p.gif', page }, known)).toBeNull();
    expect(causeOf({ type: 'parser', url: 'about:blank' }, { url: 'https://px.example/p.gif', page }, known)).toBeNull();
  });
});

describe('Témoin’s own cookie and keys', () => {
  const decided = (name: string) =>
    visit('accept', { cookies: [cookie(name, 'www.shop.example', script('https://www.shop.example/temoin/temoin.x.min.js'), Date.parse('2026-07-02T00:00:00Z') / 1000)] });

  it('the cookie table lists every one, each with what it does, whether or not the scan saw it written', () => {
    const english = cookieTable(buildReport(result({ none: visit('none', {}), accept: decided('temoin'), reject: visit('reject', {}) }), classifier(catalogue)), catalogue, 'en');
    expect(english).toContain('| `temoin` | Témoin | Keeps the visitor’s cookie choices: which categories they allowed or refused, when, and under which consent model. | 182 days | Strictly necessary |');
    expect(english).toContain('| `temoin-notice` | Témoin | Remembers that the first-visit notice was shown (opt-out model) or closed (notice model), so that it does not come back. | until deleted (localStorage) | Strictly necessary |');
    expect(english).toContain('| `temoin-proofs` | Témoin | Keeps each proof of consent not yet received by the site’s server, until it acknowledges it. | until deleted (localStorage) | Strictly necessary |');
    expect(english).toContain('| `temoin-checked` | Témoin | Remembers which versions of the site’s consent settings were already found valid, so that a returning visit does not check them again. Holds no choice and nothing about the visitor. | 182 days | Strictly necessary |');
    const french = cookieTable(buildReport(result({ none: visit('none', {}), accept: decided('temoin'), reject: visit('reject', {}) }), classifier(catalogue)), catalogue, 'fr');
    expect(french).toContain('| `temoin-proofs` | Témoin | Garde chaque preuve de consentement');
  });

  it('under the name the site gave its cookie (cookie.name), its keys named after it', () => {
    const report = buildReport(result({ none: visit('none', {}), accept: decided('consent'), reject: visit('reject', {}) }, 'consent'), classifier(catalogue));
    expect(report.visits.accept?.cookies[0]).toMatchObject({ name: 'consent', service: 'temoin', category: 'necessary' });
    const english = cookieTable(report, catalogue, 'en');
    for (const name of ['consent', 'consent-notice', 'consent-proofs']) expect(english).toContain(`| \`${name}\` | Témoin |`);
    // The cookie of checked configurations is read before the configuration: its name is fixed.
    expect(english).toContain('| `temoin-checked` | Témoin |');
    expect(english).not.toMatch(/`temoin(-(?!checked)\w+)?`/);
    expect(catalogueName('consent-proofs', 'consent')).toBe('temoin-proofs');
    expect(catalogueName('consented', 'consent')).toBe('consented');
    expect(catalogueName('temoin', null)).toBe('temoin');
  });

  it('a site without Témoin gets no row of Témoin’s', () => {
    const english = cookieTable(buildReport(result({ none: visit('none', {}), accept: null, reject: null }), classifier(catalogue)), catalogue, 'en');
    expect(english).not.toContain('Témoin |');
  });
});
