import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import { lookup } from './texts';
import type { ResolvedConfig, TranslationTree } from '../core/types';

/** The shape of a locale file: `locales/en.json` is the reference. */
export type Messages = typeof en;

const builtIn: Record<string, TranslationTree | undefined> = { en, fr };

export type Translate = (path: string, values?: Record<string, string>) => string;

/**
 * Texts for `language`: the site's overrides, then the built-in texts, then English.
 * Values are plain text, always rendered as text nodes, never as HTML.
 */
export function translator(config: ResolvedConfig, language: string): Translate {
  const sources = [config.translations[language], builtIn[language], config.translations.en, en];
  return (path, values = {}) => {
    for (const source of sources) {
      const found = lookup(source, path);
      if (found !== undefined) return found.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
    }
    return '';
  };
}

/** Only http(s) and relative URLs become links: a `javascript:` URL in a config stays inert. */
export const safeUrl = (url: string | undefined): string | undefined => {
  try {
    return url && /^https?:$/.test(new URL(url, location.href).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
};
