import { CONSENT_MODE_TYPES, consentModeMapping } from './consent-mode';
import { defaultConfig, MAX_EXPIRES_DAYS, resolve } from './defaults';
import { CATEGORY_ID, CONSENT_MODELS, JURISDICTION, LANGUAGE_CODE, REGION } from './record';
import type { ResolvedConfig } from './types';

/**
 * Checks a configuration against the rules of `config.schema.json` without a JSON-Schema engine
 * (every visitor would download it); a unit test keeps the two in agreement. It runs before
 * anything reads the configuration, on every page: a few hundred bytes, a fraction of a millisecond.
 */

interface Report {
  errors: string[];
  warnings: string[];
}

/** Checks one value; reports problems under `path` and says whether the value is usable. */
type Check = (value: unknown, path: string, report: Report) => boolean;

const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Keeps the consent cookie under 200 bytes: category ids are written into it. */
const MAX_CATEGORY_IDS_LENGTH = 100;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (report: Report, path: string, problem: string): false => {
  report.errors.push(`${path}: ${problem}`);
  return false;
};

const is =
  (test: (value: unknown) => boolean, expected: string): Check =>
  (value, path, report) =>
    test(value) || fail(report, path, `expected ${expected}`);

const boolean = is((v) => typeof v === 'boolean', 'true or false');
const string = is((v) => typeof v === 'string', 'a string');
const matching = (pattern: RegExp, expected: string) =>
  is((v) => typeof v === 'string' && pattern.test(v), expected);
const strings = is((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings');
const integer = (min: number, max: number) =>
  is((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, `an integer from ${min} to ${max}`);
const oneOf = (...values: string[]) => is((v) => values.includes(v as string), `one of ${values.join(', ')}`);

const list =
  (item: Check): Check =>
  (value, path, report) =>
    Array.isArray(value)
      ? value.reduce<boolean>((ok, entry, i) => item(entry, `${path}[${i}]`, report) && ok, true)
      : fail(report, path, 'expected an array');

/** An object whose keys are all named in `shape`; other keys warn and are ignored. */
const object =
  (shape: Record<string, Check>): Check =>
  (value, path, report) => {
    if (!isObject(value)) return fail(report, path || 'config', 'expected an object');
    let ok = true;
    for (const [key, entry] of Object.entries(value)) {
      const where = path ? `${path}.${key}` : key;
      const check = Object.hasOwn(shape, key) && shape[key];
      if (check) ok = check(entry, where, report) && ok;
      else report.warnings.push(`${where}: unknown key, ignored`);
    }
    return ok;
  };

/** An object used as a map: every key must match `key`, every value passes `entry`. */
const map =
  (key: RegExp, keyExpected: string, entry: Check): Check =>
  (value, path, report) => {
    if (!isObject(value)) return fail(report, path, 'expected an object');
    let ok = true;
    for (const [name, item] of Object.entries(value)) {
      const where = `${path}.${name}`;
      ok = (key.test(name) ? entry(item, where, report) : fail(report, where, `key must be ${keyExpected}`)) && ok;
    }
    return ok;
  };

const translationTree: Check = (value, path, report) => typeof value === 'string' || texts(value, path, report);
/** Texts of one language: non-empty keys to texts or to further groups of texts. */
const texts = map(/./, 'a non-empty string', translationTree);

const vendorShape = object({ name: string, privacyPolicyUrl: string });
/** A vendor is listed by its name: without one the dialog would show an empty link. */
const vendor: Check = (value, path, report) =>
  vendorShape(value, path, report) && string((value as { name?: unknown }).name, `${path}.name`, report);

const categoryShape = object({
  required: boolean,
  cookies: strings,
  storage: strings,
  vendors: list(vendor),
  gpcOptOut: boolean,
});

const consentModeOptions = object({
  ...Object.fromEntries(CONSENT_MODE_TYPES.map((type) => [type, matching(CATEGORY_ID, 'a category id')])),
  wait_for_update: integer(0, 60000),
  region: list(matching(REGION, 'an ISO 3166 code such as "FR" or "CA-QC"')),
  ads_data_redaction: boolean,
  url_passthrough: boolean,
});

const configShape = object({
  /** Editors read it to check the file against config.schema.json. */
  $schema: string,
  revision: integer(0, 2 ** 31 - 1),
  language: is((v) => v === 'auto' || (typeof v === 'string' && LANGUAGE_CODE.test(v)), '"auto" or a language code'),
  privacyPolicyUrl: string,
  categories: map(CATEGORY_ID, 'lowercase letters, digits, "-" or "_"', categoryShape),
  cookie: object({
    name: matching(COOKIE_NAME, 'letters, digits, "-" or "_"'),
    expiresDays: integer(1, 100000),
    domain: string,
    path: matching(/^\//, 'a path starting with "/"'),
    sameSite: oneOf('Lax', 'Strict', 'None'),
  }),
  recordEndpoint: string,
  googleConsentMode: (value, path, report) => typeof value === 'boolean' || consentModeOptions(value, path, report),
  translations: map(LANGUAGE_CODE, 'a language code', texts),
  reopenButton: is((v) => v === 'auto' || typeof v === 'boolean', 'true, false or "auto"'),
  reloadOnWithdraw: boolean,
  nonce: string,
  regions: map(JURISDICTION, '"*", "EU", a country code ("GB") or a country-subdivision code ("US-CA")', oneOf(...CONSENT_MODELS)),
});

export interface Validation {
  /** The configuration in force: the input merged onto the defaults, or the defaults alone when `errors` is not empty. */
  config: ResolvedConfig;
  /** Problems that make the library fail closed, each naming its field. */
  errors: string[];
  /** Problems that were corrected or ignored. */
  warnings: string[];
}

/**
 * Checks a configuration; with the `host` of the page it is for, also what only that page can
 * tell (a cookie domain the page is not under).
 */
export function validateConfig(input: unknown, host = ''): Validation {
  const report: Report = { errors: [], warnings: [] };
  const config = defaultConfig();
  if (!configShape(input, '', report) || !isObject(input)) return { config, ...report };

  const merged = resolve(input);

  const ids = Object.keys(merged.categories);
  if (!ids.length) fail(report, 'categories', 'expected at least one category');
  if (ids.join('.').length > MAX_CATEGORY_IDS_LENGTH)
    fail(report, 'categories', `ids too long for the consent cookie (at most ${MAX_CATEGORY_IDS_LENGTH} characters in all)`);
  if (((input.cookie as { expiresDays?: number } | undefined)?.expiresDays ?? 0) > MAX_EXPIRES_DAYS)
    report.warnings.push(`cookie.expiresDays: capped at ${MAX_EXPIRES_DAYS} days (13 months)`);
  // A domain the page is not under: the browser would refuse every write of the consent cookie.
  const domain = merged.cookie.domain.replace(/^\./, '').toLowerCase();
  if (domain && host && host !== domain && !host.endsWith(`.${domain}`))
    fail(report, 'cookie.domain', `"${domain}" is neither this page's host (${host}) nor a domain it is under: the consent cookie could not be written`);
  const mode = merged.googleConsentMode;
  // Checked against categories found valid: otherwise every mapped type would be named too.
  if (mode !== false && !report.errors.length) {
    // A type mapped to a category the site does not have would stay denied after "Accept all".
    if (isObject(mode))
      for (const type of CONSENT_MODE_TYPES)
        if (typeof mode[type] === 'string' && !ids.includes(mode[type]))
          fail(report, `googleConsentMode.${type}`, `no category "${mode[type]}" in categories (${ids.join(', ')})`);
    const mapping = consentModeMapping(merged);
    const unmapped = CONSENT_MODE_TYPES.filter((type) => !mapping[type]);
    const following = new Set(Object.values(mapping));
    const mapsNothing = ids.filter((id) => !merged.categories[id]?.required && !following.has(id));
    if (!report.errors.length && unmapped.length && mapsNothing.length)
      report.warnings.push(
        `googleConsentMode: no category grants ${unmapped.join(', ')}, which stay denied; if "${mapsNothing.join('" or "')}" should, map it: {"${unmapped[0] ?? ''}": "${mapsNothing[0] ?? ''}"}`,
      );
  }
  return report.errors.length ? { config, ...report } : { config: merged, ...report };
}

