/**
 * The script tag a page pastes to run Témoin from the script-tag build, with the core's
 * Subresource Integrity hash. The one form of it, shared by the build's printout and by
 * `temoin install`, which prints it and checks pages against it.
 */
import { createHash } from 'node:crypto';

/**
 * A file's Subresource Integrity value (`sha384-…`), as a page's `integrity` attribute names it.
 * @param {string | Uint8Array} content
 * @returns {string}
 */
export const subresourceIntegrity = (content) => `sha384-${createHash('sha384').update(content).digest('base64')}`;

/** @param {string} value */
const attribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The tag: the core at `src`, checked against `integrity`, loaded without holding up the page
 * (`async`: what it holds back is inert markup), with its configuration at `config`.
 * @param {{ src: string, integrity: string, config: string }} tag
 * @returns {string}
 */
export const scriptTag = ({ src, integrity, config }) =>
  `<script src="${attribute(src)}" integrity="${attribute(integrity)}" crossorigin="anonymous" async data-config="${attribute(config)}"></script>`;
