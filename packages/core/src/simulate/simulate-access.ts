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

/** The keys about the caller and the call, shared by both requests. */
function principalContext(caller: Caller, input: SimulationInput, region: string): RequestContext {
  const context = new RequestContext({
    'aws:PrincipalAccount': caller.account,
    'aws:PrincipalArn': caller.arn,
    'aws:PrincipalType': caller.kind === 'user' ? 'User' : caller.kind === 'root' ? 'Account' : 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': region,
    'aws:PrincipalOrgID': input.principalOrgId,
  }).setTime(input.currentTime ?? new Date());
  if (caller.kind === 'user' && caller.arn) context.set('aws:username', caller.arn.slice(caller.arn.lastIndexOf('/') + 1));
  return context;
}

function secretRequest(caller: Caller, input: SimulationInput, shared: RequestContext, secretAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared)
    .set('aws:ResourceAccount', secretAccount)
    .set('aws:ViaAWSService', 'false')
    .set('secretsmanager:SecretId', input.secretArn)
    .set('secretsmanager:VersionStage', [input.versionStage ?? 'AWSCURRENT']);
  if (input.versionId !== undefined) context.set('secretsmanager:VersionId', input.versionId);
  for (const [key, value] of Object.entries(input.secretTags ?? {})) {
    context.set(`secretsmanager:ResourceTag/${key}`, value).set(`aws:ResourceTag/${key}`, value);
  }
  return { caller, action: GET_SECRET_VALUE, resource: input.secretArn, context };
}

function keyRequest(caller: Caller, input: SimulationInput, shared: RequestContext, keyArn: string, region: string, keyAccount: string): AccessRequest {
  const context = new RequestContext(undefined, shared)
    .set('aws:ResourceAccount', keyAccount)
    .set('aws:ViaAWSService', 'true')
    .set('kms:CallerAccount', caller.account)
    .set('kms:ViaService', `secretsmanager.${region}.amazonaws.com`)
    .set('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')
    .set('kms:EncryptionContext:SecretARN', input.secretArn)
    .set('kms:EncryptionContext:SecretVersionId', input.versionId ?? UNKNOWN_VERSION_ID)
    .set('kms:EncryptionContextKeys', ENCRYPTION_CONTEXT_KEYS);
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
