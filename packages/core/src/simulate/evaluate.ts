import type { PolicyDocument } from '../policy/policy-types';
import { evaluatePolicies, type PolicyEvaluation, type Request } from './evaluate-policy';
import type { Layer, LayerDecision, StatementRef } from './simulate-types';

/** One request checked against the caller's identity policies and one resource policy. */
export interface EvaluationInput {
  request: Request;
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
  decidingLayer?: Layer;
  /** The deciding statement: the Deny, or (when allowed) the resource-side or identity-side Allow that granted. */
  statement?: StatementRef;
  reason?: DenyReason;
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
  const resource = evaluatePolicies([input.resourcePolicy], resourceLayer, request);
  const identity = evaluatePolicies(input.identityPolicies, 'identity-policy', request);
  const layers: [LayerDecision, LayerDecision] = [layerDecision(resourceLayer, resource), layerDecision('identity-policy', identity)];
  const crossAccount = request.caller.account !== input.resourceAccount;
  const base = { layers, crossAccount, resource, identity };

  if (resource.decision === 'explicit-deny') return { ...base, allowed: false, decidingLayer: resourceLayer, statement: resource.statement!, reason: 'explicit-deny' };
  if (identity.decision === 'explicit-deny') return { ...base, allowed: false, decidingLayer: 'identity-policy', statement: identity.statement!, reason: 'explicit-deny' };

  const resourceAllows = resource.decision === 'allow';
  const identityAllows = identity.decision === 'allow';
  if (crossAccount) {
    if (!resourceAllows) return { ...base, allowed: false, decidingLayer: resourceLayer, reason: 'no-resource-allow' };
    if (!identityAllows) return { ...base, allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' };
    return { ...base, allowed: true, decidingLayer: resourceLayer, statement: resource.statement! };
  }
  if (resourceAllows && resource.principal === 'direct') return { ...base, allowed: true, decidingLayer: resourceLayer, statement: resource.statement! };
  if (resourceLayer === 'key-policy' && !resourceAllows) return { ...base, allowed: false, decidingLayer: resourceLayer, reason: 'key-not-delegated' };
  if (!identityAllows) return { ...base, allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' };
  return { ...base, allowed: true, decidingLayer: 'identity-policy', statement: identity.statement! };
}
