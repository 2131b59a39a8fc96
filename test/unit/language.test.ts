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

  it('shows French for any regional French (fr-CA, fr-BE), in any case', () => {
    for (const lang of ['fr-CA', 'fr-BE', 'FR-ca', 'fr-Latn-CA'])  {
      page(lang, ['en']);
      expect(resolveLanguage('auto', BUILT_IN), lang).toBe('fr');
    }
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
    expect(resolveLanguage('fr-CA', BUILT_IN)).toBe('fr');
  });

  it('falls back to English, not to the page or the browser, when there are no texts for it', () => {
    page('fr', ['fr']);
    expect(resolveLanguage('de', BUILT_IN)).toBe('en');
    expect(resolveLanguage('de', [...BUILT_IN, 'de'])).toBe('de');
  });
});
