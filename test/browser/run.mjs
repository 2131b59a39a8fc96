/** `npm run test:browser`: checks for Chromium (one line on how to get it), then runs every *.test.mjs here. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chromiumPath, NO_CHROMIUM } from './harness.mjs';

if (!chromiumPath()) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).map((f) => dir + f);
const only = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', ...(only.length ? only : files)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
