/**
 * Whether the HTML parser is done with `node`: the page is parsed, or something follows the node
 * in document order. Until then its content may be incomplete (an inline script's text, a video's
 * sources). A script of the page that appends to the body while it loads can make a node look
 * done early; Témoin's own elements wait for the end of parsing to be appended.
 */
export function isParsed(node: Node): boolean {
  if (document.readyState !== 'loading') return true;
  for (let at: Node | null = node; at; at = at.parentNode) if (at.nextSibling) return true;
  return false;
}
