import { button, el } from './dom';
import { languageName, type Translate } from './i18n';
import type { Controller } from '../core/controller';

export interface LanguageSwitcher {
  element: HTMLElement;
  /** Labels the group in the current language and presses the current language's button. */
  render: (t: Translate) => void;
}

/** "English | Français": each name in its own language; the banner and the dialog each have one. */
export function createLanguageSwitcher(controller: Controller): LanguageSwitcher {
  const buttons = controller.languages.map((code) =>
    button({ class: 'language', lang: code }, () => {
      controller.setLanguage(code);
    }, languageName(controller.config, code)),
  );
  const element = el('div', { class: 'languages', role: 'group' }, ...buttons);
  return {
    element,
    render: (t) => {
      element.setAttribute('aria-label', t('language'));
      // Québec French (`fr-CA`) is shown by the "Français" button.
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.lang === controller.language.split('-')[0] || b.lang === controller.language));
    },
  };
}
