import type { CategoryId } from './types';

/**
 * Reloads the page after a withdrawal, so that nothing of the withdrawn categories loads again.
 *
 * On `location.reload()`, Firefox gives each iframe that the page's markup declares the document
 * it showed last (its entry in session history), not what its `src` says: a withdrawn player,
 * held back again after the reload, would still load, run and set its cookies behind its
 * placeholder. A frame removed from the document takes its history entry with it, so the tagged
 * frames of the withdrawn categories are removed first. (Navigating to the same address would not
 * restore frames either, but with a `#fragment` it only scrolls; a forced reload, `reload(true)`,
 * is Firefox's alone and downloads the whole page again.)
 */
export function reloadWithout(withdrawn: readonly CategoryId[]): void {
  for (const frame of document.querySelectorAll('iframe[data-category]'))
    if (withdrawn.includes(frame.getAttribute('data-category') ?? '')) frame.remove();
  location.reload();
}
