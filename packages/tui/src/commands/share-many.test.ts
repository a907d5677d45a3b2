import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededMoto } from '../../../../test/support/moto';
import { main } from '../cli/main';
import type { CliIo } from '../cli/context';

// moto's start and seeding can take a while on a busy machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
const moto = seededMoto({ extraSecrets: 4 });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-share-many-cli-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: {},
    cwd: process.cwd(),
  };
  const code = await main(argv, io, new AbortController().signal);
  return { code, stdout, stderr };
}

function profiles(): string[] {
  return ['--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];
}

describe('share-many (CLI)', () => {
  it('refuses bad input with exit 2, naming the flag', async () => {
    const consumer = ['--consumer', '222222222222'];
    const noSecrets = await run(['share-many', ...consumer, '--dry-run']);
    expect(noSecrets.code).toBe(2);
    expect(noSecrets.stderr).toMatch(/--secret.*no secrets given/);

    const both = await run(['share-many', '--secret', 'a', ...consumer, '--dry-run', '--yes']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--yes/);

    const concurrency = await run(['share-many', '--secret', 'a', ...consumer, '--dry-run', '--concurrency', '0']);
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toMatch(/--concurrency/);

    const noTerminal = await run(['share-many', '--secret', 'a', ...consumer]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/Pass --yes/);

    const missingFile = await run(['share-many', '--secrets-file', join(dir, 'absent.txt'), ...consumer, '--dry-run']);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/--secrets-file.*no such file/);
  });

  it('--secret repeated, --dry-run --json: a plan for each secret, nothing written', async () => {
    const { scenario } = moto();
    const [a, b] = scenario.extraSecrets;
    const result = await run(['share-many', '--secret', a!.arn, '--secret', b!.arn, '--secret', a!.arn, '--consumer', scenario.role.arn, ...profiles(), '--dry-run', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ ok: true, operation: 'manifest', status: 'planned', dryRun: true, secrets: 2, pending: 6, records: { write: 2, written: 0 } });
    expect(output.shares.map((share: { secret: string; status: string }) => [share.secret, share.status])).toEqual([
      [a!.arn, 'missing'],
      [b!.arn, 'missing'],
    ]);
    const kinds = output.changes.map((change: { kind: string; action: string }) => `${change.kind}:${change.action}`);
    expect(kinds).toEqual(['identity-policy:create', 'key-policy:update', 'secret-policy:create', 'secret-policy:create']);
    expect(output.results).toEqual([]);
  });

  it('--secrets-file --yes shares them all; the same command again changes nothing', async () => {
    const { scenario } = moto();
    const file = join(dir, 'secrets.txt');
    await writeFile(file, ['# the bench secrets', ...scenario.extraSecrets.map((secret) => secret.arn), '', scenario.secret.name].join('\n'));
    const backups = join(dir, 'backups');
    const argv = ['share-many', '--secrets-file', file, '--consumer', scenario.role.arn, ...profiles(), '--yes', '--json', '--backup-dir', backups, '--concurrency', '2', '--rate-limit', '50'];
    const first = await run(argv);
    expect(first.code).toBe(0);
    const output = JSON.parse(first.stdout);
    expect(output).toMatchObject({ ok: true, status: 'applied', dryRun: false, secrets: 5, records: { written: 5 } });
    // MY_TEST_SECRET, given by name, is resolved to its full ARN and shared like the others.
    expect(output.shares.at(-1)).toMatchObject({ secret: scenario.secret.arn, status: 'missing' });
    expect(output.results.filter((result: { status: string }) => result.status === 'applied')).toHaveLength(7);
    expect(output.snippets).toHaveLength(5);
    expect(output.calls).toBeGreaterThan(0);
    // One transaction: one backup folder.
    expect((await readdir(backups)).length).toBe(1);

    const again = await run(argv);
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second).toMatchObject({ ok: true, status: 'no-changes', pending: 0 });
    expect(second.shares.map((share: { status: string }) => share.status)).toEqual(Array(5).fill('in-sync'));
    expect((await readdir(backups)).length).toBe(1);
  });

  it('human output: a blocked secret is named with its finding, exit 2', async () => {
    const { scenario } = moto();
    const result = await run(['share-many', '--secret', scenario.extraSecrets[0]!.arn, '--secret', scenario.legacySecret.arn, '--consumer', scenario.role.arn, ...profiles(), '--yes']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(scenario.legacySecret.arn);
    expect(result.stdout).toContain('SECRET_AWS_MANAGED_KEY');
    expect(result.stdout).toContain('✖ blocked');
    expect(result.stderr).toMatch(/nothing was written/);
  });
});
