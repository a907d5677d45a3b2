import type { DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import { CONSUMER_ARGS, OWNER_ARGS, awsCliSteps, type BlogStepsResult } from './blog-steps';

/**
 * The baseline of the doctor: the reads a user makes with the AWS CLI to check the same layers by
 * hand, one command after the other, each answer needed for the next where it names something
 * (the key of the secret, the role's policies): the secret and its policy, the key policy, the role
 * (its permissions boundary), its attached and inline policies and each one's document. Organizations
 * are left out (the reference accounts are in none; the doctor asks and learns that in its first round).
 */
export async function runManualDiagnosis(aws: string, scenario: DemoScenario, env: NodeJS.ProcessEnv, endpoint: string): Promise<BlogStepsResult> {
  const { commands, cli } = awsCliSteps(aws, env, endpoint);
  const secret = await cli(['secretsmanager', 'describe-secret', '--secret-id', scenario.secret.arn, ...OWNER_ARGS]);
  await cli(['secretsmanager', 'get-resource-policy', '--secret-id', scenario.secret.arn, ...OWNER_ARGS]);
  await cli(['kms', 'get-key-policy', '--key-id', String(secret.KmsKeyId), '--policy-name', 'default', ...OWNER_ARGS]);
  await cli(['iam', 'get-role', '--role-name', scenario.role.name, ...CONSUMER_ARGS]);
  const attached = await cli(['iam', 'list-attached-role-policies', '--role-name', scenario.role.name, ...CONSUMER_ARGS]);
  for (const policy of (attached.AttachedPolicies ?? []) as Array<{ PolicyArn: string }>) {
    const described = await cli(['iam', 'get-policy', '--policy-arn', policy.PolicyArn, ...CONSUMER_ARGS]);
    const version = (described.Policy as { DefaultVersionId: string }).DefaultVersionId;
    await cli(['iam', 'get-policy-version', '--policy-arn', policy.PolicyArn, '--version-id', version, ...CONSUMER_ARGS]);
  }
  const inline = await cli(['iam', 'list-role-policies', '--role-name', scenario.role.name, ...CONSUMER_ARGS]);
  for (const name of (inline.PolicyNames ?? []) as string[]) await cli(['iam', 'get-role-policy', '--role-name', scenario.role.name, '--policy-name', name, ...CONSUMER_ARGS]);
  return { commands };
}
