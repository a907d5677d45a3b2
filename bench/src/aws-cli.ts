import { realpath } from 'node:fs/promises';
import { runProcess } from './processes';

/** The AWS CLI the baseline runs: the real executable (past any pyenv/asdf shim), and its version. */
export interface AwsCli {
  command: string;
  version: string;
  /** How it was found, for RESULTS.md. */
  source: string;
}

async function resolveShim(path: string): Promise<{ command: string; shim: boolean }> {
  // A pyenv shim is a bash script that re-executes the real one: timing it would add a bash start-up
  // to the baseline and flatter the product. Time the real executable instead.
  if (path.includes('/.pyenv/shims/')) {
    const real = await runProcess('pyenv', ['which', 'aws']);
    if (real.code === 0 && real.stdout.trim()) return { command: real.stdout.trim(), shim: true };
  }
  return { command: await realpath(path), shim: false };
}

async function installDebianAwsCli(log: (message: string) => void): Promise<void> {
  log("aws is not installed: installing Debian's awscli package (apt-get install awscli)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const asRoot = (args: string[]) => (process.getuid?.() === 0 ? runProcess('apt-get', args, { env, timeoutMs: 600_000 }) : runProcess('sudo', ['apt-get', ...args], { env, timeoutMs: 600_000 }));
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'awscli']]) {
    const result = await asRoot(args);
    if (result.code !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${result.stderr.trim().slice(-500)}`);
  }
}

/** Every `aws` on PATH, then Debian's; each resolved past pyenv shims, without duplicates. */
async function candidates(): Promise<Array<{ path: string; command: string; shim: boolean }>> {
  const listed = await runProcess('sh', ['-c', 'which -a aws 2>/dev/null']);
  const paths = [...new Set([...listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean), DEBIAN_AWS])];
  const found: Array<{ path: string; command: string; shim: boolean }> = [];
  for (const path of paths) {
    try {
      const resolved = await resolveShim(path);
      if (!found.some((other) => other.command === resolved.command)) found.push({ path, ...resolved });
    } catch {
      // not there (realpath failed)
    }
  }
  return found;
}

/** Debian's awscli package (AWS CLI v2 from bookworm on). */
const DEBIAN_AWS = '/usr/bin/aws';

async function versionOf(command: string): Promise<string | undefined> {
  const version = await runProcess(command, ['--version']);
  return version.code === 0 ? `${version.stdout}${version.stderr}`.trim().split('\n')[0] : undefined;
}

/**
 * Finds AWS CLI v2 (what the AWS documentation and the blog use): the first `aws` on PATH that is v2,
 * else Debian's `/usr/bin/aws`, installing Debian's `awscli` with apt-get when no v2 is there (unless
 * `install` is false). A v1 found on the way (e.g. pyenv's) is not the baseline.
 */
export async function findAwsCli(options: { install: boolean; log: (message: string) => void }): Promise<AwsCli> {
  const pick = async (installed: boolean): Promise<AwsCli | undefined> => {
    for (const candidate of await candidates()) {
      const version = await versionOf(candidate.command);
      if (!version?.startsWith('aws-cli/2.')) continue;
      const source = installed ? 'Debian awscli, installed by the bench' : candidate.shim ? `${candidate.path} (pyenv shim) → ${candidate.command}` : candidate.command;
      return { command: candidate.command, version, source };
    }
    return undefined;
  };
  const found = await pick(false);
  if (found) return found;
  if (!options.install) throw new Error('AWS CLI v2 is not installed; run without --no-install or: apt-get install awscli');
  await installDebianAwsCli(options.log);
  const installed = await pick(true);
  if (!installed) throw new Error('apt-get installed awscli but no AWS CLI v2 answers `aws --version`');
  return installed;
}

/** `aws-cli/2.9.19 Python/3.11.2 …` → `AWS CLI 2.9.19`. */
export function awsCliName(version: string): string {
  const match = /^aws-cli\/(\S+)/.exec(version);
  return match ? `AWS CLI ${match[1]}` : version;
}
