/** The catalogue of services: every entry complete and valid, no two entries claiming the same thing, lookups as documented. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { catalogue, classifier, matches, type Service } from '../../src/scan/catalogue';
import { lifetimeInWords } from '../../src/scan/lifetime';

const schema = JSON.parse(readFileSync(new URL('../../src/scan/catalogue/services.schema.json', import.meta.url), 'utf8')) as object;
const { services } = catalogue;

/** Two name patterns (exact or `prefix*`) that some name would match both. */
function overlap(a: string, b: string): boolean {
  const prefix = (p: string) => (p.endsWith('*') ? p.slice(0, -1) : null);
  const [pa, pb] = [prefix(a), prefix(b)];
  if (pa !== null && pb !== null) return pa.startsWith(pb) || pb.startsWith(pa);
  if (pa !== null) return b.startsWith(pa);
  if (pb !== null) return a.startsWith(pb);
  return a === b;
}

/** Two cookie rules' domains that can hold the same cookie: either has none, or one is within the other. */
const sameDomains = (a?: string, b?: string) => a === undefined || b === undefined || a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

const pairs = <T>(list: T[]): [T, T][] => list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));

describe('the catalogue', () => {
  it('is valid against its JSON Schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, catalogue);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has the services the scan is expected to know, and at least 35 entries', () => {
    const ids = services.map((s) => s.id);
    for (const id of [
      'google-analytics', 'google-ads', 'google-tag-manager', 'meta-pixel', 'linkedin-insight', 'tiktok-pixel', 'hotjar',
      'microsoft-clarity', 'microsoft-uet', 'matomo', 'plausible', 'youtube', 'vimeo', 'google-maps', 'recaptcha', 'stripe',
      'intercom', 'hubspot-analytics', 'cloudflare', 'temoin',
    ])
      expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(services.length).toBeGreaterThanOrEqual(35);
  });

  it.each(services.map((s): [string, Service] => [s.id, s]))('%s: complete, in English and French, with lifetimes in words', (_, service) => {
    expect(service.purpose.en).not.toBe(service.purpose.fr);
    expect(service.cookies.length + service.storage.length + service.hosts.length).toBeGreaterThan(0);
    for (const cookie of service.cookies)
      if (cookie.lifetime) for (const language of ['en', 'fr'] as const) expect(lifetimeInWords(cookie.lifetime, language)).toMatch(/^\d+ \S+|^session/);
    // Témoin alone has no privacy policy of its own: it is the site's software and sends nothing to its maker.
    expect(service.privacyPolicyUrl === null).toBe(service.id === 'temoin');
  });

  it('no two entries claim the same cookie name or pattern (on the same domain)', () => {
    const rules = services.flatMap((s) => s.cookies.map((c) => ({ service: s, ...c })));
    // An exact name inside another entry's prefix is classified by the exact name; the prefix's entry must say so.
    const explained = (a: (typeof rules)[number], b: (typeof rules)[number]) =>
      a.name.endsWith('*') !== b.name.endsWith('*') && [a, b].some((r) => r.name.endsWith('*') && r.service.note?.includes([a, b].find((o) => o !== r)?.name ?? '\0'));
    const clashes = pairs(rules)
      .filter(([a, b]) => a.service.id !== b.service.id && overlap(a.name, b.name) && sameDomains(a.domain, b.domain) && !explained(a, b))
      .map(([a, b]) => `${a.service.id} ${a.name} / ${b.service.id} ${b.name}`);
    expect(clashes).toEqual([]);
  });

  it('no two entries claim the same storage key or pattern', () => {
    const rules = services.flatMap((s) => s.storage.map((k) => ({ id: s.id, key: k.key })));
    expect(pairs(rules).filter(([a, b]) => a.id !== b.id && overlap(a.key, b.key)).map(([a, b]) => `${a.key} / ${b.key}`)).toEqual([]);
  });

  it('hosts shared by two entries are told apart by path, and the entries say why', () => {
    const rules = services.flatMap((s) => s.hosts.map((h) => ({ service: s, ...h })));
    for (const [a, b] of pairs(rules)) {
      if (a.service.id === b.service.id || a.host !== b.host) continue;
      expect(a.path !== undefined && b.path !== undefined && !a.path.startsWith(b.path) && !b.path.startsWith(a.path), a.host).toBe(true);
      expect(a.service.note ?? b.service.note).toBeDefined();
    }
  });
});

describe('classifier', () => {
  const classify = classifier();

  it('matches exact names and prefixes, the more specific first', () => {
    expect(matches('_ga_*', '_ga_ABC123')).toBe(true);
    expect(matches('_ga_*', '_ga')).toBe(false);
    expect(matches('_ga', '_gat')).toBe(false);
    expect(classify.cookie('_ga', '.example.com')?.service.id).toBe('google-analytics');
    expect(classify.cookie('_ga_ABC123', 'example.com')?.rule.name).toBe('_ga_*');
    expect(classify.cookie('_gat_UA-1', 'example.com')?.service.id).toBe('google-analytics-universal');
    expect(classify.cookie('_pk_id.1.a1b2', 'example.com')?.service.id).toBe('matomo');
    expect(classify.cookie('AMP_TOKEN', 'example.com')?.service.id).toBe('google-analytics-universal');
    expect(classify.cookie('AMP_a2dbce0e18', 'example.com')?.service.id).toBe('amplitude');
  });

  it('a name several vendors use is classified only on the domain its entry names', () => {
    expect(classify.cookie('MUID', '.clarity.ms')?.service.id).toBe('microsoft-clarity');
    expect(classify.cookie('MUID', '.bing.com')?.service.id).toBe('microsoft-uet');
    expect(classify.cookie('MUID', 'example.com')).toBeNull();
    expect(classify.cookie('player', '.vimeo.com')?.service.id).toBe('vimeo');
    expect(classify.cookie('player', 'example.com')).toBeNull();
  });

  it('requests by host, wildcard host and path', () => {
    expect(classify.request(new URL('https://region1.google-analytics.com/g/collect'))?.service.id).toBe('google-analytics');
    expect(classify.request(new URL('https://www.google.com/recaptcha/api.js'))?.service.id).toBe('recaptcha');
    expect(classify.request(new URL('https://www.google.com/maps/embed?pb=1'))?.service.id).toBe('google-maps');
    expect(classify.request(new URL('https://www.google.com/search?q=x'))).toBeNull();
    expect(classify.request(new URL('https://www.facebook.com/tr?id=1'))?.service.id).toBe('meta-pixel');
  });

  it('what it does not know stays unknown', () => {
    expect(classify.cookie('session_id', 'example.com')).toBeNull();
    expect(classify.storage('cart')).toBeNull();
    expect(classify.request(new URL('https://cdn.example.org/lib.js'))).toBeNull();
  });

  it('Témoin’s own cookie is strictly necessary', () => {
    expect(classify.cookie('temoin', 'www.example.com')?.service).toMatchObject({ id: 'temoin', category: 'necessary' });
  });
});
