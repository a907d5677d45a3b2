/**
 * Reads every document a share of the reference scenario touches straight from moto, as the two
 * accounts see them, so end-to-end tests can assert what a front end wrote (or that it wrote nothing).
 */
import { createAwsContext, type PolicyDocument, type Statement } from '../../packages/core/src/index';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import type { SeededMotoHarness } from './moto';

export interface ShareDocuments {
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument;
  /** Managed policies attached to the consumer role: ARN → default version document. */
  attached: Record<string, PolicyDocument>;
  /** Inline policies of the consumer role: name → document. */
  inline: Record<string, PolicyDocument>;
  /** Every customer managed policy in the consumer account (created but maybe not attached). */
  customerPolicies: string[];
}

function parseDocument(text: string): PolicyDocument {
  return JSON.parse(text.trimStart().startsWith('%') ? decodeURIComponent(text) : text) as PolicyDocument;
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
    const attached: Record<string, PolicyDocument> = {};
    for (const policy of attachedList.AttachedPolicies ?? []) {
      const meta = await consumerIam.send(new iam.GetPolicyCommand({ PolicyArn: policy.PolicyArn }));
      const version = await consumerIam.send(new iam.GetPolicyVersionCommand({ PolicyArn: policy.PolicyArn, VersionId: meta.Policy?.DefaultVersionId }));
      attached[policy.PolicyArn!] = parseDocument(version.PolicyVersion!.Document!);
    }
    const inline: Record<string, PolicyDocument> = {};
    for (const name of inlineList.PolicyNames ?? []) {
      const policy = await consumerIam.send(new iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      inline[name] = parseDocument(policy.PolicyDocument!);
    }
    return {
      secretPolicy: secretPolicy.ResourcePolicy ? parseDocument(secretPolicy.ResourcePolicy) : null,
      keyPolicy: parseDocument(keyPolicy.Policy!),
      attached,
      inline,
      customerPolicies: (localPolicies.Policies ?? []).map((policy) => policy.Arn!).sort(),
    };
  } finally {
    aws.destroy();
  }
}

/** Every policy on the consumer role (attached and inline). */
export function rolePolicies(docs: ShareDocuments): PolicyDocument[] {
  return [...Object.values(docs.attached), ...Object.values(docs.inline)];
}

/** The statements the product wrote (Sid starts with SecretShareWizard). */
export function wizardStatements(doc: PolicyDocument | null | undefined): Statement[] {
  return (doc?.Statement ?? []).filter((s) => s.Sid?.startsWith('SecretShareWizard'));
}

export function principalsOf(statement: Statement): string[] {
  const p = statement.Principal;
  if (!p || p === '*') return [];
  const aws = p.AWS ?? [];
  return Array.isArray(aws) ? aws : [aws];
}
