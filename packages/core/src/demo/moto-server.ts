import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { WizardError } from '../errors/wizard-error';

/** A running `moto_server` (the local AWS emulator) on 127.0.0.1. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`: what `AWS_ENDPOINT_URL` must be. */
  endpoint: string;
  port: number;
  /** Stops the server; safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** A fixed port; by default a free port is picked (bind port 0). */
  port?: number;
  /** Environment for the moto process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for moto to answer HTTP (default 60 s: moto imports slowly on a busy machine). */
  readyTimeoutMs?: number;
  /** The executable (default `moto_server` on PATH). */
  command?: string;
}

const INSTALL_FIX = "Install the emulator: pip install 'moto[server]' (moto 5), then check that `moto_server --help` runs";
const SERVER_BUSY_RETRIES = 3;

function motoNotInstalled(command: string, detail: string, cause?: unknown): WizardError {
  return new WizardError('MOTO_NOT_INSTALLED', `${command} is not installed or cannot run (${detail})`, { fix: INSTALL_FIX, cause });
}

/** A port nobody listens on right now (the OS picks it). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function answersHttp(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function startOnce(command: string, port: number, options: StartMotoOptions): Promise<MotoServer | 'port-busy'> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 8_000) stderr += chunk;
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error) => (spawnError = error));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null || spawnError) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    })();
    return stopped;
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let pause = 25;
  for (;;) {
    if (spawnError) {
      await stop();
      if (spawnError.code === 'ENOENT') throw motoNotInstalled(command, 'not found on PATH', spawnError);
      throw motoNotInstalled(command, spawnError.message, spawnError);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      if (/address already in use/i.test(stderr)) return 'port-busy';
      if (child.exitCode === 127 || /command not found|No module named/i.test(stderr)) {
        throw motoNotInstalled(command, stderr.trim().split('\n').pop() ?? `exit code ${child.exitCode}`);
      }
      throw new WizardError('MOTO_START_FAILED', `${command} exited with code ${child.exitCode} before it answered: ${stderr.trim().slice(-500)}`, {
        fix: INSTALL_FIX,
      });
    }
    if (await answersHttp(endpoint)) return { endpoint, port, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new WizardError('MOTO_START_TIMEOUT', `${command} did not answer on ${endpoint} within ${options.readyTimeoutMs ?? 60_000} ms: ${stderr.trim().slice(-500)}`, {
        fix: INSTALL_FIX,
      });
    }
    await delay(pause);
    pause = Math.min(pause * 2, 200);
  }
}

/**
 * Starts `moto_server -H 127.0.0.1 -p PORT` on a free port and resolves once it answers HTTP.
 * Throws `MOTO_NOT_INSTALLED` (source 'user') when the executable is missing.
 */
export async function startMotoServer(options: StartMotoOptions = {}): Promise<MotoServer> {
  const command = options.command ?? 'moto_server';
  for (let attempt = 0; ; attempt += 1) {
    const port = options.port ?? (await findFreePort());
    const result = await startOnce(command, port, options);
    if (result !== 'port-busy') return result;
    // Another process took the port between our probe and moto's bind: pick another one.
    if (options.port !== undefined || attempt >= SERVER_BUSY_RETRIES) {
      throw new WizardError('MOTO_PORT_BUSY', `port ${port} is already in use`, { fix: 'Stop what listens there or let the wizard pick a free port' });
    }
  }
}
