import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { runChecked } from './processes';

/**
 * The reference blog's steps, run with the AWS CLI, with its mistakes CORRECTED:
 * `--` instead of typographic dashes, no leading space and the full suffixed ARN in the identity
 * policy's Resource, `--policy-name default` on the key-policy calls, and the customer managed policy
 * ARN in the consumer account (`arn:aws:iam::PRODUCTION:policy/...`, not `iam::aws:policy/...`).
 * The owner steps use the owner profile, the consumer steps the consumer profile.
 *
 * Every command gets `--endpoint-url` (the proxy in front of moto): AWS CLI 2.9, Debian's, ignores
 * AWS_ENDPOINT_URL (2.13 added it).
 *
 * One addition the blog leaves out: the secret already has a resource policy, and put-resource-policy
 * replaces the whole document, so a careful user reads it first (get-resource-policy) and adds the
 * statement, as the product does. Without it the existing statements would be lost.
 */
export const BLOG_POLICY_NAME = 'SECRETS_MANAGER_PERMISSIONS_POLICY';

export interface BlogStepsResult {
  /** The AWS CLI processes run, in order. */
  commands: string[][];
}

/** Runs `aws` commands one after the other (as a user types them), each answer parsed as JSON. */
export function awsCliSteps(aws: string, env: NodeJS.ProcessEnv, endpoint: string): { commands: string[][]; cli(args: string[]): Promise<Record<string, unknown>> } {
  const commands: string[][] = [];
  return {
    commands,
    async cli(args) {
      commands.push(args);
      return JSON.parse((await runChecked(aws, [...args, '--endpoint-url', endpoint], { env })).stdout || '{}') as Record<string, unknown>;
    },
  };
}

export const OWNER_ARGS = ['--profile', 'central-security', '--output', 'json'];
export const CONSUMER_ARGS = ['--profile', 'production', '--output', 'json'];

export async function runBlogSteps(aws: string, scenario: DemoScenario, workDir: string, env: NodeJS.ProcessEnv, endpoint: string): Promise<BlogStepsResult> {
  const owner = OWNER_ARGS;
  const consumer = CONSUMER_ARGS;
  const { commands, cli } = awsCliSteps(aws, env, endpoint);
  const roleArn = scenario.role.arn;

  // Step 1: the secret's resource policy (read, add the statement, write back).
  const current = await cli(['secretsmanager', 'get-resource-policy', '--secret-id', scenario.secret.arn, ...owner]);
  const resourcePolicy: PolicyDocument = typeof current.ResourcePolicy === 'string' ? (JSON.parse(current.ResourcePolicy) as PolicyDocument) : { Version: '2012-10-17', Statement: [] };
  resourcePolicy.Statement.push({
    Effect: 'Allow',
    Principal: { AWS: roleArn },
    Action: 'secretsmanager:GetSecretValue',
    Resource: '*',
    Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
  });
  const resourcePolicyFile = join(workDir, 'RESOURCE_POLICY.json');
  await writeFile(resourcePolicyFile, JSON.stringify(resourcePolicy, null, 2));
  await cli(['secretsmanager', 'put-resource-policy', '--secret-id', scenario.secret.arn, '--resource-policy', `file://${resourcePolicyFile}`, ...owner]);

  // Step 2: the key policy (get, add the statement, put).
  const key = await cli(['kms', 'get-key-policy', '--key-id', scenario.key.arn, '--policy-name', 'default', ...owner]);
  const keyPolicy = JSON.parse(String(key.Policy)) as PolicyDocument;
  keyPolicy.Statement.push({
    Sid: 'AllowUseOfTheKey',
    Effect: 'Allow',
    Principal: { AWS: roleArn },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
  });
  const keyPolicyFile = join(workDir, 'KEY_POLICY.json');
  await writeFile(keyPolicyFile, JSON.stringify(keyPolicy, null, 2));
  await cli(['kms', 'put-key-policy', '--key-id', scenario.key.arn, '--policy-name', 'default', '--policy', `file://${keyPolicyFile}`, ...owner]);

  // Step 3: the consumer role's permissions (consumer account).
  const permissions: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: scenario.secret.arn },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: scenario.key.arn },
    ],
  };
  const permissionsFile = join(workDir, 'PERMISSIONS_POLICY.json');
  await writeFile(permissionsFile, JSON.stringify(permissions, null, 2));
  await cli(['iam', 'create-policy', '--policy-name', BLOG_POLICY_NAME, '--policy-document', `file://${permissionsFile}`, ...consumer]);
  await cli([
    'iam',
    'attach-role-policy',
    '--role-name',
    scenario.role.name,
    '--policy-arn',
    `arn:aws:iam::${scenario.consumer.account}:policy/${BLOG_POLICY_NAME}`,
    ...consumer,
  ]);
  return { commands };
}
