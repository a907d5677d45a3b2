import type { PolicyDocument } from '../policy/policy-types';
import type { AccountClients } from './aws-context';
import { awsCallOrMissing, isAwsAccessDenied, isAwsNotFound } from './aws-errors';
import { parseAwsPolicyText } from './policy-text';
import { loadIamSdk } from './sdk';

export type IamEntityKind = 'role' | 'user';

/** GetRole / GetUser: does the role or user exist? */
export async function iamEntityExists(consumer: AccountClients, kind: IamEntityKind, name: string, region?: string): Promise<boolean> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const operation = kind === 'role' ? 'GetRole' : 'GetUser';
  const found = await awsCallOrMissing(consumer, { service: 'iam', operation, resource: `${kind}/${name}` }, async (): Promise<object> =>
    kind === 'role' ? iam.send(new sdk.GetRoleCommand({ RoleName: name })) : iam.send(new sdk.GetUserCommand({ UserName: name })),
  );
  return found !== undefined;
}

export interface ManagedPolicyState {
  /** The default version's document; null when the policy does not exist. */
  document: PolicyDocument | null;
  versionCount: number;
  defaultVersionId?: string;
}

/**
 * A customer managed policy: ListPolicyVersions (count, default version; not found → absent), then
 * GetPolicyVersion of the default version. Two calls when it exists, one when it does not.
 */
export async function readManagedPolicy(consumer: AccountClients, policyArn: string, region?: string): Promise<ManagedPolicyState> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const versions: Array<{ VersionId?: string; IsDefaultVersion?: boolean }> = [];
  let marker: string | undefined;
  do {
    const page = await awsCallOrMissing(consumer, { service: 'iam', operation: 'ListPolicyVersions', resource: policyArn }, () =>
      iam.send(new sdk.ListPolicyVersionsCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return { document: null, versionCount: 0 };
    versions.push(...(page.Versions ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const defaultVersionId = versions.find((v) => v.IsDefaultVersion)?.VersionId;
  if (!defaultVersionId) return { document: null, versionCount: versions.length };
  const document = await readPolicyVersion(consumer, policyArn, defaultVersionId, region);
  return { document, versionCount: versions.length, defaultVersionId };
}

async function readPolicyVersion(consumer: AccountClients, policyArn: string, versionId: string, region?: string): Promise<PolicyDocument | null> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const version = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetPolicyVersion', resource: `${policyArn} ${versionId}` }, () =>
    iam.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
  );
  const text = version?.PolicyVersion?.Document;
  return text ? parseAwsPolicyText(text, `policy ${policyArn} (${versionId})`, 'identity-policy') : null;
}

/** GetPolicy + GetPolicyVersion (default): any managed policy, AWS managed ones included. */
export async function readAttachedPolicyDocument(consumer: AccountClients, policyArn: string, region?: string): Promise<PolicyDocument | null> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const policy = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetPolicy', resource: policyArn }, () => iam.send(new sdk.GetPolicyCommand({ PolicyArn: policyArn })));
  const versionId = policy?.Policy?.DefaultVersionId;
  return versionId ? readPolicyVersion(consumer, policyArn, versionId, region) : null;
}

/** GetRolePolicy / GetUserPolicy: an inline policy, or null when absent. */
export async function readInlinePolicy(consumer: AccountClients, kind: IamEntityKind, entityName: string, policyName: string, region?: string): Promise<PolicyDocument | null> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const operation = kind === 'role' ? 'GetRolePolicy' : 'GetUserPolicy';
  const result = await awsCallOrMissing(consumer, { service: 'iam', operation, resource: `${kind}/${entityName} inline ${policyName}` }, async (): Promise<{ PolicyDocument?: string }> =>
    kind === 'role'
      ? iam.send(new sdk.GetRolePolicyCommand({ RoleName: entityName, PolicyName: policyName }))
      : iam.send(new sdk.GetUserPolicyCommand({ UserName: entityName, PolicyName: policyName })),
  );
  return result?.PolicyDocument ? parseAwsPolicyText(result.PolicyDocument, `inline policy ${policyName} of ${kind}/${entityName}`, 'identity-policy') : null;
}

/** ListAttachedRolePolicies / ListAttachedUserPolicies (all pages); undefined when the entity does not exist. */
export async function listAttachedPolicyArns(consumer: AccountClients, kind: IamEntityKind, name: string, region?: string): Promise<string[] | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const operation = kind === 'role' ? 'ListAttachedRolePolicies' : 'ListAttachedUserPolicies';
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCallOrMissing(consumer, { service: 'iam', operation, resource: `${kind}/${name}` }, () =>
      kind === 'role'
        ? iam.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }))
        : iam.send(new sdk.ListAttachedUserPoliciesCommand({ UserName: name, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return undefined;
    for (const policy of page.AttachedPolicies ?? []) if (policy.PolicyArn) arns.push(policy.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return arns;
}

/** ListRolePolicies / ListUserPolicies (all pages); undefined when the entity does not exist. */
export async function listInlinePolicyNames(consumer: AccountClients, kind: IamEntityKind, name: string, region?: string): Promise<string[] | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const operation = kind === 'role' ? 'ListRolePolicies' : 'ListUserPolicies';
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCallOrMissing(consumer, { service: 'iam', operation, resource: `${kind}/${name}` }, () =>
      kind === 'role'
        ? iam.send(new sdk.ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }))
        : iam.send(new sdk.ListUserPoliciesCommand({ UserName: name, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return undefined;
    names.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

/** Runs a read that is only nice to have (for the simulation): access denied → undefined. */
export async function optionalRead<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (isAwsAccessDenied(cause ?? error) || isAwsNotFound(cause ?? error)) return undefined;
    throw error;
  }
}
