/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML/HCL/JSON trees, walked only by assertions */
/**
 * `plan --export terraform`: main.tf parses with HashiCorp's own HCL parser (@cdktn/hcl2json, a WASM
 * build of hashicorp/hcl; MPL-2.0, a test-only dependency that never reaches the CLI bundle) and
 * declares the right providers, resources and documents.
 */
import { getExpressionAst, parse } from '@cdktn/hcl2json';
import { describe, expect, it } from 'vitest';
import { exportPlan } from '../../packages/core/src/export/export-plan';
import { planOffline, type OfflinePlanInput } from '../../packages/core/src/plan/plan-offline';
import type { PolicyChange, Plan } from '../../packages/core/src/plan/plan-types';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
/** A foreign statement with an IAM policy variable, a quote and a backslash: all must stay literal in HCL. */
const SECRET_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'TeamRead', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'secretsmanager:DescribeSecret', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': ['${aws:username}', 'a"b\\c', '%{x}'] } } }],
};
const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: KEY_POLICY, secretPolicy: SECRET_POLICY, now: new Date('2026-01-01T00:00:00Z') };

type Hcl = Record<string, any>;

/** Undo HCL/JSON-syntax template escapes: `$${` → `${`, `%%{` → `%{` (hcl2json keeps them, as Terraform's JSON syntax does). */
function untemplate(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (Array.isArray(value)) return value.map(untemplate);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untemplate(v)]));
  return value;
}

/** The document inside `"${jsonencode(...)}"`: the argument parsed as an HCL value by the same parser. */
async function jsonencodeArgument(attribute: string): Promise<unknown> {
  expect(attribute.startsWith('${jsonencode(')).toBe(true);
  const expression = attribute.slice(2, -1);
  const ast = await getExpressionAst('main.tf', expression);
  expect(ast?.type).toBe('function');
  const range = (ast as { meta: { argsRanges: Array<{ start: { byte: number }; end: { byte: number } }> } }).meta.argsRanges[0]!;
  const argument = Buffer.from(expression).subarray(range.start.byte, range.end.byte).toString();
  const parsed = await parse('document.tf', `locals {\n  document = ${argument}\n}\n`);
  return untemplate((parsed.locals as Hcl[])[0]!.document);
}

const after = (plan: Plan, kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!.after;

describe('plan --export terraform', () => {
  it('parses; two provider aliases pinned to their accounts; every document is jsonencode of the plan’s whole document', async () => {
    const plan = planOffline(base);
    const result = exportPlan(plan, 'terraform', { ownerProfile: 'central-security', consumerProfile: 'production' });
    expect(result.files.map((f) => f.path)).toEqual(['main.tf']);
    const tf = await parse('main.tf', result.files[0]!.content);

    expect((tf.provider as Hcl).aws).toEqual([
      { alias: 'owner', region: 'us-east-2', profile: '${var.owner_profile}', allowed_account_ids: ['111111111111'] },
      { alias: 'consumer', region: 'us-east-2', profile: '${var.consumer_profile}', allowed_account_ids: ['222222222222'] },
    ]);
    expect((tf.variable as Hcl).owner_profile[0].default).toBe('central-security');
    expect((tf.variable as Hcl).consumer_profile[0].default).toBe('production');

    const resources = tf.resource as Hcl;
    expect(Object.keys(resources).sort()).toEqual(['aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_kms_key_policy', 'aws_secretsmanager_secret_policy']);
    const secretPolicy = resources.aws_secretsmanager_secret_policy.secret_share[0];
    expect(secretPolicy).toMatchObject({ provider: '${aws.owner}', secret_arn: SECRET, block_public_policy: true });
    expect(await jsonencodeArgument(secretPolicy.policy)).toEqual(after(plan, 'secret-policy'));
    // The foreign statement's ${aws:username} survived as a literal (not a Terraform interpolation).
    expect(JSON.stringify(await jsonencodeArgument(secretPolicy.policy))).toContain('${aws:username}');

    const keyPolicy = resources.aws_kms_key_policy.secret_share[0];
    expect(keyPolicy).toMatchObject({ provider: '${aws.owner}', key_id: KEY });
    expect(await jsonencodeArgument(keyPolicy.policy)).toEqual(after(plan, 'key-policy'));

    const policy = resources.aws_iam_policy.secret_share_identity[0];
    expect(policy).toMatchObject({ provider: '${aws.consumer}', name: plan.identity!.policyName, path: '/' });
    expect(await jsonencodeArgument(policy.policy)).toEqual(after(plan, 'identity-policy'));
    expect(resources.aws_iam_role_policy_attachment.secret_share_identity[0]).toEqual({
      provider: '${aws.consumer}',
      role: 'PRODUCTION_SECRET_ROLE',
      policy_arn: '${aws_iam_policy.secret_share_identity.arn}',
    });
    expect(tf.import).toBeUndefined();
  });

  it('inline mode: aws_iam_role_policy; an existing managed policy gets an import block', async () => {
    const inline = exportPlan(planOffline({ ...base, identityPolicy: 'inline' }), 'terraform');
    const tf = await parse('main.tf', inline.files[0]!.content);
    expect(Object.keys(tf.resource as Hcl).sort()).toEqual(['aws_iam_role_policy', 'aws_kms_key_policy', 'aws_secretsmanager_secret_policy']);
    expect((tf.resource as Hcl).aws_iam_role_policy.secret_share_identity[0]).toMatchObject({ provider: '${aws.consumer}', role: 'PRODUCTION_SECRET_ROLE' });
    // Without profiles given, the variables have no default: Terraform asks.
    expect((tf.variable as Hcl).owner_profile[0].default).toBeUndefined();

    const existing: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };
    const plan = planOffline({ ...base, identityDocument: existing });
    const updated = await parse('main.tf', exportPlan(plan, 'terraform').files[0]!.content);
    expect(updated.import).toEqual([{ provider: '${aws.consumer}', to: '${aws_iam_policy.secret_share_identity}', id: plan.identity!.policyArn }]);
  });

  it('an account consumer without a role: the identity policy goes into its own root for the consumer administrator', async () => {
    const plan = planOffline({ ...base, consumer: '222222222222', identityPolicy: 'none' });
    const result = exportPlan(plan, 'terraform', { ownerProfile: 'central-security' });
    expect(result.files.map((f) => [f.path, f.forAdministrator ?? false])).toEqual([
      ['main.tf', false],
      ['consumer-administrator/main.tf', true],
    ]);
    const main = await parse('main.tf', result.files[0]!.content);
    expect(Object.keys(main.resource as Hcl).sort()).toEqual(['aws_kms_key_policy', 'aws_secretsmanager_secret_policy']);
    expect((main.provider as Hcl).aws.map((p: Hcl) => p.alias)).toEqual(['owner']);
    const admin = await parse('consumer-administrator/main.tf', result.files[1]!.content);
    expect(result.files[1]!.content).toContain('FOR THE ADMINISTRATOR OF ACCOUNT 222222222222');
    expect((admin.variable as Hcl).role_name).toBeDefined();
    expect((admin.resource as Hcl).aws_iam_role_policy_attachment.secret_share_identity[0].role).toBe('${var.role_name}');
    expect(await jsonencodeArgument((admin.resource as Hcl).aws_iam_policy.secret_share_identity[0].policy)).toEqual(after(plan, 'identity-policy'));
  });
});
