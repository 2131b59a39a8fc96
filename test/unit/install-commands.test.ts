/// <reference types="node" />
/**
 * The install commands of the docs, as a site owner copies them: until `temoin` is on the npm
 * registry they install a tarball, whose name must be the one `npm pack` writes for this version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsPages, ROOT } from './docs-blocks';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const pages = docsPages().map((file) => [file, readFileSync(join(ROOT, file), 'utf8')] as const);

describe('the install commands of the docs', () => {
  it.each(pages)('%s: every tarball is named for this version', (_, text) => {
    for (const [name] of text.matchAll(/temoin-\d+\.\d+\.\d+[\w.-]*\.tgz/g)) expect(name).toBe(`temoin-${version}.tgz`);
  });
});
