import { LAYER_LABELS } from '../simulate/layer-labels';
import type { SimulationResult } from '../simulate/simulate-types';
import type { DoctorCall, MessageCheck } from './doctor-types';
import type { ParsedAccessDenied } from './parse-access-denied';

const CALL_OF_CHECK: readonly DoctorCall[] = ['secretsmanager:GetSecretValue', 'kms:Decrypt'];

/** The role name in a role or session ARN (`role/PATH/NAME`, `assumed-role/NAME/SESSION`). */
function roleName(arn: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  if (resource.startsWith('assumed-role/')) return resource.split('/')[1];
  if (resource.startsWith('role/')) return resource.slice(resource.lastIndexOf('/') + 1);
  return undefined;
}

/**
 * Does the doctor's answer agree with AWS's message? They agree when both name the same layer (or,
 * for "Access to KMS is not allowed", when the doctor also finds the KMS call denied). When they do
 * not, the text says what that means: a layer the doctor could not read, documents that changed
 * since the error, another caller, or a layer only files can give (session policy, VPC endpoint).
 */
export function compareWithMessage(parsed: ParsedAccessDenied, result: SimulationResult, consumerRole: string): MessageCheck {
  const failing = result.checks.findIndex((check) => !check.allowed);
  const doctorCall = failing >= 0 ? CALL_OF_CHECK[failing] : undefined;
  const doctorLayer = result.allowed ? undefined : result.decidingLayer;
  const caller = parsed.principal && roleName(parsed.principal) !== undefined && roleName(parsed.principal) !== roleName(consumerRole)
    ? ` Note: the message is about ${parsed.principal}, not ${consumerRole}: diagnose that role instead.`
    : '';

  if (parsed.layer !== undefined) {
    const named = LAYER_LABELS[parsed.layer];
    if (doctorLayer === parsed.layer) {
      return { parsed, agrees: true, text: `AWS and the doctor agree: ${parsed.action ?? 'the call'} is denied by ${named}.${caller}` };
    }
    if (result.unknownLayers.includes(parsed.layer)) {
      return {
        parsed,
        agrees: false,
        text: `AWS names ${named}, which the doctor could not read: that layer is the cause. Every layer the doctor could read ${result.allowed ? 'allows the read' : `is not enough on its own (it finds ${doctorLayer ? LAYER_LABELS[doctorLayer] : 'another layer'} denying too)`}; ask whoever can read ${named} to change it.${caller}`,
      };
    }
    if (doctorLayer !== undefined) {
      return {
        parsed,
        agrees: false,
        text: `AWS names ${named}; the doctor finds ${LAYER_LABELS[doctorLayer]} denying. AWS reports one reason only, so both may be true: fix both. Otherwise the documents changed since the error (run the call again).${caller}`,
      };
    }
    return {
      parsed,
      agrees: false,
      text: `AWS names ${named}, but the documents read now allow the read: either they changed since the error (run the call again), or the cause is a layer that was not given to the doctor${parsed.layer === 'session-policy' ? ' (session policies cannot be read from IAM: pass the one used with --session-policy)' : parsed.layer === 'vpc-endpoint-policy' ? ' (pass the endpoint policy with --endpoint-policy)' : ''}.${caller}`,
    };
  }

  if (parsed.call === 'kms:Decrypt') {
    if (doctorCall === 'kms:Decrypt') {
      return { parsed, agrees: true, text: `AWS and the doctor agree: the kms:Decrypt Secrets Manager makes for the caller is denied, by ${doctorLayer ? LAYER_LABELS[doctorLayer] : 'a layer on the KMS call'} (AWS's message does not say which).${caller}` };
    }
    const kmsUnknown = result.checks[1]?.unknownLayers ?? [];
    if (doctorCall === undefined && kmsUnknown.length > 0) {
      return { parsed, agrees: false, text: `AWS says the KMS call is denied; every layer of it the doctor could read allows it, so the cause is among those it could not read: ${kmsUnknown.map((layer) => LAYER_LABELS[layer]).join(', ')}.${caller}` };
    }
    return {
      parsed,
      agrees: false,
      text: `AWS says the KMS call is denied, but the doctor ${doctorCall ? `finds ${doctorCall} denied first` : 'finds it allowed'}: the key or its policy may have changed since the error, or the secret's version asked for is encrypted with another key.${caller}`,
    };
  }

  return { parsed, agrees: !result.allowed, text: `AWS's message does not name a layer; the doctor ${result.allowed ? 'finds the read allowed' : `finds ${doctorLayer ? LAYER_LABELS[doctorLayer] : 'a layer'} denying`}.${caller}` };
}
