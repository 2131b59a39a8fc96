/**
 * Whether the HTML parser is done with `node`: the page is parsed, or something follows the node
 * in document order. Until then its content (an inline script's text) may be incomplete, and the
 * parser has not finished inserting it: an iframe whose `src` is set at that moment stays blank.
 */
export function isParsed(node: Node): boolean {
  if (document.readyState !== 'loading') return true;
  for (let at: Node | null = node; at; at = at.parentNode) if (at.nextSibling) return true;
  return false;
}
