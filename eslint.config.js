import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import processBoundaries from './eslint-rules/process-boundaries.js';

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', 'packages/*/dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { till: { rules: { 'process-boundaries': processBoundaries } } },
    rules: {
      'till/process-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/web/bridge/**/*.ts', 'packages/stripe-simulator/src/browser/**/*.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Every renderer call goes through staff/till.ts, which brings the lock screen back when main answers signed_out.
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/src/staff/till.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'till',
          message: "Import { till } from staff/till: it shows the lock screen on 'signed_out'.",
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['src/renderer/**', 'src/web/bridge/**', 'packages/stripe-simulator/src/browser/**'],
    languageOptions: { globals: globals.node },
  },
);
