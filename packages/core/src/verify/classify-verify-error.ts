import { awsErrorName } from '../aws/aws-errors';
import { parsePrincipal } from '../arn/principal';
import type { Plan, PolicyChange } from '../plan/plan-types';
import { simulateAccess } from '../simulate/simulate-access';
import { LAYER_LABELS } from '../simulate/layer-labels';
import type { Layer, SimulationResult } from '../simulate/simulate-types';
import type { VerifyErrorClass, VerifyFailure } from './verify-types';
import { regionOf } from '../arn/arn';

export interface ClassifyInput {
  error: unknown;
  secretArn: string;
  versionStage: string;
  /** ARN of the role or user that called (the role for an assumed-role session). */
  callerArn?: string;
  plan?: Plan;
  /** True when the secret is known to use `aws/secretsmanager` (from the plan or the owner's DescribeSecret). */
  awsManagedKey?: boolean;
}

const LAYER_WORDS: Record<Layer, string> = {
  ...LAYER_LABELS,
  'identity-policy': 'the consumer identity policy (on the role or user)',
  'secret-policy': 'the secret resource policy',
  'key-policy': 'the KMS key policy',
};

function documentOf(plan: Plan, kind: PolicyChange['kind']) {
  const change = plan.changes.find((c): c is PolicyChange => c.kind === kind);
  return change ? change.after : null;
}

/** The simulator on the plan's documents (as written): which layer decides? */
export function simulatePlanDocuments(plan: Plan, versionStage: string, callerArn?: string): SimulationResult {
  const keyChange = plan.changes.find((c): c is PolicyChange => c.kind === 'key-policy');
  const keyArn = keyChange?.target ?? plan.secret.keyArn;
  const identity = documentOf(plan, 'identity-policy');
  let principal = plan.consumer;
  if (callerArn && plan.consumer.kind === 'account') {
    try {
      principal = parsePrincipal(callerArn, 'consumerRole', plan.consumer.partition);
    } catch {
      principal = plan.consumer;
    }
  }
  return simulateAccess({
    principal,
    secretArn: plan.secret.arn,
    ...(keyArn && !plan.secret.usesAwsManagedKey ? { keyArn } : {}),
    secretPolicy: documentOf(plan, 'secret-policy'),
    keyPolicy: plan.secret.usesAwsManagedKey && !keyChange ? null : documentOf(plan, 'key-policy'),
    identityPolicies: identity ? [identity] : [],
    versionStage,
    ...(callerArn ? { callerArn } : {}),
  });
}

/** AWS's own words, when its message says which kind of policy is missing or denies. */
function layerFromMessage(message: string): Layer | undefined {
  if (/resource-based policy/i.test(message)) return 'secret-policy';
  if (/identity-based policy/i.test(message)) return 'identity-policy';
  return undefined;
}

function isKmsDenial(name: string, message: string): boolean {
  return /Access to KMS is not allowed/i.test(message) || /kms:Decrypt/i.test(message) || /^(KMSAccessDenied|KMSInvalidState|KMSDisabled)/.test(name) || /KMS/i.test(name);
}

/**
 * Turns a failed GetSecretValue into one of the classes a user can act on, each with the fix:
 * access denied on the secret or on KMS (naming the missing layer from AWS's message, or from the
 * simulator on the plan's documents), not found, the AWS managed key, or other.
 */
export function classifyVerifyError(input: ClassifyInput): Omit<VerifyFailure, 'ok' | 'secretArn' | 'versionStage' | 'principal'> {
  const name = awsErrorName(input.error) || 'Error';
  const message = input.error instanceof Error ? input.error.message : String(input.error);
  const awsError = { name, message };
  const region = regionOf(input.secretArn) ?? '';
  const make = (errorClass: VerifyErrorClass, text: string, fix: string, missingLayer?: Layer) => ({ errorClass, message: text, fix, awsError, ...(missingLayer ? { missingLayer } : {}) });

  if (/ResourceNotFound/.test(name)) {
    return make(
      'not-found',
      `Secrets Manager found no secret ${input.secretArn} for this caller in ${region}.`,
      `From another account, call GetSecretValue with the FULL secret ARN (ending in -XXXXXX), never the name (a name resolves in the caller's own account), in the secret's region ${region} (--region ${region}). If the ARN is right, the secret may have been deleted or scheduled for deletion. (moto, the local emulator, cannot read across accounts and always answers this.)`,
    );
  }

  const denied = /AccessDenied|NotAuthorized|Unauthorized/i.test(name) || /not authorized|Access to KMS is not allowed|access denied/i.test(message);
  if (!denied) {
    if (/Decryption/i.test(name)) return make('access-denied-kms', `Secrets Manager could not decrypt the secret with its KMS key: ${message}`, 'Check that the key is enabled and that the key policy and the identity policy allow kms:Decrypt via Secrets Manager', 'key-policy');
    return make('other', `GetSecretValue failed: ${name}: ${message}`, 'Check the message; run verify again once it is resolved');
  }

  const kms = isKmsDenial(name, message);
  const usesManagedKey = input.awsManagedKey ?? (input.plan ? input.plan.secret.usesAwsManagedKey && !input.plan.changes.some((c) => c.kind === 'secret-key') : false);
  if (kms && usesManagedKey) {
    return make(
      'aws-managed-key',
      'The secret is encrypted with the AWS managed key aws/secretsmanager, whose fixed key policy only allows its own account: no other account can ever decrypt it.',
      `Move the secret to a customer managed key (secret-share-wizard apply --move-to-key new, or --move-to-key <key ARN>), then share again`,
      'key-policy',
    );
  }

  const fromMessage = kms ? undefined : layerFromMessage(message);
  let layer: Layer | undefined = fromMessage;
  let simulated = '';
  if (!layer && input.plan) {
    const result = simulatePlanDocuments(input.plan, input.versionStage, input.callerArn);
    const check = result.checks.find((c) => (kms ? c.action.startsWith('kms:') : c.action.startsWith('secretsmanager:')) && !c.allowed);
    layer = check?.decidingLayer ?? result.decidingLayer;
    simulated = result.allowed
      ? ' The simulator finds the planned documents sufficient, so something outside them denies (the plan not applied, another Deny, a service control policy or permissions boundary).'
      : ` The simulator on the plan's documents agrees: ${check?.explanation ?? result.explanation}`;
  }
  if (kms) {
    const where = layer ? LAYER_WORDS[layer] : 'the KMS key policy or the consumer identity policy';
    return make(
      'access-denied-kms',
      `Access to the secret's KMS key was denied: the missing kms:Decrypt grant is in ${where}.${simulated}`,
      layer === 'identity-policy'
        ? 'Add kms:Decrypt on the key ARN (with kms:ViaService = secretsmanager.REGION.amazonaws.com) to the consumer identity policy: apply the share again with the identity policy managed or inline'
        : 'Allow the consumer kms:Decrypt in the key policy (via Secrets Manager), and on the consumer side in its identity policy: apply the share again',
      layer ?? 'key-policy',
    );
  }
  const where = layer ? LAYER_WORDS[layer] : 'the secret resource policy or the consumer identity policy';
  return make(
    'access-denied-secret',
    `GetSecretValue on the secret was denied: the missing (or denying) statement is in ${where}.${simulated}`,
    layer === 'identity-policy'
      ? 'Allow secretsmanager:GetSecretValue on the full secret ARN in the consumer identity policy (apply the share again with an identity policy)'
      : `Allow the consumer secretsmanager:GetSecretValue in the secret's resource policy (apply the share again); check the version stage asked for (${input.versionStage}) matches the grant`,
    layer ?? 'secret-policy',
  );
}
