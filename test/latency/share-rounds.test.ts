import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCalls, createAwsContext, type AwsContext } from '../../packages/core/src/aws/aws-context';
import { writeAssumedDemoAwsConfig } from '../../packages/core/src/demo/demo-aws-config';
import { diagnoseAccess } from '../../packages/core/src/doctor/diagnose-access';
import { DEFAULT_SHARE_OPTIONS } from '../../packages/core/src/plan/plan-types';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { approvingHost, revokeShare, shareRequest, tempBackupRoot } from '../apply/share-fixture';
import { seededMoto } from '../support/moto';
import { describeRounds, startRoundProxy, type Round, type RoundProxy } from '../support/round-proxy';
import { listenOnLoopback } from '../support/loopback';

/**
 * The sequential round trips of the share and the revoke, counted by the round proxy (it releases
 * the held requests together, one round at a time, only when the client can send nothing more
 * without an answer: see test/support/round-proxy.ts). Credentials are temporary keys in the
 * profiles (as with SSO or environment credentials): a profile that assumes a role adds one round,
 * AssumeRole for both accounts at once, before the first.
 */
const MAX_SHARE_ROUNDS = 7;

const moto = seededMoto();
let proxy: RoundProxy;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  proxy = await startRoundProxy(moto().endpoint);
  saved = { ...process.env };
  const config = await writeAssumedDemoAwsConfig(await mkdtemp(join(tmpdir(), 'ssw-rounds-')), proxy.endpoint, moto().endpoint, moto().region);
  // AWS_ENDPOINT_URL too: every client the SDK makes (STS included) goes through the proxy.
  Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.endpoint, AWS_CONFIG_FILE: config.configFile, AWS_SHARED_CREDENTIALS_FILE: config.credentialsFile });
});
afterAll(async () => {
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) process.env[name] = saved[name];
  await proxy?.stop();
});

/** A new context per flow, as each CLI run has (nothing known from an earlier flow). */
async function counted<T>(flow: (ctx: AwsContext) => Promise<T>): Promise<{ result: T; rounds: Round[]; calls: Record<string, number>; total: number }> {
  const { ownerProfile, consumerProfile, region } = moto();
  const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: proxy.endpoint });
  proxy.reset();
  try {
    const result = await flow(ctx);
    const rounds = [...proxy.rounds];
    expect(rounds.filter((round) => round.forced), describeRounds(rounds)).toEqual([]);
    expect(rounds.flatMap((round) => round.calls)).toHaveLength(ctx.calls.length);
    return { result, rounds, calls: countCalls(ctx.calls), total: ctx.calls.length };
  } finally {
    ctx.destroy();
  }
}

/** The index of the round holding `call` (every one, when it appears in several). */
function roundsOf(rounds: Round[], call: string): number[] {
  return rounds.flatMap((round, index) => (round.calls.includes(call) ? [index] : []));
}

describe('the round proxy', () => {
  it('releases independent requests together however late one is sent, and a dependent one in the next round', async () => {
    const server = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
    const own = await startRoundProxy(await listenOnLoopback(server));
    const send = (operation: string) =>
      new Promise<void>((resolve, reject) => {
        const outgoing = request(own.endpoint, { method: 'POST', headers: { 'x-amz-target': `secretsmanager.${operation}`, 'content-type': 'application/x-amz-json-1.1' } }, (response) => {
          response.resume().on('end', resolve);
        });
        outgoing.on('error', reject).end('{}');
      });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'ssw-round-proxy-'));
      const a = send('First');
      // Work between two independent requests (file I/O, a busy CPU) must not split them.
      await writeFile(join(dir, 'file'), 'x'.repeat(1 << 20));
      const until = Date.now() + 30;
      while (Date.now() < until);
      const b = send('Second');
      await a;
      const c = send('AfterFirst');
      await Promise.all([b, c]);
      expect(own.rounds).toEqual([{ calls: ['secretsmanager:First', 'secretsmanager:Second'] }, { calls: ['secretsmanager:AfterFirst'] }]);
    } finally {
      await own.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('sequential round trips of the reference share (role consumer, managed identity policy)', () => {
  it(`apply: at most ${MAX_SHARE_ROUNDS} rounds; the secret policy last and alone; nothing asked twice`, async () => {
    const { scenario } = moto();
    const backupRoot = await tempBackupRoot();
    const { result, rounds, calls, total } = await counted((ctx) => runShareSession({ request: shareRequest(scenario), mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot }));
    expect(result.status).toBe('applied');
    const trace = describeRounds(rounds);
    expect(rounds.length, trace).toBeLessThanOrEqual(MAX_SHARE_ROUNDS);
    // Reads (2 rounds), preflight (1), writes (3), the re-read after the last write with the record (1).
    expect(rounds.map((round) => round.calls), trace).toEqual([
      [
        'iam:GetRole',
        'iam:ListAttachedRolePolicies',
        'iam:ListPolicies',
        'iam:ListPolicyVersions',
        'iam:ListRolePolicies',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetResourcePolicy',
        'sts:GetCallerIdentity',
        'sts:GetCallerIdentity',
      ],
      ['iam:GetPolicyVersion', 'iam:GetRolePolicy', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListResourceTags'],
      ['iam:ListPolicyVersions', 'kms:GetKeyPolicy', 'secretsmanager:GetResourcePolicy', 'secretsmanager:ValidateResourcePolicy'],
      ['iam:CreatePolicy', 'kms:PutKeyPolicy', 'secretsmanager:GetResourcePolicy'],
      ['iam:AttachRolePolicy'],
      ['secretsmanager:PutResourcePolicy'],
      ['iam:ListPolicyVersions', 'kms:GetKeyPolicy', 'secretsmanager:GetResourcePolicy', 'secretsmanager:TagResource'],
    ]);
    // The write that opens access is alone, after every other write.
    const put = roundsOf(rounds, 'secretsmanager:PutResourcePolicy');
    expect(put).toHaveLength(1);
    expect(rounds[put[0]!]!.calls).toEqual(['secretsmanager:PutResourcePolicy']);
    for (const write of ['iam:CreatePolicy', 'iam:AttachRolePolicy', 'kms:PutKeyPolicy']) expect(Math.max(...roundsOf(rounds, write))).toBeLessThan(put[0]!);
    // Asked once per process: each caller's identity, the secret, the key; the version this run
    // created is not read back (GetPolicyVersion only reads the role's other managed policy).
    expect(calls).toMatchObject({ 'sts:GetCallerIdentity': 2, 'secretsmanager:DescribeSecret': 1, 'kms:DescribeKey': 1, 'iam:GetPolicyVersion': 1 });
    expect(calls['iam:GetPolicy']).toBeUndefined();
    expect(total).toBe(27);
  });

  it('apply of a change to the existing managed policy: 6 rounds, the writer asks nothing the preflight read', async () => {
    const { scenario } = moto();
    const backupRoot = await tempBackupRoot();
    const request = shareRequest(scenario, 'managed', { options: { ...DEFAULT_SHARE_OPTIONS, grantDescribe: true } });
    const { result, rounds, calls } = await counted((ctx) => runShareSession({ request, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot }));
    expect(result.status).toBe('applied');
    const trace = describeRounds(rounds);
    expect(rounds, trace).toHaveLength(6);
    const create = roundsOf(rounds, 'iam:CreatePolicyVersion');
    expect(create, trace).toHaveLength(1);
    // Versions and attachments come from the preflight (ListPolicyVersions ‖ ListEntitiesForPolicy), not asked again by the writer.
    expect(roundsOf(rounds, 'iam:ListEntitiesForPolicy'), trace).toEqual([2]);
    expect(roundsOf(rounds, 'iam:ListPolicyVersions'), trace).toEqual([0, 2, 5]);
    expect(calls['iam:ListAttachedRolePolicies']).toBe(1);
    expect(calls['iam:AttachRolePolicy']).toBeUndefined();
    expect(rounds[4]!.calls, trace).toEqual(['secretsmanager:PutResourcePolicy']);
  });

  it('revoke: 7 rounds; the secret policy first and alone; the records read with the documents', async () => {
    const { scenario } = moto();
    const backupRoot = await tempBackupRoot();
    const { result, rounds, total } = await counted((ctx) => revokeShare(ctx, shareRequest(scenario), { backupRoot }));
    expect(result.status).toBe('applied');
    const trace = describeRounds(rounds);
    expect(rounds.length, trace).toBe(7);
    // DescribeSecret (the share records) does not hold the other reads back.
    expect(rounds[0]!.calls, trace).toEqual(expect.arrayContaining(['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'iam:ListPolicyVersions', 'sts:GetCallerIdentity']));
    const put = roundsOf(rounds, 'secretsmanager:PutResourcePolicy');
    expect(put, trace).toEqual([3]);
    for (const write of ['kms:PutKeyPolicy', 'iam:DetachRolePolicy', 'iam:DeletePolicyVersion', 'iam:DeletePolicy']) expect(Math.min(...roundsOf(rounds, write)), `${write}\n${trace}`).toBeGreaterThan(3);
    expect(roundsOf(rounds, 'secretsmanager:UntagResource'), trace).toEqual([6]);
    expect(total, trace).toBeLessThanOrEqual(36);
  });

  it('doctor on the reference accounts (in no organization): 2 rounds', async () => {
    const { scenario } = moto();
    const { result, rounds } = await counted((ctx) => diagnoseAccess(ctx, { secret: scenario.secret.arn, consumerRole: scenario.role.arn }));
    // Whatever the verdict (the share above was revoked): the reads are the same.
    expect(['allowed', 'denied']).toContain(result.verdict);
    const trace = describeRounds(rounds);
    expect(rounds, trace).toHaveLength(2);
    expect(rounds[1]!.calls, trace).toEqual(expect.arrayContaining(['kms:GetKeyPolicy', 'iam:GetPolicyVersion', 'iam:GetRolePolicy']));
  });
});
