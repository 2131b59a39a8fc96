import { stored } from './repository';

/**
 * Which configurations this browser has already checked and found valid, by fingerprint: the same
 * text under the same version of Témoin is valid again, so a regular visitor's page view skips
 * the checks (and does not download them). A text never checked here is checked before anything
 * reads it. Kept in localStorage for the origin (a site may serve more than one configuration).
 */

const KEY = 'temoin-checked';
/** Configurations remembered per origin: the newest few. */
const KEPT = 4;

/**
 * Two 32-bit FNV-1a hashes of Témoin's version and the configuration's text, with different
 * offsets: 64 bits, so that an edited configuration is never taken for one checked before.
 */
export function fingerprint(text: string): string {
  const input = `${TEMOIN_VERSION}\n${text}`;
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36);
}

const remembered = (): string[] => (stored(KEY) ?? '').split(' ');

export const wasChecked = (print: string): boolean => remembered().includes(print);

export function rememberChecked(print: string): void {
  stored(KEY, [print, ...remembered().filter((other) => other && other !== print)].slice(0, KEPT).join(' '));
}
