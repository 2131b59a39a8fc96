/** Tagged markup and Témoin's selectors, shared by the cross-engine scenarios. */

/**
 * A site's tagged markup, its third parties on `vendor` (see site.mjs): external script A (slow
 * to arrive), an inline script that says whether A had run, external B, inline C, an advertising
 * pixel, a third-party video player, and a script for "performance refused".
 */
export const tagged = (vendor) => `
  <script type="text/plain" data-category="performance" src="${vendor.url('a.js')}?slow"></script>
  <script type="text/plain" data-category="performance">(window.__ran = window.__ran || []).push('inline:' + (window.__ran.includes('a') ? 'after-a' : 'before-a'));</script>
  <script type="text/plain" data-category="performance" src="${vendor.url('b.js')}"></script>
  <script type="text/plain" data-category="performance">(window.__ran = window.__ran || []).push('c');</script>
  <img data-category="advertising" data-src="${vendor.url('pixel.gif')}" width="1" height="1" alt="">
  ${player(vendor)}
  <script type="text/plain" data-category="!performance">window.__refusedRan = (window.__refusedRan || 0) + 1;</script>
`;

/** The order in which `tagged`'s scripts run: as the parser would have run them. */
export const SCRIPT_ORDER = ['a', 'inline:after-a', 'b', 'c'];

/** A held-back video player, third-party content. */
export const player = (vendor) =>
  `<iframe data-category="third-party" data-src="${vendor.url('embed/1')}" title="Video" width="320" height="180"></iframe>`;

/** What the player's page loads: the page, its stylesheet and its script. */
export const PLAYER_REQUESTS = ['embed/1', 'embed/player.css', 'embed/player.js'];

export const BANNER = 'temoin-consent >> section.banner';
export const DIALOG = 'temoin-consent >> dialog.dialog';
export const REOPEN = 'temoin-reopen >> button';
export const PLACEHOLDER = 'temoin-placeholder >> button';
/** A button of the banner or the dialog: `bannerButton('accept-all')`. */
export const bannerButton = (action) => `${BANNER} button[data-action="${action}"]`;
export const dialogButton = (action) => `${DIALOG} button[data-action="${action}"]`;
/** A category's switch in the dialog. */
export const categorySwitch = (id) => `${DIALOG} button[role="switch"][data-category="${id}"]`;
