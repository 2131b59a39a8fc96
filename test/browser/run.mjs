/** `npm run test:browser`: checks for Chromium (one line on how to get it), then runs every *.test.mjs here. */
import { readdirSync } from 'node:fs';
import { chromiumPath, NO_CHROMIUM } from './harness.mjs';
import { runFiles } from '../run-files.mjs';

if (!chromiumPath()) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => dir + f);
const only = process.argv.slice(2);
process.exit(await runFiles(only.length ? only : files));
