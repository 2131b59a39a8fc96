import choices from 'temoin:labels/privacyChoices';
import settings from 'temoin:labels/reopen';
import css from './reopen-button.css?inline';
import { createShadowHost } from './shadow-host';
import { whenIdle } from '../core/schedule';
import type { Controller } from '../core/controller';

/** The page's own controls that open the preferences dialog (a footer link, say). */
const PREFERENCES_CONTROL = '[data-temoin="preferences"]';

/**
 * The ways back to the preferences after a decision. Any element with `data-temoin="preferences"`
 * opens the dialog. The floating button, "Cookie settings" once the first layer is gone, or under
 * the opt-out model "Your privacy choices" from the start, is never over the first layer or the
 * dialog, and by default (`"auto"`) not on a page that has its own control (two would say the
 * same thing) except under opt-out, where the button carries the name the law gives it. Plain
 * DOM, no Preact: a returning visitor downloads only this and the core. No one needs the button
 * before the page has loaded: it is built, and first shown, when the browser is idle after the
 * load, then follows the view at once.
 */
export function offerReopening(controller: Controller): void {
  let made: { host: HTMLElement; button: HTMLButtonElement } | undefined;
  let due = false;
  const make = () => {
    const { host, root } = createShadowHost('temoin-reopen', css);
    const button = document.createElement('button');
    button.onclick = controller.showPreferences;
    root.append(button);
    return { host, button };
  };

  const render = () => {
    if (!due) return;
    const { config, language, view } = controller;
    const { model } = controller.jurisdiction;
    const shown =
      model === 'opt-out'
        ? view !== 'preferences'
        : view === 'none' && (!!controller.getRecord() || model === 'notice') && (config.reopenButton === true || !document.querySelector(PREFERENCES_CONTROL));
    if (!config.reopenButton || !shown) {
      made?.host.remove();
      return;
    }
    const { host, button } = (made ??= make());
    const [key, labels] = model === 'opt-out' ? (['privacyChoices', choices] as const) : (['reopen', settings] as const);
    const base = language.split('-')[0] ?? language;
    const custom = [language, base].map((code) => config.translations[code]?.[key]).find((text) => typeof text === 'string');
    button.lang = language;
    button.textContent = custom ?? labels[language] ?? labels[base] ?? labels.en;
    if (!host.isConnected) document.body.append(host);
  };
  const openFromPage = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest(PREFERENCES_CONTROL)) {
      event.preventDefault();
      controller.showPreferences();
    }
  };
  addEventListener('click', openFromPage);
  whenIdle(() => {
    due = true;
    render();
  });
  for (const event of ['ready', 'view', 'language', 'consent'] as const) controller.on(event, render);
  controller.on('destroy', () => {
    due = false;
    made?.host.remove();
    removeEventListener('click', openFromPage);
  });
}
