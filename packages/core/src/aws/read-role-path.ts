import { isWizardError } from '../errors/wizard-error';
import type { LayerInput, NamedPolicy } from '../simulate/simulate-types';
import type { AccountClients } from './aws-context';
import { awsCallOrMissing, isAwsAccessDenied } from './aws-errors';
import { attachedPolicyVersions, listAttachedPolicyArns, listInlinePolicyNames, readAttachedPolicyDocument, readInlinePolicy, type IamEntityKind } from './read-consumer';
import { loadIamSdk } from './sdk';

/** A read that access denied turns into "unknown" (any other failure is thrown). */
export type Readable<T> = { ok: true; value: T } | { ok: false; denied: string };

/** Runs a read; access denied → `{ ok: false }` with AWS's message (a WizardError's cause counts). */
export async function readable<T>(read: () => Promise<T>): Promise<Readable<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const cause = isWizardError(error) ? (error.cause ?? error) : error;
    if (isAwsAccessDenied(cause)) return { ok: false, denied: cause instanceof Error ? cause.message : String(cause) };
    throw error;
  }
}

/** What the consumer side holds for a role or user: its identity policies and its permissions boundary. */
export interface RolePath {
  /** False when GetRole / GetUser answers that it does not exist. */
  exists: boolean;
  /** `AROA…` / `AIDA…` (what IAM writes in policies once the role is deleted). */
  uniqueId?: string;
  /** Attached (managed) and inline policies, named by ARN or `inline:NAME`; unknown when they could not be listed or read. */
  identityPolicies: Readable<NamedPolicy[]>;
  /** The permissions boundary: none, its document, or unknown. */
  boundary: LayerInput<NamedPolicy>;
}

const IDENTITY_READERS = 'the consumer account (iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetPolicy, iam:GetPolicyVersion, iam:GetRolePolicy)';
const BOUNDARY_READERS = 'the consumer account (iam:GetRole, iam:GetPolicy, iam:GetPolicyVersion on the boundary policy)';

async function getEntity(consumer: AccountClients, kind: IamEntityKind, name: string, region?: string): Promise<{ id?: string; boundaryArn?: string } | undefined> {
  const sdk = await loadIamSdk();
  const iam = await consumer.iam(region);
  if (kind === 'role') {
    const result = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetRole', resource: `role/${name}` }, () => iam.send(new sdk.GetRoleCommand({ RoleName: name })));
    if (!result?.Role) return undefined;
    return { ...(result.Role.RoleId ? { id: result.Role.RoleId } : {}), ...(result.Role.PermissionsBoundary?.PermissionsBoundaryArn ? { boundaryArn: result.Role.PermissionsBoundary.PermissionsBoundaryArn } : {}) };
  }
  const result = await awsCallOrMissing(consumer, { service: 'iam', operation: 'GetUser', resource: `user/${name}` }, () => iam.send(new sdk.GetUserCommand({ UserName: name })));
  if (!result?.User) return undefined;
  return { ...(result.User.UserId ? { id: result.User.UserId } : {}), ...(result.User.PermissionsBoundary?.PermissionsBoundaryArn ? { boundaryArn: result.User.PermissionsBoundary.PermissionsBoundaryArn } : {}) };
}

/**
 * The identity side of a role or user, in two round trips: GetRole/GetUser, the attached and the
 * inline policy lists, and ListPolicies `OnlyAttached` (every attached policy's default version) at
 * once; then every document at once (GetPolicyVersion for each managed policy, GetRolePolicy for each
 * inline one). A policy that list does not name (a permissions boundary attached nowhere, or
 * credentials without iam:ListPolicies) costs GetPolicy first: one round more. Each part the
 * credentials may not read is unknown, never assumed empty.
 */
export async function readRolePath(consumer: AccountClients, kind: IamEntityKind, name: string, region?: string): Promise<RolePath> {
  const entity = readable(() => getEntity(consumer, kind, name, region));
  const attached = readable(() => listAttachedPolicyArns(consumer, kind, name, region));
  const inline = readable(() => listInlinePolicyNames(consumer, kind, name, region));
  const defaultVersions = attachedPolicyVersions(consumer, region);
  defaultVersions.catch(() => undefined); // awaited by the document reads

  const boundary = entity.then(async (read): Promise<LayerInput<NamedPolicy>> => {
    if (!read.ok) return { status: 'unknown', readableBy: BOUNDARY_READERS };
    const arn = read.value?.boundaryArn;
    if (!arn) return { status: 'none' };
    const document = await readable(() => readAttachedPolicyDocument(consumer, arn, region, defaultVersions));
    if (!document.ok || !document.value) return { status: 'unknown', readableBy: BOUNDARY_READERS };
    return { status: 'known', value: { name: arn, document: document.value } };
  });

  const identityPolicies = Promise.all([attached, inline]).then(async ([arns, names]): Promise<Readable<NamedPolicy[]>> => {
    if (!arns.ok || !names.ok) return { ok: false, denied: IDENTITY_READERS };
    const reads = await Promise.all([
      ...(arns.value ?? []).map((arn) => readable(async () => ({ name: arn, document: await readAttachedPolicyDocument(consumer, arn, region, defaultVersions) }))),
      ...(names.value ?? []).map((policyName) => readable(async () => ({ name: `inline policy ${policyName} of ${kind}/${name}`, document: await readInlinePolicy(consumer, kind, name, policyName, region) }))),
    ]);
    if (reads.some((read) => !read.ok)) return { ok: false, denied: IDENTITY_READERS };
    const policies: NamedPolicy[] = [];
    for (const read of reads) if (read.ok && read.value.document) policies.push({ name: read.value.name, document: read.value.document });
    return { ok: true, value: policies };
  });

  const [entityRead, boundaryLayer, policies] = await Promise.all([entity, boundary, identityPolicies]);
  const exists = !entityRead.ok || entityRead.value !== undefined;
  const path: RolePath = { exists, identityPolicies: policies, boundary: boundaryLayer };
  if (entityRead.ok && entityRead.value?.id) path.uniqueId = entityRead.value.id;
  return path;
}
