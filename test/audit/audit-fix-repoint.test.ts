/**
 * A broken principal on moto: a role shared by its ARN, then deleted (IAM shows its unique id in the
 * policies). `audit` traces it to the role through the share record; the fix re-points the grant to
 * the role by condition when its account's credentials show it exists again, and removes it when
 * they cannot tell.
 */
import { describe, expect, it } from 'vitest';
import { granteeKey } from '../../packages/core/src/arn/grantee';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { describeSecret, readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { scriptedHost } from '../../packages/core/src/host/host';
import { secretReadSid } from '../../packages/core/src/plan/sids';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { recordsFromTags } from '../../packages/core/src/record/share-record';
import { runAuditFixSession } from '../../packages/core/src/session/audit-fix-session';
import { runAuditSession } from '../../packages/core/src/session/audit-session';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { seededMoto, type SeededMotoHarness } from '../support/moto';
import { approvingHost, contextFor } from '../apply/share-fixture';

const moto = seededMoto({ extraSecrets: 1 });
const UNIQUE_ID = 'AROAEXAMPLEROLEGONE01';

/** What IAM shows once the role is deleted: its principal ARN replaced by its unique id, in both policies. */
async function deleteRoleAsIamShowsIt(harness: SeededMotoHarness, secretArn: string, keyArn: string, roleArn: string): Promise<void> {
  const { sm, kms } = await loadAwsSdk();
  const config = { profile: harness.ownerProfile, region: harness.region };
  const secrets = new sm.SecretsManagerClient(config);
  const keys = new kms.KMSClient(config);
  // IAM rewrites Principal elements only; a condition value stays text.
  const rewrite = (text: string) => {
    const doc = JSON.parse(text) as PolicyDocument;
    return JSON.stringify({ ...doc, Statement: doc.Statement.map((s) => (typeof s.Principal === 'object' && s.Principal.AWS === roleArn ? { ...s, Principal: { AWS: UNIQUE_ID } } : s)) });
  };
  try {
    const secretPolicy = (await secrets.send(new sm.GetResourcePolicyCommand({ SecretId: secretArn }))).ResourcePolicy!;
    const keyPolicy = (await keys.send(new kms.GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))).Policy!;
    await secrets.send(new sm.PutResourcePolicyCommand({ SecretId: secretArn, ResourcePolicy: rewrite(secretPolicy) }));
    await keys.send(new kms.PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: rewrite(keyPolicy) }));
  } finally {
    secrets.destroy();
    keys.destroy();
  }
}

const ids = (doc: PolicyDocument | null) => JSON.stringify(doc).includes(UNIQUE_ID);

describe('audit --fix broken-principal', () => {
  it('re-points to the role by condition when it exists again; the record follows', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    try {
      const shared = await runShareSession({ request: { secret: scenario.secret.arn, consumer: scenario.role.arn, identityPolicy: 'none' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx });
      expect(shared.ok).toBe(true);
      await deleteRoleAsIamShowsIt(harness, scenario.secret.arn, scenario.key.arn, scenario.role.arn);

      const audited = await runAuditSession({}, { host: scriptedHost({}), aws: { ownerProfile: harness.ownerProfile, region: harness.region } });
      const grant = audited.report!.shares.find((g) => g.principal === UNIQUE_ID)!;
      expect(grant).toMatchObject({ status: 'broken-principal', fix: { kind: 'repoint-or-remove', roleArn: scenario.role.arn } });

      // The consumer credentials are of the role's account: PRODUCTION_SECRET_ROLE exists (again).
      const host = scriptedHost({ 'approve-writes': true });
      const fixed = await runAuditFixSession({ fix: grant.fix!, mode: 'apply' }, { host, aws: {}, context: ctx });
      expect(fixed.error).toBeUndefined();
      expect(fixed.status).toBe('applied');
      expect(fixed.plan!.auditFix).toMatchObject({ kind: 'repoint' });
      const grantee = granteeKey({ kind: 'role', arn: scenario.role.arn }, 'condition');
      const secretPolicy = await readSecretPolicy(ctx, scenario.secret.arn);
      expect(ids(secretPolicy) || ids(await readKeyPolicy(ctx, scenario.key.arn))).toBe(false);
      expect(secretPolicy!.Statement.find((s) => s.Sid === secretReadSid(scenario.secret.arn, grantee))).toMatchObject({
        Principal: { AWS: `arn:aws:iam::${scenario.consumer.account}:root` },
        Condition: { ArnEquals: { 'aws:PrincipalArn': scenario.role.arn } },
      });
      const records = recordsFromTags((await describeSecret(ctx, scenario.secret.arn)).tags, scenario.secret.arn).map(({ record }) => [record.consumer, record.binding]);
      expect(records).toEqual([[scenario.role.arn, 'condition']]);
      // Audited again: a complete grant, by condition.
      const again = await runAuditSession({}, { host: scriptedHost({}), aws: { ownerProfile: harness.ownerProfile, region: harness.region } });
      expect(again.report!.shares.filter((g) => g.secret === scenario.secret.arn).map((g) => [g.principal, g.status])).toEqual([[grantee, 'complete']]);
    } finally {
      ctx.destroy();
    }
  });

  it('without credentials of the role\'s account, the broken principal is removed (and its record)', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness, { consumer: false });
    try {
      const secret = scenario.extraSecrets[0]!.arn;
      const shared = await runShareSession({ request: { secret, consumer: scenario.role.arn, identityPolicy: 'none' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx });
      expect(shared.ok).toBe(true);
      await deleteRoleAsIamShowsIt(harness, secret, scenario.key.arn, scenario.role.arn);
      const audited = await runAuditSession({}, { host: scriptedHost({}), aws: { ownerProfile: harness.ownerProfile, region: harness.region } });
      const grant = audited.report!.shares.find((g) => g.principal === UNIQUE_ID && g.secret === secret)!;
      const fixed = await runAuditFixSession({ fix: grant.fix!, mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: ctx });
      expect(fixed.status).toBe('applied');
      expect(fixed.plan!.auditFix).toMatchObject({ kind: 'remove' });
      expect(ids(await readSecretPolicy(ctx, secret))).toBe(false);
      expect(ids(await readKeyPolicy(ctx, scenario.key.arn))).toBe(false);
      expect(recordsFromTags((await describeSecret(ctx, secret)).tags, secret)).toEqual([]);
    } finally {
      ctx.destroy();
    }
  });
});
