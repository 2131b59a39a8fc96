import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import localeLabels from './scripts/locale-labels.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  plugins: [localeLabels()],
  define: { TEMOIN_VERSION: JSON.stringify(version) },
  test: {
    projects: [
      // Browser code, in a simulated DOM.
      { extends: true, test: { name: 'unit', environment: 'happy-dom', include: ['test/unit/**/*.test.ts'] } },
      // The server, the CLI and the scanner, in Node. One file at a time: the scans drive Chromium and
      // the ledger's durability tests kill servers mid-write; beside each other on two cores they
      // would measure the machine rather than the code.
      { extends: true, test: { name: 'node', environment: 'node', include: ['test/node/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
