import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and measures its wall-clock time (spawn → exit). */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    if (options.input !== undefined && child.stdin) {
      // A child that exits without reading its input must not crash the bench (EPIPE).
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** Like runProcess, but a non-zero exit is an error that shows the command and its output. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim();
    const lines = output.split('\n').filter((line) => line.trim());
    const lastLine = lines.find((line) => /error/i.test(line)) ?? lines.pop() ?? '';
    const shown = [command, ...args].map((part) => (part.length > 60 ? `${part.slice(0, 57)}...` : part)).join(' ');
    throw new Error(`\`${shown}\` exited with ${result.code}: ${lastLine.trim()}\n${output.slice(-2_000)}`);
  }
  return result;
}
