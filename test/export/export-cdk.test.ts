/**
 * `plan --export cdk`: the snippet compiles (TypeScript, strict) against type stubs of the aws-cdk-lib
 * v2 constructs it uses (cdk-stubs/, shaped after aws-cdk-lib's declarations), and its constants are
 * the plan's whole documents.
 */
import { describe, expect, it } from 'vitest';
import { exportPlan } from '../../packages/core/src/export/export-plan';
import { planOffline, type OfflinePlanInput } from '../../packages/core/src/plan/plan-offline';
import type { PolicyChange } from '../../packages/core/src/plan/plan-types';
import { compile, constant } from './cdk-compile';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const base: OfflinePlanInput = {
  secretArn: SECRET,
  keyArn: KEY,
  consumer: ROLE,
  keyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
  now: new Date('2026-01-01T00:00:00Z'),
};
describe('plan --export cdk', () => {
  it.each([
    ['managed', {}],
    ['inline', { identityPolicy: 'inline' as const }],
    ['account consumer, for the administrator', { consumer: '222222222222', identityPolicy: 'none' as const }],
    ['user consumer', { consumer: 'arn:aws:iam::222222222222:user/app' }],
  ] as Array<[string, Partial<OfflinePlanInput>]>)('%s: compiles against the aws-cdk-lib stubs, with the plan’s documents as constants', async (_label, extra) => {
    const plan = planOffline({ ...base, ...extra });
    const result = exportPlan(plan, 'cdk');
    const source = result.files[0]!.content;
    const { diagnostics, program, file } = await compile(source);
    expect(diagnostics).toEqual([]);
    const after = (kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!.after;
    expect(constant(program, file, 'SECRET_POLICY')).toEqual(after('secret-policy'));
    expect(constant(program, file, 'KEY_POLICY')).toEqual(after('key-policy'));
    expect(constant(program, file, 'IDENTITY_POLICY')).toEqual(after('identity-policy'));
    expect(source).toContain('new secretsmanager.CfnResourcePolicy(');
    expect(source).toContain('blockPublicPolicy: true');
    expect(source).toContain(extra.identityPolicy === 'inline' ? 'new iam.Policy(' : 'new iam.ManagedPolicy(');
    // The key policy is explained, not written: AWS::KMS::Key owns it, and #10160.
    expect(source).toContain('AWS::KMS::Key owns its whole key policy');
    expect(source).toContain('aws-cdk #10160');
    expect(result.notes.join(' ')).toContain('aws-cdk #10160');
  });

  it('a wrong construct property fails the compile check (the stubs are strict enough to catch it)', async () => {
    const source = exportPlan(planOffline(base), 'cdk').files[0]!.content.replace('blockPublicPolicy: true', 'blockPublicPolicies: true');
    const { diagnostics } = await compile(source);
    expect(diagnostics.join('\n')).toContain('blockPublicPolicies');
  });
});
