/**
 * Runs exported AWS CLI scripts against a moto server with the real AWS CLI v2 (`/usr/bin/aws`,
 * Debian's awscli; the `aws` on PATH may be a v1). CLI 2.9 has no AWS_ENDPOINT_URL, so a shim named
 * `aws` first on PATH adds `--endpoint-url`; the two demo profiles get static keys that moto maps to
 * the two accounts (no role assumption, so no STS call leaves for AWS).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONSUMER_ACCOUNT, DEMO_OWNER_ACCOUNT, motoAccountCredentials } from '../../packages/core/src/demo/moto-accounts';
import { envWithoutAws, type MotoHarness } from '../support/moto';

export const AWS_CLI_V2 = '/usr/bin/aws';

export function requireAwsCliV2(): void {
  if (!existsSync(AWS_CLI_V2)) throw new Error(`${AWS_CLI_V2} (AWS CLI v2) is missing: apt-get install awscli (bash scripts/bootstrap.sh --test does)`);
}

/** An environment in which `aws` is CLI v2 talking to this moto, with profiles central-security and production. */
export async function awsCliEnv(moto: MotoHarness): Promise<NodeJS.ProcessEnv> {
  requireAwsCliV2();
  const dir = await mkdtemp(join(tmpdir(), 'ssw-cli-v2-'));
  const [owner, consumer] = await Promise.all([motoAccountCredentials(moto.endpoint, DEMO_OWNER_ACCOUNT, moto.region), motoAccountCredentials(moto.endpoint, DEMO_CONSUMER_ACCOUNT, moto.region)]);
  const profile = (name: string, keys: typeof owner) =>
    [`[profile ${name}]`, `region = ${moto.region}`, `aws_access_key_id = ${keys.accessKeyId}`, `aws_secret_access_key = ${keys.secretAccessKey}`, ...(keys.sessionToken ? [`aws_session_token = ${keys.sessionToken}`] : []), ''].join('\n');
  await writeFile(join(dir, 'config'), `${profile(moto.ownerProfile, owner)}\n${profile(moto.consumerProfile, consumer)}`, { mode: 0o600 });
  await writeFile(join(dir, 'credentials'), '', { mode: 0o600 });
  const bin = join(dir, 'bin');
  await import('node:fs/promises').then((fs) => fs.mkdir(bin));
  await writeFile(join(bin, 'aws'), `#!/bin/sh\nexec ${AWS_CLI_V2} --endpoint-url "${moto.endpoint}" "$@"\n`);
  await chmod(join(bin, 'aws'), 0o755);
  return {
    ...envWithoutAws(),
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBash(script: string, env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `fn` with process.env's AWS_* variables replaced by `vars` (the SDK reads them when clients resolve credentials). */
export async function withAwsEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')));
  for (const name of Object.keys(saved)) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, saved);
  }
}
