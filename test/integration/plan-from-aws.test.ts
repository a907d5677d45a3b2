import { describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { planShareFromAws } from '../support/plan-from-aws';
import { DEFAULT_SHARE_OPTIONS, type PolicyChange, type ShareRequest } from '../../packages/core/src/plan/plan-types';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretReadSid } from '../../packages/core/src/plan/sids';
import { seededMoto, useAwsContexts } from '../support/moto';

const moto = seededMoto();
const context = useAwsContexts(moto);

const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';


function request(overrides: Partial<ShareRequest> = {}): ShareRequest {
  return { secret: 'MY_TEST_SECRET', consumer: ROLE, identityPolicy: 'managed', options: DEFAULT_SHARE_OPTIONS, ...overrides };
}

function change(plan: Awaited<ReturnType<typeof planShareFromAws>>, kind: PolicyChange['kind']): PolicyChange {
  const found = plan.changes.find((c): c is PolicyChange => c.kind === kind);
  if (!found) throw new Error(`no ${kind} change in the plan`);
  return found;
}

const sids = (doc: { Statement: Array<{ Sid?: string }> } | null) => (doc?.Statement ?? []).map((s) => s.Sid);

describe('AWS calls per plan (reference scenario, both accounts readable)', () => {
  it('makes exactly these reads, several at once', async () => {
    const ctx = context();
    await planShareFromAws(ctx, request());
    expect(countCalls(ctx.calls, 'owner')).toEqual({
      'secretsmanager:DescribeSecret': 1,
      'secretsmanager:GetResourcePolicy': 1,
      'kms:DescribeKey': 1,
      'kms:GetKeyPolicy': 1,
      // The key's tags (IaC markers), read alongside DescribeKey and GetKeyPolicy.
      'kms:ListResourceTags': 1,
    });
    expect(countCalls(ctx.calls, 'consumer')).toEqual({
      'sts:GetCallerIdentity': 1,
      'iam:GetRole': 1,
      // Our managed policy does not exist yet: ListPolicyVersions says so, no GetPolicyVersion for it.
      'iam:ListPolicyVersions': 1,
      'iam:ListAttachedRolePolicies': 1,
      'iam:ListRolePolicies': 1,
      // The role's unrelated managed policy and inline policy, for the simulation: ListPolicies
      // (OnlyAttached) names every attached policy's default version, so no GetPolicy before GetPolicyVersion.
      'iam:ListPolicies': 1,
      'iam:GetPolicyVersion': 1,
      'iam:GetRolePolicy': 1,
    });
    expect(ctx.calls).toHaveLength(13);
    expect(ctx.calls.every((c) => ['GetResourcePolicy', 'DescribeSecret', 'DescribeKey', 'GetKeyPolicy', 'ListResourceTags'].includes(c.operation) || c.account === 'consumer')).toBe(true);
    expect(ctx.concurrency.max).toBeGreaterThanOrEqual(4);
    expect(ctx.concurrency.current).toBe(0);
  });

  it('owner only: five reads', async () => {
    const ctx = context({ consumer: false });
    await planShareFromAws(ctx, request());
    expect(countCalls(ctx.calls)).toEqual({ 'secretsmanager:DescribeSecret': 1, 'secretsmanager:GetResourcePolicy': 1, 'kms:DescribeKey': 1, 'kms:GetKeyPolicy': 1, 'kms:ListResourceTags': 1 });
  });

  it('with a full secret ARN, the resource policy is read alongside DescribeSecret', async () => {
    const ctx = context({ consumer: false });
    await planShareFromAws(ctx, request({ secret: moto().scenario.secret.arn }));
    expect(ctx.calls.slice(0, 2).map((c) => c.operation).sort()).toEqual(['DescribeSecret', 'GetResourcePolicy']);
    expect(ctx.calls).toHaveLength(5);
  });

  it('a second plan in the same context asks GetCallerIdentity only once', async () => {
    const ctx = context();
    await planShareFromAws(ctx, request());
    await planShareFromAws(ctx, request());
    expect(countCalls(ctx.calls)['sts:GetCallerIdentity']).toBe(1);
    expect(ctx.calls).toHaveLength(25);
  });
});

describe('planShareFromAws end to end on the seeded scenario', () => {
  it('merges our statements into the real existing documents, keeping the foreign ones', async () => {
    const { scenario } = moto();
    const plan = await planShareFromAws(context(), request(), new Date('2026-11-23T08:00:00Z'));
    expect(plan.createdAt).toBe('2026-11-23T08:00:00.000Z');
    expect(plan.secret.arn).toBe(scenario.secret.arn);
    expect(plan.blocked).toBe(false);

    const secretChange = change(plan, 'secret-policy');
    expect(secretChange.action).toBe('update');
    expect(secretChange.before).toEqual(scenario.secret.policy);
    expect(sids(secretChange.after)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'AllowSecurityAuditorDescribe', secretReadSid(scenario.secret.arn, ROLE)]));
    expect(secretChange.after?.Statement).toEqual(expect.arrayContaining(scenario.secret.policy.Statement));

    const keyChange = change(plan, 'key-policy');
    expect(keyChange.action).toBe('update');
    expect(keyChange.target).toBe(scenario.key.arn);
    expect(keyChange.after?.Statement).toEqual(expect.arrayContaining(scenario.key.policy.Statement));
    expect(sids(keyChange.after)).toContain(keyGrantSid(scenario.key.arn, ROLE));

    const identityChange = change(plan, 'identity-policy');
    expect(identityChange.action).toBe('create');
    expect(identityChange.account).toBe('222222222222');
    expect(identityChange.identity?.policyArn).toMatch(/^arn:aws:iam::222222222222:policy\/SecretShareWizard-MY_TEST_SECRET-[0-9a-f]{8}$/);
    expect(sids(identityChange.after)).toEqual(expect.arrayContaining([identityGetSecretSid(scenario.secret.arn, ROLE), identityDecryptSid(scenario.key.arn, ROLE)]));
    expect(JSON.stringify(identityChange.after)).not.toContain('iam::aws:policy');

    expect(plan.findings.map((f) => f.code)).toContain('PRINCIPAL_ROLE_RECREATE_TRAP');
    expect(plan.simulation.before.allowed).toBe(false);
    expect(plan.simulation.after.allowed).toBe(true);
  });

  it('blocks a secret on the AWS managed key', async () => {
    const plan = await planShareFromAws(context(), request({ secret: 'LEGACY_SECRET' }));
    expect(plan.blocked).toBe(true);
    expect(plan.findings.find((f) => f.code === 'SECRET_AWS_MANAGED_KEY')?.severity).toBe('error');
  });

  it('blocks a role that does not exist in the consumer account', async () => {
    const plan = await planShareFromAws(context(), request({ consumer: 'arn:aws:iam::222222222222:role/GONE' }));
    expect(plan.blocked).toBe(true);
    expect(plan.findings.map((f) => f.code)).toContain('PRINCIPAL_NOT_FOUND');
  });
});
