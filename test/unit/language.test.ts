import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveLanguage } from '../../src/core/language';

const BUILT_IN = ['en', 'fr'];

const page = (lang: string, languages: string[]) => {
  document.documentElement.lang = lang;
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
};

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.lang = '';
});

describe('language: "auto"', () => {
  it('follows <html lang> first, whatever the browser prefers', () => {
    page('fr', ['en-US', 'en']);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('fr');
    page('en', ['fr-FR', 'fr']);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('en');
  });

  it('shows French for any regional French (fr-BE, fr-CH), in any case', () => {
    for (const lang of ['fr-BE', 'FR-ch', 'fr-Latn-CA']) {
      page(lang, ['en']);
      expect(resolveLanguage('auto', BUILT_IN), lang).toBe('fr');
    }
  });

  it('shows Québec French (fr-CA) on a fr-CA page, in any case', () => {
    for (const lang of ['fr-CA', 'FR-ca']) {
      page(lang, ['en']);
      expect(resolveLanguage('auto', BUILT_IN), lang).toBe('fr-CA');
    }
  });

  it('shows Québec French to a visitor in Québec, unless <html lang> names another language', () => {
    page('', ['en-CA', 'en']);
    expect(resolveLanguage('auto', BUILT_IN, '', 'CA-QC')).toBe('fr-CA');
    page('en', ['fr-CA']);
    expect(resolveLanguage('auto', BUILT_IN, '', 'CA-QC')).toBe('en');
    page('fr', ['en']);
    expect(resolveLanguage('auto', BUILT_IN, '', 'CA-QC')).toBe('fr-CA');
    // Elsewhere in Canada, the browser's language as usual.
    page('', ['en-CA', 'fr-CA']);
    expect(resolveLanguage('auto', BUILT_IN, '', 'CA-ON')).toBe('en');
  });

  it('keeps the language of the last decision for a page that does not say its own', () => {
    page('', ['en']);
    expect(resolveLanguage('auto', BUILT_IN, 'fr')).toBe('fr');
    expect(resolveLanguage('auto', BUILT_IN, 'fr-CA')).toBe('fr-CA');
    page('en', ['en']);
    expect(resolveLanguage('auto', BUILT_IN, 'fr')).toBe('en');
  });

  it("then the browser's languages, in order of preference", () => {
    page('', ['de-DE', 'fr-CH', 'en']);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('fr');
    page('de', ['it', 'en-GB', 'fr']);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('en');
  });

  it('then English', () => {
    page('de', ['ja', 'zh-CN']);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('en');
    page('', []);
    expect(resolveLanguage('auto', BUILT_IN)).toBe('en');
  });

  it('finds a language added through translations, by its code or its base language', () => {
    const available = [...BUILT_IN, 'de', 'pt-BR'];
    page('de-AT', ['en']);
    expect(resolveLanguage('auto', available)).toBe('de');
    page('pt-br', ['en']);
    expect(resolveLanguage('auto', available)).toBe('pt-BR');
    page('', ['es', 'de-CH']);
    expect(resolveLanguage('auto', available)).toBe('de');
  });
});

describe('a fixed language', () => {
  it('is used as is, with its base language for a regional code', () => {
    page('en', ['en']);
    expect(resolveLanguage('fr', BUILT_IN)).toBe('fr');
    expect(resolveLanguage('fr-BE', BUILT_IN)).toBe('fr');
    expect(resolveLanguage('fr-CA', BUILT_IN)).toBe('fr-CA');
  });

  it('falls back to English, not to the page or the browser, when there are no texts for it', () => {
    page('fr', ['fr']);
    expect(resolveLanguage('de', BUILT_IN)).toBe('en');
    expect(resolveLanguage('de', [...BUILT_IN, 'de'])).toBe('de');
  });
});
