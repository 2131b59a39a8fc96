import { REGION, type ConsentModel } from './record';

/** The EU member states and the other EEA states (Iceland, Liechtenstein, Norway): what `EU` stands for in `regions`. */
export const EU_AND_EEA = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO',
];

/** The `regions` entry that applies to a visitor: its key as the configuration writes it, and its model. */
export interface Jurisdiction {
  key: string;
  model: ConsentModel;
}

/**
 * `UK` is accepted for `GB`, the ISO code, in keys and regions alike (a valid code that starts
 * with `UK` is `UK` or `UK-…`). No pattern: compiling one cost a returning visit more than
 * finding the jurisdiction.
 */
const isoCountry = (code: string) => (code.startsWith('UK') ? 'GB' + code.slice(2) : code);

/**
 * The most specific entry of `regions` for `region`: the subdivision (`US-CA`), then the country
 * (`US`), then `EU` for an EU or EEA country, then `*`. A missing or malformed region gets `*`;
 * without a `*` entry, the strictest model, opt-in, applies.
 */
export function jurisdictionOf(regions: Record<string, ConsentModel>, region: string): Jurisdiction {
  const code = isoCountry(region);
  const country = code.slice(0, 2);
  // Most pages state no region: that needs no pattern.
  const wanted = code && REGION.test(code) ? [code, country, EU_AND_EEA.includes(country) ? 'EU' : '', '*'] : ['*'];
  for (const candidate of wanted)
    for (const [key, model] of Object.entries(regions)) if (candidate && isoCountry(key) === candidate) return { key, model };
  return { key: '*', model: 'opt-in' };
}

/** How strict a model is: a decision made under a model counts under any model as strict or less. */
export const strictness = (model: ConsentModel): number => ['notice', 'opt-out', 'opt-in'].indexOf(model);

/**
 * The visitor's region as the site's server wrote it into the page: `data-region` on Témoin's
 * script tag, else `<meta name="temoin-region" content="US-CA">` in the head. The browser asks no one else.
 */
export function pageRegion(script?: Element | null): string {
  // In the head, where meta elements belong: a page without one is not searched through.
  const meta = document.head.querySelector<HTMLMetaElement>('meta[name="temoin-region"]');
  return (script?.getAttribute('data-region') ?? meta?.content ?? '').trim().toUpperCase();
}
