import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'tui', include: ['packages/tui/src/**/*.test.{ts,tsx}'], environment: 'node' } },
      { test: { name: 'vscode', include: ['packages/vscode/src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'e2e', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
