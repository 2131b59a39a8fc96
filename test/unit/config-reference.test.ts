// @vitest-environment node
/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const START = '<!-- config-reference:start -->\n';
const END = '\n<!-- config-reference:end -->';

/** What `node scripts/config-reference.mjs` prints: the section as it would be written now. */
const generated = () =>
  execFileSync(process.execPath, ['scripts/config-reference.mjs'], { cwd: root, encoding: 'utf8' }).replace(/\n$/, '');

describe('the configuration reference in docs/configuration.md', () => {
  const section = generated();

  it('is what config.schema.json generates now', () => {
    const guide = readFileSync(new URL('docs/configuration.md', root), 'utf8');
    const start = guide.indexOf(START);
    const end = guide.indexOf(END);
    expect(start, 'docs/configuration.md lost its config-reference markers').toBeGreaterThanOrEqual(0);
    expect(
      guide.slice(start + START.length, end) === section,
      'The configuration reference in docs/configuration.md is out of date: run `node scripts/config-reference.mjs --write`',
    ).toBe(true);
  });

  it('lists every key of the configuration, nested ones by their path', () => {
    const keys = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map(([, key]) => key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'revision',
        'cookie.expiresDays',
        'cookie.sameSite',
        'categories.<id>',
        'categories.<id>.cookies',
        'categories.<id>.vendors[].name',
        'googleConsentMode.<type>',
        'googleConsentMode.wait_for_update',
        'translations.<language>.<key>',
        'nonce',
      ]),
    );
    expect(section).toContain('| `cookie.expiresDays` | integer from 1 to 100000 | `182` |');
    expect(section).toContain('| `cookie.sameSite` | `"Lax"`, `"Strict"`, `"None"` | `"Lax"` |');
    expect(section).not.toContain('<undefined>');
    expect(section).toContain('"$schema": "./node_modules/temoin/config.schema.json"');
  });
});
