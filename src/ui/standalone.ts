/**
 * The interactive part of the script-tag build, `temoin-ui.<hash>.min.js`: the banner and the
 * code that writes decisions, fetched by the core only when something must be shown or stored.
 */
export { mount } from './mount';
export * as writer from '../core/writer';
