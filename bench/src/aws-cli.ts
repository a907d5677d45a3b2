import { realpath } from 'node:fs/promises';
import { runProcess } from './processes';

/** The AWS CLI the baseline runs: the real executable (past any pyenv/asdf shim), and its version. */
export interface AwsCli {
  command: string;
  version: string;
  /** How it was found, for RESULTS.md. */
  source: string;
}

async function which(name: string): Promise<string | undefined> {
  const result = await runProcess('sh', ['-c', `command -v ${name}`]);
  const path = result.stdout.trim();
  return result.code === 0 && path ? path : undefined;
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

/** Finds `aws`, installing Debian's `awscli` with apt-get when it is missing (unless `install` is false). */
export async function findAwsCli(options: { install: boolean; log: (message: string) => void }): Promise<AwsCli> {
  let path = await which('aws');
  let installed = false;
  if (!path) {
    if (!options.install) throw new Error('the AWS CLI (aws) is not installed; run without --no-install or: apt-get install awscli');
    await installDebianAwsCli(options.log);
    installed = true;
    path = await which('aws');
    if (!path) throw new Error('apt-get installed awscli but `aws` is still not on PATH');
  }
  const { command, shim } = await resolveShim(path);
  const version = await runProcess(command, ['--version']);
  if (version.code !== 0) throw new Error(`\`${command} --version\` failed: ${version.stderr.trim()}`);
  const source = installed ? 'Debian awscli, installed by the bench' : shim ? `${path} (pyenv shim) → ${command}` : command;
  return { command, version: `${version.stdout}${version.stderr}`.trim().split('\n')[0] ?? '', source };
}
