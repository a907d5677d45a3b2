import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { silentHost } from '../../packages/core/src/host/host';
import type { PolicyDocument, Statement } from '../../packages/core/src/policy/policy-types';
import { seededMoto, type SeededMotoHarness } from '../support/moto';
import { contextFor, expectSameSnapshot, planFromAws, revokeShare, shareRequest, snapshot, tempBackupRoot } from './share-fixture';

const moto = seededMoto();

/** A handful of runs: each one is a real apply and revoke on moto. */
const RUNS = 6;

const principals = fc.constantFrom('arn:aws:iam::333333333333:root', 'arn:aws:iam::111111111111:role/SECURITY_AUDITOR', '444444444444', 'arn:aws:iam::222222222222:role/OTHER_APP');
const resourceActions = fc.subarray(['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], { minLength: 1 });
const identityActions = fc.subarray(['s3:GetObject', 's3:ListBucket', 'logs:PutLogEvents', 'secretsmanager:ListSecrets'], { minLength: 1 });
const condition = fc.option(fc.constant({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), { nil: undefined });
const oneOrMany = (values: string[]) => (values.length === 1 ? values[0]! : values);

/** A statement someone else wrote in a resource or key policy (never touching the consumer's read access). */
const foreignResourceStatement = fc.record({ effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'), principal: principals, actions: resourceActions, condition });
/** Key policies get Allow statements only: moto 5 applies a key policy's Deny to every caller (it ignores the principal). */
const foreignKeyStatement = fc.record({ effect: fc.constant<'Allow' | 'Deny'>('Allow'), principal: principals, actions: resourceActions, condition });
const foreignIdentityStatement = fc.record({ actions: identityActions, bucket: fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/) });

function resourceStatements(raw: Array<{ effect: 'Allow' | 'Deny'; principal: string; actions: string[]; condition: Statement['Condition'] | undefined }>, prefix: string): Statement[] {
  return raw.map((s, i) => ({
    Sid: `${prefix}${i}`,
    Effect: s.effect,
    Principal: { AWS: s.principal },
    Action: oneOrMany(s.actions),
    Resource: '*',
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
}

const existing = fc.record({
  secretPolicy: fc.option(fc.array(foreignResourceStatement, { minLength: 1, maxLength: 3 }), { nil: null }),
  /** A hand-written grant equal to ours already in the secret policy (must be recognised, and kept by revoke). */
  handWrittenGrant: fc.boolean(),
  keyExtra: fc.array(foreignKeyStatement, { maxLength: 3 }),
  managedPolicy: fc.option(fc.array(foreignIdentityStatement, { minLength: 1, maxLength: 2 }), { nil: null }),
});

type Existing = typeof existing extends fc.Arbitrary<infer T> ? T : never;

async function writeExisting(harness: SeededMotoHarness, x: Existing, policyName: string): Promise<void> {
  const { scenario } = harness;
  const sdk = await loadAwsSdk();
  const owner = { profile: harness.ownerProfile, region: harness.region };
  const sm = new sdk.sm.SecretsManagerClient(owner);
  const kms = new sdk.kms.KMSClient(owner);
  const iam = new sdk.iam.IAMClient({ profile: harness.consumerProfile, region: harness.region });
  try {
    const secretStatements = [
      ...resourceStatements(x.secretPolicy ?? [], 'Foreign'),
      ...(x.handWrittenGrant
        ? [{ Sid: 'HandWritten', Effect: 'Allow' as const, Principal: { AWS: scenario.role.arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } }]
        : []),
    ];
    if (secretStatements.length === 0) await sm.send(new sdk.sm.DeleteResourcePolicyCommand({ SecretId: scenario.secret.arn }));
    else await sm.send(new sdk.sm.PutResourcePolicyCommand({ SecretId: scenario.secret.arn, ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: secretStatements }) }));
    const keyPolicy: PolicyDocument = { ...scenario.key.policy, Statement: [...scenario.key.policy.Statement, ...resourceStatements(x.keyExtra, 'KeyForeign')] };
    await kms.send(new sdk.kms.PutKeyPolicyCommand({ KeyId: scenario.key.arn, PolicyName: 'default', Policy: JSON.stringify(keyPolicy) }));
    if (x.managedPolicy) {
      const doc = { Version: '2012-10-17', Statement: x.managedPolicy.map((s, i) => ({ Sid: `Mine${i}`, Effect: 'Allow', Action: oneOrMany(s.actions), Resource: `arn:aws:s3:::${s.bucket}/*` })) };
      const created = await iam.send(new sdk.iam.CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: JSON.stringify(doc) }));
      await iam.send(new sdk.iam.AttachRolePolicyCommand({ RoleName: scenario.role.name, PolicyArn: created.Policy!.Arn! }));
    }
  } finally {
    sm.destroy();
    kms.destroy();
    iam.destroy();
  }
}

async function removeManagedPolicy(harness: SeededMotoHarness, policyArn: string): Promise<void> {
  const sdk = await loadAwsSdk();
  const iam = new sdk.iam.IAMClient({ profile: harness.consumerProfile, region: harness.region });
  try {
    const versions = await iam.send(new sdk.iam.ListPolicyVersionsCommand({ PolicyArn: policyArn })).catch(() => undefined);
    if (!versions) return;
    await iam.send(new sdk.iam.DetachRolePolicyCommand({ RoleName: harness.scenario.role.name, PolicyArn: policyArn })).catch(() => undefined);
    for (const v of versions.Versions ?? []) if (!v.IsDefaultVersion) await iam.send(new sdk.iam.DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId }));
    await iam.send(new sdk.iam.DeletePolicyCommand({ PolicyArn: policyArn }));
  } finally {
    iam.destroy();
  }
}

describe('property: revoke(apply(x)) equals x after normalisation', () => {
  it(`holds for random existing documents (${RUNS} runs, each a real apply and revoke on moto)`, async () => {
    const harness = moto();
    const ctx = contextFor(harness);
    const request = shareRequest(harness.scenario);
    const identity = (await planFromAws(ctx, request)).identity!;
    const backupRoot = await tempBackupRoot();
    await fc.assert(
      fc.asyncProperty(existing, async (x) => {
        await removeManagedPolicy(harness, identity.policyArn!);
        await writeExisting(harness, x, identity.policyName);
        const plan = await planFromAws(ctx, request);
        expect(plan.blocked).toBe(false);
        const before = await snapshot(ctx, harness.scenario, plan);

        const applied = await applyPlan(ctx, plan, { host: silentHost(), backupRoot });
        expect(applied.error).toBeUndefined();
        expect((await planFromAws(ctx, request)).changes.every((c) => c.action === 'none')).toBe(true);

        const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot });
        expect(revoked.error).toBeUndefined();
        expectSameSnapshot(await snapshot(ctx, harness.scenario, plan), before);
      }),
      { numRuns: RUNS },
    );
    ctx.destroy();
  });
});
