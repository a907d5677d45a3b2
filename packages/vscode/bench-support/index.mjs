// Activation of the VS Code extension as VS Code itself measures it, for bench/ (plain Node ESM, no TypeScript):
//   import { measureWorkbenchActivation } from '../packages/vscode/bench-support/index.mjs';
// The .vsix size, the code-lens time and the in-bundle (stubbed) activation are measured by
// bench/src/sections/vscode.ts itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * One activation in a real VS Code (code-server + chromium, the extension installed from its .vsix):
 * runs test/vscode/ui-activation.test.ts, which opens a workspace and reads, as a person would,
 * "Developer: Show Running Extensions" (`Activation: N ms`) and the "Extension Activation Stats" of
 * "Developer: Startup Performance" (the extension host's ActivationTimes). Returns
 * `{ shownMs, codeLoadingTime, activateCallTime, activateResolvedTime, activationEvent, startup,
 * batch: [{ id, codeLoadingTime }] }`. Takes ~30 s (starts code-server).
 */
export function measureWorkbenchActivation() {
  const dir = mkdtempSync(join(tmpdir(), 'ssw-bench-activation-'));
  const out = join(dir, 'activation.json');
  try {
    execFileSync('npx', ['vitest', 'run', '--project', 'e2e', 'test/vscode/ui-activation.test.ts'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SSW_BENCH_OUT: out } });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify({ activation: measureWorkbenchActivation() }, null, 2)}\n`);
}
