import { decodeDecision, type StoredDecision } from './record-codec';

/**
 * Where a decision is kept, read: the first-party consent cookie (written by cookie-writer.ts,
 * which the page loads only to decide), and the small values Témoin keeps in localStorage.
 */

/** Every value of the cookies named `name` visible to this page (several when set on other domains or paths). */
export function cookieValues(name: string): string[] {
  const values: string[] = [];
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) values.push(pair.slice(at + 1));
  }
  return values;
}

/** Every decision among the consent cookies that decodes exactly (see `decisionInForce` for which counts). Never throws. */
export const readDecisions = (name: string): StoredDecision[] =>
  cookieValues(name).flatMap((value) => decodeDecision(value) ?? []);

/**
 * A small value kept in localStorage under `key` (the notice someone closed, proofs not yet
 * delivered): read, written, or removed with `null`. Storage may be disabled or full: then it
 * reads as nothing and writing does nothing.
 */
export function stored(key: string, value?: string | null): string | null {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Disabled, or over quota.
  }
  return null;
}
