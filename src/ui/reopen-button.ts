import choices from 'temoin:labels/privacyChoices';
import settings from 'temoin:labels/reopen';
import css from './reopen-button.css?inline';
import { createShadowHost } from './shadow-host';
import type { Controller } from '../core/controller';

/** The floating button that opens the preferences dialog, once built. */
export interface ReopenButton {
  /** Shows it (appended to the page if it is not there), labelled in the language shown. */
  show: () => void;
  hide: () => void;
}

/**
 * The floating button: "Cookie settings", or under the opt-out model "Your privacy choices" (the
 * name the California regulations give that link), in the site's own words when its translations
 * have them. A part of its own: most pages have their own link and never need it (reopen.ts).
 */
export function createReopenButton(controller: Controller): ReopenButton {
  const { host, root } = createShadowHost('temoin-reopen', css);
  const button = document.createElement('button');
  button.onclick = controller.showPreferences;
  root.append(button);
  return {
    show: () => {
      const { config, language } = controller;
      const [key, labels] = controller.jurisdiction.model === 'opt-out' ? (['privacyChoices', choices] as const) : (['reopen', settings] as const);
      const base = language.split('-')[0] ?? language;
      const custom = [language, base].map((code) => config.translations[code]?.[key]).find((text) => typeof text === 'string');
      button.lang = language;
      button.textContent = custom ?? labels[language] ?? labels[base] ?? labels.en;
      if (!host.isConnected) document.body.append(host);
    },
    hide: () => {
      host.remove();
    },
  };
}
