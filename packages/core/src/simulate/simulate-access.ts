import { cachedArn } from './arn-cache';
import type { ConsumerPrincipal } from '../arn/principal';
import { awsManagedSecretsKeyAliasArn, awsManagedSecretsKeyPolicy } from './aws-managed-key';
import { evaluate, type Evaluation, type EvaluationInput } from './evaluate';
import type { AccessRequest } from './evaluate-policy';
import { explainCheck, summarize } from './explain';
import type { Caller } from './principal-match';
import { RequestContext } from './request-context';
import type { PolicyDocument } from '../policy/policy-types';
import type { AccessCheck, LayerInput, SimulationInput, SimulationResult } from './simulate-types';

export const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
export const KMS_DECRYPT = 'kms:Decrypt';
/** Used for `kms:EncryptionContext:SecretVersionId` when the input names no version. */
export const UNKNOWN_VERSION_ID = 'EXAMPLE-VERSION-ID';
const ENCRYPTION_CONTEXT_KEYS: readonly string[] = Object.freeze(['SecretARN', 'SecretVersionId']);

/** What the caller is besides its principal: the session, the unique id, a boundary. */
export interface CallerDetails {
  sessionName?: string;
  uniqueId?: string;
  hasBoundary?: boolean;
}

const NO_DETAILS: CallerDetails = Object.freeze({});

/** The simulated caller: a role or user as given; for an account, some (unnamed) role in it. */
export function callerFor(principal: ConsumerPrincipal, callerArn?: string, details: CallerDetails = {}): Caller {
  let caller: Caller;
  if (principal.kind === 'role' || principal.kind === 'user') {
    caller = { kind: principal.kind, account: principal.account, partition: principal.partition, arn: principal.arn };
  } else {
    // An account, or an organization / OU (some principal of a member account: the planner names it).
    caller = { kind: 'account', account: principal.account, partition: principal.partition };
    if (callerArn !== undefined) {
      caller.kind = callerArn.includes(':user/') ? 'user' : 'role';
      caller.arn = callerArn;
    }
  }
  if (caller.kind === 'role' && caller.arn !== undefined) caller.roleName = caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
  if (caller.kind === 'role' && details.sessionName !== undefined) caller.sessionName = details.sessionName;
  if (caller.kind !== 'account' && details.uniqueId !== undefined) caller.uniqueId = details.uniqueId;
  if (details.hasBoundary === true) caller.hasBoundary = true;
  return caller;
}

/** Condition keys the simulator sets, in lower case (keys are case-insensitive). */
const KEY = {
  principalAccount: 'aws:principalaccount',
  principalArn: 'aws:principalarn',
  principalType: 'aws:principaltype',
  principalIsAwsService: 'aws:principalisawsservice',
  secureTransport: 'aws:securetransport',
  requestedRegion: 'aws:requestedregion',
  principalOrgId: 'aws:principalorgid',
  principalOrgPaths: 'aws:principalorgpaths',
  resourceOrgId: 'aws:resourceorgid',
  resourceOrgPaths: 'aws:resourceorgpaths',
  sourceVpce: 'aws:sourcevpce',
  sourceVpc: 'aws:sourcevpc',
  userId: 'aws:userid',
  username: 'aws:username',
  resourceAccount: 'aws:resourceaccount',
  viaAwsService: 'aws:viaawsservice',
  secretId: 'secretsmanager:secretid',
  versionStage: 'secretsmanager:versionstage',
  versionId: 'secretsmanager:versionid',
  callerAccount: 'kms:calleraccount',
  viaService: 'kms:viaservice',
  encryptionAlgorithm: 'kms:encryptionalgorithm',
  contextSecretArn: 'kms:encryptioncontext:secretarn',
  contextSecretVersionId: 'kms:encryptioncontext:secretversionid',
  contextKeys: 'kms:encryptioncontextkeys',
} as const;

// Values every simulated request of a kind carries: shared maps, looked up, never copied per request.
const CALLER_DEFAULTS: ReadonlyMap<string, string> = new Map([
  [KEY.principalIsAwsService, 'false'],
  [KEY.secureTransport, 'true'],
]);
const SECRET_DEFAULTS: ReadonlyMap<string, string> = new Map([[KEY.viaAwsService, 'false']]);
const kmsDefaultsByRegion = new Map<string, ReadonlyMap<string, string | readonly string[]>>();

/** The KMS call Secrets Manager makes: through Secrets Manager in the secret's region. */
function kmsDefaults(region: string): ReadonlyMap<string, string | readonly string[]> {
  let found = kmsDefaultsByRegion.get(region);
  if (found === undefined) {
    if (kmsDefaultsByRegion.size >= 1_000) kmsDefaultsByRegion.clear();
    found = new Map<string, string | readonly string[]>([
      [KEY.viaAwsService, 'true'],
      [KEY.viaService, `secretsmanager.${region}.amazonaws.com`],
      [KEY.encryptionAlgorithm, 'SYMMETRIC_DEFAULT'],
      [KEY.contextKeys, ENCRYPTION_CONTEXT_KEYS],
    ]);
    kmsDefaultsByRegion.set(region, found);
  }
  return found;
}

/** The keys about the caller and the call, shared by both requests. */
function principalContext(caller: Caller, input: SimulationInput, region: string): RequestContext {
  const context = new RequestContext(undefined, undefined, CALLER_DEFAULTS)
    .setLower(KEY.principalAccount, caller.account)
    .setLower(KEY.principalType, caller.kind === 'user' ? 'User' : caller.kind === 'root' ? 'Account' : 'AssumedRole')
    .setLower(KEY.requestedRegion, region)
    .setTime(input.currentTime ?? new Date());
  if (caller.arn !== undefined) context.setLower(KEY.principalArn, caller.arn);
  if (input.principalOrgId !== undefined) context.setLower(KEY.principalOrgId, input.principalOrgId);
  if (input.principalOrgPaths !== undefined && input.principalOrgPaths.length > 0) context.setLower(KEY.principalOrgPaths, input.principalOrgPaths);
  if (caller.kind === 'user' && caller.arn) context.setLower(KEY.username, caller.arn.slice(caller.arn.lastIndexOf('/') + 1));
  if (caller.uniqueId !== undefined) context.setLower(KEY.userId, caller.kind === 'role' && caller.sessionName !== undefined ? `${caller.uniqueId}:${caller.sessionName}` : caller.uniqueId);
  return context;
}

/** `aws:ResourceOrgID` / `aws:ResourceOrgPaths` for a resource of the secret's account. */
function setResourceOrg(context: RequestContext, input: SimulationInput): void {
  if (input.resourceOrgId !== undefined) context.setLower(KEY.resourceOrgId, input.resourceOrgId);
  if (input.resourceOrgPaths !== undefined && input.resourceOrgPaths.length > 0) context.setLower(KEY.resourceOrgPaths, input.resourceOrgPaths);
}

function secretRequest(caller: Caller, input: SimulationInput, shared: RequestContext, secretAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared, SECRET_DEFAULTS)
    .setLower(KEY.resourceAccount, secretAccount)
    .setLower(KEY.secretId, input.secretArn)
    .setLower(KEY.versionStage, input.versionStage ?? 'AWSCURRENT');
  if (input.versionId !== undefined) context.setLower(KEY.versionId, input.versionId);
  setResourceOrg(context, input);
  // Through an interface endpoint: aws:SourceVpce / aws:SourceVpc are present (only on this call).
  const endpoint = input.vpcEndpoint;
  if (endpoint?.status === 'known') {
    if (endpoint.value.endpointId !== undefined) context.setLower(KEY.sourceVpce, endpoint.value.endpointId);
    if (endpoint.value.vpcId !== undefined) context.setLower(KEY.sourceVpc, endpoint.value.vpcId);
  }
  if (input.secretTags !== undefined) {
    for (const [key, value] of Object.entries(input.secretTags)) {
      context.set(`secretsmanager:ResourceTag/${key}`, value).set(`aws:ResourceTag/${key}`, value);
    }
  }
  return { caller, action: GET_SECRET_VALUE, resource: input.secretArn, context };
}

function keyRequest(caller: Caller, input: SimulationInput, shared: RequestContext, keyArn: string, region: string, keyAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared, kmsDefaults(region))
    .setLower(KEY.resourceAccount, keyAccount)
    .setLower(KEY.callerAccount, caller.account)
    .setLower(KEY.contextSecretArn, input.secretArn)
    .setLower(KEY.contextSecretVersionId, input.versionId ?? UNKNOWN_VERSION_ID);
  if (keyAccount === cachedArn(input.secretArn)?.account) setResourceOrg(context, input);
  return { caller, action: KMS_DECRYPT, resource: keyArn, context };
}

function check(evaluation: Evaluation, request: AccessRequest, input: SimulationInput, managedKey: boolean): AccessCheck {
  const result: AccessCheck = {
    action: request.action,
    resource: request.resource,
    allowed: evaluation.allowed,
    layers: evaluation.layers,
    explanation: explainCheck(evaluation, request, input, managedKey),
  };
  if (!evaluation.allowed && evaluation.decidingLayer) result.decidingLayer = evaluation.decidingLayer;
  if (evaluation.unknown.length > 0) result.unknownLayers = evaluation.unknown;
  return result;
}

/** An organization layer, unless `account` is the management account (not governed by SCPs or RCPs). */
function governed<T>(layer: LayerInput<T> | undefined, account: string, input: SimulationInput): LayerInput<T> | undefined {
  return input.managementAccount !== undefined && account === input.managementAccount ? undefined : layer;
}

/** The request's own part of an evaluation, with the caller's layers (shared by both calls) set. */
function evaluationInput(request: AccessRequest, input: SimulationInput, caller: Caller, resourcePolicy: PolicyDocument | null, resourceLayer: 'secret-policy' | 'key-policy', resourceAccount: string): EvaluationInput {
  const evaluation: EvaluationInput = { request, identityPolicies: input.identityPolicies, resourcePolicy, resourceLayer, resourceAccount };
  if (input.identityPolicyNames !== undefined) evaluation.identityPolicyNames = input.identityPolicyNames;
  if (input.permissionsBoundary !== undefined) evaluation.permissionsBoundary = input.permissionsBoundary;
  if (input.sessionPolicies !== undefined) evaluation.sessionPolicies = input.sessionPolicies;
  if (input.scps !== undefined) {
    const scps = governed(input.scps, caller.account, input);
    if (scps !== undefined) evaluation.scps = scps;
  }
  return evaluation;
}

/** Only the unreadable entries that concern this request's layers. */
function unreadableFor(input: SimulationInput, resourceLayer: 'secret-policy' | 'key-policy', resourceKnown = false): EvaluationInput['unreadable'] {
  const all = input.unreadable;
  if (all === undefined) return undefined;
  const identity = all['identity-policy'];
  const resource = resourceKnown ? undefined : all[resourceLayer];
  if (identity === undefined && resource === undefined) return undefined;
  return { ...(identity !== undefined ? { 'identity-policy': identity } : {}), ...(resource !== undefined ? { [resourceLayer]: resource } : {}) };
}

/**
 * Can the consumer read the secret? Checks `secretsmanager:GetSecretValue` on the secret and
 * `kms:Decrypt` on its key, made by Secrets Manager on the caller's behalf (the caller is still the
 * consumer; `kms:ViaService` = secretsmanager.REGION.amazonaws.com, `kms:CallerAccount` = the
 * consumer account, `kms:EncryptionContext:SecretARN` = the secret), each through every layer:
 * identity policies, permissions boundary, session policy, SCPs of the caller's account, RCPs of the
 * resource's account (not on AWS managed keys), the secret or key policy, and the VPC endpoint
 * policy (GetSecretValue only: the KMS call Secrets Manager makes does not go through the caller's
 * endpoint and carries no aws:SourceVpce / aws:SourceVpc). Works on documents alone (no AWS).
 */
export function simulateAccess(input: SimulationInput): SimulationResult {
  const secret = cachedArn(input.secretArn);
  const region = secret?.region ?? '';
  const secretAccount = secret?.account ?? '';
  const partition = secret?.partition ?? input.principal.partition;
  const caller = callerFor(input.principal, input.callerArn, NO_DETAILS);
  if (input.sessionName !== undefined && caller.kind === 'role') caller.sessionName = input.sessionName;
  if (input.callerUniqueId !== undefined && caller.kind !== 'account') caller.uniqueId = input.callerUniqueId;
  if (input.permissionsBoundary?.status === 'known') caller.hasBoundary = true;
  const shared = principalContext(caller, input, region);

  const secretReq = secretRequest(caller, input, shared, secretAccount);
  const secretInput = evaluationInput(secretReq, input, caller, input.secretPolicy, 'secret-policy', secretAccount);
  if (input.rcps !== undefined) {
    const secretRcps = governed(input.rcps, secretAccount, input);
    if (secretRcps !== undefined) secretInput.rcps = secretRcps;
  }
  if (input.vpcEndpoint !== undefined) secretInput.vpcEndpoint = input.vpcEndpoint;
  if (input.unreadable !== undefined) {
    const secretUnreadable = unreadableFor(input, 'secret-policy');
    if (secretUnreadable !== undefined) secretInput.unreadable = secretUnreadable;
  }
  const secretEval = evaluate(secretInput);

  const managedKey = input.keyArn === undefined;
  const keyArn = input.keyArn ?? awsManagedSecretsKeyAliasArn(secretAccount, region, partition);
  const keyAccount = managedKey ? secretAccount : (cachedArn(keyArn)?.account ?? '');
  const keyPolicy = managedKey ? awsManagedSecretsKeyPolicy(secretAccount, region, partition) : input.keyPolicy;
  const keyReq = keyRequest(caller, input, shared, keyArn, region, keyAccount);
  const keyInput = evaluationInput(keyReq, input, caller, keyPolicy, 'key-policy', keyAccount);
  // RCPs do not apply to AWS managed keys; a key in another account has its own account's RCPs.
  const keyRcps = managedKey ? undefined : governed(keyAccount === secretAccount ? input.rcps : input.keyRcps, keyAccount, input);
  if (keyRcps !== undefined) keyInput.rcps = keyRcps;
  if (input.unreadable !== undefined) {
    // The AWS managed key's policy is known (fixed by AWS).
    const keyUnreadable = unreadableFor(input, 'key-policy', managedKey);
    if (keyUnreadable !== undefined) keyInput.unreadable = keyUnreadable;
  }
  const keyEval = evaluate(keyInput);

  const checks = [check(secretEval, secretReq, input, false), check(keyEval, keyReq, input, managedKey)];
  return summarize(checks, [secretEval, keyEval], secretAccount, caller, input);
}

// The lower-level evaluator, for checking single requests (e.g. other actions) against documents.
export { evaluate, type DenyReason, type Evaluation, type EvaluationInput } from './evaluate';
export type { AccessRequest, PolicyEvaluation } from './evaluate-policy';
export type { Caller, PrincipalMatch } from './principal-match';
export { RequestContext } from './request-context';
export { awsManagedSecretsKeyPolicy } from './aws-managed-key';
