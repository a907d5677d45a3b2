/** Reads the three documents of a share back from moto, as the accounts themselves see them. */
import { loadAwsSdk } from '../../../packages/core/src/aws/sdk';
import { motoAccountCredentials } from '../../../packages/core/src/demo/moto-accounts';
import type { PolicyDocument, Statement } from '../../../packages/core/src/policy/policy-types';
import type { SeededMotoHarness } from '../../support/moto';

export interface ShareDocuments {
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument;
  /** Every policy attached to or inline on PRODUCTION_SECRET_ROLE, by name. */
  rolePolicies: Record<string, PolicyDocument>;
}

export async function readShareDocuments(harness: SeededMotoHarness): Promise<ShareDocuments> {
  const { endpoint, region, scenario } = harness;
  const sdk = await loadAwsSdk();
  const owner = { endpoint, region, credentials: await motoAccountCredentials(endpoint, scenario.owner.account, region) };
  const consumer = { endpoint, region, credentials: await motoAccountCredentials(endpoint, scenario.consumer.account, region) };
  const sm = new sdk.sm.SecretsManagerClient(owner);
  const kms = new sdk.kms.KMSClient(owner);
  const iam = new sdk.iam.IAMClient(consumer);
  try {
    const policy = await sm.send(new sdk.sm.GetResourcePolicyCommand({ SecretId: scenario.secret.arn }));
    const key = await kms.send(new sdk.kms.GetKeyPolicyCommand({ KeyId: scenario.key.arn, PolicyName: 'default' }));
    const rolePolicies: Record<string, PolicyDocument> = {};
    const attached = await iam.send(new sdk.iam.ListAttachedRolePoliciesCommand({ RoleName: scenario.role.name }));
    for (const p of attached.AttachedPolicies ?? []) {
      const meta = await iam.send(new sdk.iam.GetPolicyCommand({ PolicyArn: p.PolicyArn! }));
      const version = await iam.send(new sdk.iam.GetPolicyVersionCommand({ PolicyArn: p.PolicyArn!, VersionId: meta.Policy!.DefaultVersionId! }));
      rolePolicies[p.PolicyName!] = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)) as PolicyDocument;
    }
    const inline = await iam.send(new sdk.iam.ListRolePoliciesCommand({ RoleName: scenario.role.name }));
    for (const name of inline.PolicyNames ?? []) {
      const doc = await iam.send(new sdk.iam.GetRolePolicyCommand({ RoleName: scenario.role.name, PolicyName: name }));
      rolePolicies[name] = JSON.parse(decodeURIComponent(doc.PolicyDocument!)) as PolicyDocument;
    }
    return {
      secretPolicy: policy.ResourcePolicy ? (JSON.parse(policy.ResourcePolicy) as PolicyDocument) : null,
      keyPolicy: JSON.parse(key.Policy!) as PolicyDocument,
      rolePolicies,
    };
  } finally {
    sm.destroy();
    kms.destroy();
    iam.destroy();
  }
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
