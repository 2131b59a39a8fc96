/** The UI part of the script-tag build, `temoin-ui.min.js`: fetched by the core only when something must be shown. */
export { mount } from './mount';
