/**
 * Hostile input (issue 10): policies full of wildcards, JSON built to break parsers, a --write-dir
 * where mkdir never succeeds, signals while waiting. Each case runs the built CLI as a child
 * process and must be answered (exit 0 or 2, one line naming the file or flag) well within the
 * runner's timeout; the old code took minutes to hours, or crashed with exit 1.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, useBuiltCli } from './cli-support';

const cli = useBuiltCli();
let work: string;

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONSUMER = 'arn:aws:iam::222222222222:root';
/** Each run must finish within this (node start-up included); the old code needed 409 s to hours. */
const BOUND_MS = 5_000;

const statement = (action: string, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: action, Resource: '*', ...extra });
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ADMIN = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

/** ~10 KB of statements, each with many wildcards in Action, Resource and Condition. */
function tenKilobytes(): string {
  const statements: unknown[] = [];
  while (policy(...statements).length < 10_000) {
    statements.push(statement(`secretsmanager:${'*a'.repeat(40)}`, { Resource: `arn:aws:secretsmanager:*${'*-'.repeat(20)}`, Condition: { StringLike: { 'kms:EncryptionContext:SecretARN': `arn:${'*:'.repeat(20)}` } } }));
  }
  return policy(...statements);
}

const FILES: Record<string, () => string> = {
  'stars-45.json': () => policy(statement(`secretsmanager:${'*a'.repeat(45)}`)),
  'stars-100.json': () => policy(statement(`secretsmanager:${'*a'.repeat(100)}`)),
  'ten-kb.json': tenKilobytes,
  'key.json': () => policy(ADMIN),
  'proto-key.json': () => '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}]}',
  'proto-operator.json': () => '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"__proto__":{"aws:SourceAccount":"1"}}}]}',
  'constructor.json': () => policy(statement('secretsmanager:GetSecretValue', { Condition: { StringEquals: { Constructor: ['x'] } } })),
  'nested-100k.json': () => '['.repeat(100_000) + ']'.repeat(100_000),
  'nested-10k.json': () => `{"Version":"2012-10-17","Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  'plan-nested.json': () => `{"schema":"secret-share-wizard/plan@1","changes":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  'plan-proto.json': () => '{"schema":"secret-share-wizard/plan@1","request":{},"secret":{},"changes":[{"__proto__":{"kind":"key-policy"}}]}',
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-cli-hostile-'));
  for (const [name, make] of Object.entries(FILES)) await writeFile(join(work, name), make());
  // 47 MB: a valid policy, just far too large (the old code read it: 23 s, 1.36 GB).
  const one = JSON.stringify(statement('secretsmanager:GetSecretValue'));
  await writeFile(join(work, 'huge.json'), `{"Version":"2012-10-17","Statement":[${Array.from({ length: Math.ceil(47_000_000 / one.length) }, () => one).join(',')}]}`);
  await mkdir(join(work, 'no-manifest'));
  await writeFile(join(work, 'no-manifest', '01-secret-policy.before.json'), policy(statement('secretsmanager:GetSecretValue')));
}, 60_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** No AWS anywhere: no profile, no credentials file, an endpoint nothing listens on. */
function isolatedEnv(extra: Record<string, string> = {}) {
  return cliEnv(process.env, {
    SECRET_SHARE_WIZARD_HOME: join(work, 'home'),
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: 'us-east-2',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    ...extra,
  });
}

const offline = (...rest: string[]) => ['plan', '--offline', '--secret-arn', SECRET, '--key-arn', KEY, '--consumer', CONSUMER, ...rest];

describe('wildcard-heavy policies are planned in bounded time', () => {
  it.each([
    ['stars-45.json', '--secret-policy'],
    ['stars-45.json', '--key-policy'],
    ['stars-100.json', '--secret-policy'],
    ['stars-100.json', '--identity-policy'],
    ['ten-kb.json', '--secret-policy'],
    ['ten-kb.json', '--key-policy'],
    ['ten-kb.json', '--identity-policy'],
  ])('%s as %s: answered (exit 0 or 2)', async (file, flag) => {
    const result = await runCli(cli(), offline(flag, file), { env: isolatedEnv(), cwd: work, timeoutMs: BOUND_MS });
    expect([0, 2], result.stderr).toContain(result.code);
    expect(result.stdout).toContain('Will it work?');
  });
});

/** [what, argv, what the one line must name]. */
const HOSTILE: Array<[string, string[], string[]]> = [
  ['__proto__ as a condition key', offline('--secret-policy', 'proto-key.json'), ['--secret-policy', 'proto-key.json', '"__proto__"', 'Statement[0].Condition.StringEquals']],
  ['__proto__ as a condition operator', offline('--key-policy', 'proto-operator.json'), ['--key-policy', 'proto-operator.json', '"__proto__"', 'Statement[0].Condition']],
  ['Constructor as a condition key', offline('--identity-policy', 'constructor.json'), ['--identity-policy', 'constructor.json', '"Constructor"']],
  ['100,000 nested arrays', offline('--secret-policy', 'nested-100k.json'), ['--secret-policy', 'nested-100k.json', '200,000 bytes']],
  ['10,000 nested arrays (within the size)', offline('--key-policy', 'nested-10k.json'), ['--key-policy', 'nested-10k.json', 'levels deep']],
  ['a 47 MB policy file', offline('--secret-policy', 'huge.json'), ['--secret-policy', 'huge.json', 'bytes, more than']],
  ['a plan file nested 100,000 deep', ['apply', '--plan', 'plan-nested.json', '--yes'], ['--plan', 'plan-nested.json', 'levels deep']],
  ['a plan file with __proto__', ['apply', '--plan', 'plan-proto.json', '--yes'], ['--plan', 'plan-proto.json', '"__proto__" at changes[0]']],
  ['a backup folder without manifest.json', ['restore', 'no-manifest', '--yes'], ['no-manifest', 'has no manifest.json']],
  ['--write-dir where mkdir never succeeds (/proc)', offline('--key-policy', 'key.json', '--write-dir', '/proc/secret-share-wizard/x'), ['--write-dir', '/proc/secret-share-wizard/x']],
];

describe('hostile JSON and paths: exit 2, one line naming the file or flag, at once', () => {
  it.each(HOSTILE)('%s', async (_what, argv, names) => {
    const result = await runCli(cli(), argv, { env: isolatedEnv(), cwd: work, timeoutMs: BOUND_MS });
    const context = `exit ${result.code}\nstderr: ${result.stderr}`;
    expect(result.code, context).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, context).toHaveLength(1);
    expect(lines[0], context).toMatch(/^error: /);
    for (const name of names) expect(lines[0], context).toContain(name);
    expect(result.stdout).toBe('');
  });
});

describe('signals stop a command at once while nothing is written yet', () => {
  let hole: Server;
  let port = 0;
  const connected: Array<() => void> = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // An "AWS endpoint" that accepts connections and never answers: the CLI waits on it for ever.
    hole = createServer((socket) => {
      sockets.push(socket);
      connected.shift()?.();
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    port = (hole.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hole.close(resolve));
  });

  it.each([
    ['SIGINT', 'plan'],
    ['SIGTERM', 'plan'],
    ['SIGINT', 'apply'],
    ['SIGTERM', 'apply'],
  ] as const)('%s while %s waits on AWS: exit 130 after one signal, nothing written', async (signal, command) => {
    const reached = new Promise<void>((resolve) => connected.push(resolve));
    const extra = command === 'apply' ? ['--consumer-policy', 'none', '--yes'] : [];
    const child = spawn(process.execPath, [cli(), command, '--secret', SECRET, '--consumer', CONSUMER, ...extra], { env: isolatedEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` }), cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Ready: the CLI is waiting for AWS to answer.
    await reached;
    child.kill(signal);
    const code = await closed;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Interrupted before anything was written/);
  }, BOUND_MS * 2);
});
