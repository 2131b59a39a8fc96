import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import frCA from '../../locales/fr-CA.json';
import fr from '../../locales/fr.json';
import { validateConfig } from '../../src/core/validate';
import { ensureTexts, translator } from '../../src/ui/i18n';
import type { TranslationTree } from '../../src/core/types';

const builtIn: Record<string, TranslationTree> = { en, fr, 'fr-CA': frCA };
const load = (code: string) => Promise.resolve(builtIn[code]);

/** The texts a visitor reading `language` sees on a site whose configuration has `translations`. */
async function textsFor(language: string, translations: Record<string, TranslationTree> = {}) {
  const { config, errors } = validateConfig({ translations });
  expect(errors).toEqual([]);
  await ensureTexts(load, language);
  return translator(config, language);
}

describe('which text a visitor reads', () => {
  it('a Québec visitor reads the Québec wording where it differs from French, French elsewhere', async () => {
    const t = await textsFor('fr-CA');
    expect(t('preferences.title')).toBe(frCA.preferences.title);
    expect(t('actions.acceptAll')).toBe(fr.actions.acceptAll);
  });

  it('a site’s French text wins over the built-in Québec wording: the site chose its words', async () => {
    const t = await textsFor('fr-CA', { fr: { preferences: { title: 'Vos choix' } } });
    expect(t('preferences.title')).toBe('Vos choix');
  });

  it('a site’s Québec text wins over its French text', async () => {
    const t = await textsFor('fr-CA', { fr: { preferences: { title: 'Vos choix' } }, 'fr-CA': { preferences: { title: 'Vos choix, au Québec' } } });
    expect(t('preferences.title')).toBe('Vos choix, au Québec');
  });

  it('a French visitor reads built-in French before a site’s English text', async () => {
    const t = await textsFor('fr', { en: { actions: { acceptAll: 'Sure' } } });
    expect(t('actions.acceptAll')).toBe(fr.actions.acceptAll);
  });

  it('a language Témoin has no texts for falls back to the site’s English, then to the built-in English', async () => {
    const t = await textsFor('de', { de: { actions: { acceptAll: 'Alle akzeptieren' } }, en: { actions: { rejectAll: 'No thanks' } } });
    expect(t('actions.acceptAll')).toBe('Alle akzeptieren');
    expect(t('actions.rejectAll')).toBe('No thanks');
    expect(t('actions.customize')).toBe(en.actions.customize);
  });

  it('fills placeholders and leaves unknown ones as written', async () => {
    const t = await textsFor('en', { en: { banner: { title: 'Hello {name}, {missing}' } } });
    expect(t('banner.title', { name: 'Ada' })).toBe('Hello Ada, {missing}');
  });
});
