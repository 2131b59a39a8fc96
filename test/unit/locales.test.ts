import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import type { TranslationTree } from '../../src/core/types';

/** Every text of a locale file by its dotted path. */
const texts = (tree: TranslationTree, prefix = ''): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'object' ? Object.entries(texts(value, `${prefix}${key}.`)) : [[`${prefix}${key}`, value]],
    ),
  );
const EN = texts(en);
const FR = texts(fr);
const placeholders = (text: unknown) => String(text).match(/\{\w+\}/g)?.sort() ?? [];

describe('locale files', () => {
  it('have the same keys, every one a non-empty string', () => {
    expect(Object.keys(FR).sort()).toEqual(Object.keys(EN).sort());
    for (const [path, text] of [...Object.entries(EN), ...Object.entries(FR)]) {
      expect(typeof text, path).toBe('string');
      expect(String(text).trim(), path).not.toBe('');
    }
  });

  it('use the same {placeholders} in both languages', () => {
    for (const path of Object.keys(EN)) expect(placeholders(FR[path]), path).toEqual(placeholders(EN[path]));
  });

  it('label the choices and categories as the interface promises', () => {
    const labels = ['actions.acceptAll', 'actions.rejectAll', 'actions.customize', 'actions.save', 'preferences.alwaysActive'];
    const titles = ['necessary', 'performance', 'advertising', 'third-party'].map((id) => `categories.${id}.title`);
    expect([...labels, ...titles].map((path) => EN[path])).toEqual([
      'Accept all', 'Reject all', 'Customize', 'Save choices', 'Always active',
      'Strictly necessary', 'Performance', 'Advertising', 'Third-party content and social media',
    ]);
    expect([...labels, ...titles].map((path) => FR[path])).toEqual([
      'Tout accepter', 'Tout refuser', 'Personnaliser', 'Enregistrer mes choix', 'Toujours actif',
      'Strictement nécessaires', 'Performance', 'Publicité', 'Contenus tiers et réseaux sociaux',
    ]);
  });

  it('tell on the banner how to change one’s mind: with the control named like the reopen button', () => {
    expect(EN['banner.withdraw']).toContain(`“${String(EN.reopen)}”`);
    expect(FR['banner.withdraw']).toContain(`«\u00a0${String(FR.reopen)}\u00a0»`);
  });

  it('use typographic apostrophes and quotation marks', () => {
    for (const [path, text] of [...Object.entries(EN), ...Object.entries(FR)]) expect(text, path).not.toMatch(/['"]/);
  });

  it('follow French typography: a no-break space before : ; ! ? » and after «', () => {
    for (const [path, text] of Object.entries(FR)) {
      // U+00A0 no-break space, or U+202F narrow no-break space (also accepted in Québec before ; ! ?).
      expect(text, path).not.toMatch(/[^\u00a0\u202f][:;!?»]|«[^\u00a0\u202f]/);
      expect(text, path).not.toMatch(/ [:;!?»]|« /);
    }
  });
});
