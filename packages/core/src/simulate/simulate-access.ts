import { cachedArn } from './arn-cache';
import type { ConsumerPrincipal } from '../arn/principal';
import { awsManagedSecretsKeyAliasArn, awsManagedSecretsKeyPolicy } from './aws-managed-key';
import { evaluate, type Evaluation } from './evaluate';
import type { AccessRequest } from './evaluate-policy';
import { explainCheck, summarize } from './explain';
import type { Caller } from './principal-match';
import { RequestContext } from './request-context';
import type { AccessCheck, SimulationInput, SimulationResult } from './simulate-types';

export const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
export const KMS_DECRYPT = 'kms:Decrypt';
/** Used for `kms:EncryptionContext:SecretVersionId` when the input names no version. */
export const UNKNOWN_VERSION_ID = 'EXAMPLE-VERSION-ID';
const ENCRYPTION_CONTEXT_KEYS: readonly string[] = Object.freeze(['SecretARN', 'SecretVersionId']);

/** The simulated caller: a role or user as given; for an account, some (unnamed) role in it. */
export function callerFor(principal: ConsumerPrincipal, callerArn?: string): Caller {
  if (principal.kind === 'account') {
    const caller: Caller = { kind: 'account', account: principal.account, partition: principal.partition };
    if (callerArn !== undefined) {
      caller.kind = callerArn.includes(':user/') ? 'user' : 'role';
      caller.arn = callerArn;
    }
    return caller;
  }
  return { kind: principal.kind, account: principal.account, partition: principal.partition, arn: principal.arn };
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

/** The keys about the caller and the call, shared by both requests. */
function principalContext(caller: Caller, input: SimulationInput, region: string): RequestContext {
  const context = new RequestContext()
    .setLower(KEY.principalAccount, caller.account)
    .setLower(KEY.principalType, caller.kind === 'user' ? 'User' : caller.kind === 'root' ? 'Account' : 'AssumedRole')
    .setLower(KEY.principalIsAwsService, 'false')
    .setLower(KEY.secureTransport, 'true')
    .setLower(KEY.requestedRegion, region)
    .setTime(input.currentTime ?? new Date());
  if (caller.arn !== undefined) context.setLower(KEY.principalArn, caller.arn);
  if (input.principalOrgId !== undefined) context.setLower(KEY.principalOrgId, input.principalOrgId);
  if (caller.kind === 'user' && caller.arn) context.setLower(KEY.username, caller.arn.slice(caller.arn.lastIndexOf('/') + 1));
  return context;
}

function secretRequest(caller: Caller, input: SimulationInput, shared: RequestContext, secretAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared)
    .setLower(KEY.resourceAccount, secretAccount)
    .setLower(KEY.viaAwsService, 'false')
    .setLower(KEY.secretId, input.secretArn)
    .setLower(KEY.versionStage, input.versionStage ?? 'AWSCURRENT');
  if (input.versionId !== undefined) context.setLower(KEY.versionId, input.versionId);
  if (input.secretTags !== undefined) {
    for (const [key, value] of Object.entries(input.secretTags)) {
      context.set(`secretsmanager:ResourceTag/${key}`, value).set(`aws:ResourceTag/${key}`, value);
    }
  }
  return { caller, action: GET_SECRET_VALUE, resource: input.secretArn, context };
}

function keyRequest(caller: Caller, input: SimulationInput, shared: RequestContext, keyArn: string, region: string, keyAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared)
    .setLower(KEY.resourceAccount, keyAccount)
    .setLower(KEY.viaAwsService, 'true')
    .setLower(KEY.callerAccount, caller.account)
    .setLower(KEY.viaService, `secretsmanager.${region}.amazonaws.com`)
    .setLower(KEY.encryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    .setLower(KEY.contextSecretArn, input.secretArn)
    .setLower(KEY.contextSecretVersionId, input.versionId ?? UNKNOWN_VERSION_ID)
    .setLower(KEY.contextKeys, ENCRYPTION_CONTEXT_KEYS);
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
  return result;
}

/**
 * Can the consumer read the secret? Checks `secretsmanager:GetSecretValue` on the secret and
 * `kms:Decrypt` on its key through Secrets Manager, each against the resource policy and the
 * consumer's identity policies, with AWS's cross-account rules. Works on documents alone (no AWS).
 */
export function simulateAccess(input: SimulationInput): SimulationResult {
  const secret = cachedArn(input.secretArn);
  const region = secret?.region ?? '';
  const secretAccount = secret?.account ?? '';
  const partition = secret?.partition ?? input.principal.partition;
  const caller = callerFor(input.principal, input.callerArn);
  const shared = principalContext(caller, input, region);

  const secretReq = secretRequest(caller, input, shared, secretAccount);
  const secretEval = evaluate({ request: secretReq, identityPolicies: input.identityPolicies, resourcePolicy: input.secretPolicy, resourceLayer: 'secret-policy', resourceAccount: secretAccount });

  const managedKey = input.keyArn === undefined;
  const keyArn = input.keyArn ?? awsManagedSecretsKeyAliasArn(secretAccount, region, partition);
  const keyAccount = managedKey ? secretAccount : (cachedArn(keyArn)?.account ?? '');
  const keyPolicy = managedKey ? awsManagedSecretsKeyPolicy(secretAccount, region, partition) : input.keyPolicy;
  const keyReq = keyRequest(caller, input, shared, keyArn, region, keyAccount);
  const keyEval = evaluate({ request: keyReq, identityPolicies: input.identityPolicies, resourcePolicy: keyPolicy, resourceLayer: 'key-policy', resourceAccount: keyAccount });

  const checks = [check(secretEval, secretReq, input, false), check(keyEval, keyReq, input, managedKey)];
  return summarize(checks, [secretEval, keyEval], caller);
}

// The lower-level evaluator, for checking single requests (e.g. other actions) against documents.
export { evaluate, type DenyReason, type Evaluation, type EvaluationInput } from './evaluate';
export type { AccessRequest, PolicyEvaluation } from './evaluate-policy';
export type { Caller, PrincipalMatch } from './principal-match';
export { RequestContext } from './request-context';
export { awsManagedSecretsKeyPolicy } from './aws-managed-key';
