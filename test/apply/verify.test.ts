import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import type { AwsContext } from '../../packages/core/src/aws/aws-context';
import { silentHost } from '../../packages/core/src/host/host';
import type { Plan, PolicyChange } from '../../packages/core/src/plan/plan-types';
import { valueFingerprint, verifyAccess } from '../../packages/core/src/verify/verify-access';
import type { TemporaryCredentials } from '../../packages/core/src/verify/verify-types';
import { seededMoto } from '../support/moto';
import { contextFor, planFromAws, revokeShare, shareRequest, tempBackupRoot } from './share-fixture';

const moto = seededMoto();

type SecretsManagerClient = Awaited<ReturnType<AwsContext['owner']['secretsManager']>>;

interface SentCommand {
  name: string;
  input: Record<string, unknown>;
}

/** An SDK client stand-in: records each command and answers with `answer` (moto cannot read across accounts). */
function mockClient<T>(answer: (command: SentCommand) => unknown): { client: T; sent: SentCommand[] } {
  const sent: SentCommand[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const entry = { name: command.constructor.name.replace(/Command$/, ''), input: command.input };
      sent.push(entry);
      return answer(entry);
    },
    destroy: () => undefined,
  } as unknown as T;
  return { client, sent };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

const CREDENTIALS = { AccessKeyId: 'ASIAMOCKMOCKMOCK', SecretAccessKey: 'mock-secret-key', SessionToken: 'mock-token', Expiration: new Date('2030-01-01T00:00:00Z') };

/**
 * A context whose consumer STS (and, for a user, Secrets Manager) clients are mocks; the owner side
 * answers DescribeSecret with `ownerKmsKeyId`.
 */
function mockContext(options: { assume?: (c: SentCommand) => unknown; consumerSm?: (c: SentCommand) => unknown; ownerKmsKeyId?: string; userArn?: string; secretArn?: string }) {
  const sts = mockClient((c) => (options.assume ? options.assume(c) : { Credentials: CREDENTIALS, AssumedRoleUser: { Arn: `arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/${String(c.input.RoleSessionName)}` } }));
  const consumerSm = mockClient(options.consumerSm ?? (() => ({})));
  const ownerSm = mockClient(() => ({ ARN: options.secretArn, Name: 'MY_TEST_SECRET', ...(options.ownerKmsKeyId ? { KmsKeyId: options.ownerKmsKeyId } : {}) }));
  const unused = async () => {
    throw new Error('not used by verify');
  };
  const ctx = {
    owner: { role: 'owner', secretsManager: async () => ownerSm.client, kms: unused, iam: unused, sts: unused, identity: unused },
    consumer: {
      role: 'consumer',
      secretsManager: async () => consumerSm.client,
      sts: async () => sts.client,
      kms: unused,
      iam: unused,
      identity: async () => ({ account: '222222222222', arn: options.userArn ?? 'arn:aws:iam::222222222222:user/alice', userId: 'AIDAMOCK' }),
    },
    calls: [],
    destroy: () => undefined,
  } as unknown as AwsContext;
  return { ctx, sts, consumerSm, ownerSm };
}

describe('verifyAccess', () => {
  it('success (SDK client mock): assumes the consumer role, reads with the full ARN and version stage, reports a fingerprint only, no character of the value', async () => {
    const { scenario } = moto();
    const { ctx, sts } = mockContext({});
    const reader = mockClient<SecretsManagerClient>(() => ({ ARN: scenario.secret.arn, VersionId: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE', SecretString: '{"password":"hunter2-but-longer"}' }));
    const given: TemporaryCredentials[] = [];
    const outcome = await verifyAccess(ctx, {
      secretArn: scenario.secret.arn,
      consumerRole: scenario.role.arn,
      secretsManagerFor: (credentials, region) => {
        given.push(credentials);
        expect(region).toBe('us-east-2');
        return reader.client;
      },
    });
    expect(outcome).toEqual({
      ok: true,
      secretArn: scenario.secret.arn,
      principal: 'arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/secret-share-wizard-verify',
      versionStage: 'AWSCURRENT',
      versionId: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE',
      length: 33,
      fingerprint: 'a9b10d4d',
    });
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
    expect(sts.sent).toEqual([{ name: 'AssumeRole', input: expect.objectContaining({ RoleArn: scenario.role.arn }) }]);
    expect(given).toEqual([expect.objectContaining({ accessKeyId: 'ASIAMOCKMOCKMOCK', sessionToken: 'mock-token' })]);
    expect(reader.sent).toEqual([{ name: 'GetSecretValue', input: { SecretId: scenario.secret.arn, VersionStage: 'AWSCURRENT' } }]);
  });

  it('success for a consumer user (credentials used directly); the value only with showValue', async () => {
    const { scenario } = moto();
    const { ctx, consumerSm, sts } = mockContext({ consumerSm: () => ({ VersionId: 'v1', SecretString: 'short' }) });
    const hidden = await verifyAccess(ctx, { secretArn: scenario.secret.arn, versionStage: 'AWSPREVIOUS' });
    expect(hidden).toMatchObject({ ok: true, principal: 'arn:aws:iam::222222222222:user/alice', length: 5, fingerprint: 'f9b0078b', versionStage: 'AWSPREVIOUS' });
    expect(JSON.stringify(hidden)).not.toContain('short');
    expect(hidden).not.toHaveProperty('value');
    const shown = await verifyAccess(ctx, { secretArn: scenario.secret.arn, showValue: true });
    expect(shown).toMatchObject({ ok: true, value: 'short' });
    expect(consumerSm.sent.map((c) => c.input)).toEqual([
      { SecretId: scenario.secret.arn, VersionStage: 'AWSPREVIOUS' },
      { SecretId: scenario.secret.arn, VersionStage: 'AWSCURRENT' },
    ]);
    expect(sts.sent).toEqual([]);
  });

  it('fingerprints every value: the same value gives the same 8 hex digits, another value others', () => {
    expect(valueFingerprint('abcdefgh')).toMatch(/^[0-9a-f]{8}$/);
    expect(valueFingerprint('abcdefgh')).toBe(valueFingerprint('abcdefgh'));
    expect(valueFingerprint('abcdefgi')).not.toBe(valueFingerprint('abcdefgh'));
  });

  it('not-found against moto (cross-account reads answer ResourceNotFound there): says full ARN and region', async () => {
    const harness = moto();
    const ctx = contextFor(harness);
    const outcome = await verifyAccess(ctx, { secretArn: harness.scenario.secret.arn, consumerRole: harness.scenario.role.arn });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errorClass).toBe('not-found');
    expect(outcome.awsError.name).toBe('ResourceNotFoundException');
    expect(outcome.principal).toMatch(/^arn:aws:sts::222222222222:assumed-role\/PRODUCTION_SECRET_ROLE\//);
    expect(outcome.fix).toMatch(/FULL secret ARN/);
    expect(outcome.fix).toContain('us-east-2');
    ctx.destroy();
  });

  it('refuses a secret name (another account needs the full ARN) and missing consumer credentials', async () => {
    const harness = moto();
    const { ctx } = mockContext({});
    await expect(verifyAccess(ctx, { secretArn: 'MY_TEST_SECRET' })).rejects.toMatchObject({ source: 'user', field: '--secret' });
    const ownerOnly = contextFor(harness, { consumer: false });
    await expect(verifyAccess(ownerOnly, { secretArn: harness.scenario.secret.arn })).rejects.toMatchObject({ code: 'CONSUMER_CREDENTIALS_MISSING' });
    ownerOnly.destroy();
  });

  describe('denials, classified with the missing layer', () => {
    /** The reference plan, applied, with one layer's `after` replaced by its `before` (that grant missing). */
    async function planMissing(layer: PolicyChange['kind'] | null): Promise<Plan> {
      const harness = moto();
      const ctx = contextFor(harness);
      const plan = await planFromAws(ctx, shareRequest(harness.scenario));
      ctx.destroy();
      return {
        ...plan,
        changes: plan.changes.map((change) => (change.kind === layer ? { ...change, after: change.before } : change)) as Plan['changes'],
      };
    }

    function denied(message: string, name = 'AccessDeniedException') {
      return () => {
        throw awsError(name, message);
      };
    }

    it('access-denied-secret: AWS names the resource-based policy', async () => {
      const { scenario } = moto();
      const { ctx } = mockContext({});
      const reader = mockClient<SecretsManagerClient>(
        denied(`User: arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/s is not authorized to perform: secretsmanager:GetSecretValue on resource: ${scenario.secret.arn} because no resource-based policy allows the secretsmanager:GetSecretValue action`),
      );
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-secret', missingLayer: 'secret-policy' });
      if (!outcome.ok) expect(outcome.fix).toMatch(/resource policy/);
    });

    it('access-denied-secret: the simulator on the plan names the identity policy when AWS does not say', async () => {
      const { scenario } = moto();
      const plan = await planMissing('identity-policy');
      const { ctx } = mockContext({});
      const reader = mockClient<SecretsManagerClient>(denied(`User: x is not authorized to perform: secretsmanager:GetSecretValue on resource: ${scenario.secret.arn}`));
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn, plan, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-secret', missingLayer: 'identity-policy' });
      if (!outcome.ok) expect(outcome.message).toMatch(/simulator/);
    });

    it('access-denied-kms: the simulator on the plan names the key policy', async () => {
      const { scenario } = moto();
      const plan = await planMissing('key-policy');
      const { ctx } = mockContext({});
      const reader = mockClient<SecretsManagerClient>(denied('Access to KMS is not allowed'));
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn, plan, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-kms', missingLayer: 'key-policy' });
      if (!outcome.ok) expect(outcome.message).toMatch(/KMS key policy/);
    });

    it('access-denied-kms: the simulator on the plan names the identity policy (no kms:Decrypt on the role)', async () => {
      const { scenario } = moto();
      const plan = await planMissing('identity-policy');
      const { ctx } = mockContext({});
      const reader = mockClient<SecretsManagerClient>(denied('Access to KMS is not allowed'));
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn, plan, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-kms', missingLayer: 'identity-policy' });
      if (!outcome.ok) expect(outcome.fix).toMatch(/identity policy/);
    });

    it('aws-managed-key: the owner account says the secret has no customer key', async () => {
      const { scenario } = moto();
      const { ctx, ownerSm } = mockContext({ secretArn: scenario.legacySecret.arn });
      const reader = mockClient<SecretsManagerClient>(denied('Access to KMS is not allowed'));
      const outcome = await verifyAccess(ctx, { secretArn: scenario.legacySecret.arn, consumerRole: scenario.role.arn, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'aws-managed-key' });
      if (!outcome.ok) expect(outcome.fix).toMatch(/customer managed key/);
      expect(ownerSm.sent.map((c) => c.name)).toEqual(['DescribeSecret']);
    });

    it('other: the role cannot be assumed (says which trust policy to fix)', async () => {
      const { scenario } = moto();
      const { ctx } = mockContext({ assume: denied(`User: arn:aws:iam::222222222222:user/alice is not authorized to perform: sts:AssumeRole on resource: ${scenario.role.arn}`, 'AccessDenied') });
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'other' });
      if (!outcome.ok) expect(outcome.fix).toMatch(/sts:AssumeRole/);
    });

    it('other: anything else keeps AWS\'s words', async () => {
      const { scenario } = moto();
      const { ctx } = mockContext({});
      const reader = mockClient<SecretsManagerClient>(denied('Secrets Manager is having a bad day', 'InternalServiceError'));
      const outcome = await verifyAccess(ctx, { secretArn: scenario.secret.arn, consumerRole: scenario.role.arn, secretsManagerFor: () => reader.client });
      expect(outcome).toMatchObject({ ok: false, errorClass: 'other', awsError: { name: 'InternalServiceError', message: 'Secrets Manager is having a bad day' } });
    });
  });

  it('after a real apply on moto, verify reaches GetSecretValue as the consumer role (moto answers not-found honestly), and revoke cleans up', async () => {
    const harness = moto();
    const ctx = contextFor(harness);
    const request = shareRequest(harness.scenario);
    const plan = await planFromAws(ctx, request);
    expect((await applyPlan(ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() })).ok).toBe(true);
    const outcome = await verifyAccess(ctx, { secretArn: harness.scenario.secret.arn, consumerRole: harness.scenario.role.arn, plan });
    expect(outcome).toMatchObject({ ok: false, errorClass: 'not-found' });
    expect((await revokeShare(ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() })).ok).toBe(true);
    ctx.destroy();
  });
});
