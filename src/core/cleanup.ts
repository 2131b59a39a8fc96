import Cookies from 'js-cookie';
import { cookieScopes } from './cookie-scopes';
import type { CategoryConfig } from './types';

/** Removes what a withdrawn category left behind: its cookies and its web-storage keys. */

const matches = (patterns: string[], name: string) =>
  patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** Deletes the category's cookies and storage keys; the consent cookie `keep` is never touched, whatever the patterns. */
export function clearCategory(category: CategoryConfig, keep: string): void {
  const cookies = category.cookies ?? [];
  const storage = category.storage ?? [];
  if (cookies.length) {
    const visible = document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0] ?? '') : [];
    const names = new Set([...cookies.filter((c) => !c.endsWith('*')), ...visible.filter((n) => matches(cookies, n))]);
    names.delete(keep);
    const scopes = cookieScopes();
    for (const name of names) for (const scope of scopes) Cookies.remove(name, scope);
  }
  if (storage.length)
    for (const area of ['localStorage', 'sessionStorage'] as const)
      try {
        const store = window[area];
        for (const key of Object.keys(store)) if (matches(storage, key)) store.removeItem(key);
      } catch {
        // Storage can be disabled: then there is nothing to remove.
      }
}
