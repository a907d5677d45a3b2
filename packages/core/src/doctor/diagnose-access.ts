import { checkRegions } from '../session/input-checks';
import { parseSecretRef } from '../arn/secret-arn';
import { countCalls, type AwsContext } from '../aws/aws-context';
import { describeKey, readKeyPolicy, type KeyDescription } from '../aws/read-key';
import { ORGANIZATION_READERS, OrganizationReader, cannotReadOrganization, organizationsRegion, type OrganizationFacts, type OrgPath, type OrgPolicyType } from '../aws/read-organization';
import { readable, readRolePath, type Readable, type RolePath } from '../aws/read-role-path';
import { describeSecret, needsKeyLookup, readSecretPolicy, secretInfoFrom, secretRegion, type DescribedSecret } from '../aws/read-secret';
import type { SecretInfo } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import { LAYER_READERS } from '../simulate/layer-labels';
import type { LayerInput, OrgLevel, PathLayers, SimulationInput } from '../simulate/simulate-types';
import { diagnose } from './diagnose';
import { consumerRoleOf, doctorShareRequest, doctorShareState, parseErrorInput, sessionNameFor } from './doctor-input';
import type { DiagnoseInput, DiagnoseResult } from './doctor-types';

interface KeySide {
  secret: SecretInfo;
  policy: Readable<PolicyDocument | null>;
}

/** The key of the secret and its policy; what the owner's credentials may not read is unknown. */
async function readKeySide(ctx: AwsContext, described: DescribedSecret): Promise<KeySide> {
  const region = described.arn.split(':')[3];
  if (!needsKeyLookup(described)) return { secret: secretInfoFrom(described, undefined), policy: { ok: true, value: null } };
  const keyId = described.kmsKeyId!;
  const fullArn = keyId.startsWith('arn:') && keyId.includes(':key/');
  const key = readable(() => describeKey(ctx, keyId, region));
  // With a full key ARN the policy does not wait for DescribeKey.
  const policy = fullArn ? readable(() => readKeyPolicy(ctx, keyId)) : undefined;
  const keyRead = await key;
  const description: KeyDescription | undefined = keyRead.ok ? keyRead.value : undefined;
  const secret = description ? secretInfoFrom(described, description) : { ...secretInfoFrom(described, undefined), keyArn: fullArn ? keyId : undefined, usesAwsManagedKey: false };
  if (!secret.keyArn) delete secret.keyArn;
  if (description?.awsManaged) return { secret, policy: { ok: true, value: null } };
  if (policy) return { secret, policy: await policy };
  if (!description) return { secret, policy: { ok: false, denied: 'kms:DescribeKey was denied' } };
  return { secret, policy: await readable(() => readKeyPolicy(ctx, description.arn)) };
}

/**
 * One account's path and policies of one type, read with the first credentials that can: the first
 * reader starts at once; the others are tried (one after the other) only when the account is in an
 * organization (or that is not known), so an account outside any costs no more calls.
 */
async function readOrgPath(readers: OrganizationReader[], account: string, type: OrgPolicyType, facts: Promise<OrganizationFacts | undefined>): Promise<OrgPath | undefined> {
  for (let i = 0; i < readers.length; i++) {
    try {
      return await readers[i]!.path(account, type);
    } catch (error) {
      if (!cannotReadOrganization(error)) throw error;
      if (i === 0 && (await facts)?.status === 'none') return undefined;
    }
  }
  return undefined;
}

/** The SCP or RCP layer from the path read (or why it is not there / not known). */
function orgLayer(path: OrgPath | undefined, facts: OrganizationFacts | undefined, type: OrgPolicyType): LayerInput<OrgLevel[]> {
  const kind = type === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs';
  if (path) return path.enabled ? { status: 'known', value: path.levels } : { status: 'none', reason: `${kind} are not enabled in the organization` };
  if (facts?.status === 'none') return { status: 'none', reason: 'the account is not in an organization' };
  return { status: 'unknown', readableBy: ORGANIZATION_READERS };
}

function readersOf(ctx: AwsContext, input: DiagnoseInput, region: string | undefined): { all: OrganizationReader[]; owner: OrganizationReader; consumer?: OrganizationReader } {
  const owner = new OrganizationReader(ctx.owner, region);
  const consumer = ctx.consumer ? new OrganizationReader(ctx.consumer, region) : undefined;
  const all: OrganizationReader[] = [];
  const organization = input.organizations ?? ctx.organization;
  if (organization) all.push(new OrganizationReader(organization, region));
  all.push(owner);
  if (consumer) all.push(consumer);
  return { all, owner, ...(consumer ? { consumer } : {}) };
}

/**
 * The doctor: reads every layer it can in both accounts, at once, and evaluates the whole path.
 *
 * Owner credentials: DescribeSecret and GetResourcePolicy, then DescribeKey and GetKeyPolicy of the
 * secret's key. Consumer credentials (when given): GetRole (unique id, permissions boundary), the
 * attached and inline policy lists, then every document. Organizations (the `organizations`
 * credentials or `ctx.organization`, else the owner's, else the consumer's, whichever can): DescribeOrganization,
 * ListRoots, ListParents up to the root and ListPoliciesForTarget + DescribePolicy at each level,
 * for the consumer account's SCPs and the owner account's RCPs. What cannot be read is `unknown`,
 * with who can read it. Session policies and the VPC endpoint cannot be read from IAM: give them
 * in `input` (otherwise they are taken as not there, and the notes say so).
 *
 * Throws a WizardError on bad input (naming the flag) and when AWS fails for another reason than
 * access denied (the owner must at least be able to describe the secret).
 */
export async function diagnoseAccess(ctx: AwsContext, input: DiagnoseInput): Promise<DiagnoseResult> {
  const first = ctx.calls.length;
  const ref = parseSecretRef(input.secret, '--secret');
  // An unknown region or an ARN whose partition and region disagree: refused before any call.
  await checkRegions(ctx, [{ arn: input.secret, field: '--secret' }]);
  const partition = ref.kind === 'arn' ? ref.secret.partition : 'aws';
  const role = consumerRoleOf(input.consumerRole, partition);
  const parsed = parseErrorInput(input.error);
  const sessionName = sessionNameFor(input.sessionName, parsed, role);
  const region = secretRegion(ctx, input.secret);
  const orgRegion = organizationsRegion(partition, region);

  // Everything that does not depend on another answer starts now.
  const described = describeSecret(ctx, input.secret);
  described.catch(() => undefined); // awaited below
  const secretPolicy = ref.kind === 'arn' ? readable(() => readSecretPolicy(ctx, ref.secret.arn)) : described.then((d) => readable(() => readSecretPolicy(ctx, d.arn)));
  const keySide = described.then((d) => readKeySide(ctx, d));
  const rolePath: Promise<RolePath | undefined> = ctx.consumer && role.name ? readRolePath(ctx.consumer, role.kind as 'role' | 'user', role.name, region) : Promise.resolve(undefined);
  const readers = readersOf(ctx, input, orgRegion);
  const ownerFacts = readers.owner.describe();
  const consumerFacts = readers.consumer?.describe();
  const ownerAccount = ref.kind === 'arn' ? Promise.resolve(ref.secret.account) : described.then((d) => d.arn.split(':')[4] ?? '');
  const scpPath = readOrgPath(readers.all, role.account, 'SERVICE_CONTROL_POLICY', consumerFacts ?? Promise.resolve(undefined));
  const rcpPath = ownerAccount.then((account) => readOrgPath(readers.all, account, 'RESOURCE_CONTROL_POLICY', ownerFacts));
  for (const pending of [secretPolicy, keySide, rolePath, ownerFacts, consumerFacts, scpPath, rcpPath]) pending?.catch(() => undefined);

  const secretDescription = await described;
  const [policyRead, key, rolePathRead, owner, consumer, scps, rcps, owning] = await Promise.all([secretPolicy, keySide, rolePath, ownerFacts, consumerFacts, scpPath, rcpPath, ownerAccount]);

  const notes: string[] = [];
  const unreadable: SimulationInput['unreadable'] = {};
  if (!policyRead.ok) unreadable['secret-policy'] = LAYER_READERS['secret-policy'];
  if (!key.policy.ok) unreadable['key-policy'] = LAYER_READERS['key-policy'];
  let identityPolicies = rolePathRead?.identityPolicies.ok ? rolePathRead.identityPolicies.value : undefined;
  if (!identityPolicies) unreadable['identity-policy'] = LAYER_READERS['identity-policy'];
  if (rolePathRead && !rolePathRead.exists) {
    notes.push(`${role.arn} does not exist in account ${role.account}: create it (or fix --consumer-role) first. A policy naming a deleted role shows its unique id (AROA...) and never matches a recreated one.`);
    identityPolicies = [];
  }
  if (!ctx.consumer) notes.push(`The consumer account ${role.account} was not read (no --consumer-profile): its identity policies and the role's permissions boundary are unknown.`);

  const layers: PathLayers = {};
  layers.permissionsBoundary = rolePathRead ? rolePathRead.boundary : { status: 'unknown', readableBy: LAYER_READERS['permissions-boundary'] };
  layers.scps = orgLayer(scps, consumer ?? (scps ? undefined : { status: 'unknown' }), 'SERVICE_CONTROL_POLICY');
  layers.rcps = orgLayer(rcps, owner, 'RESOURCE_CONTROL_POLICY');
  if (input.sessionPolicies) layers.sessionPolicies = { status: 'known', value: input.sessionPolicies };
  else notes.push('Session policies are not stored in IAM: the doctor takes the role as assumed without one (pass the one used with --session-policy).');
  if (input.vpcEndpoint) layers.vpcEndpoint = { status: 'known', value: input.vpcEndpoint };
  const principalOrgId = consumer?.orgId ?? scps?.orgId;
  if (principalOrgId) layers.principalOrgId = principalOrgId;
  if (scps?.orgPath) layers.principalOrgPaths = [scps.orgPath];
  const resourceOrgId = owner.orgId ?? rcps?.orgId;
  if (resourceOrgId) layers.resourceOrgId = resourceOrgId;
  if (rcps?.orgPath) layers.resourceOrgPaths = [rcps.orgPath];
  const management = [consumer?.managementAccount, owner.managementAccount].find((account) => account === role.account || account === owning) ?? owner.managementAccount ?? consumer?.managementAccount;
  if (management !== undefined && (management === role.account || management === owning)) layers.managementAccount = management;
  if (principalOrgId && !scps?.orgPath) notes.push(`The consumer account's organization path (aws:PrincipalOrgPaths) is unknown: it is read with ListParents, which ${ORGANIZATION_READERS.split(' (')[0]} can call.`);

  const secret = key.secret;
  const simulation: SimulationInput = {
    principal: role,
    secretArn: secretDescription.arn,
    secretPolicy: policyRead.ok ? policyRead.value : null,
    keyPolicy: key.policy.ok ? key.policy.value : null,
    identityPolicies: (identityPolicies ?? []).map((policy) => policy.document),
    identityPolicyNames: (identityPolicies ?? []).map((policy) => policy.name),
    versionStage: input.versionStage ?? 'AWSCURRENT',
    ...layers,
  };
  if (Object.keys(unreadable).length > 0) simulation.unreadable = unreadable;
  if (!secret.usesAwsManagedKey) simulation.keyArn = secret.keyArn ?? secret.kmsKeyId ?? '';
  if (sessionName !== undefined) simulation.sessionName = sessionName;
  if (rolePathRead?.uniqueId) simulation.callerUniqueId = rolePathRead.uniqueId;

  const consumerReadable = identityPolicies !== undefined && ctx.consumer !== undefined;
  const request = doctorShareRequest(secretDescription.arn, role, consumerReadable);
  const state = doctorShareState({
    secret,
    secretPolicy: simulation.secretPolicy,
    keyPolicy: simulation.keyPolicy,
    role,
    request,
    identityPolicies,
    consumerReadable,
    ...(rolePathRead ? { roleExists: rolePathRead.exists } : {}),
    layers,
  });
  const result = diagnose({ input: simulation, state, request, role, owner: owning, ...(management ? { management } : {}), ...(parsed ? { parsed } : {}), notes });
  const calls = ctx.calls.slice(first);
  const depths = calls.map((call) => call.depth ?? 1);
  result.reads = { calls: calls.length, roundTrips: depths.length === 0 ? 0 : Math.max(...depths) - Math.min(...depths) + 1, operations: countCalls(calls) };
  return result;
}
