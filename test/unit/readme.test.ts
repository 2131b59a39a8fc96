// @vitest-environment node
/// <reference types="node" />
/**
 * The README's code that site owners copy to their servers, run as written: the consent-cookie
 * decoder against what Témoin writes, and the proof-of-consent endpoint against what Témoin sends.
 * Each is the fenced block after a `<!-- readme-test: name -->` comment.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_ID } from '../../src/core/record';
import { decodeRecord, encodeRecord } from '../../src/core/record-codec';
import { LANGUAGE_CODE } from '../../src/core/record';
import type { ConsentProof } from '../../src/core/record';
import { JURISDICTION } from '../../src/core/record';
import type { ConsentMethod, ConsentModel, ConsentRecord } from '../../src/core/types';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The code of the fenced block right after `<!-- readme-test: name -->`. */
function block(name: string): string {
  const found = new RegExp(`<!-- readme-test: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  if (!found?.[1]) throw new Error(`README.md has no code block after <!-- readme-test: ${name} -->`);
  return found[1];
}

interface Decoder {
  decodeTemoinCookie: (value: string) => ConsentRecord | null;
  cookieValue: (request: { headers: { cookie?: string } }) => string | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the README's own code, run as a site owner would paste it
const readme = (new Function(`${block('cookie-decoder')}\nreturn { decodeTemoinCookie, cookieValue };`) as () => Decoder)();

/** The last second a consent cookie can hold (7 base-36 digits). */
const LAST_SECOND = 36 ** 7 - 1;
const isoAt = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Any record Témoin can write: distinct ids split between granted and refused, second-precision times. */
const anyRecord: fc.Arbitrary<ConsentRecord> = fc
  .record({
    id: fc.uuid({ version: 4 }),
    revision: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    ids: fc.uniqueArray(fc.stringMatching(CATEGORY_ID), { maxLength: 6 }).chain((ids) => fc.tuple(fc.constant(ids), fc.subarray(ids))),
    method: fc.constantFrom<ConsentMethod>('accept-all', 'reject-all', 'custom'),
    language: fc.stringMatching(LANGUAGE_CODE),
    gpc: fc.boolean(),
    jurisdiction: fc.stringMatching(JURISDICTION),
    model: fc.constantFrom<ConsentModel>('opt-in', 'opt-out', 'notice'),
    times: fc.tuple(fc.nat({ max: LAST_SECOND }), fc.nat({ max: LAST_SECOND })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
  })
  .map(({ id, revision, ids: [ids, granted], method, language, gpc, jurisdiction, model, times: [created, updated] }) => ({
    v: 1 as const,
    id,
    revision,
    granted,
    refused: ids.filter((category) => !granted.includes(category)),
    method,
    language,
    ...(gpc ? { gpc: true as const } : {}),
    createdAt: isoAt(created),
    updatedAt: isoAt(updated),
    jurisdiction,
    model,
  }));

describe('the cookie decoder in the README', () => {
  it('decodes every value Témoin writes into the record Témoin stored', () => {
    fc.assert(
      fc.property(anyRecord, (record) => {
        expect(readme.decodeTemoinCookie(encodeRecord(record))).toStrictEqual(record);
      }),
    );
  });

  it('reads a format 1 value (Témoin 0.1) as the record it held', () => {
    const { jurisdiction, model, ...v1record } = JSON.parse(block('record-example')) as ConsentRecord;
    const v1 = `1${encodeRecord(v1record).slice(1).split('~').slice(0, 10).join('~')}~k3m9x1`;
    expect(decodeRecord(v1)).toStrictEqual(v1record);
    expect(readme.decodeTemoinCookie(v1)).toStrictEqual(v1record);
  });

  it('says null for a value that is not format 2 or 1', () => {
    const value = encodeRecord({ ...JSON.parse(block('record-example')) } as ConsentRecord);
    for (const other of ['', 'abc', `3${value.slice(1)}`, value.split('~').slice(0, 11).join('~'), `${value}~x`])
      expect(readme.decodeTemoinCookie(other)).toBeNull();
  });

  it('finds the consent cookie among the cookies of a request', () => {
    expect(readme.cookieValue({ headers: { cookie: 'session=abc; temoin=2~x~y; other_temoin=2' } })).toBe('2~x~y');
    expect(readme.cookieValue({ headers: { cookie: 'other_temoin=2' } })).toBeUndefined();
    expect(readme.cookieValue({ headers: {} })).toBeUndefined();
  });

  it('the documented cookie value holds the documented record', () => {
    const record = JSON.parse(block('record-example')) as ConsentRecord;
    const value = block('cookie-example').replace(/^temoin=/, '');
    expect(decodeRecord(value)).toStrictEqual(record);
    expect(readme.decodeTemoinCookie(value)).toStrictEqual(record);
  });
});

describe('the proof-of-consent server in the README', () => {
  let dir: string;
  let server: ChildProcessWithoutNullStreams;
  let endpoint: string;
  const file = () => join(dir, 'records.jsonl');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'temoin-readme-'));
    writeFileSync(join(dir, 'consent-records.mjs'), block('proof-server'));
    server = spawn(process.execPath, ['consent-records.mjs'], { cwd: dir, env: { ...process.env, PORT: '0', FILE: file() } });
    let output = '';
    endpoint = await new Promise<string>((started, failed) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /http:\/\/127\.0\.0\.1:\d+\/consent-records/.exec(output);
        if (url) started(url[0]);
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
      server.on('exit', (code) => {
        failed(new Error(`the README's server exited (${String(code)}): ${output}`));
      });
    });
  });

  afterAll(() => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string) =>
    fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((response) => response.status);

  it('stores a proof as Témoin sends it as one JSON line, and refuses what is not one', async () => {
    const proof: ConsentProof = {
      ...(JSON.parse(block('record-example')) as ConsentRecord),
      gpc: true,
      url: 'https://www.example.com/pricing',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    };
    expect(await post(JSON.stringify(proof))).toBe(204);
    expect(await post(JSON.stringify({ ...proof, granted: 'necessary' }))).toBe(400);
    expect(await post(JSON.stringify({ ...proof, url: undefined }))).toBe(400);
    expect(await post('{"v": 1,')).toBe(400);
    expect(await fetch(endpoint).then((response) => response.status)).toBe(404);

    const lines = readFileSync(file(), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toStrictEqual([{ receivedAt: expect.any(String) as unknown, ...proof }]);
  });
});
