/**
 * Témoin's elements live in shadow roots: host-page CSS cannot restyle them and theirs cannot
 * leak out. Styles are constructed stylesheets, which a strict CSP (no 'unsafe-inline') allows,
 * each built once and shared by every root that uses it.
 */
const sheets = new Map<string, CSSStyleSheet>();

/** Adds the stylesheets `css` to `root`, after those it already has (once each). */
export function adoptStyles(root: ShadowRoot, ...css: string[]): void {
  for (const text of css) {
    let sheet = sheets.get(text);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      sheets.set(text, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
}

export function createShadowHost(tag: string, ...css: string[]): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, ...css);
  return { host, root };
}

/**
 * Runs `action` with `document.body`, waiting for it when the script runs in `<head>`; with
 * `parsed`, waiting for the whole page to be parsed. (An element appended at the end of the body
 * while the page loads would stand after the element the parser is still inserting, which would
 * then look complete: see core/parsed.ts.)
 */
export function withBody(action: (body: HTMLElement) => void, parsed = false): void {
  // `document.body` is null while a script in <head> runs, whatever the DOM typings say.
  if ((document.body as HTMLElement | null) !== null && !(parsed && document.readyState === 'loading')) action(document.body);
  else addEventListener('DOMContentLoaded', () => {
    action(document.body);
  });
}
