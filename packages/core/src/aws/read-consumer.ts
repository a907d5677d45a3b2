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

/** One version of a managed policy, as ListPolicyVersions lists it. */
export interface PolicyVersionInfo {
  id: string;
  isDefault: boolean;
  /** CreateDate in ms (0 when AWS gave none). */
  created: number;
}

export interface ManagedPolicyState {
  /** The default version's document; null when the policy does not exist. */
  document: PolicyDocument | null;
  versionCount: number;
  defaultVersionId?: string;
  /** Every version (id, default flag, creation time); empty when the policy does not exist. */
  versions: PolicyVersionInfo[];
}

/**
 * Version documents this process has read or written, per account: a policy version never changes
 * once created, so `ARN + version id + creation time` names one document for good (the creation time
 * tells a version apart from one of a policy deleted and created again under the same name; IAM dates
 * to the second, so only a policy deleted and made again within the second it was first made could
 * pass for it). A document found here costs no GetPolicyVersion.
 */
const knownVersions = new WeakMap<AccountClients, Map<string, PolicyDocument>>();

function versionKey(policyArn: string, versionId: string, created: number): string {
  return `${policyArn} ${versionId} ${created}`;
}

function createdMs(date: Date | string | undefined): number {
  return date ? new Date(date).getTime() : 0;
}

/** A version document this process knows (read or written), as a copy; undefined when not known. */
function knownVersion(consumer: AccountClients, policyArn: string, versionId: string, created: number): PolicyDocument | undefined {
  if (created === 0) return undefined;
  const document = knownVersions.get(consumer)?.get(versionKey(policyArn, versionId, created));
  return document ? structuredClone(document) : undefined;
}

/** Remembers the document of a version just read or created (`created` from AWS's answer). */
export function rememberPolicyVersion(consumer: AccountClients, policyArn: string, versionId: string, created: Date | string | undefined, document: PolicyDocument): void {
  const at = createdMs(created);
  if (!versionId || at === 0) return;
  let known = knownVersions.get(consumer);
  if (!known) knownVersions.set(consumer, (known = new Map()));
  known.set(versionKey(policyArn, versionId, at), structuredClone(document));
}

/** ListPolicyVersions (all pages); undefined when the policy does not exist. */
export async function listPolicyVersions(consumer: AccountClients, policyArn: string, region?: string): Promise<PolicyVersionInfo[] | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const versions: PolicyVersionInfo[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCallOrMissing(consumer, { service: 'iam', operation: 'ListPolicyVersions', resource: policyArn }, () =>
      iam.send(new sdk.ListPolicyVersionsCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return undefined;
    for (const version of page.Versions ?? []) versions.push({ id: version.VersionId ?? '', isDefault: version.IsDefaultVersion === true, created: createdMs(version.CreateDate) });
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return versions;
}

/**
 * A customer managed policy: ListPolicyVersions (count, default version; not found → absent), then
 * GetPolicyVersion of the default version unless this process already knows that version's document
 * (read at plan time, or just written): one call when it does (or when the policy does not exist), two
 * when it does not. `allVersions`: the other versions' documents too, at the same time (a revoke
 * deletes them, each saved first: read now, they cost the delete no round of its own).
 */
export async function readManagedPolicy(consumer: AccountClients, policyArn: string, region?: string, options: { allVersions?: boolean } = {}): Promise<ManagedPolicyState> {
  const versions = await listPolicyVersions(consumer, policyArn, region);
  if (!versions) return { document: null, versionCount: 0, versions: [] };
  const read = (version: PolicyVersionInfo) => readVersionDocument(consumer, policyArn, version, region);
  const current = versions.find((v) => v.isDefault);
  const others = options.allVersions ? Promise.all(versions.filter((v) => !v.isDefault).map(read)) : undefined;
  others?.catch(() => undefined); // awaited below
  const document = current ? await read(current) : null;
  await others;
  if (!current) return { document: null, versionCount: versions.length, versions };
  return { document, versionCount: versions.length, defaultVersionId: current.id, versions };
}

/** A listed version's document: the one this process remembers, else GetPolicyVersion. */
export async function readVersionDocument(consumer: AccountClients, policyArn: string, version: PolicyVersionInfo, region?: string): Promise<PolicyDocument | null> {
  return knownVersion(consumer, policyArn, version.id, version.created) ?? readPolicyVersion(consumer, policyArn, version.id, region);
}

/** GetPolicyVersion (remembered by this process: a version never changes). */
export async function readPolicyVersion(consumer: AccountClients, policyArn: string, versionId: string, region?: string): Promise<PolicyDocument | null> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const version = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetPolicyVersion', resource: `${policyArn} ${versionId}` }, () =>
    iam.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
  );
  const text = version?.PolicyVersion?.Document;
  if (!text) return null;
  const document = parseAwsPolicyText(text, `policy ${policyArn} (${versionId})`, 'identity-policy');
  rememberPolicyVersion(consumer, policyArn, versionId, version.PolicyVersion?.CreateDate, document);
  return document;
}

/**
 * The default version id of every managed policy attached to anything in the account
 * (ListPolicies `OnlyAttached`, one page of up to 1,000): with it, an attached policy's document is one
 * GetPolicyVersion instead of GetPolicy → GetPolicyVersion. Undefined when the credentials may not
 * list policies (callers fall back to GetPolicy).
 */
export async function attachedPolicyVersions(consumer: AccountClients, region?: string): Promise<Map<string, string> | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const page = await optionalRead(() =>
    awsCallOrMissing(consumer, { service: 'iam', operation: 'ListPolicies', resource: 'attached policies' }, () => iam.send(new sdk.ListPoliciesCommand({ OnlyAttached: true, Scope: 'All', MaxItems: 1000 }))),
  );
  if (!page) return undefined;
  const versions = new Map<string, string>();
  for (const policy of page.Policies ?? []) if (policy.Arn && policy.DefaultVersionId) versions.set(policy.Arn, policy.DefaultVersionId);
  return versions;
}

/**
 * Any managed policy's default document, AWS managed ones included: GetPolicyVersion of the default
 * version when `defaultVersions` (from {@link attachedPolicyVersions}) names it, else GetPolicy +
 * GetPolicyVersion.
 */
export async function readAttachedPolicyDocument(consumer: AccountClients, policyArn: string, region?: string, defaultVersions?: Promise<Map<string, string> | undefined>): Promise<PolicyDocument | null> {
  const known = (await defaultVersions?.catch(() => undefined))?.get(policyArn);
  if (known) return readPolicyVersion(consumer, policyArn, known, region);
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const policy = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetPolicy', resource: policyArn }, () => iam.send(new sdk.GetPolicyCommand({ PolicyArn: policyArn })));
  const versionId = policy?.Policy?.DefaultVersionId;
  return versionId ? readPolicyVersion(consumer, policyArn, versionId, region) : null;
}

/** Which roles, users and groups a managed policy is attached to (ListEntitiesForPolicy, all pages); undefined when it does not exist. */
export interface PolicyEntities {
  roles: string[];
  users: string[];
  groups: string[];
}

export async function listPolicyEntities(consumer: AccountClients, policyArn: string, region?: string): Promise<PolicyEntities | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  const entities: PolicyEntities = { roles: [], users: [], groups: [] };
  let marker: string | undefined;
  do {
    const page = await awsCallOrMissing(consumer, { service: 'iam', operation: 'ListEntitiesForPolicy', resource: policyArn }, () =>
      iam.send(new sdk.ListEntitiesForPolicyCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return undefined;
    for (const role of page.PolicyRoles ?? []) if (role.RoleName) entities.roles.push(role.RoleName);
    for (const user of page.PolicyUsers ?? []) if (user.UserName) entities.users.push(user.UserName);
    for (const group of page.PolicyGroups ?? []) if (group.GroupName) entities.groups.push(group.GroupName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return entities;
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
