/**
 * The script-tag build's UI part, `temoin-ui.<hash>.min.js`: the banner and the layer that hosts
 * the dialog, and the modules the preferences part (Preact) takes from it rather than copies.
 */
import { mount as mountLayer } from './shell';
import type { TextsLoader } from './i18n';
import type { renderPreferences } from './preferences';
import type { Controller } from '../core/controller';

/** The parts this one loads: the preferences part's SHA-256, pinned by rollup.config.mjs. */
declare const TEMOIN_PARTS: { preferences: string };

/** Puts the banner's layer on the page; `loadPart` (the core's) fetches the preferences part when opened, pinned here. */
export const mount = (
  controller: Controller,
  load: TextsLoader,
  loadPart: (name: 'preferences', hash: string) => Promise<{ renderPreferences: typeof renderPreferences } | undefined>,
): void => {
  mountLayer(controller, load, () => loadPart('preferences', TEMOIN_PARTS.preferences));
};
export * as focus from './focus';
export * as i18n from './i18n';
export * as languageSwitcher from './language-switcher';
export * as shadowHost from './shadow-host';
