import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import schema from '../../config.schema.json';
import { CONSENT_MODE_TYPES } from '../../src/core/consent-mode';
import { defaultConfig } from '../../src/core/defaults';
import { validateConfig } from '../../src/core/validate';
import type { ResolvedConfig, TemoinConfig, Vendor } from '../../src/core/types';
import { anyJson, nearlyValidConfig, oddKey } from './config-arbitraries';

/**
 * `config.schema.json` is what editors check a consent.json against; `validateConfig` is what runs
 * in the browser. They must accept exactly the same configurations, except for the rules a JSON
 * Schema cannot express, listed here:
 * - unknown keys: the schema rejects them, the runtime warns and ignores them (so an unknown-key
 *   warning counts as a rejection below);
 * - all category ids together, joined by dots, longer than 100 characters: an error at run time,
 *   the schema cannot count across keys;
 * - a Google Consent Mode type mapped to a category that does not exist: a warning at run time.
 * The agreement is over JSON values: `init()` given `undefined`, `NaN` or a function as a value
 * rejects it, where a JSON Schema has nothing to say.
 */

const ajv = new Ajv({ strict: true, allErrors: true });
const schemaAccepts = ajv.compile(schema);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UNKNOWN_KEY = ': unknown key, ignored';

/** The exceptions no JSON Schema can express: the category ids would not fit in the consent cookie. */
const idsTooLong = (config: unknown) =>
  isObject(config) && isObject(config.categories) && Object.keys(config.categories).join('.').length > 100;
/** …and a Consent Mode type mapped to a category the configuration does not have. */
const mapsMissingCategory = (config: unknown) => {
  if (!isObject(config) || !isObject(config.googleConsentMode)) return false;
  const ids = isObject(config.categories) ? Object.keys(config.categories) : ['necessary', 'performance', 'advertising', 'third-party'];
  return CONSENT_MODE_TYPES.some((type) => {
    const category = (config.googleConsentMode as Record<string, unknown>)[type];
    return typeof category === 'string' && !ids.includes(category);
  });
};

const runtimeAccepts = (config: unknown) => {
  const { errors, warnings } = validateConfig(config);
  return errors.length === 0 && !warnings.some((w) => w.endsWith(UNKNOWN_KEY));
};

/** Every key of the configuration, each set to a valid value. */
const fullConfig = (): TemoinConfig => ({
  $schema: './node_modules/temoin/config.schema.json',
  revision: 3,
  language: 'fr',
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_ga', '_ga_*'], storage: ['plausible_*'] },
    advertising: {
      cookies: ['_fbp'],
      gpcOptOut: true,
      vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }],
    },
  },
  cookie: { name: 'temoin', expiresDays: 395, domain: 'example.com', path: '/', sameSite: 'Strict' },
  recordEndpoint: '/consent-records',
  googleConsentMode: {
    analytics_storage: 'performance',
    ad_storage: 'advertising',
    wait_for_update: 800,
    region: ['FR', 'CA-QC'],
    ads_data_redaction: true,
    url_passthrough: false,
  },
  translations: { fr: { banner: { title: 'Vos choix' } }, de: { banner: { title: 'Ihre Wahl' } } },
  reopenButton: false,
  reloadOnWithdraw: false,
  nonce: 'r4nd0m',
  regions: { EU: 'opt-in', UK: 'opt-in', 'CA-QC': 'opt-in', US: 'opt-out', 'US-TX': 'notice', '*': 'notice' },
}) as TemoinConfig;

/** The object at a path such as `categories.advertising.vendors[0]` (`''`: the config itself). */
const objectAt = (target: unknown, path: string) =>
  path
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean)
    .reduce((node, key) => node[key] as Record<string, unknown>, target as Record<string, unknown>);

/** Sets `key` of the object at `path` as JSON.parse would, even for a key such as `__proto__`. */
const setKey = (target: unknown, path: string, key: string, value: unknown) => {
  Object.defineProperty(objectAt(target, path), key, { value, enumerable: true, writable: true, configurable: true });
};

/** Sets the value at a path such as `categories.advertising.vendors[0].name`. */
const setAt = (target: unknown, path: string, value: unknown) => {
  const [, parent = '', key = ''] = /^(?:(.*)\.)?([^.]+?)$/.exec(path.replace(/\[(\d+)\]$/, '.$1')) ?? [];
  setKey(target, parent, key, value);
};

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('config.schema.json', () => {
  it('is a JSON Schema (ajv, strict) that accepts every key set, none, and the built-in configuration', () => {
    expect(schemaAccepts(fullConfig()), ajv.errorsText(schemaAccepts.errors)).toBe(true);
    expect(schemaAccepts({})).toBe(true);
    expect(schemaAccepts(defaultConfig()), ajv.errorsText(schemaAccepts.errors)).toBe(true);
  });

  it('describes every key, with the default the runtime applies', () => {
    const properties = schema.properties as Record<string, { default?: unknown; description?: string }>;
    const runtimeKeys = Object.keys(defaultConfig());
    expect(Object.keys(properties).sort()).toEqual(['$schema', ...runtimeKeys].sort());
    for (const key of runtimeKeys) expect(properties[key]?.default, key).toEqual(defaultConfig()[key as keyof ResolvedConfig]);
    const cookie = schema.properties.cookie.properties as Record<string, { default: unknown }>;
    for (const [key, value] of Object.entries(defaultConfig().cookie)) expect(cookie[key]?.default, key).toEqual(value);

    const undescribed: string[] = [];
    JSON.stringify(schema, (key: string, value: unknown) => {
      const isPropertyMap = key === 'properties' || key === 'definitions';
      if (isPropertyMap && isObject(value))
        for (const [name, entry] of Object.entries(value))
          if (isObject(entry) && !entry.description && !entry.$ref) undescribed.push(name);
      return value;
    });
    expect(undescribed).toEqual([]);
  });

  it('accepts exactly what validateConfig accepts, but for the listed exceptions', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(nearlyValidConfig, (generated) => {
        const config = json(generated);
        const bySchema = schemaAccepts(config);
        if (bySchema) accepted++;
        else rejected++;
        const expected = bySchema && !idsTooLong(config) && !mapsMissingCategory(config);
        if (runtimeAccepts(config) !== expected)
          expect.fail(
            `schema ${bySchema ? 'accepts' : `rejects (${ajv.errorsText(schemaAccepts.errors)})`}, ` +
              `validateConfig gives ${JSON.stringify(validateConfig(config))}`,
          );
      }),
      { numRuns: 3000 },
    );
    // Both sides of the boundary were explored.
    expect(accepted).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(500);
  });

  it('rejects an unknown key at every level, where the runtime warns and ignores it', () => {
    const objects = ['', 'cookie', 'categories.performance', 'categories.advertising.vendors[0]', 'googleConsentMode'];
    fc.assert(
      fc.property(fc.constantFrom(...objects), oddKey, anyJson, (where, key, value) => {
        fc.pre(!knownKeys(where).includes(key));
        const config = fullConfig();
        setKey(config, where, key, value);
        const input = json(config);
        const { errors, warnings } = validateConfig(input);
        expect(errors).toEqual([]);
        expect(warnings).toEqual([`${where ? `${where}.` : ''}${key}${UNKNOWN_KEY}`]);
        expect(schemaAccepts(input)).toBe(false);
      }),
    );
  });
});

/** The keys the schema names for the object at `where` in `fullConfig()`. */
const knownKeys = (where: string): string[] => {
  const consentModeObject = schema.properties.googleConsentMode.oneOf[1] as { properties: object };
  const byLevel: Record<string, object> = {
    '': schema.properties,
    cookie: schema.properties.cookie.properties,
    'categories.performance': schema.definitions.category.properties,
    'categories.advertising.vendors[0]': schema.definitions.vendor.properties,
    googleConsentMode: consentModeObject.properties,
  };
  return Object.keys(byLevel[where] ?? {});
};

/**
 * One wrong value at a known place: the runtime names exactly that field and the problem, in the
 * documented form (`categories.performance.cookies: expected an array of strings`), and the
 * schema rejects it too.
 */
const mistakes: [path: string, wrong: fc.Arbitrary<unknown>, problem: string][] = [
  ['revision', fc.constantFrom(-1, 2 ** 31, 1.5, '3', null), 'expected an integer from 0 to 2147483647'],
  ['language', fc.constantFrom('Auto', 'EN', 'french', 'fr_CA', 'fr-', 42), 'expected "auto" or a language code'],
  ['privacyPolicyUrl', fc.constantFrom(null, 1, ['/privacy']), 'expected a string'],
  ['categories', fc.constantFrom(null, [], 'necessary'), 'expected an object'],
  ['categories', fc.constant({}), 'expected at least one category'],
  ['categories.performance', fc.constantFrom(true, [], 'yes'), 'expected an object'],
  ['categories.performance.required', fc.constantFrom('true', 1, null), 'expected true or false'],
  ['categories.performance.cookies', fc.constantFrom('_ga', [1], [null], {}), 'expected an array of strings'],
  ['categories.performance.storage', fc.constantFrom('key', [['key']]), 'expected an array of strings'],
  ['categories.advertising.vendors', fc.constantFrom('Meta', {}), 'expected an array'],
  ['categories.advertising.vendors[0]', fc.constantFrom('Meta', null, []), 'expected an object'],
  ['categories.advertising.vendors[0].name', fc.constantFrom(null, 1, ['Meta']), 'expected a string'],
  ['categories.advertising.vendors[0].privacyPolicyUrl', fc.constantFrom(null, {}), 'expected a string'],
  ['categories.advertising.gpcOptOut', fc.constantFrom('yes', 0), 'expected true or false'],
  ['cookie', fc.constantFrom('temoin', null, []), 'expected an object'],
  ['cookie.name', fc.constantFrom('', 'my cookie', 'temoin;', 'a'.repeat(65), 7), 'expected letters, digits, "-" or "_"'],
  ['cookie.expiresDays', fc.constantFrom(0, -3, 100001, 30.5, '182'), 'expected an integer from 1 to 100000'],
  ['cookie.domain', fc.constantFrom(null, true), 'expected a string'],
  ['cookie.path', fc.constantFrom('', 'blog', 1), 'expected a path starting with "/"'],
  ['cookie.sameSite', fc.constantFrom('lax', 'none', '', null), 'expected one of Lax, Strict, None'],
  ['recordEndpoint', fc.constantFrom(null, false), 'expected a string'],
  ['googleConsentMode', fc.constantFrom('true', 1, null, []), 'expected an object'],
  ['googleConsentMode.ad_storage', fc.constantFrom('Advertising', '', 'ads!', true), 'expected a category id'],
  ['googleConsentMode.wait_for_update', fc.constantFrom(-1, 60001, 0.5, '500'), 'expected an integer from 0 to 60000'],
  ['googleConsentMode.region', fc.constantFrom('FR', null), 'expected an array'],
  ['googleConsentMode.region[1]', fc.constantFrom('fr', 'FRA', 'CA-qc', 'CA-QCXX', 33), 'expected an ISO 3166 code such as "FR" or "CA-QC"'],
  ['googleConsentMode.url_passthrough', fc.constantFrom('false', null), 'expected true or false'],
  ['translations', fc.constantFrom('fr', null, []), 'expected an object'],
  ['translations.fr', fc.constantFrom('Vos choix', 1, null, []), 'expected an object'],
  ['translations.fr.banner', fc.constantFrom(1, null, false, ['Vos choix']), 'expected an object'],
  ['reopenButton', fc.constantFrom('false', 0, 'always'), 'expected true, false or "auto"'],
  ['reloadOnWithdraw', fc.constantFrom('no', null), 'expected true or false'],
  ['nonce', fc.constantFrom(123, null), 'expected a string'],
  ['regions', fc.constantFrom('opt-in', null, []), 'expected an object'],
  ['regions.US', fc.constantFrom('optout', 'Opt-Out', '', null, true), 'expected one of opt-in, opt-out, notice'],
  ['$schema', fc.constantFrom(1, null, {}), 'expected a string'],
];

const badKeys: [map: string, key: fc.Arbitrary<string>, problem: string][] = [
  ['categories', fc.constantFrom('Performance', '-x', 'a b', 'é', '', 'a'.repeat(33), '__proto__'), 'key must be lowercase letters, digits, "-" or "_"'],
  ['translations', fc.constantFrom('FR', 'french', 'fr_CA', '', '__proto__'), 'key must be a language code'],
  ['translations.fr.banner', fc.constantFrom('', '\n'), 'key must be a non-empty string'],
  ['regions', fc.constantFrom('eu', 'USA', 'US-', 'US-CALI', 'Europe', '', '**', '__proto__'), 'key must be "*", "EU", a country code ("GB") or a country-subdivision code ("US-CA")'],
];

describe('a configuration with one mistake', () => {
  it.each(mistakes)('%s: the runtime names the field and the problem; the schema rejects it', (path, wrong, problem) => {
    fc.assert(
      fc.property(wrong, (value) => {
        const config = fullConfig();
        setAt(config, path, value);
        const input = json(config);
        const { errors, config: resolved } = validateConfig(input);
        expect(errors).toEqual([`${path}: ${problem}`]);
        expect(resolved).toEqual(defaultConfig());
        expect(schemaAccepts(input)).toBe(false);
      }),
    );
  });

  it.each(badKeys)('a bad key in %s is named with the problem; the schema rejects it', (map, key, problem) => {
    fc.assert(
      fc.property(key, (name) => {
        const config = fullConfig();
        setKey(config, map, name, {});
        const input = json(config);
        expect(validateConfig(input).errors).toEqual([`${map}.${name}: ${problem}`]);
        expect(schemaAccepts(input)).toBe(false);
      }),
    );
  });

  it('a vendor without a name is named as such; the schema rejects it', () => {
    const config = fullConfig();
    config.categories = { advertising: { vendors: [{ privacyPolicyUrl: '/meta' }] as Vendor[] } };
    expect(validateConfig(config).errors).toEqual(['categories.advertising.vendors[0].name: expected a string']);
    expect(schemaAccepts(config)).toBe(false);
  });

  it('ids too long for the cookie: an error the schema cannot express (a listed exception)', () => {
    const categories = Object.fromEntries(['a', 'b', 'c', 'd'].map((letter) => [letter.repeat(32), {}]));
    const config = { categories };
    expect(validateConfig(config).errors).toEqual([
      'categories: ids too long for the consent cookie (at most 100 characters in all)',
    ]);
    expect(schemaAccepts(config)).toBe(true);
  });

  it('Consent Mode mapped to a category that does not exist: an error the schema cannot express (a listed exception)', () => {
    const config = { googleConsentMode: { ad_storage: 'ads' } };
    expect(validateConfig(config).errors).toEqual([
      'googleConsentMode.ad_storage: no category "ads" in categories (necessary, performance, advertising, third-party)',
    ]);
    expect(schemaAccepts(config)).toBe(true);
  });
});
