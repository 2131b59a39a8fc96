/**
 * The cookie by which a browser that has found a configuration valid before is known, and so a
 * first visit by its absence: the core reads it (src/core/checked.ts), and so does the tag that
 * fetches the banner's part beside the core on a first visit (src/script-tag.js).
 */
export const CHECKED_COOKIE = 'temoin-checked';
