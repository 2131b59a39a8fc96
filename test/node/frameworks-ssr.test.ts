/**
 * Server rendering with `temoin/react` and `temoin/vue`, as a Node server does it: plain Node
 * imports the built package (fixtures/frameworks/render.mjs) and renders every component with
 * `react-dom/server` and `vue/server-renderer`. Hydration in the browser is ssr.test.mjs's.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RENDER = fileURLToPath(new URL('fixtures/frameworks/render.mjs', import.meta.url));

let rendered: { touched: string[]; react: string; vue: string };
beforeAll(() => {
  rendered = JSON.parse(execFileSync(process.execPath, [RENDER], { cwd: ROOT, encoding: 'utf8' })) as typeof rendered;
}, 60_000);

describe('on the server', () => {
  it('importing temoin, temoin/core, temoin/react and temoin/vue, and rendering, reads no browser global', () => {
    expect(rendered.touched).toEqual([]);
  });

  it('React: the state before the start, the fallback instead of the embed, nothing for no fallback nor for ConsentScript', () => {
    expect(rendered.react).toBe(
      '<p id="status">ready: false, record: null, allowed: false</p>' + '<p id="fallback">The video waits for your consent.</p>',
    );
  });

  it('Vue: the same, with the fallback slot', () => {
    expect(rendered.vue.replace(/<!--[[\]]?-->/g, '')).toBe(
      '<p id="status">ready: false, record: null, allowed: false</p>' + '<p id="fallback">The video waits for your consent.</p>',
    );
    expect(rendered.vue).not.toContain('iframe');
  });
});
