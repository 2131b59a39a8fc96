import { describe, expect, it } from 'vitest';
import { minifyCss } from '../../scripts/minify-css.mjs';

describe('the build minifies stylesheets without changing what they mean', () => {
  it('drops comments and the whitespace that does not matter', () => {
    expect(minifyCss('/* a note */\n.a,\n.b > .c {\n  color: red !important;\n  margin: 0 auto;\n}\n')).toBe('.a,.b>.c{color:red!important;margin:0 auto}');
  });

  it('keeps a descendant combinator before a pseudo-class', () => {
    expect(minifyCss('.a :focus { outline: none; }')).toBe('.a :focus{outline:none}');
  });

  it('keeps the spaces calc() needs around + and -', () => {
    expect(minifyCss('.a { width: calc(100% - 24px); height: calc(1em + 2px); }')).toBe('.a{width:calc(100% - 24px);height:calc(1em + 2px)}');
  });

  it('keeps sibling combinators as they are, and media queries readable', () => {
    expect(minifyCss('.a + .b ~ .c {}\n@media (max-width: 480px) { .a { color: red; } }')).toBe('.a + .b ~ .c{}@media (max-width:480px){.a{color:red}}');
  });
});
