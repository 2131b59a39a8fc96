import choices from 'temoin:labels/privacyChoices';
import settings from 'temoin:labels/reopen';
import css from './reopen-button.css?inline';
import { createShadowHost, withBody } from './shadow-host';
import type { Controller } from '../core/controller';

/**
 * The floating button that reopens the preferences: "Cookie settings" once the first layer is
 * gone, or under the opt-out model "Your privacy choices" from the start. Plain DOM, no Preact:
 * a returning visitor downloads only this and the core.
 */
export function showReopenButton(controller: Controller): void {
  let made: { host: HTMLElement; button: HTMLButtonElement } | undefined;
  // Built the first time it shows: a page that never shows it pays nothing for it.
  const make = () => {
    const { host, root } = createShadowHost('temoin-reopen', css);
    const button = document.createElement('button');
    button.onclick = controller.showPreferences;
    root.append(button);
    return { host, button };
  };

  const render = () => {
    const { config, language, view } = controller;
    const { model } = controller.jurisdiction;
    const shown = model === 'opt-out' ? view !== 'preferences' : view === 'none' && (controller.getRecord() !== null || model === 'notice');
    made?.host.remove();
    if (config.reopenButton && shown) {
      const { host, button } = (made ??= make());
      const [key, labels] = model === 'opt-out' ? (['privacyChoices', choices] as const) : (['reopen', settings] as const);
      const base = language.split('-')[0] ?? language;
      const custom = [language, base].map((code) => config.translations[code]?.[key]).find((text) => typeof text === 'string');
      button.lang = language;
      button.textContent = custom ?? labels[language] ?? labels[base] ?? labels.en;
      withBody((body) => {
        body.append(host);
      }, true);
    }
  };
  for (const event of ['ready', 'view', 'language', 'consent'] as const) controller.on(event, render);
  controller.on('destroy', () => {
    made?.host.remove();
  });
}
