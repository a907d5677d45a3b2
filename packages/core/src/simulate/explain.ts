import { asArray } from '../policy/parse-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { Evaluation } from './evaluate';
import { nearMiss, type AccessRequest, type NearMiss } from './evaluate-policy';
import { isUniqueIdPrincipal, type Caller } from './principal-match';
import type { AccessCheck, Layer, SimulationInput, SimulationResult, StatementRef } from './simulate-types';

/** Plain-words explanations of a simulation: what decided, and what to change. */

const LAYER_NAMES: Record<Layer, string> = {
  'secret-policy': "the secret's resource policy",
  'key-policy': 'the KMS key policy',
  'identity-policy': "the consumer's identity policy",
};

/** The principal as policies name it: the role/user ARN, or the account root for an unnamed principal. */
export function principalName(caller: Caller): string {
  return caller.arn ?? `arn:${caller.partition}:iam::${caller.account}:root`;
}

function describeStatement(ref: StatementRef): string {
  return ref.sid === undefined ? `statement ${ref.index}` : `statement ${ref.index} (Sid "${ref.sid}")`;
}

function regionOf(request: AccessRequest): string {
  return request.context.get('aws:RequestedRegion')?.[0] ?? 'REGION';
}

function show(values: readonly string[]): string {
  return JSON.stringify(values.length === 1 ? values[0] : values);
}

/** A statement that would have allowed but for its condition, in words; empty when there is none. */
function nearMissText(miss: NearMiss | undefined): string {
  if (!miss) return '';
  const { condition } = miss;
  const asked = condition.context === undefined || condition.context.length === 0 ? 'the request has no value for it' : `the request has ${show(condition.context)}`;
  return ` (${describeStatement(miss.statement)} would allow it, but its condition ${condition.operator} ${condition.key} = ${show(condition.values)} does not hold: ${asked})`;
}

/** What to do about a near miss. */
function nearMissFix(miss: NearMiss): string {
  if (miss.condition.key.toLowerCase() === 'secretsmanager:versionstage') {
    return `The grant is limited to the version stage ${show(miss.condition.values)}: ask for that version, or widen the grant to any version.`;
  }
  return 'Make the request meet that condition, or change the condition.';
}

/** Statements naming a deleted role or user (`AROA...`/`AIDA...`), in words. */
function uniqueIdText(document: PolicyDocument | null): string {
  if (!document) return '';
  for (let i = 0; i < document.Statement.length; i++) {
    const principal = document.Statement[i]!.Principal;
    if (typeof principal !== 'object') continue;
    const id = asArray(principal.AWS).find(isUniqueIdPrincipal);
    if (id !== undefined) {
      return ` Statement ${i} names the unique id ${id}: the role or user it granted was deleted, and a recreated one with the same name does not match. Name the account root instead (recreating roles cannot break it).`;
    }
  }
  return '';
}

function resourceAllowFix(layer: Layer, request: AccessRequest, principal: string): string {
  if (layer === 'secret-policy') {
    return `Add a statement to the secret's resource policy: Effect Allow, Principal {"AWS": "${principal}"}, Action ${request.action}, Resource "*".`;
  }
  return `Add a statement to the key policy: Effect Allow, Principal {"AWS": "${principal}"}, Action ${request.action}, Resource "*", with StringEquals kms:ViaService = secretsmanager.${regionOf(request)}.amazonaws.com.`;
}

function identityAllowFix(request: AccessRequest): string {
  if (request.action.toLowerCase() === 'kms:decrypt') {
    return `Attach an identity policy allowing ${request.action} on ${request.resource} with StringEquals kms:ViaService = secretsmanager.${regionOf(request)}.amazonaws.com.`;
  }
  return `Attach an identity policy allowing ${request.action} on ${request.resource}.`;
}

function managedKeyText(request: AccessRequest, caller: Caller): string {
  const keyAccount = request.context.get('aws:ResourceAccount')?.[0] ?? '';
  return (
    `Denied: the secret is encrypted with the AWS managed key aws/secretsmanager, whose key policy (fixed by AWS) only allows principals of its own account ${keyAccount} (kms:CallerAccount), ` +
    `so ${principalName(caller)} in account ${caller.account} can never decrypt it. ` +
    "Move the secret to a customer managed key (aws secretsmanager update-secret --secret-id SECRET_ARN --kms-key-id KEY_ARN) and allow the consumer in that key's policy."
  );
}

function allowedText(evaluation: Evaluation, request: AccessRequest): string {
  const layer = evaluation.decidingLayer ?? 'identity-policy';
  const parts: string[] = [];
  const granting = evaluation.statement ? `${LAYER_NAMES[layer]} ${describeStatement(evaluation.statement)}` : LAYER_NAMES[layer];
  const delegated = layer !== 'identity-policy' && evaluation.resource.principal === 'account';
  parts.push(delegated ? `${granting}, which names account ${request.caller.account} (delegating to its IAM)` : granting);
  if (layer !== 'identity-policy' && evaluation.identity.statement) parts.push(`the identity policy ${describeStatement(evaluation.identity.statement)}`);
  if (layer === 'identity-policy' && evaluation.resource.principal === 'account' && evaluation.resource.statement) {
    parts.push(`${LAYER_NAMES[evaluation.layers[0].layer]} ${describeStatement(evaluation.resource.statement)}, which delegates to the account's IAM`);
  }
  return `Allowed: ${principalName(request.caller)} may call ${request.action} on ${request.resource}, granted by ${parts.join(' and ')}.`;
}

export function explainCheck(evaluation: Evaluation, request: AccessRequest, input: SimulationInput, managedKey: boolean): string {
  if (evaluation.allowed) return allowedText(evaluation, request);
  const caller = request.caller;
  const principal = principalName(caller);
  const layer = evaluation.decidingLayer ?? 'identity-policy';
  const what = `${request.action} on ${request.resource}`;
  const keyPolicy = managedKey ? null : input.keyPolicy;
  switch (evaluation.reason) {
    case 'explicit-deny':
      return `Denied: ${LAYER_NAMES[layer]} ${describeStatement(evaluation.statement!)} explicitly denies ${what} to ${principal}. An explicit deny overrides every allow: remove or narrow that statement.`;
    case 'no-resource-allow': {
      if (managedKey) return managedKeyText(request, caller);
      const document = layer === 'secret-policy' ? input.secretPolicy : keyPolicy;
      // Resource-side messages name the consumer as the user gave it (the principal a grant should name).
      const consumer = input.principal.arn;
      const miss = document ? nearMiss([document], layer, request) : undefined;
      const opening =
        document === null
          ? `Denied: ${layer === 'secret-policy' ? 'the secret has no resource policy' : 'the key has no key policy'}, so nothing allows ${consumer} to call ${request.action}`
          : `Denied: ${LAYER_NAMES[layer]} has no statement allowing ${consumer} to ${request.action}`;
      return (
        opening +
        nearMissText(miss) +
        '. Across accounts the resource side must allow the consumer (or its account root) as well as its own IAM policy.' +
        uniqueIdText(document) +
        ' ' +
        (miss ? nearMissFix(miss) : resourceAllowFix(layer, request, consumer))
      );
    }
    case 'key-not-delegated': {
      const miss = keyPolicy ? nearMiss([keyPolicy], 'key-policy', request) : undefined;
      return (
        `Denied: the KMS key policy neither allows ${principal} ${request.action} nor delegates to account ${caller.account}'s IAM (a statement allowing arn:${caller.partition}:iam::${caller.account}:root the action)` +
        nearMissText(miss) +
        ', so identity policies cannot grant it. Restore the key policy statement that lets the account administer the key, or allow the principal in the key policy.'
      );
    }
    case 'no-identity-allow': {
      const who = caller.kind === 'account' ? `any role of account ${caller.account} that reads the secret` : principal;
      const none = input.identityPolicies.length === 0 ? `no identity policy of ${who} is known, so none` : `no identity policy of ${who}`;
      const miss = nearMiss(input.identityPolicies, 'identity-policy', request);
      const why = evaluation.crossAccount
        ? "Across accounts the consumer's own IAM policy must allow it too, whatever the resource policy says."
        : 'The resource policy does not name this principal, so its identity policy must allow it.';
      return `Denied: ${none} allows ${what}${nearMissText(miss)}. ${why} ${miss ? nearMissFix(miss) : identityAllowFix(request)}`;
    }
    default:
      return `Denied: ${what} is not allowed.`;
  }
}

export function summarize(checks: AccessCheck[], evaluations: Evaluation[], caller: Caller): SimulationResult {
  const failing = evaluations.findIndex((evaluation) => !evaluation.allowed);
  if (failing === -1) {
    return {
      allowed: true,
      explanation: `Allowed: ${principalName(caller)} can read the secret (GetSecretValue, and kms:Decrypt through Secrets Manager, are both allowed).`,
      checks,
    };
  }
  const evaluation = evaluations[failing]!;
  const result: SimulationResult = { allowed: false, explanation: checks[failing]!.explanation, checks };
  if (evaluation.decidingLayer) result.decidingLayer = evaluation.decidingLayer;
  if (evaluation.statement) result.statement = evaluation.statement;
  return result;
}
