/**
 * Témoin's elements live in shadow roots: host-page CSS cannot restyle them and theirs cannot
 * leak out. Styles are constructed stylesheets, which a strict CSP (no 'unsafe-inline') allows.
 */
const sheets = new Map<string, CSSStyleSheet>();

export function createShadowHost(tag: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  root.adoptedStyleSheets = [sheet];
  return { host, root };
}

/** Runs `action` with `document.body`, waiting for it when the script runs in `<head>`. */
export function withBody(action: (body: HTMLElement) => void): void {
  // `document.body` is null while a script in <head> runs, whatever the DOM typings say.
  if ((document.body as HTMLElement | null) !== null) action(document.body);
  else addEventListener('DOMContentLoaded', () => {
    action(document.body);
  });
}
