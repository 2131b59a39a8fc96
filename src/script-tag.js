/**
 * The tags a page pastes to run Témoin from the script-tag build: the core's, with its
 * Subresource Integrity hash, and the preloader's. The one form of each, shared by the build's
 * printout, `temoin install` (which prints them and checks pages against them) and the bench.
 */
import { createHash } from 'node:crypto';
import { CHECKED_COOKIE } from './checked-cookie.js';

/**
 * A file's Subresource Integrity value (`sha384-…`), as a page's `integrity` attribute names it.
 * @param {string | Uint8Array} content
 * @returns {string}
 */
export const subresourceIntegrity = (content) => `sha384-${createHash('sha384').update(content).digest('base64')}`;

/**
 * The Subresource Integrity value the core pins for a part it loads (`sha256-…`), which a preload
 * of that part must name too.
 * @param {string | Uint8Array} content
 * @returns {string}
 */
export const partIntegrity = (content) => `sha256-${createHash('sha256').update(content).digest('base64')}`;

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

/**
 * The preloader's code, the same for every version and every site (so that a Content Security
 * Policy that lists it by hash need not change): on a first visit, known by the absence of the
 * cookie the core reads to know one, it asks for the UI part that its `data-temoin-ui` attribute
 * names (`URL integrity`) at once, beside the core, instead of a round trip later when the core
 * runs and asks for it. The core's own request for the part then takes that response. A
 * returning visitor's page asks for nothing. Never throws into the page (a sandboxed frame may
 * not read cookies).
 */
export const PRELOADER = `try{let t=document.currentScript,p=t.getAttribute("data-temoin-ui").split(" "),l;if(p[1]&&!/(^|;\\s*)${CHECKED_COOKIE}=/.test(document.cookie)){l=document.createElement("link");l.rel="preload";l.as="script";l.href=p[0];l.integrity=p[1];l.crossOrigin="anonymous";l.nonce=t.nonce;document.head.append(l)}}catch{}`;

/** The preloader's hash, as a Content Security Policy's `script-src` lists an inline script. */
export const PRELOADER_CSP_SOURCE = `'sha256-${createHash('sha256').update(PRELOADER).digest('base64')}'`;

/**
 * The preloader's tag, for the UI part at `src` with its Subresource Integrity value `integrity`
 * (the one the core pins for it).
 * @param {{ src: string, integrity: string }} part
 * @returns {string}
 */
export const preloaderTag = ({ src, integrity }) => `<script data-temoin-ui="${attribute(`${src} ${integrity}`)}">${PRELOADER}</script>`;
