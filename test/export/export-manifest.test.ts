/* eslint-disable @typescript-eslint/no-explicit-any -- parsed HCL/JSON trees, walked only by assertions */
/**
 * `plan -f shares.yaml --export FORMAT`: the documents after the whole manifest, each ONCE (one key
 * policy for all its consumers and secrets, one secret policy per secret with all its consumers, the
 * identity policies as split), in every format. Offline: the manifest's plan is built by the same
 * chaining as the session (plan-batch).
 */
import { parse } from '@cdktn/hcl2json';
import { describe, expect, it } from 'vitest';
import { batchPolicyName, chunkName, planBatch, type BatchItem } from '../../packages/core/src/batch/plan-batch';
import { exportManifestPlan } from '../../packages/core/src/export/export-plan';
import { EXPORT_FORMATS, type ExportResult } from '../../packages/core/src/export/export-types';
import { MANIFEST_PLAN_SCHEMA, type ManifestPlan } from '../../packages/core/src/manifest/manifest-plan';
import { offlineState } from '../../packages/core/src/plan/plan-offline';
import { DEFAULT_SHARE_OPTIONS, type PolicyChange } from '../../packages/core/src/plan/plan-types';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { compile, constant } from './cdk-compile';

const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ADMIN_ACCOUNT = '333333333333';
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
const secret = (index: number) => `arn:aws:secretsmanager:us-east-2:111111111111:secret:payments/prod/application-secret-${String(index).padStart(3, '0')}-AbCdEf`;

function item(secretArn: string, consumer: string): BatchItem {
  const role = consumer.includes(':role/');
  const identityPolicy = role ? 'managed' : 'none';
  const policyName = role ? batchPolicyName(consumer) : undefined;
  return {
    operation: 'share',
    request: { secret: secretArn, consumer, identityPolicy, options: DEFAULT_SHARE_OPTIONS, ...(policyName ? { policyName } : {}) },
    state: offlineState({ secretArn, keyArn: KEY, consumer, identityPolicy, ...(policyName ? { policyName } : {}), keyPolicy: KEY_POLICY }),
  };
}

/** The manifest plan of `secrets` × (the role, the admin account), as the session builds it. */
async function manifestPlan(secrets: string[]): Promise<ManifestPlan> {
  const items = secrets.flatMap((arn) => [item(arn, ROLE), item(arn, ADMIN_ACCOUNT)]);
  const batch = await planBatch(items, { now: new Date('2026-01-01T00:00:00Z') });
  expect(batch.blocked.some(Boolean)).toBe(false);
  return {
    schema: MANIFEST_PLAN_SCHEMA,
    file: 'shares.yaml',
    createdAt: '2026-01-01T00:00:00.000Z',
    shares: items.map((one, index) => ({ secret: one.request.secret, consumer: batch.plans[index]!.consumer.arn, status: 'missing', pending: [], errors: [] })),
    unlisted: [],
    changes: batch.changes,
    policyNames: batch.policyNames,
    records: { write: items.length, remove: 0 },
    findings: batch.plans.flatMap((plan) => plan!.findings),
    problems: [],
    blocked: false,
    pending: batch.changes.length,
    drift: true,
  };
}

const documentsOf = (plan: ManifestPlan, kind: PolicyChange['kind']) => plan.changes.filter((change): change is PolicyChange => change.kind === kind);
const file = (result: ExportResult, path: string) => {
  const found = result.files.find((candidate) => candidate.path === path);
  if (!found) throw new Error(`no ${path} among ${result.files.map((f) => f.path).join(', ')}`);
  return found.content;
};

describe('plan -f --export: each document once', () => {
  const secrets = [secret(1), secret(2), secret(3)];

  it('cli: one put-key-policy, one put-resource-policy per secret, one create-policy for the role; the administrator script for the other account', async () => {
    const plan = await manifestPlan(secrets);
    const result = exportManifestPlan(plan, 'cli', { ownerProfile: 'central-security', consumerProfile: 'production' });
    expect(result.files.map((f) => [f.path, f.forAdministrator ?? false])).toEqual([
      ['share.sh', false],
      ['for-consumer-administrator.sh', true],
    ]);
    const script = file(result, 'share.sh');
    expect(script.match(/aws kms put-key-policy /g)).toHaveLength(1);
    for (const arn of secrets) expect(script.match(new RegExp(`put-resource-policy .*--secret-id ${arn.replace(/[/.]/g, '\\$&')} `, 'g'))).toHaveLength(1);
    expect(script.match(/aws iam create-policy /g)).toHaveLength(1);
    expect(script).toContain('secret-share-wizard export: the shares of shares.yaml (6 shares: 3 secrets × 2 consumers)');
    expect(file(result, 'for-consumer-administrator.sh')).toContain(`check_account "$CONSUMER_PROFILE" ${ADMIN_ACCOUNT}`);
  });

  it('terraform: parses; one aws_kms_key_policy, one aws_secretsmanager_secret_policy per secret with its merged document', async () => {
    const plan = await manifestPlan(secrets);
    const result = exportManifestPlan(plan, 'terraform');
    expect(result.files.map((f) => f.path)).toEqual(['main.tf', 'consumer-administrator/main.tf']);
    const tf = await parse('main.tf', file(result, 'main.tf'));
    const resources = tf.resource as Record<string, any>;
    expect(Object.keys(resources.aws_kms_key_policy)).toEqual(['secret_share']);
    expect(Object.keys(resources.aws_secretsmanager_secret_policy)).toEqual(['secret_share', 'secret_share_2', 'secret_share_3']);
    expect(Object.values(resources.aws_secretsmanager_secret_policy).map((list: any) => list[0].secret_arn)).toEqual(secrets);
    expect(Object.keys(resources.aws_iam_policy)).toEqual(['secret_share_identity']);
    expect(resources.aws_iam_policy.secret_share_identity[0].name).toBe(batchPolicyName(ROLE));
    const admin = await parse('main.tf', file(result, 'consumer-administrator/main.tf'));
    expect((admin.provider as any).aws).toEqual([{ alias: 'consumer', region: 'us-east-2', profile: '${var.consumer_profile}', allowed_account_ids: [ADMIN_ACCOUNT] }]);
    expect(Object.keys((admin.resource as any).aws_iam_policy)).toEqual(['secret_share_identity']);
  });

  it('cloudformation: one ResourcePolicy per secret in the owner template, one key-policy.json, one template per consumer account', async () => {
    const plan = await manifestPlan(secrets);
    const result = exportManifestPlan(plan, 'cloudformation');
    expect(result.files.map((f) => f.path)).toEqual(['owner-111111111111.template.json', 'key-policy.json', 'consumer-222222222222.template.json', `consumer-administrator-${ADMIN_ACCOUNT}.template.json`]);
    const owner = JSON.parse(file(result, 'owner-111111111111.template.json'));
    const policies = Object.values(owner.Resources) as Array<{ Type: string; Properties: { SecretId: string; ResourcePolicy: PolicyDocument } }>;
    expect(policies.map((resource) => [resource.Type, resource.Properties.SecretId])).toEqual(secrets.map((arn) => ['AWS::SecretsManager::ResourcePolicy', arn]));
    for (const [index, change] of documentsOf(plan, 'secret-policy').entries()) expect(policies[index]!.Properties.ResourcePolicy).toEqual(change.after);
    expect(JSON.parse(file(result, 'key-policy.json'))).toEqual(documentsOf(plan, 'key-policy')[0]!.after);
    expect(new TextEncoder().encode(owner.Description).length).toBeLessThanOrEqual(1024);
  });

  it('cdk: compiles; one constant per document (SECRET_POLICY, _2, _3; one KEY_POLICY)', async () => {
    const plan = await manifestPlan(secrets);
    const source = file(exportManifestPlan(plan, 'cdk'), 'secret-share-stacks.ts');
    const { diagnostics, program, file: path } = await compile(source);
    expect(diagnostics).toEqual([]);
    const secretChanges = documentsOf(plan, 'secret-policy');
    expect(['SECRET_POLICY', 'SECRET_POLICY_2', 'SECRET_POLICY_3'].map((name) => constant(program, path, name))).toEqual(secretChanges.map((change) => change.after));
    expect(constant(program, path, 'KEY_POLICY')).toEqual(documentsOf(plan, 'key-policy')[0]!.after);
    expect(() => constant(program, path, 'KEY_POLICY_2')).toThrow();
    expect(source).toContain('export class SecretShareConsumerStack extends Stack');
    expect(source).toContain('export class SecretShareConsumerStack2 extends Stack');
  });

  it('an identity policy split in the plan is split in every export (NAME, NAME-2, ...)', async () => {
    const many = Array.from({ length: 45 }, (_, index) => secret(index));
    const plan = await manifestPlan(many);
    const names = documentsOf(plan, 'identity-policy').flatMap((change) => (change.identity ? [change.identity.policyName] : []));
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual(names.map((_, index) => chunkName(batchPolicyName(ROLE), index + 1)));
    for (const format of EXPORT_FORMATS) {
      const text = exportManifestPlan(plan, format).files.map((f) => f.content).join('\n');
      for (const name of names) expect(text).toContain(name);
    }
    const tf = await parse('main.tf', file(exportManifestPlan(plan, 'terraform'), 'main.tf'));
    expect(Object.keys((tf.resource as any).aws_iam_policy)).toEqual(names.map((_, index) => (index === 0 ? 'secret_share_identity' : `secret_share_identity_${index + 1}`)));
  });

  it('refuses a manifest plan with error findings (other than IAC_MANAGED_RESOURCE)', async () => {
    const plan = await manifestPlan(secrets);
    const blocked: ManifestPlan = { ...plan, blocked: true, findings: [...plan.findings, { code: 'SECRET_AWS_MANAGED_KEY', severity: 'error', message: 'x' }] };
    expect(() => exportManifestPlan(blocked, 'cli')).toThrow(/SECRET_AWS_MANAGED_KEY/);
  });
});
