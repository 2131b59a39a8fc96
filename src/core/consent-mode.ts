import type { CategoryId, ConsentModeType, ConsentRecord, GoogleConsentModeConfig } from './types';

/** Google Consent Mode v2: a `default` command at once, before anything tagged runs; an `update` for the stored decision and for each new one. */

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
  /** One `update` with every type, and a `temoin_consent` event for Google Tag Manager triggers. */
  update(record: ConsentRecord): void;
}

/** The state before any decision: only security storage is granted. */
const byDefault = (type: ConsentModeType) => type === 'security_storage';

/**
 * Starts Consent Mode for the configured `categories`. A type mapped to a category the site
 * does not have keeps its default state (so security storage stays granted without "necessary").
 */
export function startConsentMode(config: GoogleConsentModeConfig, categories: CategoryId[]): ConsentMode | null {
  if (config === false) return null;
  const options = config === true ? {} : config;
  const mapping = { ...DEFAULT_MAPPING, ...options };
  const gtag = googleTag();
  const values = (granted: (type: ConsentModeType) => boolean) =>
    Object.fromEntries(CONSENT_MODE_TYPES.map((type) => [type, granted(type) ? 'granted' : 'denied']));

  const update = (record: ConsentRecord) => {
    gtag('consent', 'update', values((type) =>
      categories.includes(mapping[type]) ? record.granted.includes(mapping[type]) : byDefault(type),
    ));
    (window as GoogleWindow).dataLayer?.push({
      event: 'temoin_consent',
      temoin: { granted: record.granted, refused: record.refused, method: record.method },
    });
  };

  gtag('consent', 'default', {
    ...values(byDefault),
    wait_for_update: options.wait_for_update ?? 500,
    ...(options.region ? { region: options.region } : {}),
  });
  for (const key of ['ads_data_redaction', 'url_passthrough'] as const) if (key in options) gtag('set', key, options[key]);
  return { update };
}
