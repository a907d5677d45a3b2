/**
 * Helpers for the CLI's end-to-end tests: build the CLI once per test file (into a temp folder, so
 * parallel files never race on packages/tui/dist), run it as a child process, read AWS documents.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const execFileAsync = promisify(execFile);
export const REPO = resolve(import.meta.dirname, '../..');
export const TUI = join(REPO, 'packages/tui');

/** Builds packages/tui with its own build.mjs into a folder; returns the path of cli.js. */
export async function buildCliTo(outdir: string, options: { metafile?: boolean } = {}): Promise<string> {
  await execFileAsync(process.execPath, [join(TUI, 'build.mjs'), '--outdir', outdir, ...(options.metafile ? ['--metafile'] : [])], { cwd: TUI });
  return join(outdir, 'cli.js');
}

/** beforeAll: build once for this file; the getter returns the built cli.js. */
export function useBuiltCli(): () => string {
  let dir: string | undefined;
  let cli: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssw-cli-build-'));
    cli = await buildCliTo(join(dir, 'dist'));
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!cli) throw new Error('the CLI is not built yet: call inside a test');
    return cli;
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** Runs `node cli.js ...args` (stdin a pipe, so never a TTY) and collects its output. */
export function runCli(cli: string, args: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: options.env, cwd: options.cwd ?? REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`secret-share-wizard ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The environment for a CLI run: the moto harness's env, no colours, no CI unless asked, private backup home. */
export function cliEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, NO_COLOR: '1' };
  delete env.CI;
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface CliRunner {
  run(args: string[], extra?: Record<string, string | undefined>): Promise<CliResult>;
  /** Runs with --json; stdout must be exactly one JSON object. */
  runJson<T = Record<string, unknown>>(args: string[], extra?: Record<string, string | undefined>): Promise<CliResult & { json: T }>;
}

/** Runs the built CLI with an environment made per call (`env(extra)`) in `cwd()`. */
export function cliRunner(cli: () => string, env: (extra: Record<string, string | undefined>) => NodeJS.ProcessEnv, cwd: () => string): CliRunner {
  const run = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(cli(), args, { env: env(extra), cwd: cwd() });
  return {
    run,
    async runJson<T>(args: string[], extra: Record<string, string | undefined> = {}) {
      const result = await run([...args, '--json'], extra);
      let json: T;
      try {
        json = JSON.parse(result.stdout) as T;
      } catch {
        throw new Error(`stdout is not one JSON object (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
      }
      return { ...result, json };
    },
  };
}
