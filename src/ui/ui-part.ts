/**
 * The script-tag build's UI part, `temoin-ui.<hash>.min.js`: what a page view that decides needs.
 * The banner and the layer that hosts the dialog; what deciding does (the record, the cookie, the
 * proof, withdrawal); the configuration checks, which a configuration not yet found valid on this
 * browser needs (almost always on a first visit, when the banner is wanted too); and the modules
 * the preferences part (Preact) takes from it rather than copies.
 */
export { mount } from './shell';
export { createDecisionEffects } from '../core/decision-effects';
export { validateConfig } from '../core/validate';
export * as focus from './focus';
export * as i18n from './i18n';
export * as languageSwitcher from './language-switcher';
export * as shadowHost from './shadow-host';
