import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiModules = ['ink', 'ink-*', 'react', 'react/*', 'vscode', '@inquirer/*', 'chalk', 'picocolors'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.vsix', '**/.vscode-test/**', 'bench/results/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextEncoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: no UI libraries, no terminal output, no process exits.
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: uiModules, message: 'packages/core has no UI code: ink, react and vscode belong to the front ends.' }] }],
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'The core never exits; throw a WizardError.' }],
    },
  },
  {
    // Only the extension imports vscode.
    files: ['packages/tui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'vscode belongs to packages/vscode.' }] }] },
  },
);
