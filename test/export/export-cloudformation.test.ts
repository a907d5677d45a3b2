/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML/HCL/JSON trees, walked only by assertions */
/**
 * `plan --export cloudformation`: one JSON template per account with the right resource types and
 * required properties, deployed to moto's CloudFormation where moto implements the type.
 *
 * moto 5.2.1 implements AWS::IAM::ManagedPolicy (with Roles/Users), AWS::IAM::Policy and AWS::KMS::Key,
 * but NOT AWS::SecretsManager::ResourcePolicy, AWS::IAM::RolePolicy or AWS::IAM::UserPolicy: it skips
 * those silently (the stack still completes). Those are validated structurally here.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { exportPlan } from '../../packages/core/src/export/export-plan';
import type { ExportResult } from '../../packages/core/src/export/export-types';
import { planOffline } from '../../packages/core/src/plan/plan-offline';
import type { Plan, PolicyChange } from '../../packages/core/src/plan/plan-types';
import { contextFor, planFromAws, shareRequest } from '../apply/share-fixture';
import { seededMoto } from '../support/moto';
import { awsCliEnv, runBash } from './aws-cli-v2';

const moto = seededMoto();

type Template = { AWSTemplateFormatVersion: string; Description: string; Metadata: Record<string, any>; Parameters?: Record<string, any>; Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

const after = (plan: Plan, kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!.after;

function template(result: ExportResult, path: string): Template {
  const file = result.files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${result.files.map((f) => f.path).join(', ')}`);
  return JSON.parse(file.content) as Template;
}

/** create-stack with the AWS CLI v2 as `profile`; returns the stack status. */
async function deploy(name: string, body: Template, profile: string, parameters: string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssw-cfn-'));
  await writeFile(join(dir, 'template.json'), JSON.stringify(body));
  const script = join(dir, 'deploy.sh');
  const params = parameters.length ? ` --parameters ${parameters.join(' ')}` : '';
  await writeFile(
    script,
    `set -euo pipefail\naws cloudformation create-stack --profile ${profile} --stack-name ${name} --template-body "file://${dir}/template.json"${params} >/dev/null\naws cloudformation describe-stacks --profile ${profile} --stack-name ${name} --query 'Stacks[0].StackStatus' --output text\n`,
  );
  const run = await runBash(script, await awsCliEnv(moto()));
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

describe('plan --export cloudformation', () => {
  it('owner and consumer templates: resource types, required properties, the key policy in Metadata and key-policy.json', async () => {
    const { scenario } = moto();
    const ctx = contextFor(moto());
    try {
      const plan = await planFromAws(ctx, shareRequest(scenario, 'managed'));
      const result = exportPlan(plan, 'cloudformation');
      expect(result.files.map((f) => f.path)).toEqual(['owner-111111111111.template.json', 'key-policy.json', 'consumer-222222222222.template.json']);
      const owner = template(result, 'owner-111111111111.template.json');
      expect(owner.AWSTemplateFormatVersion).toBe('2010-09-09');
      expect(Object.values(owner.Resources).map((r) => r.Type)).toEqual(['AWS::SecretsManager::ResourcePolicy']);
      expect(owner.Resources.SecretShareResourcePolicy!.Properties).toEqual({ SecretId: scenario.secret.arn, ResourcePolicy: after(plan, 'secret-policy'), BlockPublicPolicy: true });
      expect(owner.Description).toContain('AWS::KMS::Key owns its whole key policy');
      expect(new TextEncoder().encode(owner.Description).length).toBeLessThanOrEqual(1024);
      expect(owner.Metadata.SecretShareWizard.KeyPolicy).toMatchObject({ KeyArn: scenario.key.arn, KeyPolicy: after(plan, 'key-policy') });
      expect(JSON.parse(result.files[1]!.content)).toEqual(after(plan, 'key-policy'));
      expect(result.notes.join(' ')).toContain('AWS::KMS::Key owns its whole key policy');

      const consumer = template(result, 'consumer-222222222222.template.json');
      expect(consumer.Resources.SecretShareIdentityPolicy).toEqual({
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: expect.objectContaining({ ManagedPolicyName: plan.identity!.policyName, Path: '/', Roles: ['PRODUCTION_SECRET_ROLE'], PolicyDocument: after(plan, 'identity-policy') }),
      });

      // moto: the consumer stack creates the managed policy with our document and attaches it to the role.
      expect(await deploy('secret-share-consumer', consumer, moto().consumerProfile)).toBe('CREATE_COMPLETE');
      const created = await readManagedPolicy(ctx.consumer!, plan.identity!.policyArn!);
      expect(created.document).toEqual(after(plan, 'identity-policy'));
      const { iam } = await import('../../packages/core/src/aws/sdk').then((m) => m.loadAwsSdk());
      const attached = await (await ctx.consumer!.iam()).send(new iam.ListAttachedRolePoliciesCommand({ RoleName: scenario.role.name }));
      expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toContain(plan.identity!.policyArn);

      // moto skips AWS::SecretsManager::ResourcePolicy: the stack completes and the secret policy is as it was.
      expect(await deploy('secret-share-owner', owner, moto().ownerProfile)).toBe('CREATE_COMPLETE');
      expect(await readSecretPolicy(ctx, scenario.secret.arn)).toEqual(scenario.secret.policy);

      // The KeyPolicy document as the AWS::KMS::Key of a stack that owns a key: moto creates the key with exactly it.
      const keyStack = { AWSTemplateFormatVersion: '2010-09-09', Description: 'a key owned by a stack', Metadata: {}, Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: JSON.parse(result.files[1]!.content) } } } };
      expect(await deploy('secret-share-key', keyStack, moto().ownerProfile)).toBe('CREATE_COMPLETE');
      const { kms } = await import('../../packages/core/src/aws/sdk').then((m) => m.loadAwsSdk());
      const keys = await (await ctx.owner.kms()).send(new kms.ListKeysCommand({}));
      const client = await ctx.owner.kms();
      // moto keeps a CloudFormation KeyPolicy as the parsed object and answers GetKeyPolicy with it (AWS: a JSON string).
      const policies = await Promise.all(
        (keys.Keys ?? [])
          .filter((k) => k.KeyArn !== scenario.key.arn)
          .map(async (k) => {
            const raw: unknown = (await client.send(new kms.GetKeyPolicyCommand({ KeyId: k.KeyArn!, PolicyName: 'default' }))).Policy;
            return typeof raw === 'string' ? JSON.parse(raw) : raw;
          }),
      );
      expect(policies).toContainEqual(after(plan, 'key-policy'));
    } finally {
      ctx.destroy();
    }
  });

  it('inline: AWS::IAM::RolePolicy / UserPolicy with the required properties (moto lacks these types: structural check)', () => {
    const base = {
      secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3',
      keyArn: 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      keyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
      identityPolicy: 'inline' as const,
    };
    const role = planOffline({ ...base, consumer: 'arn:aws:iam::222222222222:role/APP' });
    expect(template(exportPlan(role, 'cloudformation'), 'consumer-222222222222.template.json').Resources.SecretShareIdentityPolicy).toEqual({
      Type: 'AWS::IAM::RolePolicy',
      Properties: { PolicyName: role.identity!.policyName, RoleName: 'APP', PolicyDocument: after(role, 'identity-policy') },
    });
    const user = planOffline({ ...base, consumer: 'arn:aws:iam::222222222222:user/app' });
    expect(template(exportPlan(user, 'cloudformation'), 'consumer-222222222222.template.json').Resources.SecretShareIdentityPolicy).toEqual({
      Type: 'AWS::IAM::UserPolicy',
      Properties: { PolicyName: user.identity!.policyName, UserName: 'app', PolicyDocument: after(user, 'identity-policy') },
    });
    // For the administrator (account consumer, no role): labelled, with a RoleName parameter.
    const admin = exportPlan(planOffline({ ...base, consumer: '222222222222', identityPolicy: 'none' }), 'cloudformation');
    const adminFile = admin.files.find((f) => f.forAdministrator)!;
    expect(adminFile.path).toBe('consumer-administrator-222222222222.template.json');
    const adminTemplate = JSON.parse(adminFile.content) as Template;
    expect(adminTemplate.Description).toMatch(/^FOR THE ADMINISTRATOR OF ACCOUNT 222222222222/);
    expect(adminTemplate.Parameters).toEqual({ RoleName: expect.objectContaining({ Type: 'String' }) });
    expect(adminTemplate.Resources.SecretShareIdentityPolicy!.Properties.Roles).toEqual([{ Ref: 'RoleName' }]);
  });
});
