// Activation of the VS Code extension in a real VS Code, for bench/ (plain Node ESM, no TypeScript):
//   import { measureActivationMs } from '../packages/vscode/bench-support/index.mjs';
// The .vsix size and the code-lens time are measured by bench/src/sections/vscode.ts itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Activation time in a real VS Code (code-server + chromium): runs the extension-host test, whose
 * first test opens a JSON file and reads the extension's exports: `{ activationMs, moduleEvaluationMs,
 * activateMs }` (activationMs = bundle evaluation + activate()). Takes ~20 s (starts code-server).
 */
export function measureActivationMs() {
  const dir = mkdtempSync(join(tmpdir(), 'ssw-bench-activation-'));
  const out = join(dir, 'activation.json');
  try {
    execFileSync('npx', ['vitest', 'run', '--project', 'e2e', 'test/vscode/extension-host.test.ts'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SSW_BENCH_OUT: out } });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify({ activation: measureActivationMs() }, null, 2)}\n`);
}
