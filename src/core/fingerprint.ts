/** The library's version, set by the build: a new version may check configurations differently. */
declare const TEMOIN_VERSION: string;

/**
 * A short fingerprint (FNV-1a, 32 bits, base 36) of a configuration's text as checked by this
 * version of Témoin. The consent cookie keeps the fingerprint of the configuration found valid,
 * so that a returning visitor whose site has not changed its configuration skips the checks
 * (and does not download them); any change to the text, or a new version, checks it again.
 * Not a security measure: a visitor who forges it only skips checks in their own browser.
 */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of TEMOIN_VERSION + text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (hash >>> 0).toString(36);
}
