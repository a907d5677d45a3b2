import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What a front end must never call itself: the session does. */
const frontEndForbidden = ['applyPlan', 'runChanges', 'verifyAccess', 'writeSecretPolicy', 'writeKeyPolicy', 'writeIdentityPolicy', 'readShareState'];

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
    // Front ends reach the core only through its public surface: no deep imports (the writers, the
    // apply engine and the verifier are private; every write and verification goes through a session).
    files: ['packages/tui/**/*.{ts,tsx}', 'packages/vscode/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'vscode belongs to packages/vscode.' },
            ...frontEndForbidden.map((name) => ({ name: '@secret-share-wizard/core', importNames: [name], message: 'Front ends run shares through the core session (runShareSession, runRevokeSession, …), never the applier or the verifier.' })),
          ],
          patterns: [{ group: ['@secret-share-wizard/core/src/*', '**/core/src/**'], message: 'Import from @secret-share-wizard/core (its public index) only.' }],
        },
      ],
    },
  },
  {
    files: ['packages/vscode/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: frontEndForbidden.map((name) => ({ name: '@secret-share-wizard/core', importNames: [name], message: 'Front ends run shares through the core session, never the applier or the verifier.' })),
          patterns: [{ group: ['@secret-share-wizard/core/src/*', '**/core/src/**'], message: 'Import from @secret-share-wizard/core (its public index) only.' }],
        },
      ],
    },
  },
);
