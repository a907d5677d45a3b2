import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededMoto } from '../../../../test/support/moto';
import { createAwsContext, countCalls, type AwsContext } from '../aws/aws-context';
import { loadAwsSdk } from '../aws/sdk';
import { motoAccountCredentials } from '../demo/moto-accounts';
import { scriptedHost } from '../host/host';

/** The batch is approved, as `--yes` does. */
const silentHost = () => scriptedHost({ 'approve-writes': true });
import { DEFAULT_SHARE_OPTIONS, type PolicyChange } from '../plan/plan-types';
import { keyGrantSid, secretReadSid } from '../plan/sids';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { identityPolicySize } from '../policy/policy-size';
import { batchPolicyName, shareMany, type ShareManyRequest } from './share-many';

// moto's start and seeding can take a while on a busy machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
const moto = seededMoto({ extraSecrets: 5 });
let backupRoot: string;

beforeAll(async () => {
  backupRoot = await mkdtemp(join(tmpdir(), 'ssw-batch-'));
});
afterAll(async () => {
  if (backupRoot) await rm(backupRoot, { recursive: true, force: true });
});

function context(rateLimit?: number): AwsContext {
  const { ownerProfile, consumerProfile, region } = moto();
  return createAwsContext({ ownerProfile, consumerProfile, region, ...(rateLimit ? { secretsManagerRateLimit: rateLimit } : {}) });
}

function request(secrets: string[]): ShareManyRequest {
  return { secrets, consumer: moto().scenario.role.arn, identityPolicy: 'managed', options: DEFAULT_SHARE_OPTIONS };
}

/** The documents as they are in moto, read with plain SDK clients of each account. */
async function live(secretArns: string[]) {
  const { endpoint, region, scenario } = moto();
  const sdk = await loadAwsSdk();
  const [owner, consumer] = await Promise.all([motoAccountCredentials(endpoint, scenario.owner.account, region), motoAccountCredentials(endpoint, scenario.consumer.account, region)]);
  const sm = new sdk.sm.SecretsManagerClient({ endpoint, region, credentials: owner });
  const kms = new sdk.kms.KMSClient({ endpoint, region, credentials: owner });
  const iam = new sdk.iam.IAMClient({ endpoint, region, credentials: consumer });
  try {
    const secretPolicies = await Promise.all(
      secretArns.map(async (arn) => JSON.parse((await sm.send(new sdk.sm.GetResourcePolicyCommand({ SecretId: arn }))).ResourcePolicy ?? 'null') as PolicyDocument | null),
    );
    const keyPolicy = JSON.parse((await kms.send(new sdk.kms.GetKeyPolicyCommand({ KeyId: scenario.key.arn, PolicyName: 'default' }))).Policy!) as PolicyDocument;
    const attached = (await iam.send(new sdk.iam.ListAttachedRolePoliciesCommand({ RoleName: scenario.role.name }))).AttachedPolicies ?? [];
    return { secretPolicies, keyPolicy, attached, iam, sdk };
  } finally {
    sm.destroy();
    kms.destroy();
  }
}

describe('shareMany against moto', { timeout: 30_000 }, () => {
  it('plans without writing anything (dry run)', async () => {
    const { scenario } = moto();
    const ctx = context();
    try {
      const secrets = scenario.extraSecrets.map((secret) => secret.arn);
      // The first secret again, by name: shared once.
      const outcome = await shareMany(ctx, request([...secrets, scenario.extraSecrets[0]!.name]), { host: silentHost(), dryRun: true, backupRoot });
      expect(outcome).toMatchObject({ ok: true, status: 'planned', exitCode: 0 });
      expect(outcome.plan!.shares.map((share) => [share.secret, share.status])).toEqual(secrets.map((arn) => [arn, 'missing']));
      const calls = countCalls(ctx.calls);
      for (const write of ['secretsmanager:PutResourcePolicy', 'kms:PutKeyPolicy', 'iam:CreatePolicy', 'iam:AttachRolePolicy', 'secretsmanager:TagResource']) expect(calls[write]).toBeUndefined();
      // Each secret described and its policy read once (the name once more, to resolve it); the key read once, not once per secret.
      expect(calls['secretsmanager:DescribeSecret']).toBe(secrets.length + 1);
      expect(calls['secretsmanager:GetResourcePolicy']).toBe(secrets.length);
      expect(calls['kms:GetKeyPolicy']).toBe(1);
      expect(calls['kms:DescribeKey']).toBe(1);
      expect(outcome.calls).toBe(ctx.calls.length);
    } finally {
      ctx.destroy();
    }
  });

  it('shares every secret with one key-policy write and one identity-policy write, and the documents say so', async () => {
    const { scenario } = moto();
    const ctx = context();
    const secrets = [scenario.secret.arn, ...scenario.extraSecrets.map((secret) => secret.arn)];
    try {
      const host = silentHost();
      const outcome = await shareMany(ctx, request(secrets), { host, backupRoot, concurrency: 3 });
      expect(outcome.error).toBeUndefined();
      expect(outcome).toMatchObject({ ok: true, status: 'applied', records: { written: secrets.length, removed: 0 } });
      expect(outcome.plan!.shares.map((share) => share.status)).toEqual(secrets.map(() => 'missing'));
      expect(outcome.results.every((result) => result.status === 'applied')).toBe(true);
      // moto has no ValidateResourcePolicy: the warning is given once, not once per secret.
      expect(host.events.filter((event) => event.type === 'warning' && event.message.includes('ValidateResourcePolicy'))).toHaveLength(1);
      expect(host.events.filter((event) => event.type === 'info' && event.message.startsWith('Secret policies written')).at(-1)).toMatchObject({ message: `Secret policies written: ${secrets.length} of ${secrets.length}` });

      const calls = countCalls(ctx.calls);
      expect(calls['kms:PutKeyPolicy']).toBe(1);
      expect(calls['iam:CreatePolicy']).toBe(1);
      expect(calls['iam:AttachRolePolicy']).toBe(1);
      expect(calls['secretsmanager:PutResourcePolicy']).toBe(secrets.length);
      expect(calls['secretsmanager:DescribeSecret']).toBe(secrets.length);
      expect(calls['kms:DescribeKey']).toBe(1);
      // One record per secret (one TagResource each).
      expect(calls['secretsmanager:TagResource']).toBe(secrets.length);
    } finally {
      ctx.destroy();
    }

    const roleArn = scenario.role.arn;
    const { secretPolicies, keyPolicy, attached, iam, sdk } = await live(secrets);
    try {
      // Each secret policy grants the role; MY_TEST_SECRET keeps its existing statements.
      for (const [index, policy] of secretPolicies.entries()) {
        const ours = policy?.Statement.find((statement) => statement.Sid === secretReadSid(secrets[index]!, roleArn));
        expect(ours).toMatchObject({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'secretsmanager:GetSecretValue' });
      }
      expect(secretPolicies[0]!.Statement.map((statement) => statement.Sid)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'AllowSecurityAuditorDescribe']));

      // One key-policy statement for the role, listing every secret ARN; the owner's statement kept.
      const grants = keyPolicy.Statement.filter((statement: Statement) => statement.Sid === keyGrantSid(scenario.key.arn, roleArn));
      expect(grants).toHaveLength(1);
      const listed = grants[0]!.Condition?.StringLike?.['kms:EncryptionContext:SecretARN'];
      expect([listed].flat().sort()).toEqual([...secrets].sort());
      expect(keyPolicy.Statement.some((statement: Statement) => statement.Sid === 'Enable IAM User Permissions')).toBe(true);

      // One managed policy on the role, allowing GetSecretValue on each exact secret ARN.
      const policyName = batchPolicyName(roleArn);
      const batchPolicy = attached.find((policy) => policy.PolicyName === policyName);
      expect(batchPolicy?.PolicyArn).toBe(`arn:aws:iam::${scenario.consumer.account}:policy/${policyName}`);
      const meta = await iam.send(new sdk.iam.GetPolicyCommand({ PolicyArn: batchPolicy!.PolicyArn! }));
      const version = await iam.send(new sdk.iam.GetPolicyVersionCommand({ PolicyArn: batchPolicy!.PolicyArn!, VersionId: meta.Policy!.DefaultVersionId! }));
      const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)) as PolicyDocument;
      const resources = document.Statement.filter((statement) => statement.Action === 'secretsmanager:GetSecretValue' || [statement.Action].flat().includes('secretsmanager:GetSecretValue')).flatMap((statement) => [statement.Resource].flat());
      expect(resources.sort()).toEqual([...secrets].sort());
    } finally {
      iam.destroy();
    }
    // One transaction: one backup folder for every document.
    expect((await readdir(backupRoot)).length).toBe(1);
  });

  it('writes nothing the second time (everything is in place)', async () => {
    const { scenario } = moto();
    const ctx = context();
    const secrets = [scenario.secret.arn, ...scenario.extraSecrets.map((secret) => secret.arn)];
    try {
      const outcome = await shareMany(ctx, request(secrets), { host: silentHost(), backupRoot });
      expect(outcome).toMatchObject({ ok: true, status: 'no-changes', pending: 0 });
      expect(outcome.plan!.shares.map((share) => share.status)).toEqual(secrets.map(() => 'in-sync'));
      expect(outcome.plan!.changes.every((change) => change.action === 'none')).toBe(true);
      const calls = countCalls(ctx.calls);
      for (const write of ['secretsmanager:PutResourcePolicy', 'kms:PutKeyPolicy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:AttachRolePolicy', 'secretsmanager:TagResource']) expect(calls[write]).toBeUndefined();
    } finally {
      ctx.destroy();
    }
  });

  it('blocks the whole batch, writing nothing, when one secret cannot be shared', async () => {
    const { scenario } = moto();
    const ctx = context();
    try {
      const secrets = [scenario.extraSecrets[0]!.arn, scenario.legacySecret.arn];
      const outcome = await shareMany(ctx, request(secrets), { host: silentHost(), backupRoot });
      expect(outcome).toMatchObject({ ok: false, status: 'refused', exitCode: 2, plan: { blocked: true } });
      expect(outcome.error?.code).toBe('PLAN_BLOCKED');
      // The first was shared by the test above: in place.
      expect(outcome.plan!.shares[0]!.status).toBe('in-sync');
      expect(outcome.plan!.shares[1]!.status).toBe('blocked');
      expect(outcome.plan!.shares[1]!.errors.map((finding) => finding.code)).toContain('SECRET_AWS_MANAGED_KEY');
      const calls = countCalls(ctx.calls);
      for (const write of ['secretsmanager:PutResourcePolicy', 'kms:PutKeyPolicy']) expect(calls[write]).toBeUndefined();
    } finally {
      ctx.destroy();
    }
  });

  it('blocks the batch with SECRET_UNREADABLE, naming the AWS error, when a secret cannot be read', async () => {
    const { scenario } = moto();
    const ctx = context();
    try {
      const missing = scenario.extraSecrets[0]!.arn.replace(/:secret:.*$/, ':secret:DOES_NOT_EXIST-AbCdEf');
      const outcome = await shareMany(ctx, request([scenario.extraSecrets[0]!.arn, missing]), { host: silentHost(), backupRoot });
      expect(outcome).toMatchObject({ ok: false, exitCode: 2, plan: { blocked: true } });
      const unreadable = outcome.plan!.shares.find((share) => share.secret === missing)!;
      expect(unreadable.errors).toEqual([expect.objectContaining({ code: 'SECRET_UNREADABLE', severity: 'error', message: expect.stringContaining('(AWS_NOT_FOUND)') })]);
      expect(countCalls(ctx.calls)['secretsmanager:PutResourcePolicy']).toBeUndefined();
    } finally {
      ctx.destroy();
    }
  });

  it('keeps the Secrets Manager resource-policy APIs within the rate limit', async () => {
    const { endpoint, region } = moto();
    // A fresh set of secrets (created here) so that every secret policy is written.
    const sdk = await loadAwsSdk();
    const owner = await motoAccountCredentials(endpoint, moto().scenario.owner.account, region);
    const sm = new sdk.sm.SecretsManagerClient({ endpoint, region, credentials: owner });
    const secrets: string[] = [];
    try {
      for (let index = 0; index < 4; index += 1) {
        const created = await sm.send(new sdk.sm.CreateSecretCommand({ Name: `rate/secret-${index}`, SecretString: 'x', KmsKeyId: moto().scenario.key.arn }));
        secrets.push(created.ARN!);
      }
    } finally {
      sm.destroy();
    }
    const rate = 8;
    const ctx = context(rate);
    // Every attempt that reaches the wire (retries included), after the limiter.
    const times: number[] = [];
    const client = await ctx.owner.secretsManager(region);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Get|Put|Delete|Validate)ResourcePolicyCommand$/.test(context.commandName ?? '')) times.push(performance.now());
        return next(args);
      },
      { step: 'deserialize', name: 'testPolicyApiClock' },
    );
    try {
      const outcome = await shareMany(ctx, request(secrets), { host: silentHost(), backupRoot, concurrency: 8 });
      expect(outcome.ok).toBe(true);
    } finally {
      ctx.destroy();
    }
    // Reads, validations, the preflight re-reads and writes: at least 4 per secret.
    expect(times.length).toBeGreaterThanOrEqual(secrets.length * 4);
    times.sort((a, b) => a - b);
    let busiest = 0;
    for (let last = 0, first = 0; last < times.length; last += 1) {
      while (times[last]! - times[first]! >= 1_000) first += 1;
      busiest = Math.max(busiest, last - first + 1);
    }
    // One request of slack for timer jitter between the limiter and this clock.
    expect(busiest).toBeLessThanOrEqual(rate + 1);
    expect(times.length / ((times.at(-1)! - times[0]!) / 1000)).toBeLessThanOrEqual(rate * 1.05);
  }, 60_000);

  it('splits the identity policy at the size limit, and blocks when the role cannot take more managed policies', async () => {
    const { endpoint, region, scenario } = moto();
    const sdk = await loadAwsSdk();
    const owner = await motoAccountCredentials(endpoint, scenario.owner.account, region);
    const sm = new sdk.sm.SecretsManagerClient({ endpoint, region, credentials: owner });
    const secrets: string[] = [];
    try {
      for (let index = 0; index < 30; index += 1) {
        const created = await sm.send(new sdk.sm.CreateSecretCommand({ Name: `chunked/application-secret-${String(index).padStart(2, '0')}`, SecretString: 'x', KmsKeyId: scenario.key.arn }));
        secrets.push(created.ARN!);
      }
    } finally {
      sm.destroy();
    }
    const ctx = context();
    try {
      const fits = await shareMany(ctx, request(secrets), { host: silentHost(), dryRun: true, backupRoot });
      expect(fits.error).toBeUndefined();
      const identity = fits.plan!.changes.filter((change): change is PolicyChange => change.kind === 'identity-policy');
      expect(identity.length).toBeGreaterThan(1);
      expect(identity.map((change) => change.identity?.policyName)).toEqual(identity.map((_, index) => (index === 0 ? batchPolicyName(scenario.role.arn) : `${batchPolicyName(scenario.role.arn)}-${index + 1}`)));
      for (const change of identity) expect(identityPolicySize(change.after!)).toBeLessThanOrEqual(6_144);
      // Every secret is in exactly one of them.
      const granted = identity.flatMap((change) => change.after!.Statement.filter((statement) => statement.Action === 'secretsmanager:GetSecretValue').flatMap((statement) => [statement.Resource].flat()));
      expect(granted.filter((arn) => secrets.includes(arn as string)).sort()).toEqual([...secrets].sort());

      // The role has PRODUCTION_APP_CONFIG_READ and the first batch policy: a quota of 2 leaves no room.
      const blocked = await shareMany(ctx, request(secrets), { host: silentHost(), dryRun: true, backupRoot, attachedPolicyQuota: 2 });
      expect(blocked).toMatchObject({ ok: false, exitCode: 2, plan: { blocked: true } });
      const statuses = new Set(blocked.plan!.shares.map((share) => share.status));
      expect(statuses).toEqual(new Set(['missing', 'blocked']));
      expect(blocked.plan!.shares.find((share) => share.status === 'blocked')!.errors.map((finding) => finding.code)).toEqual(['IAM_ATTACHED_POLICY_LIMIT']);
    } finally {
      ctx.destroy();
    }
  }, 60_000);

  it('refuses bad input before any AWS call', async () => {
    const ctx = context();
    try {
      await expect(shareMany(ctx, request([' ', '']), { host: silentHost() })).rejects.toMatchObject({ code: 'INPUT_NO_SECRETS' });
      await expect(shareMany(ctx, request(['x']), { host: silentHost(), concurrency: 0 })).rejects.toMatchObject({ code: 'INPUT_CONCURRENCY' });
      expect(ctx.calls).toHaveLength(0);
    } finally {
      ctx.destroy();
    }
  });
});
