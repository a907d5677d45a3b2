/**
 * Reads the documents of the reference scenario straight from moto with the SDK, so the CLI tests
 * can assert what the CLI wrote (or that it wrote nothing).
 */
import { createAwsContext, loadAwsSdk } from '../../packages/core/src/index';
import type { SeededMotoHarness } from '../support/moto';

export interface ShareDocuments {
  secretPolicy: unknown;
  keyPolicy: unknown;
  /** Managed policies attached to the consumer role: ARN → default version document. */
  attached: Record<string, unknown>;
  /** Inline policies of the consumer role: name → document. */
  inline: Record<string, unknown>;
  /** Every customer managed policy in the consumer account (created but maybe not attached). */
  customerPolicies: string[];
}

function parseDocument(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  const decoded = text.trimStart().startsWith('%') ? decodeURIComponent(text) : text;
  return JSON.parse(decoded);
}

export async function readShareDocuments(moto: SeededMotoHarness): Promise<ShareDocuments> {
  const { sm, kms, iam } = await loadAwsSdk();
  const aws = createAwsContext({ ownerProfile: moto.ownerProfile, consumerProfile: moto.consumerProfile, region: moto.region });
  try {
    const [secrets, keys, consumerIam] = await Promise.all([aws.owner.secretsManager(), aws.owner.kms(), aws.consumer!.iam()]);
    const { scenario } = moto;
    const roleName = scenario.role.name;
    const [secretPolicy, keyPolicy, attachedList, inlineList, localPolicies] = await Promise.all([
      secrets.send(new sm.GetResourcePolicyCommand({ SecretId: scenario.secret.arn })),
      keys.send(new kms.GetKeyPolicyCommand({ KeyId: scenario.key.arn, PolicyName: 'default' })),
      consumerIam.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: roleName })),
      consumerIam.send(new iam.ListRolePoliciesCommand({ RoleName: roleName })),
      consumerIam.send(new iam.ListPoliciesCommand({ Scope: 'Local' })),
    ]);
    const attached: Record<string, unknown> = {};
    for (const policy of attachedList.AttachedPolicies ?? []) {
      const meta = await consumerIam.send(new iam.GetPolicyCommand({ PolicyArn: policy.PolicyArn }));
      const version = await consumerIam.send(new iam.GetPolicyVersionCommand({ PolicyArn: policy.PolicyArn, VersionId: meta.Policy?.DefaultVersionId }));
      attached[policy.PolicyArn!] = parseDocument(version.PolicyVersion?.Document);
    }
    const inline: Record<string, unknown> = {};
    for (const name of inlineList.PolicyNames ?? []) {
      const policy = await consumerIam.send(new iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      inline[name] = parseDocument(policy.PolicyDocument);
    }
    return {
      secretPolicy: parseDocument(secretPolicy.ResourcePolicy),
      keyPolicy: parseDocument(keyPolicy.Policy),
      attached,
      inline,
      customerPolicies: (localPolicies.Policies ?? []).map((policy) => policy.Arn!).sort(),
    };
  } finally {
    aws.destroy();
  }
}
