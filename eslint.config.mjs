// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { projectRules } from './lint/rules.mjs';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { project: projectRules },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // CommonJS project: Sapphire and TypeORM decorators need classes loaded at run time.
      '@typescript-eslint/no-require-imports': 'off',
      // The layout's boundaries (lint/rules.mjs): plugins use #core/* and no other plugin; src/ no plugin.
      'project/import-boundaries': 'error',
      'project/no-in-on-constant-tables': 'error',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The sandbox playground's page: plain browser JavaScript, served as is.
    files: ['src/sandbox/playground/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['plugins/**/*.ts', 'examples/plugins/**/*.ts'],
    rules: { 'project/no-plugin-name-literal': 'error' },
  },
  {
    files: ['plugins/*/services/**/*.ts', 'examples/plugins/*/services/**/*.ts'],
    rules: { 'project/no-container-in-services': 'error' },
  },
);
