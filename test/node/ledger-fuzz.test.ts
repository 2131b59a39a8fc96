/**
 * No request can stop the ledger. Thousands of generated requests, as raw bytes on sockets and as
 * Fetch-API requests, against `temoin serve` and against `createLedger()` mounted in Node's
 * `http`, Express and Fastify: every answer is a 4xx (or a 2xx for what happens to be valid) or a
 * closed connection, never a 5xx, the server keeps running, and afterwards a valid post gets the
 * next seq and the chain verifies.
 *
 * `npm test` runs a bounded number of cases; `npm run fuzz:ledger` many more (TEMOIN_FUZZ_RUNS).
 */
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/server/create-ledger';
import { exchange, FUZZ_DASHBOARD_TOKEN, FUZZ_RUNS, fetchRequest, rawRequest, seqsIn, statusesIn } from './support/fuzz';
import { post, proof, serve, tempFolder, temoin } from './support/temoin';

const CASES = { serve: 1500, fetch: 1500, node: 400 } as const;
/** A case takes milliseconds; a long run many minutes. */
const TIMEOUT = 120_000 * FUZZ_RUNS;

const folders: string[] = [];
const store = () => {
  const folder = tempFolder();
  folders.push(folder);
  const data = join(folder, 'ledger');
  return data;
};
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const tried: Record<string, number> = {};
let acknowledgedInAll = 0;
afterAll(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  console.info(`requests tried: ${Object.entries(tried).map(([target, count]) => `${target} ${count}`).join(', ')}; ${total} in all, ${acknowledgedInAll} of them valid proofs acknowledged`);
});

/**
 * Sends `runs` generated raw requests to `port`: none is answered 5xx, each connection ends.
 * Resolves with the seqs acknowledged (a valid post whose connection broke before its answer may
 * be stored unacknowledged, as a post in flight when a client goes away).
 */
async function fuzzSocket(name: string, port: number, runs: number, alive: () => void): Promise<number[]> {
  const acknowledged: number[] = [];
  await fc.assert(
    fc.asyncProperty(rawRequest, async (bytes) => {
      const answer = await exchange(port, bytes);
      tried[name] = (tried[name] ?? 0) + 1;
      const seqs = seqsIn(answer);
      acknowledged.push(...seqs);
      acknowledgedInAll += seqs.length;
      expect(statusesIn(answer).filter((status) => status >= 500)).toEqual([]);
      alive();
    }),
    { numRuns: runs },
  );
  return acknowledged;
}

/** The store's last seq, read apart from the server. */
function lastSeq(data: string): number {
  const db = new Database(join(data, 'ledger.sqlite3'), { readonly: true });
  try {
    return (db.prepare('SELECT last_seq FROM temoin_chain').get() as { last_seq: number }).last_seq;
  } finally {
    db.close();
  }
}

/** After the fuzzing: every seq acknowledged is held, and a valid post gets the one after the last. */
async function nextPostFollows(url: string, data: string, acknowledged: number[]): Promise<void> {
  const last = lastSeq(data);
  expect(Math.max(0, ...acknowledged)).toBeLessThanOrEqual(last);
  expect((await post(url, proof())).body?.seq).toBe(last + 1);
}

/** Request targets Node's parser lets through and `new URL` cannot read: each once stopped the process. */
const UNPARSABLE = ['http://[/consent-records', 'http://a:99999/consent-records', 'http://%zz/consent-records'];

describe('temoin serve', () => {
  it('answers request lines URL cannot parse with 400, and keeps running', async () => {
    const server = await serve(['--data', store()]);
    try {
      for (const target of UNPARSABLE) {
        const answer = await exchange(Number(new URL(server.url).port), Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ledger.test\r\n\r\n`));
        expect(statusesIn(answer)).toEqual([400]);
        expect(answer.toString()).toContain('{"error":"request: the target is not a URL"}');
      }
      expect((await post(server.url, proof())).body?.seq).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it(
    'survives thousands of generated requests and raw bytes, insights included; then the next post gets the next seq and the chain verifies',
    async () => {
      const data = store();
      // With insights on: /stats and /dashboard are fuzzed as well.
      const server = await serve(['--data', data, '--rate', '1000000000'], { TEMOIN_DASHBOARD_TOKEN: FUZZ_DASHBOARD_TOKEN });
      const alive = () => {
        expect(server.child.exitCode).toBeNull();
      };
      try {
        const acknowledged = await fuzzSocket('temoin serve', Number(new URL(server.url).port), CASES.serve * FUZZ_RUNS, alive);
        await nextPostFollows(server.url, data, acknowledged);
        expect(server.stderr()).not.toMatch(/unexpected|TypeError|RangeError/);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0 });
    },
    TIMEOUT,
  );
});

describe('createLedger().fetch', () => {
  it(
    'answers every generated request below 500, and the next post gets the next seq',
    async () => {
      const data = store();
      const ledger = createLedger({ data, rate: 1_000_000_000 });
      await ledger.ready;
      let acknowledged = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fetchRequest, fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { nil: undefined }), async (request, clientAddress) => {
            if (!request) return;
            tried['ledger.fetch'] = (tried['ledger.fetch'] ?? 0) + 1;
            const response = await ledger.fetch(request, clientAddress === undefined ? undefined : { clientAddress });
            if (response.status === 201) {
              acknowledged += 1;
              acknowledgedInAll += 1;
            }
            expect(response.status).toBeLessThan(500);
          }),
          { numRuns: CASES.fetch * FUZZ_RUNS },
        );
        // In-process, every answer was read: the next seq follows the last acknowledged.
        expect(lastSeq(data)).toBe(acknowledged);
        const next = await ledger.fetch(
          new Request('http://ledger.test/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(proof()) }),
          { clientAddress: '192.0.2.1' },
        );
        expect(await next.json()).toMatchObject({ seq: acknowledged + 1 });
      } finally {
        await ledger.close();
      }
      expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0 });
    },
    TIMEOUT,
  );
});

/** A server of the kind `mount` makes, on a free port, with a ledger; stopped by `close`. */
async function mounted(mount: (ledger: Ledger) => Promise<{ port: number; close: () => Promise<void> }>) {
  const data = store();
  const ledger = createLedger({ data, rate: 1_000_000_000 });
  await ledger.ready;
  const server = await mount(ledger);
  return {
    data,
    port: server.port,
    close: async () => {
      await server.close();
      await ledger.close();
    },
  };
}

const listening = async (server: Server) => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

const MOUNTS: [string, (ledger: Ledger) => Promise<{ port: number; close: () => Promise<void> }>][] = [
  [
    'Node http',
    (ledger) =>
      listening(
        createServer((req, res) => {
          ledger.node(req, res, () => res.writeHead(404).end());
        }),
      ),
  ],
  [
    'Express',
    (ledger) => {
      const app = express();
      app.use(ledger.node);
      app.use((_req, res) => {
        res.status(404).end();
      });
      return listening(createServer(app));
    },
  ],
  [
    'Fastify',
    async (ledger) => {
      // As docs/ledger.md mounts it: answered before Fastify reads the body.
      const app = Fastify();
      app.addHook('onRequest', (request, reply, done) => {
        if (request.url.startsWith('/consent-records') || request.url.startsWith('/health')) {
          void reply.hijack();
          ledger.node(request.raw, reply.raw);
        } else done();
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
    },
  ],
];

describe.each(MOUNTS)('createLedger().node in %s', (name, mount) => {
  it(
    'answers request lines URL cannot parse, survives generated requests, and the next post gets the next seq',
    async () => {
      const { data, port, close } = await mounted(mount);
      try {
        for (const target of UNPARSABLE) {
          // Answered (by the ledger, or by the framework the ledger hands it to), not dropped by a crash.
          const [status, ...more] = statusesIn(await exchange(port, Buffer.from(`POST ${target} HTTP/1.1\r\nHost: ledger.test\r\nContent-Length: 0\r\n\r\n`)));
          expect(more).toEqual([]);
          expect(status).toBeLessThan(500);
        }
        const acknowledged = await fuzzSocket(name, port, CASES.node * FUZZ_RUNS, () => undefined);
        await nextPostFollows(`http://127.0.0.1:${port}`, data, acknowledged);
      } finally {
        await close();
      }
      expect(await temoin(['verify', '--data', data])).toMatchObject({ status: 0 });
    },
    TIMEOUT,
  );
});
