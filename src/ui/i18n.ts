import names from 'temoin:labels/languageName';
import { lookup } from './texts';
import type { ResolvedConfig, TranslationTree } from '../core/types';

/**
 * Built-in texts are not bundled: each language's file is loaded when it is first shown, so a
 * visitor downloads only the language they read. The loader gives `undefined` for a language
 * Témoin has no texts for (one added through `translations`), which then falls back to English.
 * A regional variant (`fr-CA`) holds only what differs from its language's texts.
 */
export type TextsLoader = (language: string) => Promise<TranslationTree | undefined>;

const loaded: Record<string, TranslationTree | undefined> = {};

/** `fr-CA`, then `fr`, then `en`: where each text is looked for. */
const chain = (language: string) => [...new Set([language, language.split('-')[0] ?? language, 'en'])];

/** Makes sure `translator(…, language)` has its texts: the variant's and its language's, else English. */
export async function ensureTexts(load: TextsLoader, language: string): Promise<void> {
  const base = language.split('-')[0] ?? language;
  await Promise.all([...new Set([language, base])].map(async (code) => (loaded[code] ??= await load(code))));
  if (!loaded[language] && !loaded[base]) loaded.en ??= await load('en');
}

export type Translate = (path: string, values?: Record<string, string>) => string;

/** Built-in texts by language that a part carries with it rather than loads (see `temoin:texts/…`). */
export type CarriedTexts = Partial<Record<string, TranslationTree>>;

/**
 * Texts for `language`: the site's own for the variant and the language (its `fr` text wins over
 * the built-in `fr-CA` one: the site chose its words), then the built-in ones (loaded, then
 * `carried`), then English, the site's before the built-in. Values are plain text, always rendered
 * as text nodes, never as HTML.
 */
export function translator(config: ResolvedConfig, language: string, carried: CarriedTexts = {}): Translate {
  // The chain ends with English.
  const own = chain(language).slice(0, -1);
  const sources = [
    ...own.map((code) => config.translations[code]),
    ...own.map((code) => loaded[code]),
    ...own.map((code) => carried[code]),
    config.translations.en,
    loaded.en,
    carried.en,
  ];
  return (path, values = {}) => {
    for (const source of sources) {
      const found = lookup(source, path);
      if (found !== undefined) return found.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
    }
    return '';
  };
}

/**
 * A language's own name for itself ("Français"): the site's translations, else the locale files
 * (built in, as creating an `Intl.DisplayNames` costs tens of milliseconds on a slow phone), else
 * the browser's name for a language the site added.
 */
export function languageName(config: ResolvedConfig, code: string): string {
  const name =
    lookup(config.translations[code], 'languageName') ??
    names[code] ??
    new Intl.DisplayNames([code], { type: 'language' }).of(code) ??
    code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** Only http(s) and relative URLs become links: a `javascript:` URL in a config stays inert. */
export const safeUrl = (url: string | undefined): string | undefined => {
  try {
    return url && /^https?:$/.test(new URL(url, location.href).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
};
