/* global URLSearchParams */
/**
 * Consent insights on a busy site's year (`npm run bench:ledger -- --cases stats`): a store is
 * filled with `entries` decisions over the 365 days before today (the demo's history, scaled up:
 * three regions, two languages, a revision change, each day's hours), through the ledger itself
 * with its clock set back (demo/backdate.mjs), so that every entry, facet and index is the one
 * `temoin serve` makes; then `temoin serve` is started on it with a dashboard token and each
 * request is timed a few times over the whole year: `GET /stats` by day, week, region, language
 * and revision (every answer carries each category's grant count), and the `/dashboard` page
 * (four counts, its charts and tables). Target: under 1 s each, on either store.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { backdate } from '../demo/backdate.mjs';
import { DECISIONS_A_DAY, demoHistory } from '../demo/history.mjs';

const DAYS = 365;
const TOKEN = 'bench-dashboard-token-0123456789';
const GROUPINGS = ['day', 'week', 'jurisdiction', 'language', 'revision'];

/**
 * Exactly `entries` decisions over a year of the demo's history: scaled to a little more than that
 * many, then thinned evenly, each moment keeping its share (the history is the same at the same
 * scale, so a first reading tells how many it holds).
 */
function* year(entries) {
  const today = Date.now();
  const history = () => demoHistory(today, { days: DAYS, scale: (1.02 * entries) / (DAYS * DECISIONS_A_DAY) });
  let total = 0;
  for (const { records } of history()) total += records.length;
  if (total < entries) throw new Error(`the history holds ${total} decisions, not ${entries}`);
  let seen = 0;
  for (const { receivedAt, records } of history()) {
    const kept = Math.floor(((seen + records.length) * entries) / total) - Math.floor((seen * entries) / total);
    seen += records.length;
    if (kept) yield { receivedAt, records: records.slice(0, kept) };
  }
}

/** Fills a new store (`options`: `data` or `databaseUrl`) with `entries` decisions; resolves with how long it took. */
async function fill(temoin, options, entries) {
  const { createLedger } = await import(new URL('server.js', pathToFileURL(temoin)).href);
  const ledger = createLedger({ ...options, rate: 1_000_000_000 });
  await ledger.ready;
  const started = performance.now();
  await backdate(ledger, year(entries));
  const seconds = (performance.now() - started) / 1000;
  await ledger.close();
  return seconds;
}

/** `temoin serve` on the store with the dashboard token, resolving with the child and its URL. */
async function serve(temoin, args, env) {
  const child = spawn(process.execPath, [temoin, 'serve', '--port', '0', '--rate', '1000000000', ...args], {
    env: { ...process.env, ...env, TEMOIN_DASHBOARD_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
  const url = /^listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`temoin serve did not start: ${line}`);
  return { child, url };
}

/** The median of `runs` timings of a GET (after one untimed, which warms the caches), and its last answer. */
async function timed(url, headers, runs) {
  const times = [];
  let answer;
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 200)}`);
    if (run) times.push(performance.now() - started);
    answer = body;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), answer };
}

/**
 * Fills one store and times the requests on it. `store`: `{ name, options, args, env }` (the
 * ledger's options for filling, `temoin serve`'s arguments and environment for answering).
 */
export async function measureStats(temoin, store, { entries, runs }) {
  const fillSeconds = await fill(temoin, store.options, entries);
  const { child, url } = await serve(temoin, store.args, store.env);
  const rows = [];
  try {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - DAYS * 86_400_000).toISOString().slice(0, 10);
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const by of GROUPINGS) {
      const { answer, ...times } = await timed(`${url}/stats?from=${from}&to=${today}&by=${by}`, auth, runs);
      const stats = JSON.parse(answer);
      if (stats.total !== entries) throw new Error(`/stats by ${by} counted ${stats.total} decisions, not ${entries}`);
      rows.push({ request: `GET /stats?by=${by}`, groups: stats.groups.length, ...times });
    }
    // The dashboard's session, as a sign-in from its own page opens it.
    const signIn = await fetch(`${url}/dashboard`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ token: TOKEN }).toString(),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const { answer, ...times } = await timed(`${url}/dashboard?lang=en&from=${from}&through=${yesterday}`, { cookie }, runs);
    if (!answer.includes('id="summary"')) throw new Error('/dashboard showed no figure');
    rows.push({ request: 'GET /dashboard (a year, by week)', groups: undefined, ...times });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  return { name: store.name, fillSeconds, rows };
}
