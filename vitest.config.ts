import { defineConfig } from 'vitest/config';
import localeLabels from './scripts/locale-labels.mjs';

export default defineConfig({
  plugins: [localeLabels()],
  test: {
    environment: 'happy-dom',
    include: ['test/unit/**/*.test.ts'],
  },
});
