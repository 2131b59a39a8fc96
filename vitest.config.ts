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
      // The server, the CLI and the scanner, in Node.
      { extends: true, test: { name: 'node', environment: 'node', include: ['test/node/**/*.test.ts'] } },
    ],
  },
});
