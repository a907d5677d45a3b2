import { describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { loadSdkPackages } from '../../packages/core/src/aws/sdk-packages';
import { isWizardError, type WizardError } from '../../packages/core/src/errors/wizard-error';
import { DEFAULT_SHARE_OPTIONS, type ShareRequest } from '../../packages/core/src/plan/plan-types';
import { defaultPolicyName } from '../../packages/core/src/plan/sids';
import { seededMoto, useAwsContexts } from '../support/moto';

const moto = seededMoto();
const context = useAwsContexts(moto);

function request(overrides: Partial<ShareRequest> = {}): ShareRequest {
  return {
    secret: 'MY_TEST_SECRET',
    consumer: 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE',
    identityPolicy: 'managed',
    options: DEFAULT_SHARE_OPTIONS,
    ...overrides,
  };
}

async function wizardFailure(promise: Promise<unknown>): Promise<WizardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isWizardError(error)) throw new Error(`expected a WizardError, got ${String(error)}`);
  return error;
}

describe('readShareState against moto (two accounts)', () => {
  it('reads the existing secret policy, key policy and the role’s other policies', async () => {
    const { scenario } = moto();
    const state = await readShareState(context(), request());
    expect(state.secret).toEqual({
      arn: scenario.secret.arn,
      name: 'MY_TEST_SECRET',
      account: '111111111111',
      region: 'us-east-2',
      partition: 'aws',
      kmsKeyId: scenario.key.arn,
      keyArn: scenario.key.arn,
      usesAwsManagedKey: false,
      tags: {},
    });
    expect(state.secretPolicy).toEqual(scenario.secret.policy);
    expect(state.keyPolicy).toEqual(scenario.key.policy);
    expect(state.consumer).toMatchObject({ kind: 'role', name: 'PRODUCTION_SECRET_ROLE', account: '222222222222' });
    expect(state.consumerAccountReadable).toBe(true);
    expect(state.principalExists).toBe(true);
    const policyName = defaultPolicyName(scenario.secret.arn, 'MY_TEST_SECRET');
    expect(state.identity?.target).toMatchObject({ mode: 'managed', principalKind: 'role', name: 'PRODUCTION_SECRET_ROLE', policyName, policyArn: `arn:aws:iam::222222222222:policy/${policyName}` });
    expect(state.identity?.document).toBeNull();
    expect(state.identity?.policyVersionCount).toBe(0);
    expect(state.identity?.attached).toBe(false);
    expect(state.identity?.otherPolicies).toEqual(expect.arrayContaining([scenario.role.attachedPolicy, scenario.role.inlinePolicy]));
    expect(state.identity?.otherPolicies).toHaveLength(2);
    expect(state.targetKey).toBeUndefined();
  });

  it('resolves a name, a partial ARN and a full ARN to the same full ARN with its suffix', async () => {
    const { scenario } = moto();
    const partial = `arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET`;
    const states = await Promise.all(['MY_TEST_SECRET', partial, scenario.secret.arn].map((secret) => readShareState(context({ consumer: false }), request({ secret }))));
    for (const state of states) {
      expect(state.secret.arn).toBe(scenario.secret.arn);
      expect(state.secret.arn).toMatch(/:secret:MY_TEST_SECRET-[A-Za-z0-9]{6}$/);
    }
  });

  it('recognises the AWS managed key (no KmsKeyId): no key policy, no KMS call', async () => {
    const ctx = context();
    const state = await readShareState(ctx, request({ secret: 'LEGACY_SECRET' }));
    expect(state.secret.usesAwsManagedKey).toBe(true);
    expect(state.secret.kmsKeyId).toBeUndefined();
    expect(state.secret.keyArn).toBeUndefined();
    expect(state.keyPolicy).toBeNull();
    expect(state.secretPolicy).toBeNull();
    expect(ctx.calls.filter((c) => c.service === 'kms')).toEqual([]);
  });

  it('resolves a secret whose KmsKeyId is an alias to the key ARN (DescribeKey) and reads that key’s policy', async () => {
    const { ownerProfile, scenario } = moto();
    const { sm } = await loadSdkPackages();
    const client = new sm.SecretsManagerClient({ profile: ownerProfile });
    await client.send(new sm.CreateSecretCommand({ Name: 'ALIAS_KEYED_SECRET', SecretString: 'x', KmsKeyId: 'alias/MY_CMK' }));
    client.destroy();
    const ctx = context({ consumer: false });
    const state = await readShareState(ctx, request({ secret: 'ALIAS_KEYED_SECRET', consumer: '222222222222', identityPolicy: 'none' }));
    expect(state.secret.kmsKeyId).toBe('alias/MY_CMK');
    expect(state.secret.keyArn).toBe(scenario.key.arn);
    expect(state.secret.usesAwsManagedKey).toBe(false);
    expect(state.keyPolicy).toEqual(scenario.key.policy);
    expect(countCalls(ctx.calls)).toEqual({ 'secretsmanager:DescribeSecret': 1, 'secretsmanager:GetResourcePolicy': 1, 'kms:DescribeKey': 1, 'kms:GetKeyPolicy': 1, 'kms:ListResourceTags': 1 });
  });

  it('reports a missing role as principalExists false (and reads nothing more than it must)', async () => {
    const state = await readShareState(context(), request({ consumer: 'arn:aws:iam::222222222222:role/DELETED_ROLE' }));
    expect(state.consumerAccountReadable).toBe(true);
    expect(state.principalExists).toBe(false);
    expect(state.identity?.document).toBeNull();
    expect(state.identity?.otherPolicies).toBeUndefined();
  });

  it('reads our existing managed policy: default version, version count, attachment', async () => {
    const { consumerProfile, scenario } = moto();
    const policyName = 'SSW_TEST_EXISTING_MANAGED';
    const { iam } = await loadSdkPackages();
    const client = new iam.IAMClient({ profile: consumerProfile });
    const v1 = { Version: '2012-10-17', Statement: [{ Sid: 'Old', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: scenario.secret.arn }] };
    const v2 = { Version: '2012-10-17', Statement: [{ Sid: 'New', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: scenario.secret.arn }] };
    const created = await client.send(new iam.CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: JSON.stringify(v1) }));
    await client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: created.Policy!.Arn!, PolicyDocument: JSON.stringify(v2), SetAsDefault: true }));
    await client.send(new iam.AttachRolePolicyCommand({ RoleName: 'PRODUCTION_SECRET_ROLE', PolicyArn: created.Policy!.Arn! }));
    try {
      const state = await readShareState(context(), request({ policyName }));
      expect(state.identity?.target.policyArn).toBe(`arn:aws:iam::222222222222:policy/${policyName}`);
      expect(state.identity?.document).toEqual(v2);
      expect(state.identity?.policyVersionCount).toBe(2);
      expect(state.identity?.attached).toBe(true);
      // Ours is not among the "other" policies.
      expect(state.identity?.otherPolicies).toHaveLength(2);
    } finally {
      await client.send(new iam.DetachRolePolicyCommand({ RoleName: 'PRODUCTION_SECRET_ROLE', PolicyArn: created.Policy!.Arn! }));
      client.destroy();
    }
  });

  it('reads our existing inline policy in inline mode', async () => {
    const { consumerProfile, scenario } = moto();
    const { iam } = await loadSdkPackages();
    const client = new iam.IAMClient({ profile: consumerProfile });
    const doc = { Version: '2012-10-17', Statement: [{ Sid: 'Inline', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: scenario.secret.arn }] };
    await client.send(new iam.PutRolePolicyCommand({ RoleName: 'PRODUCTION_SECRET_ROLE', PolicyName: 'SSW_TEST_INLINE', PolicyDocument: JSON.stringify(doc) }));
    try {
      const state = await readShareState(context(), request({ identityPolicy: 'inline', policyName: 'SSW_TEST_INLINE' }));
      expect(state.identity?.target.mode).toBe('inline');
      expect(state.identity?.document).toEqual(doc);
      expect(state.identity?.otherPolicies).toEqual(expect.arrayContaining([scenario.role.attachedPolicy, scenario.role.inlinePolicy]));
      expect(state.identity?.otherPolicies).toHaveLength(2);
    } finally {
      await client.send(new iam.DeleteRolePolicyCommand({ RoleName: 'PRODUCTION_SECRET_ROLE', PolicyName: 'SSW_TEST_INLINE' }));
      client.destroy();
    }
  });

  it('reads a user consumer: GetUser, the user’s attached and inline policies', async () => {
    const { consumerProfile, scenario } = moto();
    const { iam } = await loadSdkPackages();
    const client = new iam.IAMClient({ profile: consumerProfile });
    const inline = { Version: '2012-10-17', Statement: [{ Sid: 'UserLogs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] };
    await client.send(new iam.CreateUserCommand({ UserName: 'batch-job', Path: '/jobs/' }));
    await client.send(new iam.PutUserPolicyCommand({ UserName: 'batch-job', PolicyName: 'USER_LOGS', PolicyDocument: JSON.stringify(inline) }));
    await client.send(new iam.AttachUserPolicyCommand({ UserName: 'batch-job', PolicyArn: scenario.role.attachedPolicyArn }));
    client.destroy();
    const ctx = context();
    const state = await readShareState(ctx, request({ consumer: 'arn:aws:iam::222222222222:user/jobs/batch-job', identityPolicy: 'inline' }));
    expect(state.principalExists).toBe(true);
    expect(state.identity?.target).toMatchObject({ mode: 'inline', principalKind: 'user', name: 'batch-job' });
    expect(state.identity?.document).toBeNull();
    expect(state.identity?.otherPolicies).toEqual(expect.arrayContaining([inline, scenario.role.attachedPolicy]));
    const consumerCalls = countCalls(ctx.calls, 'consumer');
    expect(consumerCalls['iam:GetUser']).toBe(1);
    expect(consumerCalls['iam:ListAttachedUserPolicies']).toBe(1);
    expect(consumerCalls['iam:ListUserPolicies']).toBe(1);
    expect(consumerCalls['iam:GetRole']).toBeUndefined();
  });

  it('an account consumer with a named identity role: the role is checked and read', async () => {
    const state = await readShareState(context(), request({ consumer: '222222222222', consumerIdentity: 'PRODUCTION_SECRET_ROLE' }));
    expect(state.consumer).toMatchObject({ kind: 'account', arn: 'arn:aws:iam::222222222222:root' });
    expect(state.identity?.target).toMatchObject({ principalKind: 'role', name: 'PRODUCTION_SECRET_ROLE', arn: 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE' });
    expect(state.principalExists).toBe(true);
    expect(state.identity?.otherPolicies).toHaveLength(2);
    const missing = await readShareState(context(), request({ consumer: '222222222222', consumerIdentity: 'NOT_THERE' }));
    expect(missing.principalExists).toBe(false);
  });

  it('a full ARN in another region is read in that region (secret and key), whatever the profile’s region', async () => {
    const { ownerProfile } = moto();
    const { sm, kms } = await loadSdkPackages();
    const keys = new kms.KMSClient({ profile: ownerProfile, region: 'us-west-2' });
    const secrets = new sm.SecretsManagerClient({ profile: ownerProfile, region: 'us-west-2' });
    const key = await keys.send(new kms.CreateKeyCommand({ Description: 'west' }));
    const created = await secrets.send(new sm.CreateSecretCommand({ Name: 'WEST_SECRET', SecretString: 'x', KmsKeyId: key.KeyMetadata!.Arn! }));
    keys.destroy();
    secrets.destroy();
    const state = await readShareState(context(), request({ secret: created.ARN! }));
    expect(state.secret).toMatchObject({ arn: created.ARN, region: 'us-west-2', keyArn: key.KeyMetadata!.Arn });
    expect(state.keyPolicy?.Statement.length).toBeGreaterThan(0);
    // A name resolves in the profile's region, where WEST_SECRET does not exist.
    const error = await wizardFailure(readShareState(context(), request({ secret: 'WEST_SECRET' })));
    expect(error.code).toBe('AWS_NOT_FOUND');
  });

  it('without a consumer profile: the consumer side is not read', async () => {
    const ctx = context({ consumer: false });
    const state = await readShareState(ctx, request());
    expect(state.consumerAccountReadable).toBe(false);
    expect(state.principalExists).toBeUndefined();
    expect(state.identity?.document).toBeNull();
    expect(ctx.calls.every((c) => c.account === 'owner')).toBe(true);
  });

  it('reads the destination key when moving LEGACY_SECRET to MY_CMK', async () => {
    const { scenario } = moto();
    const state = await readShareState(context(), request({ secret: 'LEGACY_SECRET', moveToKey: { keyArn: scenario.key.arn } }));
    expect(state.secret.usesAwsManagedKey).toBe(true);
    expect(state.targetKey).toEqual({ arn: scenario.key.arn });
    expect(state.keyPolicy).toEqual(scenario.key.policy);
    const create = await readShareState(context(), request({ secret: 'LEGACY_SECRET', moveToKey: { createKey: true } }));
    expect(create.targetKey).toEqual({ create: true });
    expect(create.keyPolicy).toBeNull();
  });
});

describe('errors say what to do next', () => {
  it('an unknown profile is the user’s mistake, on --profile, and lists the profiles found', async () => {
    const ctx = context({ ownerProfile: 'no-such-profile', consumer: false });
    const error = await wizardFailure(readShareState(ctx, request()));
    expect(error.code).toBe('AWS_PROFILE_UNKNOWN');
    expect(error.source).toBe('user');
    expect(error.field).toBe('--profile');
    expect(error.message).toContain('no-such-profile');
    expect(error.fix).toContain('central-security, moto-base, production');
  });

  it('an unknown consumer profile names --consumer-profile', async () => {
    const ctx = context({ consumerProfile: 'prod-typo' });
    const error = await wizardFailure(readShareState(ctx, request()));
    expect(error).toMatchObject({ code: 'AWS_PROFILE_UNKNOWN', source: 'user', field: '--consumer-profile' });
  });

  it('a consumer profile of the wrong account is refused (that error wins over anything read there)', async () => {
    const ctx = context({ consumerProfile: moto().ownerProfile });
    const error = await wizardFailure(readShareState(ctx, request()));
    expect(error).toMatchObject({ code: 'AWS_PROFILE_WRONG_ACCOUNT', source: 'user', field: '--consumer-profile' });
    expect(error.message).toContain('111111111111');
  });

  it('a secret that does not exist: AWS_NOT_FOUND, check the name and region', async () => {
    const error = await wizardFailure(readShareState(context(), request({ secret: 'NO_SUCH_SECRET' })));
    expect(error).toMatchObject({ code: 'AWS_NOT_FOUND', source: 'aws' });
    expect(error.message).toContain('NO_SUCH_SECRET');
    expect(error.fix).toMatch(/region/);
  });

  it('bad input fails before any AWS call', async () => {
    const ctx = context();
    const error = await wizardFailure(readShareState(ctx, request({ consumer: '22222222222' })));
    expect(error).toMatchObject({ code: 'INPUT_ACCOUNT_ID', source: 'user' });
    const badIdentity = await wizardFailure(readShareState(ctx, request({ consumerIdentity: 'arn:aws:iam::222222222222:role/bad name' })));
    expect(badIdentity.source).toBe('user');
    expect(ctx.calls).toEqual([]);
  });
});
