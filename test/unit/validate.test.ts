import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/defaults';
import { validateConfig } from '../../src/core/validate';

describe('validateConfig', () => {
  it('gives the built-in configuration, silently, when there is none', () => {
    expect(validateConfig({})).toEqual({ config: defaultConfig(), errors: [], warnings: [] });
  });

  it('the built-in configuration is the one the documentation describes', () => {
    const { categories, cookie, googleConsentMode, language, revision } = validateConfig({}).config;
    expect(Object.keys(categories)).toEqual(['necessary', 'performance', 'advertising', 'third-party']);
    expect(categories.necessary?.required).toBe(true);
    expect(categories.advertising?.gpcOptOut).toBe(true);
    expect(cookie).toEqual({ name: 'temoin', expiresDays: 182, domain: '', path: '/', sameSite: 'Lax' });
    expect({ googleConsentMode, language, revision }).toEqual({ googleConsentMode: true, language: 'auto', revision: 1 });
  });

  it('keeps the defaults for every key not given, and the cookie keys not given', () => {
    const { config, errors } = validateConfig({ revision: 4, cookie: { name: 'consent', domain: 'example.com' } });
    expect(errors).toEqual([]);
    expect(config).toEqual({
      ...defaultConfig(),
      revision: 4,
      cookie: { ...defaultConfig().cookie, name: 'consent', domain: 'example.com' },
    });
  });

  it('replaces the categories as a whole, in the order given', () => {
    const categories = { essential: { required: true }, stats: { cookies: ['_pk_*'] } };
    const { config } = validateConfig({ categories });
    expect(Object.keys(config.categories)).toEqual(['essential', 'stats']);
    expect(config.categories).toEqual(categories);
  });

  it('caps the cookie lifetime at 395 days (13 months), with a warning', () => {
    expect(validateConfig({ cookie: { expiresDays: 395 } })).toMatchObject({ warnings: [], config: { cookie: { expiresDays: 395 } } });
    const { config, errors, warnings } = validateConfig({ cookie: { expiresDays: 730 } });
    expect(errors).toEqual([]);
    expect(config.cookie.expiresDays).toBe(395);
    expect(warnings).toEqual(['cookie.expiresDays: capped at 395 days (13 months)']);
  });

  it('fails closed: any error gives the built-in configuration back, with every error named', () => {
    const input = {
      revision: 7,
      categories: { stats: { cookies: '_ga' } },
      cookie: { sameSite: 'lax', expiresDays: 30 },
      reopenButton: false,
    };
    const { config, errors } = validateConfig(input);
    expect(config).toEqual(defaultConfig());
    expect(errors).toEqual([
      'categories.stats.cookies: expected an array of strings',
      'cookie.sameSite: expected one of Lax, Strict, None',
    ]);
  });

  it('rejects what is not a configuration object at all', () => {
    for (const input of [null, [], 'revision: 1', 3])
      expect(validateConfig(input)).toEqual({ config: defaultConfig(), errors: ['config: expected an object'], warnings: [] });
  });

  it('takes null as a mistake, not as "absent"', () => {
    expect(validateConfig({ revision: null }).errors).toEqual(['revision: expected an integer from 0 to 2147483647']);
  });

  it('warns about unknown keys and ignores them', () => {
    const { config, errors, warnings } = validateConfig({ revison: 2, cookie: { expires: 30 } });
    expect(errors).toEqual([]);
    expect(warnings).toEqual(['revison: unknown key, ignored', 'cookie.expires: unknown key, ignored']);
    expect(config.revision).toBe(1);
    expect(config).not.toHaveProperty('revison');
  });

  it('accepts "$schema", for editors, without a word and without keeping it', () => {
    const { config, errors, warnings } = validateConfig({ $schema: './node_modules/temoin/config.schema.json' });
    expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
    expect(config).toEqual(defaultConfig());
  });

  it('does not trip on keys every object inherits (__proto__, constructor, toString)', () => {
    const input: unknown = JSON.parse('{"__proto__": {"revision": 9}, "constructor": 1, "toString": "x", "cookie": {"valueOf": 2}}');
    const { config, errors, warnings } = validateConfig(input);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      '__proto__: unknown key, ignored',
      'constructor: unknown key, ignored',
      'toString: unknown key, ignored',
      'cookie.valueOf: unknown key, ignored',
    ]);
    expect(config.revision).toBe(1);
  });

  it('refuses a Consent Mode type mapped to a category that does not exist, naming it and the categories there are', () => {
    const { config, errors, warnings } = validateConfig({
      categories: { necessary: { required: true }, analytics: {} },
      googleConsentMode: { analytics_storage: 'analytics' },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config.googleConsentMode).toEqual({ analytics_storage: 'analytics' });
    expect(validateConfig({ googleConsentMode: { analytics_storage: 'analytics' } }).errors).toEqual([
      'googleConsentMode.analytics_storage: no category "analytics" in categories (necessary, performance, advertising, third-party)',
    ]);
  });

  it('names the Consent Mode types no category grants when a category of the site grants none', () => {
    // A site without advertising: its ad types stay denied, rightly, and nothing is said.
    expect(validateConfig({ categories: { necessary: { required: true }, performance: {} } }).warnings).toEqual([]);
    // Ids that mean the built-in ones are followed (vanilla-cookieconsent's `analytics` and `ads`).
    expect(validateConfig({ categories: { necessary: { required: true }, analytics: {}, ads: {} } }).warnings).toEqual([]);
    // A category whose meaning Témoin cannot tell: the types left denied are named, with the fix.
    expect(validateConfig({ categories: { necessary: { required: true }, partners: {} } }).warnings).toEqual([
      'googleConsentMode: no category grants analytics_storage, ad_storage, ad_user_data, ad_personalization, personalization_storage, which stay denied; if "partners" should, map it: {"analytics_storage": "partners"}',
    ]);
    expect(validateConfig({ categories: { necessary: { required: true }, partners: {} }, googleConsentMode: false }).warnings).toEqual([]);
  });

  it("refuses, for a page, a cookie domain that is neither its host nor a domain it is under (the browser would refuse every write)", () => {
    const domain = (value: string, host: string) => validateConfig({ cookie: { domain: value } }, host).errors;
    expect(domain('example.com', 'www.example.com')).toEqual([]);
    expect(domain('.example.com', 'shop.www.example.com')).toEqual([]);
    expect(domain('www.example.com', 'www.example.com')).toEqual([]);
    expect(domain('Example.COM', 'www.example.com')).toEqual([]);
    expect(domain('exmaple.com', 'www.example.com')).toEqual([
      'cookie.domain: "exmaple.com" is neither this page\'s host (www.example.com) nor a domain it is under: the consent cookie could not be written',
    ]);
    expect(domain('ample.com', 'www.example.com')).toHaveLength(1);
    // Without a page (a build step, a server), the domain cannot be judged.
    expect(validateConfig({ cookie: { domain: 'exmaple.com' } }).errors).toEqual([]);
  });

  it('refuses an empty list of categories, and ids too long for the consent cookie', () => {
    expect(validateConfig({ categories: {} }).errors).toEqual(['categories: expected at least one category']);
    const long = Object.fromEntries(['a'.repeat(25), 'b'.repeat(25), 'c'.repeat(24), 'd'.repeat(23)].map((id) => [id, {}]));
    expect(Object.keys(long).join('.')).toHaveLength(100);
    expect(validateConfig({ categories: long }).errors).toEqual([]);
    long.e = {};
    expect(validateConfig({ categories: long }).errors).toEqual([
      'categories: ids too long for the consent cookie (at most 100 characters in all)',
    ]);
  });
});
