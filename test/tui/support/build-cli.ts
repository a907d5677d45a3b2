/**
 * Builds the CLI once per test file with the package's own build (packages/tui/build.mjs, what
 * `pnpm --filter secret-share-wizard build` runs), into a private folder: test files run in
 * parallel and must not replace each other's dist/ while a terminal is running it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export function buildCli(): { cli: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ssw-cli-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'packages/tui/build.mjs'), '--outdir', join(dir, 'dist')], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  return { cli: join(dir, 'dist', 'cli.js'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
