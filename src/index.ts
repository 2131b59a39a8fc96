/** `temoin`: the consent manager with its banner, preferences dialog, placeholders and reopen button. */
import { attempt, error } from './core/log';
import { initOnce } from './core/singleton';
import { loadUiOnDemand } from './ui/on-demand';
import { offerReopening } from './ui/reopen';
import type { TextsLoader } from './ui/i18n';
import type { Controller } from './core/controller';
import type { TemoinConfig } from './core/types';

export * from './core';

/** Built-in texts, one chunk per language, so a bundle's visitors download only the language they read. */
const importTexts: TextsLoader = (language) =>
  language === 'fr'
    ? import('../locales/fr.json').then((texts) => texts.default)
    : language === 'fr-CA'
      ? import('../locales/fr-CA.json').then((texts) => texts.default)
      : language === 'en'
        ? import('../locales/en.json').then((texts) => texts.default)
        : Promise.resolve(undefined);

/** A chunk the bundler could not load: said in the console, and loaded again when next needed. */
const reported = (what: string) => (problem: unknown) => {
  error(`could not load ${what} (${String(problem)})`);
  throw problem;
};

/**
 * Starts Témoin with its UI once per page and makes it `window.Temoin`; bundlers split the UI's
 * code off and load it only when it must show.
 */
export const init = (config?: TemoinConfig): Controller =>
  initOnce(config, {
    attach: (controller) => {
      offerReopening(controller, () => import('./ui/reopen-button').catch(reported('the reopen button')));
      loadUiOnDemand(controller, {
        ui: () =>
          import('./ui/shell').then(({ mount }) => {
            attempt('showing the banner', () => {
              mount(controller, importTexts, () => import('./ui/preferences'));
            });
          }, reported('the banner')),
        placeholders: () =>
          import('./ui/placeholders').then(({ explainBlockedIframes }) => {
            attempt('explaining blocked iframes', () => {
              explainBlockedIframes(controller, importTexts);
            });
          }, reported('the placeholders')),
      });
    },
  });
