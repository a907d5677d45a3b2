import type { PolicyDocument } from '../policy/policy-types';
import { evaluatePolicies, type PolicyEvaluation, type AccessRequest } from './evaluate-policy';
import type { Layer, LayerDecision, StatementRef } from './simulate-types';

/** One request checked against the caller's identity policies and one resource policy. */
export interface EvaluationInput {
  request: AccessRequest;
  /** All identity policies of the caller (an empty list: none allows anything). */
  identityPolicies: readonly PolicyDocument[];
  /** The resource policy: a secret policy or a KMS key policy; null when the resource has none. */
  resourcePolicy: PolicyDocument | null;
  resourceLayer: Exclude<Layer, 'identity-policy'>;
  /** The account that owns the resource. */
  resourceAccount: string;
}

/** Why a request was denied. */
export type DenyReason =
  /** A Deny statement applied. */
  | 'explicit-deny'
  /** Across accounts: the resource policy does not allow the caller (or its account). */
  | 'no-resource-allow'
  /** The caller's identity policies do not allow it (needed across accounts, and within one when the resource policy does not name the caller). */
  | 'no-identity-allow'
  /** Same account, KMS: the key policy neither allows the caller nor delegates to the account's IAM. */
  | 'key-not-delegated';

export interface Evaluation {
  allowed: boolean;
  /** Resource layer first, then the identity layer. */
  layers: [LayerDecision, LayerDecision];
  decidingLayer: Layer | undefined;
  /** The deciding statement: the Deny, or (when allowed) the resource-side or identity-side Allow that granted. */
  statement: StatementRef | undefined;
  reason: DenyReason | undefined;
  crossAccount: boolean;
  resource: PolicyEvaluation;
  identity: PolicyEvaluation;
}

function layerDecision(layer: Layer, evaluation: PolicyEvaluation): LayerDecision {
  const decision: LayerDecision = { layer, decision: evaluation.decision };
  if (evaluation.statement) decision.statement = evaluation.statement;
  if (layer === 'key-policy' && evaluation.decision === 'allow' && evaluation.principal === 'account') decision.delegatedToIam = true;
  return decision;
}

/**
 * AWS's evaluation logic for one request:
 * - an explicit Deny in any layer denies;
 * - across accounts, the resource policy must allow the caller (or its account) AND the caller's
 *   identity policies must allow;
 * - within one account, a resource policy naming the caller (or `*`) allows on its own; one naming
 *   only the account delegates to IAM, so the identity policies must allow. For a secret an identity
 *   allow is enough on its own; for a KMS key it counts only when the key policy delegates to the
 *   account (a statement for the account root allowing the action).
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { request, resourceLayer } = input;
  const resource = evaluatePolicies(input.resourcePolicy === null ? NO_DOCUMENTS : [input.resourcePolicy], resourceLayer, request);
  const identity = evaluatePolicies(input.identityPolicies, 'identity-policy', request);
  const crossAccount = request.caller.account !== input.resourceAccount;
  const result: Evaluation = {
    allowed: false,
    layers: [layerDecision(resourceLayer, resource), layerDecision('identity-policy', identity)],
    decidingLayer: undefined,
    statement: undefined,
    reason: undefined,
    crossAccount,
    resource,
    identity,
  };
  const resourceAllows = resource.decision === 'allow';
  const identityAllows = identity.decision === 'allow';
  if (resource.decision === 'explicit-deny') return decide(result, false, resourceLayer, resource.statement, 'explicit-deny');
  if (identity.decision === 'explicit-deny') return decide(result, false, 'identity-policy', identity.statement, 'explicit-deny');
  if (crossAccount) {
    if (!resourceAllows) return decide(result, false, resourceLayer, undefined, 'no-resource-allow');
    if (!identityAllows) return decide(result, false, 'identity-policy', undefined, 'no-identity-allow');
    return decide(result, true, resourceLayer, resource.statement, undefined);
  }
  if (resourceAllows && resource.principal === 'direct') return decide(result, true, resourceLayer, resource.statement, undefined);
  if (resourceLayer === 'key-policy' && !resourceAllows) return decide(result, false, resourceLayer, undefined, 'key-not-delegated');
  if (!identityAllows) return decide(result, false, 'identity-policy', undefined, 'no-identity-allow');
  return decide(result, true, 'identity-policy', identity.statement, undefined);
}

const NO_DOCUMENTS: readonly PolicyDocument[] = [];

function decide(result: Evaluation, allowed: boolean, layer: Layer, statement: StatementRef | undefined, reason: DenyReason | undefined): Evaluation {
  result.allowed = allowed;
  result.decidingLayer = layer;
  result.statement = statement;
  result.reason = reason;
  return result;
}
