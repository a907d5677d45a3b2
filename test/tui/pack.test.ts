/**
 * The published package works on its own: `pnpm pack` the tui package, install the tarball with npm
 * into an empty folder (offline: the package has no dependencies), and run --help, --version and an
 * offline plan from the installed bin.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUI, buildCliTo, runCli, type CliResult } from './cli-support';

const execFileAsync = promisify(execFile);
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let root: string;
let work: string;
let installedBin: string;
let tarball: string;
const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };

function run(args: string[], cwd = work): Promise<CliResult> {
  return runCli(installedBin, args, { env, cwd });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ssw-pack-'));
  // Build the package's dist (the files `pnpm pack` publishes), then pack it.
  await buildCliTo(join(TUI, 'dist'));
  await execFileAsync('pnpm', ['pack', '--pack-destination', root], { cwd: TUI, env });
  const [file] = (await readdir(root)).filter((name) => name.endsWith('.tgz'));
  if (!file) throw new Error('pnpm pack wrote no tarball');
  tarball = join(root, file);
  const project = join(root, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), '{"name":"empty-project","version":"1.0.0","private":true}\n');
  await execFileAsync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, env });
  installedBin = join(project, 'node_modules', 'secret-share-wizard', 'dist', 'cli.js');
  work = project;
}, 180_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('has no runtime dependencies, a bin, and only dist + docs', async () => {
    const { stdout } = await execFileAsync('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toContain('package/dist/cli.js');
    expect(files.every((file) => /^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file))).toBe(true);
    const manifest = JSON.parse(await readFile(join(work, 'node_modules', 'secret-share-wizard', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ 'secret-share-wizard': 'dist/cli.js' });
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
  });

  it('installs the bin and answers --help and --version', async () => {
    const help = await runCli(join(work, 'node_modules', '.bin', 'secret-share-wizard'), ['--help'], { env, cwd: work });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('secret-share-wizard <command> [flags]');
    expect(help.stderr).toBe('');
    const version = await run(['--version']);
    const { version: expected } = JSON.parse(await readFile(join(TUI, 'package.json'), 'utf8'));
    expect(version).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('makes an offline plan from files, with no AWS at all', async () => {
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }],
    };
    await writeFile(join(work, 'key-policy.json'), JSON.stringify(keyPolicy));
    const result = await run(['plan', '--offline', '--secret-arn', SECRET, '--key-arn', KEY, '--consumer', '222222222222', '--key-policy', 'key-policy.json', '--write-dir', 'out', '--json'], work);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.changes.map((change: { kind: string }) => change.kind).sort()).toEqual(['identity-policy', 'key-policy', 'secret-policy']);
    const written = JSON.parse(await readFile(join(work, 'out', 'key-policy.json'), 'utf8'));
    expect(written.Statement[0]).toEqual(keyPolicy.Statement[0]);
    expect(JSON.stringify(written)).toContain('arn:aws:iam::222222222222:root');
  });
});
