import { describe, expect, it } from 'vitest';
import { offlineState } from '../plan/plan-offline';
import type { PolicyChange } from '../plan/plan-types';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { planAuditFix, removePrincipal } from './plan-audit-fix';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ID = 'AROAEXAMPLEEXAMPLE01';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const read = (aws: string | string[]): Statement => ({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });

describe('removePrincipal', () => {
  it('drops a statement that named only the unique id, and only the id from one that names others', () => {
    const result = removePrincipal(doc(read(ID), read([ID, 'arn:aws:iam::222222222222:root']), read('arn:aws:iam::333333333333:root')), ID);
    expect(result.document!.Statement).toEqual([read('arn:aws:iam::222222222222:root'), read('arn:aws:iam::333333333333:root')]);
    expect(result.removed).toHaveLength(2);
    expect(removePrincipal(null, ID).document).toBeNull();
  });
});

describe('planAuditFix', () => {
  const state = (secretPolicy: PolicyDocument | null, keyPolicy: PolicyDocument) => offlineState({ secretArn: SECRET, keyArn: KEY, consumer: '222222222222', secretPolicy, keyPolicy });

  it('remove: deletes an emptied secret policy, keeps the key administrator; a revoke-ordered plan that apply does not re-merge', () => {
    const keyGrant = { ...read(ID), Action: 'kms:Decrypt' };
    const plan = planAuditFix(state(doc(read(ID)), doc(ADMIN, keyGrant)), { kind: 'remove', description: 'd', secret: SECRET, uniqueId: ID, keyArn: KEY });
    expect(plan.operation).toBe('revoke');
    expect(plan.auditFix).toEqual({ kind: 'remove', description: 'd' });
    const change = (kind: string) => plan.changes.find((c) => c.kind === kind) as PolicyChange;
    expect(change('secret-policy')).toMatchObject({ action: 'delete', after: null });
    expect(change('key-policy').after!.Statement).toEqual([ADMIN]);
    expect(plan.blocked).toBe(false);
  });

  it('narrow: the public statement (found by its Sid) gets the organization condition; nothing else changes', () => {
    const open: Statement = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    const other = read('arn:aws:iam::333333333333:root');
    const plan = planAuditFix(state(doc(other, open), doc(ADMIN)), { kind: 'narrow', description: 'd', secret: SECRET, document: 'secret-policy', statementIndex: 5, sid: 'Open', orgId: 'o-a1b2c3d4e5' });
    const secret = plan.changes.find((c) => c.kind === 'secret-policy') as PolicyChange;
    expect(secret.after!.Statement).toEqual([other, { ...open, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]);
    expect(secret.broadensAccess).toBe(false);
    expect(plan.consumer).toMatchObject({ kind: 'organization', arn: 'o-a1b2c3d4e5' });
  });
});
