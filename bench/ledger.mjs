/**
 * `npm run bench:ledger`: `temoin serve` under load on loopback, the embedded store and
 * PostgreSQL side by side. N concurrent clients (keep-alive connections) post proofs of consent
 * for a bounded time; the server is then killed with SIGKILL while they are still posting,
 * started again on the same store, and every acknowledged entry is looked for. A third run posts
 * the same way while 1,000 slow clients hold connections open (each sends a header line, then a
 * byte now and then, and connects again when the server closes it).
 *
 *   node bench/ledger.mjs [--clients 16] [--seconds 10] [--slow 1000] [--compare OTHER/temoin.js]
 *
 * `--compare` runs every case with another build of the command too, interleaved with this one
 * (say the previous commit's `dist/node/temoin.js`, copied under the repository so that it finds
 * node_modules), so that the two are measured on the same machine in the same minutes.
 *
 * Prints a Markdown table: acknowledged records a second, p50/p99 latency of the 201s, entries
 * lost after the kill. Targets on a 2-core machine: embedded ≥ 4,000/s at 16 clients, PostgreSQL
 * ≥ 2,000/s, p99 ≤ 25 ms, on a quiet machine.
 *
 * Then consent insights on a busy site's year (ledger-stats.mjs): each store filled with
 * `--entries` decisions (1,000,000), `GET /stats` and `/dashboard` over the year, the median of
 * `--runs` (5). Target: under 1 s each. `--cases posting` or `--cases stats` runs one part only;
 * `--stores embedded` or `--stores postgres`, one store only.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/node/support/postgres.mjs';
import { measureStats } from './ledger-stats.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    slow: { type: 'string', default: '1000' },
    compare: { type: 'string' },
    cases: { type: 'string', default: 'posting,stats' },
    entries: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    stores: { type: 'string', default: 'embedded,postgres' },
  },
});
const CASES = values.cases.split(',');
const STORES = values.stores.split(',');
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const SLOW = Number(values.slow);
const BUILDS = [['this build', new URL('../dist/node/temoin.js', import.meta.url).pathname], ...(values.compare ? [['compared build', resolve(values.compare)]] : [])];

/** Starts `temoin serve` with no rate limit (every client is 127.0.0.1) and resolves with it and its URL. */
async function serve(temoin, args, env) {
  const child = spawn(process.execPath, [temoin, 'serve', '--port', '0', '--rate', '1000000000', ...args], {
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
 * `count` slow clients, each holding a connection with an unfinished request (a byte every
 * second), reconnecting when the server closes it; `stop()` closes them all and says how many
 * connections were held on average (sampled every 100 ms).
 */
function slowClients(url, count) {
  let running = true;
  let open = 0;
  const samples = [];
  const sampler = setInterval(() => samples.push(open), 100);
  const timers = new Set();
  const hold = () => {
    if (!running) return;
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      open += 1;
      socket.write('POST /consent-records HTTP/1.1\r\nHost: ledger.test\r\nX-Slow: ');
      const timer = setInterval(() => socket.write('a'), 1000);
      timers.add(timer);
      socket.once('close', () => {
        open -= 1;
        clearInterval(timer);
        timers.delete(timer);
      });
    });
    // Again once the server closes it (a moment later: a server at its connection cap closes at once).
    socket.on('close', () => setTimeout(hold, 10));
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const sockets = new Set();
  for (let i = 0; i < count; i++) hold();
  return () => {
    running = false;
    clearInterval(sampler);
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
    return Math.round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length));
  };
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

/** Load on one store (with `slow` slow clients beside), then SIGKILL mid-posting and a count of what survived. */
async function measure(temoin, name, args, env, slow = 0) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const server = await serve(temoin, args, env);
  const stopSlow = slow ? slowClients(server.url, slow) : () => 0;
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
  const held = stopSlow();
  server.child.kill('SIGKILL');
  await Promise.all(clients);
  agent.destroy();

  // Same store again: every acknowledged seq must be there with its hash.
  const again = await serve(temoin, args, env);
  const exported = spawn(process.execPath, [temoin, 'export', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let ndjson = '';
  exported.stdout.setEncoding('utf8').on('data', (chunk) => (ndjson += chunk));
  await once(exported, 'close');
  const stored = new Map(ndjson.split('\n').filter(Boolean).map((line) => JSON.parse(line)).map((entry) => [entry.seq, entry.hash]));
  const lost = [...acknowledged].filter(([seq, hash]) => stored.get(seq) !== hash).length;
  again.child.kill('SIGTERM');
  await once(again.child, 'exit');
  latencies.sort((a, b) => a - b);
  return { name, measured, held, perCpuSecond: Math.round(acknowledged.size / cpu), rate: Math.round(measured / elapsed), p50: percentile(latencies, 50), p99: percentile(latencies, 99), acknowledged: acknowledged.size, lost, errors };
}

const postgres = await startPostgres();
const folders = [];
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'temoin-bench-ledger-'));
  folders.push(made);
  return made;
};
const header = () => `\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}`;

/** Posting under load, SIGKILL, nothing lost: each case with each build. */
async function posting() {
  const rows = [];
  const cases = [
    ['embedded (better-sqlite3)', async () => [['--data', join(folder(), 'store')], {}], 0],
    ['PostgreSQL 15', async () => [[], { DATABASE_URL: await postgres.database(`bench_${rows.length}`) }], 0],
    [`embedded, ${SLOW} slow clients holding connections`, async () => [['--data', join(folder(), 'store')], {}], SLOW],
  ];
  // Interleaved: each case with each build in turn, the first one changing from case to case,
  // so that the machine's noise falls on both alike.
  for (const [index, [name, store, slow]] of cases.entries())
    for (const [build, temoin] of index % 2 ? [...BUILDS].reverse() : BUILDS) {
      const [args, env] = await store();
      rows.push({ build, ...(await measure(temoin, name, args, env, slow)) });
    }
  console.log(`${header()}: ${CLIENTS} clients, ${SECONDS} s each, then SIGKILL\n`);
  console.log('| run | build | acknowledged records/s | p50 ms | p99 ms | records per server CPU second | slow connections held | acknowledged before SIGKILL | lost after restart | non-201 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(`| ${r.name} | ${r.build} | ${r.rate} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.perCpuSecond} | ${r.held || ''} | ${r.acknowledged} | ${r.lost} | ${r.errors} |`);
  if (rows.some((r) => r.lost || r.errors)) process.exitCode = 1;
}

/** Consent insights over a year of `--entries` decisions, on each store, with each build. */
async function stats() {
  const entries = Number(values.entries);
  const runs = Number(values.runs);
  const results = [];
  for (const [build, temoin] of BUILDS) {
    if (STORES.includes('embedded')) {
      const data = join(folder(), 'store');
      results.push({ build, ...(await measureStats(temoin, { name: 'embedded (better-sqlite3)', options: { data }, args: ['--data', data], env: {} }, { entries, runs })) });
    }
    if (STORES.includes('postgres')) {
      const databaseUrl = await postgres.database(`bench_stats_${results.length}`);
      results.push({ build, ...(await measureStats(temoin, { name: 'PostgreSQL 15', options: { databaseUrl }, args: [], env: { DATABASE_URL: databaseUrl } }, { entries, runs })) });
    }
  }
  console.log(`${header()}: ${entries.toLocaleString('en')} decisions over 365 days, medians of ${runs} requests (min–max) after one untimed\n`);
  console.log('| store | build | filled in (s) | request | groups | median ms | min–max ms |');
  console.log('| --- | --- | ---: | --- | ---: | ---: | ---: |');
  for (const { name, build, fillSeconds, rows } of results)
    for (const r of rows)
      console.log(`| ${name} | ${build} | ${fillSeconds.toFixed(0)} | ${r.request} | ${r.groups ?? ''} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} |`);
}

try {
  if (CASES.includes('posting')) await posting();
  if (CASES.includes('stats')) await stats();
} finally {
  await postgres.stop();
  for (const made of folders) rmSync(made, { recursive: true, force: true });
}
