import { stored } from './repository';

/**
 * Which configurations this browser has already checked and found valid: the same text under the
 * same version of Témoin is valid again, so a regular visitor's page view skips the checks (and
 * does not download them). A text never checked here is checked before anything reads it. The
 * texts themselves are kept, compared whole: no edit, however small, passes for one checked
 * before. Kept in localStorage for the origin (a site may serve more than one configuration),
 * and only once Témoin stores something for the visitor anyway (see controller.ts).
 */

const KEY = 'temoin-checked';
/** Configurations remembered per origin: the newest few. */
const KEPT = 4;

/** The texts found valid under this version, newest first. */
function remembered(): string[] {
  try {
    const kept = JSON.parse(stored(KEY) ?? 'null') as unknown;
    return Array.isArray(kept) && kept[0] === TEMOIN_VERSION && Array.isArray(kept[1]) ? (kept[1] as unknown[]).filter((text) => typeof text === 'string') : [];
  } catch {
    return [];
  }
}

export const wasChecked = (text: string): boolean => remembered().includes(text);

/** Whether this browser has found any configuration valid under this version: not on a first visit. */
export const checkedAny = (): boolean => remembered().length > 0;

export function rememberChecked(text: string): void {
  stored(KEY, JSON.stringify([TEMOIN_VERSION, [text, ...remembered().filter((other) => other !== text)].slice(0, KEPT)]));
}
