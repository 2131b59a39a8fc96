/// <reference types="node" />
/**
 * The migration guides show the pages and configurations that test/browser/migrating.test.mjs runs
 * in Chromium: each block marked `<!-- test: migrated/<path> -->` is the file
 * test/browser/fixtures/migrating/<path>, exactly, and every such file is shown. Each configuration
 * (a consent.json, an inline #temoin-config) passes Témoin's checks without a warning, and the
 * JSON Schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../config.schema.json';
import { validateConfig } from '../../src/core/validate';
import { docsBlocks, isMigrated, ROOT } from './docs-blocks';

const FIXTURES = join(ROOT, 'test/browser/fixtures/migrating');
const fixtures = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((path) => /\.(html|json)$/.test(path))
  .map((path) => path.split('\\').join('/'))
  .sort();
const shown = docsBlocks().filter((b) => isMigrated(b.name));

describe('the migration guides and their fixtures', () => {
  it('every fixture is shown in a guide, once', () => {
    expect(shown.map((b) => b.name.slice('migrated/'.length)).sort()).toEqual(fixtures);
  });

  it.each(shown.map((b) => [b.name, b] as const))('%s: the guide shows the file as the tests run it', (_, block) => {
    expect(`${block.code}\n`).toBe(readFileSync(join(FIXTURES, block.name.slice('migrated/'.length)), 'utf8'));
  });

  const configurations = fixtures.flatMap((path): [string, unknown][] => {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    if (path.endsWith('.json')) return [[path, JSON.parse(text)]];
    const inline = /<script type="application\/json" id="temoin-config">([\s\S]*?)<\/script>/.exec(text)?.[1];
    return inline === undefined ? [] : [[`${path} #temoin-config`, JSON.parse(inline)]];
  });
  const schemaAccepts = new Ajv({ strict: true, allErrors: true }).compile(schema);

  it.each(configurations)('%s: valid, without a warning, for Témoin and for config.schema.json', (_, config) => {
    expect(validateConfig(config)).toMatchObject({ errors: [], warnings: [] });
    expect(schemaAccepts(config), JSON.stringify(schemaAccepts.errors)).toBe(true);
  });

  it('there are the four pages the guides promise', () => {
    expect(fixtures.filter((path) => path.endsWith('index.html'))).toEqual(['klaro/index.html', 'orejime/index.html', 'vanilla-basic/index.html', 'vanilla-gtm/index.html']);
  });
});
