/**
 * `npm run bench:ledger`: `temoin serve` under load on loopback, the embedded store and
 * PostgreSQL side by side. N concurrent clients (keep-alive connections) post proofs of consent
 * for a bounded time; the server is then killed with SIGKILL while they are still posting,
 * started again on the same store, and every acknowledged entry is looked for.
 *
 *   node bench/ledger.mjs [--clients 32] [--seconds 10]      (after npm run build)
 *
 * Prints a Markdown table: acknowledged records a second, p50/p99 latency of the 201s, entries
 * lost after the kill. Targets on a 2-core machine: embedded ≥ 1,000/s with p99 ≤ 50 ms;
 * PostgreSQL ≥ 2,000/s.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/node/support/postgres.mjs';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '32' }, seconds: { type: 'string', default: '10' } } });
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const TEMOIN = new URL('../dist/node/temoin.js', import.meta.url).pathname;

/** Starts `temoin serve` with no rate limit (every client is 127.0.0.1) and resolves with it and its URL. */
async function serve(args, env) {
  const child = spawn(process.execPath, [TEMOIN, 'serve', '--port', '0', '--rate', '1000000000', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
  const url = /^listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`temoin serve did not start: ${line}`);
  return { child, url: new URL(url) };
}

const body = () => {
  const now = new Date().toISOString();
  return JSON.stringify({
    v: 1, id: randomUUID(), revision: 3, granted: ['necessary', 'performance'], refused: ['advertising', 'third-party'],
    method: 'custom', language: 'fr', createdAt: now, updatedAt: now,
    url: 'https://www.example.com/fr/tarifs', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  });
};

/** One POST; resolves with the status and the answer, or rejects when the server is gone. */
function post(url, agent) {
  const payload = body();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/consent-records', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, answer: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * CPU seconds a process has used (user + system, from /proc): on a machine shared with other
 * work, records per CPU second say what the server costs whatever the load around it.
 */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Load on one store, then SIGKILL mid-posting and a count of what survived. */
async function measure(name, args, env) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const server = await serve(args, env);
  const acknowledged = new Map();
  const latencies = [];
  let errors = 0;
  let measuring = true;
  const client = async () => {
    for (;;) {
      const start = performance.now();
      let result;
      try {
        result = await post(server.url, agent);
      } catch {
        return; // killed
      }
      if (result.status !== 201) {
        errors += 1;
        continue;
      }
      const { seq, hash } = JSON.parse(result.answer);
      acknowledged.set(seq, hash);
      if (measuring) latencies.push(performance.now() - start);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  measuring = false;
  const measured = latencies.length;
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(server.child.pid);
  server.child.kill('SIGKILL');
  await Promise.all(clients);
  agent.destroy();

  // Same store again: every acknowledged seq must be there with its hash.
  const again = await serve(args, env);
  const exported = spawn(process.execPath, [TEMOIN, 'export', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let ndjson = '';
  exported.stdout.setEncoding('utf8').on('data', (chunk) => (ndjson += chunk));
  await once(exported, 'close');
  const held = new Map(ndjson.split('\n').filter(Boolean).map((line) => JSON.parse(line)).map((entry) => [entry.seq, entry.hash]));
  const lost = [...acknowledged].filter(([seq, hash]) => held.get(seq) !== hash).length;
  again.child.kill('SIGTERM');
  await once(again.child, 'exit');
  latencies.sort((a, b) => a - b);
  return { name, measured, perCpuSecond: Math.round(acknowledged.size / cpu), rate: Math.round(measured / elapsed), p50: percentile(latencies, 50), p99: percentile(latencies, 99), acknowledged: acknowledged.size, lost, errors };
}

const data = mkdtempSync(join(tmpdir(), 'temoin-bench-ledger-'));
const postgres = await startPostgres();
try {
  const rows = [
    await measure('embedded (better-sqlite3)', ['--data', data], {}),
    await measure('PostgreSQL 15', [], { DATABASE_URL: await postgres.database('bench') }),
  ];
  console.log(`\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}: ${CLIENTS} clients, ${SECONDS} s each, then SIGKILL\n`);
  console.log('| store | acknowledged records/s | p50 ms | p99 ms | records per server CPU second | acknowledged before SIGKILL | lost after restart | non-201 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(`| ${r.name} | ${r.rate} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.perCpuSecond} | ${r.acknowledged} | ${r.lost} | ${r.errors} |`);
  if (rows.some((r) => r.lost || r.errors)) process.exitCode = 1;
} finally {
  await postgres.stop();
  rmSync(data, { recursive: true, force: true });
}
