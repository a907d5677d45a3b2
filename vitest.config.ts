import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // core and tui hold a few moto-backed tests (batch, moto launcher): their hooks get time to start it.
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], environment: 'node', hookTimeout: 60_000 } },
      { test: { name: 'tui', include: ['packages/tui/src/**/*.test.{ts,tsx}'], environment: 'node', hookTimeout: 60_000 } },
      { test: { name: 'vscode', include: ['packages/vscode/src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'e2e', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
