// Lint rules for the whole monorepo: ESLint's and typescript-eslint's recommended sets for the
// TypeScript sources and the plain-JS scripts alike. Generated and built code is not ours to lint.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = [
  'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
  'structuredClone', 'fetch', 'performance', 'globalThis',
];
const COMMONJS_GLOBALS = ['require', 'module', 'exports', '__dirname', '__filename'];
const readonly = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));

export default defineConfig(
  {
    ignores: ['**/dist/**', 'proto/gen/**', 'proto/index.ts', '**/node_modules/**', '.data/**', 'coverage/**', 'bench/out/**'],
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: readonly(NODE_GLOBALS) },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: readonly([...NODE_GLOBALS, ...COMMONJS_GLOBALS]) },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
