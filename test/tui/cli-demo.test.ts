/**
 * `secret-share-wizard demo` without a terminal: starts its own moto_server, seeds the reference
 * scenario, shares the secret non-interactively, and stops the emulator on exit and on SIGTERM.
 * Also: a clear message with the install command when moto_server is missing.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithoutAws } from '../support/moto';
import { cliEnv, runCli, useBuiltCli } from './cli-support';
import { endpointOf, listening } from './support/demo';
import { TmuxSession } from './support/tmux';

const cli = useBuiltCli();
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'ssw-cli-demo-'));
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

/** No AWS variables from outside: the demo must bring its own. */
const env = (extra: Record<string, string | undefined> = {}) => cliEnv(envWithoutAws(), { HOME: home, ...extra });

describe('demo', () => {
  it('without a terminal: plan, apply --yes, plan again (nothing to change); the emulator is stopped afterwards', async () => {
    const result = await runCli(cli(), ['demo'], { env: env(), timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('$ secret-share-wizard apply');
    expect(result.stdout).toContain('✔ Apply complete.');
    expect(result.stdout).toContain('Nothing to change: everything is already in place.');
    expect(result.stdout).toContain("simulator's verdict");
    expect(result.stderr).toMatch(/central-security = CENTRAL_SECURITY 111111111111, production = PRODUCTION 222222222222/);
    expect(await listening(endpointOf(result.stderr))).toBe(false);
  });

  it('SIGTERM while it runs: exits 130 and stops the emulator', async () => {
    const child = spawn(process.execPath, [cli(), 'demo', '--no-wizard'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (/Emulator at http/.test(stderr)) resolve();
      });
      child.once('close', () => reject(new Error(`demo ended before the emulator started:\n${stderr}`)));
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(await listening(endpointOf(stderr))).toBe(false);
  });

  it('on a terminal: runs the wizard against the emulator (profiles prefilled); Ctrl+C quits and stops the emulator', async () => {
    const tty = new TmuxSession({ name: 'demo', command: [process.execPath, cli(), 'demo'], env: env({ TERM: 'xterm-256color' }), cwd: home, columns: 200, rows: 50 });
    try {
      tty.start();
      await tty.waitFor('❯ Share a secret', 60_000);
      tty.press('Enter');
      const screen = await tty.waitFor('Which secret do you want to share?', 60_000);
      expect(screen).toContain('MY_TEST_SECRET');
      expect(screen).toContain('central-security');
      tty.press('C-c');
      expect(await tty.exitCode()).toBe(130);
      expect(await listening(endpointOf(tty.history().replace(/\n/g, '')))).toBe(false);
    } finally {
      tty.kill();
    }
  });

  it('without moto_server: one line saying how to install it', async () => {
    // A PATH with node but without moto_server.
    const bin = join(home, 'bin');
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, join(bin, 'node')).catch(() => undefined);
    const result = await runCli(cli(), ['demo'], { env: env({ PATH: bin }) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(result.stderr).toContain("pip install 'moto[server]'");
  });
});
