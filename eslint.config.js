import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['vitest.config.ts', 'dist/', 'node_modules/', 'screenshots/', 'coverage/', '.scratch/', '**/.next/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    // Browser code and Node code (server, CLI, scanner) are typed against different globals.
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Conflicts with strict's no-non-null-assertion: a type assertion is the honest form here.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // An empty string is a missing value in configs and attributes: `||` is meant there.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // `const { left, out, ...kept } = value` is how a copy without some keys is written.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly',
        fetch: 'readonly', performance: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        localStorage: 'readonly', sessionStorage: 'readonly', getComputedStyle: 'readonly', CustomEvent: 'readonly',
        MutationObserver: 'readonly', HTMLElement: 'readonly', Node: 'readonly', TextEncoder: 'readonly',
      },
    },
  },
);
