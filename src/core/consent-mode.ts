import type { CategoryId, ConsentModeType, ConsentModel, ConsentRecord, ResolvedConfig } from './types';

/**
 * Google Consent Mode v2: a `default` command as soon as the configuration is checked, before
 * anything tagged can run, then an `update` for the decision in force and for each new one.
 */

type Gtag = (...args: unknown[]) => void;
interface GoogleWindow {
  dataLayer?: unknown[];
  gtag?: Gtag;
}

/** Which category grants each type, unless the configuration maps it otherwise. */
const DEFAULT_MAPPING: Record<ConsentModeType, CategoryId> = {
  security_storage: 'necessary',
  functionality_storage: 'necessary',
  analytics_storage: 'performance',
  ad_storage: 'advertising',
  ad_user_data: 'advertising',
  ad_personalization: 'advertising',
  personalization_storage: 'third-party',
};

export const CONSENT_MODE_TYPES = Object.keys(DEFAULT_MAPPING) as ConsentModeType[];

/**
 * The ids other tools and sites give the built-in categories (vanilla-cookieconsent's `analytics`
 * and `ads`, Klaro's `marketing`…): with the default mapping, a site that kept its own ids still
 * has each type follow the category that means the same.
 */
const SAME_MEANING: Record<CategoryId, CategoryId[]> = {
  necessary: ['essential', 'strictly-necessary', 'required'],
  performance: ['analytics', 'statistics', 'stats', 'measurement', 'audience'],
  advertising: ['ads', 'marketing', 'targeting', 'advertisement'],
  'third-party': ['personalization', 'personalisation', 'functionality', 'functional', 'social', 'media'],
};

/**
 * The category each type follows: the configuration's mapping where it names one; else the
 * built-in category, or the first of the site's categories that means the same. A type left out
 * (the site has no such category) keeps its default in every update.
 */
export function consentModeMapping(config: ResolvedConfig): Partial<Record<ConsentModeType, CategoryId>> {
  const setting = config.googleConsentMode;
  const explicit: Partial<Record<ConsentModeType, unknown>> = typeof setting === 'object' ? setting : {};
  const has = (id: unknown): id is CategoryId => typeof id === 'string' && Object.hasOwn(config.categories, id);
  const mapping: Partial<Record<ConsentModeType, CategoryId>> = {};
  for (const type of CONSENT_MODE_TYPES) {
    const builtIn = DEFAULT_MAPPING[type];
    const found = Object.hasOwn(explicit, type) ? explicit[type] : [builtIn, ...(SAME_MEANING[builtIn] ?? [])].find(has);
    if (has(found)) mapping[type] = found;
  }
  return mapping;
}

/** `gtag` as Google's snippet defines it: gtag.js only reads `arguments` objects, never arrays. */
function googleTag(): Gtag {
  const w = window as GoogleWindow;
  const dataLayer = (w.dataLayer ??= []);
  w.gtag ??= function () {
    // eslint-disable-next-line prefer-rest-params
    dataLayer.push(arguments);
  };
  return w.gtag;
}

export interface ConsentMode {
  /**
   * One `update` with every type as it now stands; for a decision (`record`), then a
   * `temoin_consent` event for Google Tag Manager triggers.
   */
  update: (record: ConsentRecord | null) => void;
}

/**
 * Sends the `default` command for the consent `model` in force: under opt-in, every type denied
 * but security storage; under opt-out and notice, every type granted but those of the categories
 * `refusedByModel` (Global Privacy Control under opt-out). After that, a type follows its
 * category (`allowed`); a type mapped to a category the site does not have keeps its default.
 * Null when the configuration turns Consent Mode off.
 */
export function startConsentMode(
  config: ResolvedConfig,
  model: ConsentModel,
  refusedByModel: (category: CategoryId) => boolean,
  allowed: (category: CategoryId) => boolean,
): ConsentMode | null {
  const setting = config.googleConsentMode;
  if (setting === false) return null;
  const options = setting === true ? {} : setting;
  const mapping = consentModeMapping(config);
  const byDefault = (type: ConsentModeType) => {
    const category = mapping[type];
    return model === 'opt-in' ? type === 'security_storage' : !(category && refusedByModel(category));
  };
  const values = (granted: (type: ConsentModeType) => boolean) =>
    Object.fromEntries(CONSENT_MODE_TYPES.map((type) => [type, granted(type) ? 'granted' : 'denied']));
  const gtag = googleTag();

  gtag('consent', 'default', {
    ...values(byDefault),
    wait_for_update: options.wait_for_update ?? 500,
    ...(options.region ? { region: options.region } : {}),
  });
  for (const key of ['ads_data_redaction', 'url_passthrough'] as const) if (key in options) gtag('set', key, options[key]);
  return {
    update: (record) => {
      gtag('consent', 'update', values((type) => {
        const category = mapping[type];
        return category ? allowed(category) : byDefault(type);
      }));
      if (record)
        (window as GoogleWindow).dataLayer?.push({
          event: 'temoin_consent',
          temoin: { granted: record.granted, refused: record.refused, method: record.method },
        });
    },
  };
}
