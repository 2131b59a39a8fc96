/**
 * A stylesheet's text, minified: comments and the whitespace around braces, semicolons, commas and
 * `>`, after colons and before `!important`, go. Whitespace before a colon stays (`.a :focus` is not `.a:focus`), and so
 * does any around `+`, `-` and `~` (`calc(1px + 2px)` needs it).
 */
export const minifyCss = (css) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/\s+!important/g, '!important')
    .replace(/;}/g, '}')
    .trim();
