import { describe, expect, it } from 'vitest';
import { granteeKey } from '../arn/grantee';
import { PRINCIPAL_FORMS } from '../arn/principal-forms';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { simulateAccess } from '../simulate/simulate-access';
import { planOffline, type OfflinePlanInput } from './plan-offline';
import { isAdministratorChange, simulationInput } from './plan-share';
import type { Plan, PolicyChange } from './plan-types';
import { shareContext } from './share-context';
import { offlineState } from './plan-offline';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretReadSid } from './sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ORG = 'o-a1b2c3d4e5';
const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
const SUB_OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: ORG, keyPolicy: { Version: '2012-10-17', Statement: [ADMIN] }, now: new Date('2026-01-01T00:00:00Z') };
const change = (plan: Plan, kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!;
const added = (plan: Plan, kind: PolicyChange['kind']) => change(plan, kind).added;
const codes = (plan: Plan) => plan.findings.map((f) => f.code);

describe('organization and OU consumers', () => {
  it('an organization: Principal {"AWS": "*"} with StringEquals aws:PrincipalOrgID in both resource policies, never a bare "*"', () => {
    const plan = planOffline(base);
    expect(plan.blocked).toBe(false);
    expect(added(plan, 'secret-policy')).toEqual([{
      Sid: secretReadSid(SECRET, ORG),
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' }, StringEquals: { 'aws:PrincipalOrgID': ORG } },
    }]);
    expect(added(plan, 'key-policy')).toEqual([{
      Sid: keyGrantSid(KEY, ORG),
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'aws:PrincipalOrgID': ORG },
        StringLike: { 'kms:EncryptionContext:SecretARN': [SECRET] },
      },
    }]);
    expect(codes(plan)).not.toContain('PUBLIC_PRINCIPAL');
  });

  it('an OU: ForAnyValue:StringLike aws:PrincipalOrgPaths with the trailing "*" (the OU and its sub-OUs)', () => {
    const plan = planOffline({ ...base, consumer: OU });
    const [read] = added(plan, 'secret-policy');
    expect(read).toMatchObject({ Principal: { AWS: '*' }, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU}*`] } } });
    expect(added(plan, 'key-policy')[0]!.Condition).toMatchObject({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU}*`] }, StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } });
    // A member account in a sub-OU is allowed; one in a sibling OU is not.
    const allowedIn = (orgPaths: string[]) => planOffline({ ...base, consumer: OU, callerOrg: { orgId: ORG, orgPaths } }).simulation.after.allowed;
    expect(allowedIn([SUB_OU])).toBe(true);
    expect(allowedIn(['o-a1b2c3d4e5/r-ab12/ou-ab12-99999999/'])).toBe(false);
  });

  it('Sids are deterministic and derived from the org id / OU path; re-planning after apply changes nothing', () => {
    const first = planOffline(base);
    expect(planOffline(base)).toEqual(first);
    const again = planOffline({ ...base, secretPolicy: change(first, 'secret-policy').after, keyPolicy: change(first, 'key-policy').after });
    expect(again.changes.filter((c) => c.kind !== 'identity-policy').map((c) => c.action)).toEqual(['none', 'none']);
    expect(secretReadSid(SECRET, ORG)).not.toBe(secretReadSid(SECRET, OU));
    expect(change(first, 'identity-policy').after!.Statement.map((s) => s.Sid)).toEqual([identityGetSecretSid(SECRET, ORG), identityDecryptSid(KEY, ORG)]);
  });

  it('the identity side is printed for the member accounts\' administrators (mode none) and the assumptions say so', () => {
    const plan = planOffline(base);
    const identity = change(plan, 'identity-policy');
    expect(isAdministratorChange(identity)).toBe(true);
    expect(plan.request.identityPolicy).toBe('none');
    const texts = plan.simulation.after.assumptions.map((a) => a.text).join('\n');
    expect(texts).toMatch(/each member account's administrator attaches the produced identity policy/);
    expect(texts).toMatch(/Assuming the account that reads is in organization o-a1b2c3d4e5/);
    expect(plan.simulation.after.allowed).toBe(true);
    expect(plan.findings.find((f) => f.code === 'ORG_GRANT_SCOPE')?.message).toMatch(/every account of organization o-a1b2c3d4e5/);
  });

  it('the simulator takes the caller\'s organization from the request: another organization is denied', () => {
    const known = planOffline({ ...base, callerOrg: { orgId: ORG } });
    expect(known.simulation.after.assumptions.map((a) => a.text).join()).not.toMatch(/Assuming the account that reads/);
    const other = planOffline({ ...base, callerOrg: { orgId: 'o-zzzzzzzzzz' } });
    expect(other.simulation.after.allowed).toBe(false);
    expect(codes(other)).toContain('ACCESS_STILL_DENIED');
    // Facts read from AWS Organizations win over the request.
    const state = offlineState({ ...base, layers: { principalOrgId: 'o-zzzzzzzzzz' } });
    const ctx = shareContext(state, known.request);
    expect(simulationInput(state, ctx, { secretPolicy: null, keyPolicy: null, identity: null }, KEY).principalOrgId).toBe('o-zzzzzzzzzz');
  });

  it('a named member role is the simulated caller (its account is the one that reads)', () => {
    const plan = planOffline({ ...base, consumerIdentity: ROLE, callerOrg: { orgId: ORG } });
    expect(plan.identity).toMatchObject({ arn: ROLE, mode: 'none' });
    expect(plan.simulation.after.allowed).toBe(true);
    expect(codes(plan)).not.toContain('INPUT_ARN_ACCOUNT');
  });

  it('revoke removes exactly the organization statements', () => {
    const shared = planOffline({ ...base, consumer: OU });
    const revoke = planOffline({ ...base, consumer: OU, operation: 'revoke', secretPolicy: change(shared, 'secret-policy').after, keyPolicy: change(shared, 'key-policy').after });
    expect(change(revoke, 'secret-policy')).toMatchObject({ action: 'delete', after: null });
    expect(change(revoke, 'key-policy').after!.Statement).toEqual([ADMIN]);
  });

  it('input errors: the org id format and the OU path name the field and the fix', () => {
    for (const [consumer, code, message] of [
      ['o-ABC', 'INPUT_ORG_ID', /"o-ABC" is not an organization id/],
      ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111', 'INPUT_ORG_PATH', /no trailing slash/],
      ['o-a1b2c3d4e5/r-ab12/', 'INPUT_ORG_PATH', /names the root/],
      ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*', 'INPUT_ORG_PATH', /ends with "\*"/],
      ['o-a1b2c3d4e5/ou-ab12-11111111/', 'INPUT_ORG_PATH', /no root id/],
    ] as const) {
      const error = thrownWizardError(() => planOffline({ ...base, consumer }));
      expect(error.code, consumer).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith('--consumer:')).toBe(true);
      expect(error.fix).toBeTruthy();
    }
    expect(thrownWizardError(() => planOffline({ ...base, identityPolicy: 'managed', consumerIdentity: ROLE })).code).toBe('INPUT_IDENTITY_MODE');
    expect(thrownWizardError(() => planOffline({ ...base, consumerIdentity: 'PRODUCTION_SECRET_ROLE' })).code).toBe('INPUT_CONSUMER_IDENTITY');
  });
});

describe('findings about organization grants', () => {
  it('an existing org-wide statement when an OU was asked: ORG_GRANT_BROADER names it', () => {
    const orgWide: Statement = { Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } };
    const plan = planOffline({ ...base, consumer: OU, secretPolicy: { Version: '2012-10-17', Statement: [orgWide] } });
    const found = plan.findings.find((f) => f.code === 'ORG_GRANT_BROADER');
    expect(found).toMatchObject({ severity: 'warning', change: 'secret-policy', statementIndex: 0 });
    expect(found!.message).toMatch(/already grants every account of organization o-a1b2c3d4e5: broader than the OU/);
    // The same OU, or the whole organization asked: nothing broader.
    expect(codes(planOffline({ ...base, secretPolicy: { Version: '2012-10-17', Statement: [orgWide] } }))).not.toContain('ORG_GRANT_BROADER');
    const parentOu: Statement = { ...orgWide, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU}*`] } } };
    expect(codes(planOffline({ ...base, consumer: SUB_OU, secretPolicy: { Version: '2012-10-17', Statement: [parentOu] } }))).toContain('ORG_GRANT_BROADER');
    expect(codes(planOffline({ ...base, consumer: OU, secretPolicy: { Version: '2012-10-17', Statement: [parentOu] } }))).not.toContain('ORG_GRANT_BROADER');
  });

  it('"*" without an organization or account condition in an existing statement blocks the plan', () => {
    const open: Statement = { Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
    const plan = planOffline({ ...base, keyPolicy: { Version: '2012-10-17', Statement: [ADMIN, open] } });
    expect(plan.findings.find((f) => f.code === 'PUBLIC_PRINCIPAL')).toMatchObject({ severity: 'error', change: 'key-policy', statementIndex: 1 });
    expect(plan.blocked).toBe(true);
  });
});

describe('--role-binding condition: the account root with ArnEquals aws:PrincipalArn', () => {
  const bound: OfflinePlanInput = { ...base, consumer: ROLE, roleBinding: 'condition' };

  it('writes the account root as Principal and the role ARN as condition in both resource policies', () => {
    const plan = planOffline(bound);
    const grantee = granteeKey({ kind: 'role', arn: ROLE }, 'condition');
    expect(added(plan, 'secret-policy')).toEqual([{
      Sid: secretReadSid(SECRET, grantee),
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' }, ArnEquals: { 'aws:PrincipalArn': ROLE } },
    }]);
    expect(added(plan, 'key-policy')[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } });
    expect(secretReadSid(SECRET, grantee)).not.toBe(secretReadSid(SECRET, ROLE));
    expect(codes(plan)).not.toContain('PRINCIPAL_ROLE_RECREATE_TRAP');
    expect(codes(planOffline({ ...bound, roleBinding: 'principal' }))).toContain('PRINCIPAL_ROLE_RECREATE_TRAP');
    expect(plan.simulation.after.allowed).toBe(true);
  });

  it('a recreated role: the exact principal (rewritten by IAM to the old unique id) fails, the condition form still allows', () => {
    const OLD_ID = 'AROAOLDOLDOLDOLDOLD01';
    const NEW_ID = 'AROANEWNEWNEWNEWNEW02';
    const exact = planOffline({ ...base, consumer: ROLE });
    const condition = planOffline(bound);
    // What IAM shows once the role is deleted: the principal ARN replaced by the role's old unique id.
    const rewritten = (doc: PolicyDocument): PolicyDocument => ({
      ...doc,
      Statement: doc.Statement.map((statement) => (typeof statement.Principal === 'object' && statement.Principal.AWS === ROLE ? { ...statement, Principal: { AWS: OLD_ID } } : statement)),
    });
    const readAsNewRole = (plan: Plan, rewrite: boolean) => {
      const state = offlineState({ ...base, consumer: ROLE });
      const ctx = shareContext(state, plan.request);
      const docs = {
        secretPolicy: rewrite ? rewritten(change(plan, 'secret-policy').after!) : change(plan, 'secret-policy').after,
        keyPolicy: rewrite ? rewritten(change(plan, 'key-policy').after!) : change(plan, 'key-policy').after,
        identity: change(plan, 'identity-policy').after,
      };
      return simulateAccess({ ...simulationInput(state, ctx, docs, KEY), callerUniqueId: NEW_ID });
    };
    expect(readAsNewRole(exact, true).allowed).toBe(false);
    // A condition value is text: IAM never rewrites it, and the role's ARN is the same.
    expect(JSON.stringify(rewritten(change(condition, 'secret-policy').after!))).not.toContain(OLD_ID);
    expect(readAsNewRole(condition, true).allowed).toBe(true);
  });

  it('is refused for an account, an organization or an unknown value', () => {
    expect(thrownWizardError(() => planOffline({ ...bound, consumer: '222222222222' })).code).toBe('INPUT_ROLE_BINDING');
    expect(thrownWizardError(() => planOffline({ ...bound, consumer: ORG })).code).toBe('INPUT_ROLE_BINDING');
    const error = thrownWizardError(() => planOffline({ ...bound, roleBinding: 'arn' }));
    expect(error).toMatchObject({ code: 'INPUT_ROLE_BINDING', field: '--role-binding' });
    expect(error.message).toMatch(/"arn" is not one of principal, condition/);
  });

  it('revoke of a condition-bound share removes its statements, not a principal-bound share of the same role', () => {
    const principal = planOffline({ ...base, consumer: ROLE });
    const both = planOffline({ ...bound, secretPolicy: change(principal, 'secret-policy').after, keyPolicy: change(principal, 'key-policy').after, identityDocument: change(principal, 'identity-policy').after });
    const revoke = planOffline({ ...bound, operation: 'revoke', secretPolicy: change(both, 'secret-policy').after, keyPolicy: change(both, 'key-policy').after });
    expect(change(revoke, 'secret-policy').after).toEqual(change(principal, 'secret-policy').after);
    expect(change(revoke, 'key-policy').after).toEqual(change(principal, 'key-policy').after);
  });
});

describe('PRINCIPAL_FORMS', () => {
  it('lists the three forms, the account root first and recommended, each with one line on the trade-off', () => {
    expect(PRINCIPAL_FORMS.map((form) => [form.id, form.recommended, form.roleBinding])).toEqual([
      ['account', true, undefined],
      ['role', false, 'principal'],
      ['role-condition', false, 'condition'],
    ]);
    for (const form of PRINCIPAL_FORMS) expect(form.tradeOff).not.toMatch(/\n/);
    expect(PRINCIPAL_FORMS[2]!.flags).toBe('--consumer ROLE_ARN --role-binding condition');
  });
});
