import { warn } from './log';
import type { CategoryId, ConsentModeType, ConsentModel, ConsentRecord, ResolvedConfig } from './types';

/**
 * Google Consent Mode v2: a `default` command as Témoin's script runs, before anything tagged can,
 * made the configuration's once it is read and checked; then an `update` for the decision in
 * force and for each new one.
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
function googleTag(w: GoogleWindow): Gtag {
  const dataLayer = (w.dataLayer ??= []);
  w.gtag ??= function () {
    // eslint-disable-next-line prefer-rest-params
    dataLayer.push(arguments);
  };
  return w.gtag;
}

const values = (granted: (type: ConsentModeType) => boolean) =>
  Object.fromEntries(CONSENT_MODE_TYPES.map((type) => [type, granted(type) ? 'granted' : 'denied']));

export interface ConsentMode {
  /**
   * One `update` with every type as the decision `record` (null: none) leaves it, each type
   * following its category (`allowed`); for a decision, then a `temoin_consent` event for Google
   * Tag Manager triggers.
   */
  update: (record: ConsentRecord | null, allowed: (category: CategoryId) => boolean) => void;
}

export interface PendingConsentMode {
  /**
   * Makes the default the configuration's: under opt-in, every type denied but security
   * storage; under opt-out and notice, every type granted but those of the categories
   * `refusedByModel` (Global Privacy Control under opt-out). After that, a type follows its
   * category; a type no category grants keeps its default. Null when the configuration turns
   * Consent Mode off: the waiting default is taken back.
   */
  settle: (config: ResolvedConfig, model: ConsentModel, refusedByModel: (category: CategoryId) => boolean) => ConsentMode | null;
}

/**
 * Sends Google the safest default at once, as Témoin's script runs and before any later script
 * can: every type denied but security storage, waiting for an update. The configuration, which
 * may still be on its way (`data-config`) or unchecked, then settles it: while no Google tag has
 * read the dataLayer, the waiting default itself becomes the configuration's (or is taken back
 * when Consent Mode is off, with the dataLayer and gtag Témoin defined); once one has, an update
 * says the same.
 */
export function startConsentMode(): PendingConsentMode {
  const w = window as GoogleWindow;
  const defined = { dataLayer: !w.dataLayer, gtag: !w.gtag };
  const gtag = googleTag(w);
  const dataLayer = w.dataLayer as unknown[];
  type Command = Record<number, unknown> | null;
  const waiting = { ...values((type) => type === 'security_storage'), wait_for_update: 500 };
  gtag('consent', 'default', waiting);
  // The command gtag pushed, if it is still there for the taking: Google's tags take over `push` when they load.
  const unread = () => {
    const at = dataLayer.findIndex((entry) => (entry as Command)?.[2] === waiting);
    return dataLayer.push === Array.prototype.push ? at : -1;
  };

  return {
    settle: (config, model, refusedByModel) => {
      const setting = config.googleConsentMode;
      const at = unread();
      if (setting === false) {
        if (at < 0) warn('googleConsentMode is false, but a Google tag already read the default Témoin sent before the configuration arrived');
        else {
          dataLayer.splice(at, 1);
          if (defined.gtag) delete w.gtag;
          if (defined.dataLayer && !dataLayer.length) delete w.dataLayer;
        }
        return null;
      }
      const options = setting === true ? {} : setting;
      const mapping = consentModeMapping(config);
      const byDefault = (type: ConsentModeType) => {
        const category = mapping[type];
        return model === 'opt-in' ? type === 'security_storage' : !(category && refusedByModel(category));
      };
      const settled = {
        ...values(byDefault),
        wait_for_update: options.wait_for_update ?? 500,
        ...(options.region ? { region: options.region } : {}),
      };
      if (at >= 0) (dataLayer[at] as Record<number, unknown>)[2] = settled;
      // Read already: an update says the same, unless it is the same (opt-in's default is the waiting one).
      else if (model !== 'opt-in') gtag('consent', 'update', values(byDefault));
      for (const key of ['ads_data_redaction', 'url_passthrough'] as const) if (key in options) gtag('set', key, options[key]);
      return {
        update: (record, allowed) => {
          gtag('consent', 'update', values((type) => {
            const category = mapping[type];
            return category ? allowed(category) : byDefault(type);
          }));
          if (record)
            dataLayer.push({
              event: 'temoin_consent',
              temoin: { granted: record.granted, refused: record.refused, method: record.method },
            });
        },
      };
    },
  };
}
