import Cookies from 'js-cookie';
import type { CategoryConfig } from './types';

/** Removes what a withdrawn category left behind: its cookies and its web-storage keys. */

const matches = (patterns: string[], name: string) =>
  patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** The host and every parent domain: a.b.example.com, b.example.com, example.com. */
const domains = (host: string): string[] => {
  if (/^[\d.]+$|:/.test(host)) return [host];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
};

/** `/`, then every path the page is under: /a, /a/b, /a/b/page (a script's cookie defaults to its page's folder). */
const paths = (pathname: string): string[] =>
  pathname.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/') || '/');

/** Deletes the category's cookies and storage keys; the consent cookie `keep` is never touched, whatever the patterns. */
export function clearCategory(category: CategoryConfig, keep: string): void {
  const cookies = category.cookies ?? [];
  const storage = category.storage ?? [];
  if (cookies.length) {
    const visible = document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0] ?? '') : [];
    const names = new Set([...cookies.filter((c) => !c.endsWith('*')), ...visible.filter((n) => matches(cookies, n))]);
    names.delete(keep);
    for (const name of names)
      for (const path of new Set(paths(location.pathname))) {
        Cookies.remove(name, { path });
        for (const domain of domains(location.hostname)) Cookies.remove(name, { path, domain });
      }
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
