import fc from 'fast-check';
import { CATEGORY_ID } from '../../src/core/record';
import { CONSENT_MODE_TYPES } from '../../src/core/consent-mode';
import { LANGUAGE_CODE } from '../../src/core/record';

/**
 * Configurations as site owners write them, right or nearly right: every key optional, each value
 * usually valid and sometimes subtly wrong (a wrong type, one past a bound, a near-miss of a
 * pattern, an unknown key). Shared by the schema agreement test and the validator's unit tests.
 */

/** Mostly `valid`, sometimes one of the `wrong` values. */
const mostly = <T, Wrong extends fc.Arbitrary<unknown>[]>(valid: fc.Arbitrary<T>, ...wrong: Wrong) =>
  fc.oneof<fc.WeightedArbitrary<T | ValueOf<Wrong[number]>>[]>(
    { weight: 150, arbitrary: valid },
    { weight: 1, arbitrary: fc.oneof(...(wrong as fc.Arbitrary<ValueOf<Wrong[number]>>[])) },
  );
type ValueOf<A> = A extends fc.Arbitrary<infer V> ? V : never;

/** Any JSON value, shallow: the wrong type for most keys. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Keys a typo or a copy-paste gives, and keys that look up properties every object inherits. */
export const oddKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'Revision', 'title', 'cookies '),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Like fc.record with every key optional, now and then with an unknown key added. */
const objectOf = (shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys: string[] = []) =>
  fc
    .tuple(
      fc.record(shape, { requiredKeys }),
      mostly(fc.constant(null), fc.dictionary(oddKey, anyJson, { minKeys: 1, maxKeys: 2 })),
    )
    .map(([known, unknown]) => (unknown ? { ...unknown, ...known } : known));

export const validCategoryId = fc.stringMatching(CATEGORY_ID);
const nearCategoryId = fc.oneof(
  validCategoryId.map((id) => id.toUpperCase()),
  validCategoryId.map((id) => `-${id}`),
  validCategoryId.map((id) => `${id}\n`),
  validCategoryId.map((id) => `${id} ${id}`),
  validCategoryId.map((id) => `${id}é`),
  fc.constantFrom('', 'a'.repeat(33), '_x', 'Necessary'),
  fc.string(),
);
export const categoryId = mostly(validCategoryId, nearCategoryId);

export const validLanguageCode = fc.stringMatching(LANGUAGE_CODE);
const nearLanguageCode = fc.oneof(
  fc.constantFrom('Auto', 'auto ', 'EN', 'e', 'english', 'en-', 'en-a', 'en-abcdefghi', 'en_GB', 'en-GB-x', 'fr\n', ''),
  fc.string({ maxLength: 6 }),
);

export const integerFrom = (min: number, max: number) =>
  mostly(
    fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
    fc.constantFrom(min - 1, max + 1, min + 0.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min, max }).map(String),
    fc.constantFrom(null, true, [min]),
  );

const bool = mostly(fc.boolean(), fc.constantFrom('true', 'false', 0, 1, null, []));
const text = mostly(fc.string(), fc.constantFrom(0, null, false, ['/privacy'], {}));
const texts = mostly(
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 3 }),
  fc.constantFrom('_ga', null, {}, [['_ga']]),
);

const vendorShape = { name: text, privacyPolicyUrl: text };
const vendor = fc.oneof({ weight: 20, arbitrary: objectOf(vendorShape, ['name']) }, objectOf(vendorShape), anyJson);

const category = mostly(
  objectOf({
    required: bool,
    cookies: texts,
    storage: texts,
    vendors: mostly(fc.array(vendor, { maxLength: 2 }), anyJson),
    gpcOptOut: bool,
  }),
  anyJson,
);

const categories = mostly(fc.dictionary(categoryId, category, { minKeys: 1, maxKeys: 5 }), fc.constant({}), anyJson);

const cookieName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const cookie = mostly(
  objectOf({
    name: mostly(cookieName, fc.constantFrom('', 'a b', 'temoin;', 'é', 'a'.repeat(65)), fc.string()),
    expiresDays: integerFrom(1, 100000),
    // Mostly the page's own host (Vitest's happy-dom serves localhost) or none: a domain the page is not under is rejected there.
    domain: mostly(fc.constantFrom('', 'localhost'), text),
    path: mostly(
      fc.string().map((path) => `/${path}`),
      fc.constantFrom('', 'blog/', ' /'),
      fc.string(),
    ),
    sameSite: mostly(fc.constantFrom('Lax', 'Strict', 'None'), fc.constantFrom('lax', 'STRICT', 'none', ''), fc.string()),
  }),
  anyJson,
);

const region = mostly(
  fc.stringMatching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/),
  fc.constantFrom('fr', 'FRA', 'CA-QCXX', 'CA-qc', 'F', 'CA-', 'US-1234'),
  fc.string({ maxLength: 6 }),
);

const consentModeObject = objectOf({
  ...Object.fromEntries(CONSENT_MODE_TYPES.map((type) => [type, categoryId])),
  wait_for_update: integerFrom(0, 60000),
  region: mostly(fc.array(region, { maxLength: 3 }), fc.constantFrom('FR', null, {})),
  ads_data_redaction: bool,
  url_passthrough: bool,
});
// Mostly on or off: a mapping names categories the generated configuration seldom has, which is an error.
const googleConsentMode = mostly(fc.boolean(), fc.oneof(consentModeObject, fc.constantFrom('true', 1, null, [])), anyJson);

/** Translation keys: any non-empty text, sometimes one no text may be under. */
const textKey = mostly(
  fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })),
  fc.constantFrom('', '\n', '\u2028', '\r\n'),
);
const { tree: translationTree } = fc.letrec((tie) => ({
  tree: fc.dictionary(
    textKey,
    fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string(),
      tie('tree'),
      fc.constantFrom(0, null, true, ['text']),
    ),
    { maxKeys: 3 },
  ),
}));
const translations = mostly(
  fc.dictionary(mostly(validLanguageCode, nearLanguageCode), mostly(translationTree, fc.string(), anyJson), {
    maxKeys: 3,
  }),
  anyJson,
);

/** Region keys and models: mostly right, sometimes lower case, a made-up key or a model that does not exist. */
const regionKey = mostly(
  fc.oneof(
    fc.constantFrom('*', 'EU', 'UK', 'GB', 'US', 'CA-QC', 'US-CA'),
    fc.stringMatching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/),
  ),
  fc.constantFrom('eu', 'us-ca', 'USA', 'US-', 'US-CALI', 'Europe', '', '**'),
);
const regions = mostly(
  fc.dictionary(regionKey, mostly(fc.constantFrom('opt-in', 'opt-out', 'notice'), fc.constantFrom('optin', 'Opt-In', 'none', true, null)), {
    maxKeys: 4,
  }),
  anyJson,
);

/** A configuration object, valid or nearly so, or now and then no object at all. */
export const nearlyValidConfig = mostly(
  objectOf({
    $schema: mostly(fc.constant('./node_modules/temoin/config.schema.json'), fc.constantFrom(1, null)),
    revision: integerFrom(0, 2 ** 31 - 1),
    language: mostly(fc.oneof(fc.constant('auto'), validLanguageCode), nearLanguageCode),
    privacyPolicyUrl: text,
    categories,
    cookie,
    recordEndpoint: text,
    googleConsentMode,
    translations,
    reopenButton: fc.constantFrom(true, false, 'auto'),
    reloadOnWithdraw: bool,
    nonce: text,
    regions,
  }),
  anyJson,
);
