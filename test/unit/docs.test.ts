// @vitest-environment node
/// <reference types="node" />
/**
 * The docs' code that site owners copy to their servers and CI, run as written: each fenced block
 * after a `<!-- test: name -->` comment in README.md or docs/ (see docs-blocks.ts and
 * CONTRIBUTING.md). The cookie decoder against what Témoin writes, the proof-of-consent endpoint
 * against what Témoin sends, every configuration example against the runtime checks and the JSON
 * Schema, the CI check script, and a Node server that writes the visitor's region. Blocks that run
 * in a browser are checked by docs-browser.test.ts; the ledger's auditor lines (```js audit) by
 * test/node/ledger-auditor.test.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import schema from '../../config.schema.json';
import { recordProblem } from '../../src/core/record';
import { decodeRecord, encodeRecord } from '../../src/core/record-codec';
import { validateConfig } from '../../src/core/validate';
import { BROWSER_CHECKS, docsBlock, docsBlocks, isMigrated, moduleOf, removeModules } from './docs-blocks';
import type { ConsentProof } from '../../src/core/record';
import type { ConsentRecord } from '../../src/core/types';
import { anyRecord } from './record-arbitraries';

/** The checks of this file, by block name; `config-*` blocks are all configurations. */
const NODE_CHECKS = ['record-example', 'cookie-example', 'cookie-decoder', 'decode-record', 'proof-example', 'proof-server', 'config-check', 'region-server'];
const isConfiguration = (name: string) => name.startsWith('config-') && name !== 'config-check';

const code = (name: string) => docsBlock(name).code;

afterAll(removeModules);
const record = () => JSON.parse(code('record-example')) as ConsentRecord;

describe('the marked code blocks of the docs', () => {
  it('each has a check, and each check has its block', () => {
    const names = docsBlocks().map((b) => b.name);
    expect(names.filter((name) => !isConfiguration(name) && !isMigrated(name) && ![...NODE_CHECKS, ...BROWSER_CHECKS].includes(name))).toEqual([]);
    expect([...NODE_CHECKS, ...BROWSER_CHECKS].filter((name) => !names.includes(name))).toEqual([]);
    expect(names.filter(isConfiguration).length).toBeGreaterThanOrEqual(4);
  });
});

interface Decoder {
  decodeTemoinCookie: (value: string) => ConsentRecord | null;
  cookieValue: (request: { headers: { cookie?: string } }) => string | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the docs' own code, run as a site owner would paste it
const decoder = (new Function(`${code('cookie-decoder')}\nreturn { decodeTemoinCookie, cookieValue };`) as () => Decoder)();

describe('the cookie decoder (docs/consent-record.md)', () => {
  it('decodes every value Témoin writes into the record Témoin stored', () => {
    fc.assert(
      fc.property(anyRecord, (written) => {
        expect(decoder.decodeTemoinCookie(encodeRecord(written))).toStrictEqual(written);
      }),
    );
  });

  it('reads a format 1 value (Témoin 0.1) as the record it held', () => {
    const { jurisdiction, model, ...v1record } = record();
    const v1 = `1${encodeRecord(v1record).slice(1).split('~').slice(0, 10).join('~')}~k3m9x1`;
    expect(decodeRecord(v1)).toStrictEqual(v1record);
    expect(decoder.decodeTemoinCookie(v1)).toStrictEqual(v1record);
  });

  it('says null for a value that is not format 2 or 1', () => {
    const value = encodeRecord(record());
    for (const other of ['', 'abc', `3${value.slice(1)}`, value.split('~').slice(0, 11).join('~'), `${value}~x`])
      expect(decoder.decodeTemoinCookie(other)).toBeNull();
  });

  it('finds the consent cookie among the cookies of a request', () => {
    expect(decoder.cookieValue({ headers: { cookie: 'session=abc; temoin=2~x~y; other_temoin=2' } })).toBe('2~x~y');
    expect(decoder.cookieValue({ headers: { cookie: 'other_temoin=2' } })).toBeUndefined();
    expect(decoder.cookieValue({ headers: {} })).toBeUndefined();
  });

  it('the documented cookie value holds the documented record', () => {
    const value = code('cookie-example').replace(/^temoin=/, '');
    expect(decodeRecord(value)).toStrictEqual(record());
    expect(decoder.decodeTemoinCookie(value)).toStrictEqual(record());
  });

  it('decodeRecord from temoin/core prints what the docs say', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(/* @vite-ignore */ moduleOf(docsBlock('decode-record')));
    expect(log.mock.calls).toEqual([[record().granted]]);
    expect(code('decode-record')).toContain(`// [ ${record().granted.map((id) => `'${id}'`).join(', ')} ]`);
    log.mockRestore();
  });
});

describe('the proof of consent (docs/proof-of-consent.md)', () => {
  it('the documented body is the documented record plus url and userAgent, as the ledger accepts it', () => {
    const proof = JSON.parse(code('proof-example')) as ConsentProof;
    const { url, userAgent, ...rest } = proof;
    expect(rest).toStrictEqual(record());
    expect(typeof url).toBe('string');
    expect(typeof userAgent).toBe('string');
    expect(recordProblem(proof)).toBeNull();
  });
});

describe('the proof-of-consent server (docs/proof-of-consent.md)', () => {
  let dir: string;
  let server: ChildProcessWithoutNullStreams;
  let endpoint: string;
  const file = () => join(dir, 'records.jsonl');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'temoin-docs-'));
    writeFileSync(join(dir, 'consent-records.mjs'), code('proof-server'));
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
      server.on('exit', (status) => {
        failed(new Error(`the docs' server exited (${String(status)}): ${output}`));
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
    const proof: ConsentProof = { ...(JSON.parse(code('proof-example')) as ConsentProof), gpc: true };
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

describe('the configuration examples (docs/configuration.md, README.md)', () => {
  const schemaAccepts = new Ajv({ strict: true, allErrors: true }).compile(schema);
  const configurations = docsBlocks().filter((b) => isConfiguration(b.name));

  it.each(configurations.map((b) => [b.name, b] as const))('%s: valid for Témoin and for config.schema.json', (_, block) => {
    const config = JSON.parse(block.code) as Record<string, unknown>;
    expect(validateConfig(config)).toMatchObject({ errors: [], warnings: [] });
    expect(schemaAccepts(config), JSON.stringify(schemaAccepts.errors)).toBe(true);
    // The path from where the example's file lives (the project's root, or the folder temoin install writes) to the package's schema.
    expect(config.$schema).toMatch(/^(\.\/|(\.\.\/)+)node_modules\/temoin\/config\.schema\.json$/);
  });

  describe('the CI check script', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'temoin-docs-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    afterEach(() => {
      process.exitCode = undefined;
      vi.restoreAllMocks();
    });

    /** Runs the script on `json` as `node check-consent.mjs <file>`: what it prints and its exit status. */
    async function check(json: string) {
      const file = join(dir, 'consent.json');
      writeFileSync(file, json);
      const printed: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => printed.push(String(line)));
      const argv = process.argv;
      process.argv = [process.execPath, 'check-consent.mjs', file];
      try {
        await import(/* @vite-ignore */ moduleOf(docsBlock('config-check')));
      } finally {
        process.argv = argv;
      }
      const status = process.exitCode ?? 0;
      process.exitCode = undefined;
      return { printed: printed.map((line) => line.replace(`${file}: `, '')), status };
    }

    it('passes every documented configuration', async () => {
      for (const block of configurations) expect(await check(block.code), block.name).toEqual({ printed: [], status: 0 });
    });

    it('names each problem and exits with status 1', async () => {
      expect(await check('{ "revision": 1, "colour": "red", "cookie": { "sameSite": "lax" } }')).toEqual({
        printed: ['cookie.sameSite: expected one of Lax, Strict, None', 'colour: unknown key, ignored'],
        status: 1,
      });
      expect(await check('{ "revision": 1, "cookie": { "expiresDays": 500 } }')).toEqual({
        printed: ['cookie.expiresDays: capped at 395 days (13 months)'],
        status: 1,
      });
    });
  });
});

describe('a Node server that writes the visitor region (docs/jurisdictions.md)', () => {
  it('writes the region from the CDN headers into the page, and an empty one without them', async () => {
    const servers: Server[] = [];
    const listen = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Server.prototype), 'listen')?.value as (this: Server, port: number, host: string) => Server;
    // The page listens on 8080; here, on a free port of the loopback interface.
    vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server) {
      servers.push(this);
      return listen.call(this, 0, '127.0.0.1');
    });
    await import(/* @vite-ignore */ moduleOf(docsBlock('region-server')));
    vi.restoreAllMocks();
    const [server] = servers;
    if (!server) throw new Error('the example started no server');
    try {
      if (!server.listening) await new Promise((listening) => server.once('listening', listening));
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      const californian = await fetch(url, { headers: { 'cf-ipcountry': 'US', 'cf-region-code': 'CA' } });
      expect(await californian.text()).toContain('<meta name="temoin-region" content="US-CA">');
      expect(californian.headers.get('vary')).toBe('cf-ipcountry, cf-region-code');
      expect(await (await fetch(url)).text()).toContain('<meta name="temoin-region" content="">');
    } finally {
      server.close();
    }
  });
});
