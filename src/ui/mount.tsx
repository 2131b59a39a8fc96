import { render } from 'preact';
import { App } from './App';
import { loadTexts, type TextsLoader } from './i18n';
import { createShadowHost, withBody } from './shadow-host';
import css from './styles.css?inline';
import { error } from '../core/log';
import type { Controller } from '../core/controller';

/**
 * Puts the banner and dialog on the page, in a shadow root placed first in `<body>` (first in
 * tab order), once the texts of the language to show are loaded.
 */
export function mount(controller: Controller, load: TextsLoader): void {
  const { host, root } = createShadowHost('temoin-consent', css);
  const texts = (language: string) =>
    loadTexts(load, language).catch(() => {
      error(`could not load the "${language}" texts: the banner cannot be shown`);
    });
  void texts(controller.language).then(() => {
    const show = () => {
      render(<App controller={controller} />, root);
    };
    withBody((body) => {
      body.prepend(host);
      show();
    });
    controller.subscribe('language', (language) => void texts(language).then(show));
  });
}
