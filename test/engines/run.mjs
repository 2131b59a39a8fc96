/**
 * `npm run test:engines`: the cross-engine scenarios, in every engine or in those named.
 *
 *   node test/engines/run.mjs                      every scenario in Chromium, Firefox and WebKit
 *   node test/engines/run.mjs firefox              every scenario in Firefox
 *   node test/engines/run.mjs webkit withdrawal    the scenarios of scenarios/withdrawal.mjs in WebKit
 *
 * Engines run two at a time, each in its own process. An engine that is not installed stops the
 * run with one line on how to install it; nothing is ever downloaded.
 */
import { readdirSync } from 'node:fs';
import { ENGINES, missing } from './driver.mjs';
import { runFiles } from '../run-files.mjs';

const args = process.argv.slice(2);
const named = args.filter((arg) => ENGINES.includes(arg));
const engines = named.length ? named : ENGINES;
const scenarios = args.filter((arg) => !ENGINES.includes(arg));
// A name that picks no scenario would run none, and an engine with nothing to do is no test.
const files = readdirSync(new URL('./scenarios/', import.meta.url)).filter((file) => file.endsWith('.mjs'));
const unknown = scenarios.filter((name) => !files.some((file) => file.startsWith(name)));
if (unknown.length) {
  console.error(`test/engines: no scenario file starts with ${unknown.join(', ')} (engines: ${ENGINES.join(', ')}; scenarios: ${files.map((f) => f.slice(0, -4)).join(', ')})`);
  process.exit(2);
}

const absent = (await Promise.all(engines.map(missing))).filter(Boolean);
if (absent.length) {
  for (const line of absent) console.error(line);
  process.exit(1);
}
const folder = new URL('.', import.meta.url).pathname;
process.exit(await runFiles(engines.map((engine) => `${folder}${engine}.test.mjs`), { ...process.env, TEMOIN_SCENARIOS: scenarios.join(',') }));
