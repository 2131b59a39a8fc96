import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import frCA from '../../locales/fr-CA.json';
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
/** What fr-CA.json holds: only what differs from French. */
const FR_CA = texts(frCA);
/** What a Québec visitor reads: fr-CA.json, then fr.json (every key of fr exists in en). */
const QUEBEC: Record<string, unknown> = { ...FR, ...FR_CA };
const placeholders = (text: unknown) => String(text).match(/\{\w+\}/g)?.sort() ?? [];

// Any space at all, including U+00A0 no-break and U+202F narrow no-break.
const SPACE = '[\\s\\u00a0\\u202f]';

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

  it('name the opt-out and notice controls as the interface promises, and the reopen button', () => {
    const paths = ['privacyChoices', 'optOut.honored', 'actions.gotIt'];
    expect(paths.map((path) => EN[path])).toEqual(['Your privacy choices', 'Opt-out request honored', 'Got it']);
    expect(paths.map((path) => FR[path])).toEqual(['Vos choix en matière de vie privée', 'Demande de retrait respectée', 'J’ai compris']);
    expect(EN.reopen).toBe('Cookie settings');
  });

  it('tell on the banner how to change one’s mind: with the control named like the reopen button', () => {
    expect(EN['banner.withdraw']).toContain(`“${String(EN.reopen)}”`);
    expect(FR['banner.withdraw']).toContain(`«\u00a0${String(FR.reopen)}\u00a0»`);
    expect(QUEBEC['banner.withdraw']).toContain(`«\u00a0${String(QUEBEC.reopen)}\u00a0»`);
  });

  it('tell in the opt-out notice how to opt out: with the control named like its button', () => {
    expect(EN['optOut.text']).toContain(`“${String(EN.privacyChoices)}”`);
    expect(FR['optOut.text']).toContain(`«\u00a0${String(FR.privacyChoices)}\u00a0»`);
    expect(QUEBEC['optOut.text']).toContain(`«\u00a0${String(QUEBEC.privacyChoices)}\u00a0»`);
  });

  it('use typographic apostrophes and quotation marks', () => {
    for (const [path, text] of [...Object.entries(EN), ...Object.entries(FR), ...Object.entries(FR_CA)])
      expect(text, path).not.toMatch(/['"]/);
  });

  it('follow French typography: a no-break space before : ; ! ? » and after «', () => {
    for (const [path, text] of Object.entries(FR)) {
      // U+00A0 no-break space, or U+202F narrow no-break space.
      expect(text, path).not.toMatch(/[^\u00a0\u202f][:;!?»]|«[^\u00a0\u202f]/);
      expect(text, path).not.toMatch(/ [:;!?»]|« /);
    }
  });
});

describe('Québec French (fr-CA.json, on top of fr.json)', () => {
  it('holds only texts that French has, each a non-empty string that differs from the French one', () => {
    for (const [path, text] of Object.entries(FR_CA)) {
      expect(Object.keys(FR), path).toContain(path);
      expect(typeof text, path).toBe('string');
      expect(String(text).trim(), path).not.toBe('');
      expect(text, `${path} repeats fr.json`).not.toBe(FR[path]);
    }
  });

  it('uses the same {placeholders} as English', () => {
    for (const [path, text] of Object.entries(FR_CA)) expect(placeholders(text), path).toEqual(placeholders(EN[path]));
  });

  it('says « témoins » for cookies: every French text about cookies is overridden, and no Québec text says “cookie”', () => {
    const aboutCookies = Object.keys(FR).filter((path) => /cookie/i.test(String(FR[path])));
    expect(aboutCookies.length).toBeGreaterThan(0);
    for (const path of aboutCookies) {
      expect(Object.keys(FR_CA), `${path} needs a Québec text`).toContain(path);
      expect(FR_CA[path], path).toMatch(/témoin/);
    }
    for (const [path, text] of Object.entries(QUEBEC)) expect(text, path).not.toMatch(/cookie/i);
  });

  it('uses the vocabulary of Québec law and usage: « renseignements personnels », « en tout temps »', () => {
    for (const [path, text] of Object.entries(QUEBEC)) {
      expect(text, path).not.toMatch(/données personnelles/);
      expect(text, path).not.toMatch(/à tout moment/);
    }
    expect(QUEBEC['optOut.text']).toMatch(/renseignements personnels/);
    expect(QUEBEC['banner.withdraw']).toMatch(/en tout temps/);
  });

  it('keeps the fixed French labels, and names the reopen button and the dialog « Paramètres des témoins »', () => {
    const fixed = [
      'actions.acceptAll', 'actions.rejectAll', 'actions.customize', 'actions.save', 'actions.gotIt', 'preferences.alwaysActive',
      'privacyChoices', 'optOut.honored',
      ...['necessary', 'performance', 'advertising', 'third-party'].map((id) => `categories.${id}.title`),
    ];
    for (const path of fixed) expect(QUEBEC[path], path).toBe(FR[path]);
    expect(QUEBEC.reopen).toBe('Paramètres des témoins');
    expect(QUEBEC['preferences.title']).toBe('Paramètres des témoins');
  });

  it('follows the OQLF’s spacing: a no-break space before : and inside « », no space before ; ! ?', () => {
    for (const [path, text] of Object.entries(QUEBEC)) {
      expect(text, path).not.toMatch(new RegExp(`${SPACE}[;!?]`));
      // Before the colon and inside the guillemets: U+00A0, a no-break space of ordinary width.
      expect(text, path).not.toMatch(/[^\u00a0]:|«[^\u00a0]|[^\u00a0]»/);
      expect(text, path).not.toMatch(new RegExp(`${SPACE}\\u00a0|\\u00a0${SPACE}`));
    }
  });
});
