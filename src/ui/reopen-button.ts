import labels from 'temoin:labels/reopen';
import css from './reopen-button.css?inline';
import { createShadowHost, withBody } from './shadow-host';
import type { Controller } from '../core/controller';

/**
 * The floating "Cookie settings" button shown after a decision. Plain DOM, no Preact: a returning
 * visitor downloads only this and the core.
 */
export function showReopenButton(controller: Controller): void {
  const { host, root } = createShadowHost('temoin-reopen', css);
  const button = document.createElement('button');
  button.onclick = controller.showPreferences;
  root.append(button);

  const render = () => {
    const { config, language } = controller;
    host.remove();
    if (config.reopenButton && controller.view === 'none' && controller.getRecord()) {
      button.lang = language;
      const custom = config.translations[language]?.reopen;
      button.textContent = typeof custom === 'string' ? custom : (labels[language] ?? labels.en);
      withBody((body) => {
        body.append(host);
      });
    }
  };
  for (const event of ['ready', 'view', 'language', 'consent'] as const) controller.subscribe(event, render);
}
