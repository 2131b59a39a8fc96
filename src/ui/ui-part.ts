/**
 * The script-tag build's UI part, `temoin-ui.<hash>.min.js`: the banner and the layer that hosts
 * the dialog, and the modules the preferences part (Preact) takes from it rather than copies.
 */
export { mount } from './shell';
export * as focus from './focus';
export * as i18n from './i18n';
export * as languageSwitcher from './language-switcher';
