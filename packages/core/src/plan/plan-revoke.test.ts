import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { planOffline, type OfflinePlanInput } from './plan-offline';
import type { Plan, PolicyChange } from './plan-types';
import { identityDecryptSid, keyGrantSid } from './sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const OTHER = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-d4e5f6';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const FOREIGN_SECRET: Statement = { Sid: 'Auditors', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'secretsmanager:DescribeSecret', Resource: '*' };
const FOREIGN_IDENTITY: Statement = { Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' };
const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: { Version: '2012-10-17', Statement: [ADMIN] }, now: new Date('2026-01-01T00:00:00Z') };

const change = (plan: Plan, kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!;
function shareThenRevoke(input: Partial<OfflinePlanInput> = {}, revoke: Partial<OfflinePlanInput> = {}) {
  const shared = planOffline({ ...base, ...input });
  const revoked = planOffline({
    ...base, ...input, ...revoke, operation: 'revoke',
    secretPolicy: change(shared, 'secret-policy').after, keyPolicy: change(shared, 'key-policy').after!, identityDocument: change(shared, 'identity-policy').after,
  });
  return { shared, revoked };
}

describe('planRevoke', () => {
  it.each([
    [{ versionStage: 'any' as const, grantDescribe: true, contextCondition: false }, { versionStage: 'AWSCURRENT' as const, grantDescribe: false, contextCondition: true }],
    [{ versionStage: 'AWSCURRENT' as const, grantDescribe: false, contextCondition: true }, { versionStage: 'any' as const, grantDescribe: true, contextCondition: false }],
  ])('finds and removes a share made with other options (what an earlier run wrote): %j, revoked with %j', (sharedWith, revokedWith) => {
    const { revoked } = shareThenRevoke({ options: sharedWith, identityDocument: { Version: '2012-10-17', Statement: [FOREIGN_IDENTITY] } }, { options: revokedWith });
    expect(change(revoked, 'secret-policy').after).toBeNull();
    expect(change(revoked, 'key-policy').after).toEqual({ Version: '2012-10-17', Statement: [ADMIN] });
    expect(change(revoked, 'identity-policy').after).toEqual({ Version: '2012-10-17', Statement: [FOREIGN_IDENTITY] });
    expect(revoked.findings.map((f) => f.code)).not.toContain('REVOKE_WIZARD_SID_FOREIGN');
  });

  it('removes exactly our statements: documents that held only ours are deleted, the key policy keeps its admin', () => {
    const { revoked } = shareThenRevoke();
    expect(revoked.operation).toBe('revoke');
    expect(revoked.changes.map((c) => `${c.kind}:${c.action}`)).toEqual(['identity-policy:delete', 'key-policy:update', 'secret-policy:delete']);
    expect(change(revoked, 'identity-policy').after).toBeNull();
    expect(change(revoked, 'identity-policy').diff).toContain('+++ /dev/null');
    expect(change(revoked, 'key-policy').after).toEqual({ Version: '2012-10-17', Statement: [ADMIN] });
    expect(change(revoked, 'secret-policy').removed).toHaveLength(1);
    expect(revoked.changes.every((c) => !c.broadensAccess)).toBe(true);
    expect(revoked.simulation.before.allowed).toBe(true);
    expect(revoked.simulation.after.allowed).toBe(false);
    expect(revoked.blocked).toBe(false);
  });

  it('keeps foreign statements: documents with other statements are updated, not deleted', () => {
    const { revoked } = shareThenRevoke({
      secretPolicy: { Version: '2012-10-17', Statement: [FOREIGN_SECRET] },
      identityDocument: { Version: '2012-10-17', Statement: [FOREIGN_IDENTITY] },
    });
    expect(change(revoked, 'identity-policy')).toMatchObject({ action: 'update', after: { Version: '2012-10-17', Statement: [FOREIGN_IDENTITY] } });
    expect(change(revoked, 'secret-policy')).toMatchObject({ action: 'update', after: { Version: '2012-10-17', Statement: [FOREIGN_SECRET] } });
  });

  it('removes the DescribeSecret statement too, whatever the revoke options say', () => {
    const { shared, revoked } = shareThenRevoke({ options: { grantDescribe: true } }, { options: { grantDescribe: false } });
    expect(change(shared, 'secret-policy').after!.Statement).toHaveLength(2);
    expect(change(revoked, 'secret-policy').action).toBe('delete');
  });

  it('on a shared key statement, removes only this secret from the list (key policy and identity kms:Decrypt)', () => {
    const first = planOffline({ ...base, policyName: 'Shared' });
    const second = planOffline({ ...base, policyName: 'Shared', secretArn: OTHER, secretPolicy: null, keyPolicy: change(first, 'key-policy').after!, identityDocument: change(first, 'identity-policy').after });
    const revoked = planOffline({ ...base, policyName: 'Shared', operation: 'revoke', keyPolicy: change(second, 'key-policy').after!, identityDocument: change(second, 'identity-policy').after, secretPolicy: change(first, 'secret-policy').after });
    const key = change(revoked, 'key-policy').after!.Statement.find((s) => s.Sid === keyGrantSid(KEY, ROLE))!;
    expect(key.Condition!.StringLike!['kms:EncryptionContext:SecretARN']).toEqual([OTHER]);
    const identity = change(revoked, 'identity-policy');
    expect(identity.action).toBe('update');
    const decrypt = identity.after!.Statement.find((s) => s.Sid === identityDecryptSid(KEY, ROLE))!;
    expect(decrypt.Condition!.StringLike!['kms:EncryptionContext:SecretARN']).toEqual([OTHER]);
    expect(identity.after!.Statement.some((s) => s.Resource === SECRET)).toBe(false);
    expect(identity.after!.Statement.some((s) => s.Resource === OTHER)).toBe(true);
  });

  it('never touches a hand-written grant, and is pure', () => {
    const handWritten: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'ByHand', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const input: OfflinePlanInput = { ...base, operation: 'revoke', secretPolicy: handWritten };
    const plan = planOffline(input);
    expect(change(plan, 'secret-policy').action).toBe('none');
    expect(planOffline(input)).toEqual(plan);
  });
});
