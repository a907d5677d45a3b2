/**
 * Real VS Code for the extension's tests: code-server 4.100.3 (VS Code 1.100.3 with a Node
 * extension host) driven by Debian's chromium through playwright-core. Recipe:
 * shared/reference/vscode-testing.md. code-server is installed once by scripts/install-code-server.sh.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO = resolve(__dirname, '../../..');
export const EXTENSION_DIR = join(REPO, 'packages/vscode');
export const ARTIFACTS = join(REPO, 'test/artifacts/vscode');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The cached code-server install (installs it on first use). */
export function codeServerEntry(): string {
  const root = execFileSync(join(REPO, 'scripts/install-code-server.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  const entry = join(root, 'node_modules/code-server/out/node/entry.js');
  if (!existsSync(entry)) throw new Error(`code-server is not installed at ${root}: run scripts/install-code-server.sh`);
  return entry;
}

/**
 * Test files run in parallel workers and all need packages/vscode/dist: one builds at a time
 * (a lock directory, created atomically), each at most once per worker.
 */
async function withBuildLock<T>(fn: () => T): Promise<T> {
  const lock = join(EXTENSION_DIR, 'dist.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for over 3 minutes: remove it if no test run is building`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Bundles the extension (packages/vscode/dist) once per test process. */
let built = false;
export async function buildExtension(): Promise<void> {
  if (built) return;
  await withBuildLock(() => execFileSync(process.execPath, [join(EXTENSION_DIR, 'build.mjs')], { stdio: 'inherit' }));
  built = true;
}

/** Builds and packages the extension (`vsce package --no-dependencies`); returns the .vsix path. */
let packaged: string | undefined;
export async function packageExtension(): Promise<string> {
  if (packaged) return packaged;
  const out = join(mkdtempSync(join(tmpdir(), 'ssw-vsix-')), 'secret-share-wizard.vsix');
  await withBuildLock(() => {
    execFileSync(process.execPath, [join(EXTENSION_DIR, 'package-vsix.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    cpSync(join(EXTENSION_DIR, 'dist/secret-share-wizard.vsix'), out);
  });
  built = true;
  packaged = out;
  return packaged;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
}

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  log: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for code-server and its extension host (e.g. AWS_* pointing at moto). */
  env?: NodeJS.ProcessEnv;
  /** Install this .vsix with `code-server --install-extension` (UI tests); ext-host tests load packages/vscode as a development extension instead. */
  installVsix?: string;
  /** User settings.json content. */
  settings?: Record<string, unknown>;
}

/** Starts code-server on a free port with fresh user/extension/XDG dirs, in its own process group. */
export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const entry = codeServerEntry();
  const runDir = mkdtempSync(join(tmpdir(), 'ssw-code-server-'));
  const userData = join(runDir, 'user-data');
  const extensions = join(runDir, 'extensions');
  const xdg = join(runDir, 'xdg');
  for (const dir of [userData, extensions, xdg, join(userData, 'User')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'editor.codeLens': true,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    ...options.settings,
  }, null, 2));
  const xdgEnv = { XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg };
  if (options.installVsix) {
    execFileSync(process.execPath, [entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', options.installVsix], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...xdgEnv },
    });
  }
  const port = await freePort();
  const configFile = join(runDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [
    entry, '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userData, '--extensions-dir', extensions,
  ], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, ...xdgEnv },
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await until('code-server /healthz', 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited: ${output}`);
      const response = await fetch(`${url}/healthz`);
      return response.ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, runDir, log: () => output, stop };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian chromium, headless, fresh profile. */
export async function launchBrowser(runDir: string): Promise<BrowserSession> {
  const xdg = join(runDir, 'chromium-xdg');
  mkdirSync(xdg, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, XDG_DATA_HOME: xdg, HOME: runDir },
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { browser, context, page, close: async () => browser.close() };
}

/** Copies a fixture folder into a fresh workspace folder. */
export function workspaceFrom(fixture: string, runDir: string): string {
  const workspace = join(runDir, 'workspace');
  cpSync(fixture, workspace, { recursive: true });
  return workspace;
}

export { until };
