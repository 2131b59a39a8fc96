/**
 * The file name of a part of the script-tag build, named by its hash (the base64 SHA-256's first
 * ten letters and digits) so that a long cache never pairs a new core with an old part. The one
 * rule, shared by the core that loads parts, the build that writes them and the tools that measure them.
 * @param {string} name
 * @param {string} hash
 * @returns {string}
 */
export const partFile = (name, hash) => `temoin-${name}.${hash.replace(/\W/g, '').slice(0, 10)}.min.js`;

/** A part's file name; the first group is the part's name. */
export const PART_FILE = /^temoin-(.+)\.[A-Za-z0-9]{10}\.min\.js$/;

/**
 * The file name of the core under its own hash (`temoin.<hash>.min.js`), a copy of `temoin.min.js`.
 * @param {string} hash
 * @returns {string}
 */
export const coreFile = (hash) => partFile('', hash).replace('temoin-.', 'temoin.');

/** The core's hashed file name. */
export const CORE_FILE = /^temoin\.[A-Za-z0-9]{10}\.min\.js$/;
