import type { PolicyDocument } from '../policy/policy-types';
import { evaluateLevels, evaluateNamed, evaluateOne, evaluatePolicies, type AccessRequest, type PolicyEvaluation } from './evaluate-policy';
import type { Layer, LayerDecision, LayerInput, NamedPolicy, OrgLevel, StatementRef, VpcEndpointInput } from './simulate-types';

/** One request checked against every layer on its path. */
export interface EvaluationInput {
  request: AccessRequest;
  /** All identity policies of the caller (an empty list: none allows anything). */
  identityPolicies: readonly PolicyDocument[];
  /** Names of `identityPolicies`, in order (statement references then name their document). */
  identityPolicyNames?: readonly string[];
  /** The resource policy: a secret policy or a KMS key policy; null when the resource has none. */
  resourcePolicy: PolicyDocument | null;
  resourceLayer: 'secret-policy' | 'key-policy';
  /** The account that owns the resource. */
  resourceAccount: string;
  /** The caller's permissions boundary (absent: none). */
  permissionsBoundary?: LayerInput<NamedPolicy>;
  /** The session policies of the caller's role session (absent: none). */
  sessionPolicies?: LayerInput<NamedPolicy[]>;
  /** The SCPs that govern the caller, root to account (absent: none). */
  scps?: LayerInput<OrgLevel[]>;
  /** The RCPs that govern the resource, root to account (absent: none). */
  rcps?: LayerInput<OrgLevel[]>;
  /** The VPC endpoint the request goes through (absent: none). */
  vpcEndpoint?: LayerInput<VpcEndpointInput>;
  /** The identity or resource layer could not be read: who can read it. */
  unreadable?: Partial<Record<'identity-policy' | 'secret-policy' | 'key-policy', string>>;
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
  | 'key-not-delegated'
  /** The caller's permissions boundary does not allow it. */
  | 'no-boundary-allow'
  /** The session policy does not allow it. */
  | 'no-session-allow'
  /** A level of the caller's organization path has no SCP allowing it. */
  | 'no-scp-allow'
  /** A level of the resource's organization path has no RCP allowing it. */
  | 'no-rcp-allow'
  /** The VPC endpoint policy does not allow it. */
  | 'no-endpoint-allow';

export interface Evaluation {
  allowed: boolean;
  /** Resource layer first, then the identity layer, then the other layers on the path (in `LAYERS` order). */
  layers: [LayerDecision, LayerDecision, ...LayerDecision[]];
  decidingLayer: Layer | undefined;
  /** The deciding statement: the Deny, or (when allowed) the resource-side or identity-side Allow that granted. */
  statement: StatementRef | undefined;
  reason: DenyReason | undefined;
  crossAccount: boolean;
  resource: PolicyEvaluation;
  identity: PolicyEvaluation;
  boundary: PolicyEvaluation | undefined;
  session: PolicyEvaluation | undefined;
  scp: PolicyEvaluation | undefined;
  rcp: PolicyEvaluation | undefined;
  endpoint: PolicyEvaluation | undefined;
  /** Layers on this request's path that could not be read (an allowed request is allowed only if they allow). */
  unknown: Layer[];
  /** Same account: the resource policy granted on its own; `session`: by naming the caller's session. */
  resourceGrant: 'session' | 'principal' | undefined;
}

const UNKNOWN: PolicyEvaluation = Object.freeze({ decision: 'unknown' }) as PolicyEvaluation;
const NO_DOCUMENTS: readonly PolicyDocument[] = [];
const NONE_UNKNOWN: Layer[] = [];
const ALLOW: PolicyEvaluation = Object.freeze({ decision: 'allow' }) as PolicyEvaluation;

function layerDecision(layer: Layer, evaluation: PolicyEvaluation, readableBy?: string): LayerDecision {
  const decision: LayerDecision = { layer, decision: evaluation.decision };
  if (evaluation.statement) decision.statement = evaluation.statement;
  if (evaluation.target !== undefined) decision.target = evaluation.target;
  if (layer === 'key-policy' && evaluation.decision === 'allow' && evaluation.principal === 'account') decision.delegatedToIam = true;
  if (readableBy !== undefined) decision.readableBy = readableBy;
  return decision;
}

/** Passes (for now): allowed, or not known. */
function passes(evaluation: PolicyEvaluation | undefined): boolean {
  return evaluation === undefined || evaluation.decision === 'allow' || evaluation.decision === 'unknown';
}

function readableBy<T>(input: LayerInput<T> | undefined): string | undefined {
  return input?.status === 'unknown' ? input.readableBy : undefined;
}

// Each optional layer: not on the path (undefined), unknown, or its documents evaluated.
function boundaryOf(input: LayerInput<NamedPolicy>, request: AccessRequest): PolicyEvaluation | undefined {
  if (input.status === 'none') return undefined;
  if (input.status === 'unknown') return UNKNOWN;
  return evaluateOne(input.value, 'permissions-boundary', request);
}

function sessionOf(input: LayerInput<NamedPolicy[]>, request: AccessRequest): PolicyEvaluation | undefined {
  if (input.status === 'none') return undefined;
  if (input.status === 'unknown') return UNKNOWN;
  return evaluateNamed(input.value, 'session-policy', request);
}

function levelsOf(input: LayerInput<OrgLevel[]>, layer: 'scp' | 'rcp', request: AccessRequest): PolicyEvaluation | undefined {
  if (input.status === 'none') return undefined;
  if (input.status === 'unknown') return UNKNOWN;
  return evaluateLevels(input.value, layer, request);
}

function endpointOf(input: LayerInput<VpcEndpointInput>, request: AccessRequest): PolicyEvaluation | undefined {
  if (input.status === 'none') return undefined;
  if (input.status === 'unknown' || input.value.policyReadableBy !== undefined) return UNKNOWN;
  const policy = input.value.policy;
  return policy ? evaluateOne(policy, 'vpc-endpoint-policy', request) : ALLOW;
}

/** The first layer of the identity side that does not allow. */
function identitySideFails(result: Evaluation, identityAllows: boolean, boundaryAllows: boolean): Evaluation {
  if (!identityAllows) return decide(result, false, 'identity-policy', undefined, 'no-identity-allow');
  if (!boundaryAllows) return decide(result, false, 'permissions-boundary', undefined, 'no-boundary-allow');
  return decide(result, false, 'session-policy', undefined, 'no-session-allow');
}

/**
 * AWS's evaluation logic for one request (IAM User Guide, "Policy evaluation logic", "Cross-account
 * policy evaluation logic", "Permissions boundaries", "Session policies"; AWS Organizations User
 * Guide, SCPs and RCPs):
 * - an explicit Deny in any layer denies;
 * - every level of the caller's SCPs and of the resource's RCPs must allow, and the VPC endpoint
 *   policy when the call goes through an endpoint;
 * - the identity side is the identity policies AND the permissions boundary AND the session policy;
 * - across accounts, the resource policy must allow the caller (or its account) AND the identity side;
 * - within one account, a resource policy naming the caller's session allows on its own; naming an
 *   IAM user (or the root) allows on its own; naming a role (or `*`) allows within the role's
 *   boundary and session policy; naming only the account delegates to IAM (the identity side must
 *   allow). For a secret an identity allow is enough on its own; for a KMS key it counts only when
 *   the key policy delegates to the account (a statement for the account root allowing the action).
 * A layer that could not be read is `unknown`: it is evaluated as allowing, and the request's
 * `unknown` list says that an allow depends on it.
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { request, resourceLayer } = input;
  const unreadable = input.unreadable;
  const resourceUnknown = unreadable?.[resourceLayer];
  const identityUnknown = unreadable?.['identity-policy'];
  const resource = resourceUnknown !== undefined ? UNKNOWN : evaluatePolicies(input.resourcePolicy === null ? NO_DOCUMENTS : [input.resourcePolicy], resourceLayer, request);
  const identity = identityUnknown !== undefined ? UNKNOWN : evaluatePolicies(input.identityPolicies, 'identity-policy', request, input.identityPolicyNames);
  const boundary = input.permissionsBoundary === undefined ? undefined : boundaryOf(input.permissionsBoundary, request);
  const session = input.sessionPolicies === undefined ? undefined : sessionOf(input.sessionPolicies, request);
  const scp = input.scps === undefined ? undefined : levelsOf(input.scps, 'scp', request);
  const rcp = input.rcps === undefined ? undefined : levelsOf(input.rcps, 'rcp', request);
  const endpoint = input.vpcEndpoint === undefined ? undefined : endpointOf(input.vpcEndpoint, request);

  const layers: [LayerDecision, LayerDecision, ...LayerDecision[]] = [layerDecision(resourceLayer, resource, resourceUnknown), layerDecision('identity-policy', identity, identityUnknown)];
  if (boundary) layers.push(layerDecision('permissions-boundary', boundary, readableBy(input.permissionsBoundary)));
  if (session) layers.push(layerDecision('session-policy', session, readableBy(input.sessionPolicies)));
  if (scp) layers.push(layerDecision('scp', scp, readableBy(input.scps)));
  if (rcp) layers.push(layerDecision('rcp', rcp, readableBy(input.rcps)));
  if (endpoint) layers.push(layerDecision('vpc-endpoint-policy', endpoint, input.vpcEndpoint?.status === 'known' ? input.vpcEndpoint.value.policyReadableBy : readableBy(input.vpcEndpoint)));
  let unknown = NONE_UNKNOWN;
  for (let i = 0; i < layers.length; i++) {
    const decision = layers[i]!;
    if (decision.decision !== 'unknown') continue;
    if (unknown === NONE_UNKNOWN) unknown = [];
    unknown.push(decision.layer);
  }

  const crossAccount = request.caller.account !== input.resourceAccount;
  const result: Evaluation = {
    allowed: false,
    layers,
    decidingLayer: undefined,
    statement: undefined,
    reason: undefined,
    crossAccount,
    resource,
    identity,
    boundary,
    session,
    scp,
    rcp,
    endpoint,
    unknown,
    resourceGrant: undefined,
  };

  // 1. An explicit Deny anywhere.
  if (scp?.decision === 'explicit-deny') return decide(result, false, 'scp', scp.statement, 'explicit-deny');
  if (rcp?.decision === 'explicit-deny') return decide(result, false, 'rcp', rcp.statement, 'explicit-deny');
  if (endpoint?.decision === 'explicit-deny') return decide(result, false, 'vpc-endpoint-policy', endpoint.statement, 'explicit-deny');
  if (resource.decision === 'explicit-deny') return decide(result, false, resourceLayer, resource.statement, 'explicit-deny');
  if (boundary?.decision === 'explicit-deny') return decide(result, false, 'permissions-boundary', boundary.statement, 'explicit-deny');
  if (session?.decision === 'explicit-deny') return decide(result, false, 'session-policy', session.statement, 'explicit-deny');
  if (identity.decision === 'explicit-deny') return decide(result, false, 'identity-policy', identity.statement, 'explicit-deny');

  // 2. Guardrails that must each allow.
  if (!passes(scp)) return decide(result, false, 'scp', undefined, 'no-scp-allow');
  if (!passes(rcp)) return decide(result, false, 'rcp', undefined, 'no-rcp-allow');
  if (!passes(endpoint)) return decide(result, false, 'vpc-endpoint-policy', undefined, 'no-endpoint-allow');

  // 3. The identity side and the resource side.
  const boundaryAllows = passes(boundary);
  const sessionAllows = passes(session);
  const identityAllows = passes(identity);
  const resourceAllows = passes(resource);
  const principal = resource === UNKNOWN ? 'direct' : resource.principal;
  if (crossAccount) {
    if (!resourceAllows) return decide(result, false, resourceLayer, undefined, 'no-resource-allow');
    if (!(identityAllows && boundaryAllows && sessionAllows)) return identitySideFails(result, identityAllows, boundaryAllows);
    return decide(result, true, resourceLayer, resource.statement, undefined);
  }
  if (resourceAllows && principal === 'session') {
    result.resourceGrant = 'session';
    return decide(result, true, resourceLayer, resource.statement, undefined);
  }
  if (resourceAllows && principal === 'direct') {
    const kind = request.caller.kind;
    // A user's (or the root's) own ARN: not limited by a boundary. A role's ARN (or "*"): limited by
    // the role's boundary and session policy (only a grant naming the session escapes them).
    if (kind === 'user' || kind === 'root' || (boundaryAllows && sessionAllows)) {
      result.resourceGrant = 'principal';
      return decide(result, true, resourceLayer, resource.statement, undefined);
    }
    if (!boundaryAllows) return decide(result, false, 'permissions-boundary', undefined, 'no-boundary-allow');
    return decide(result, false, 'session-policy', undefined, 'no-session-allow');
  }
  if (resourceLayer === 'key-policy' && !resourceAllows) return decide(result, false, resourceLayer, undefined, 'key-not-delegated');
  if (!(identityAllows && boundaryAllows && sessionAllows)) return identitySideFails(result, identityAllows, boundaryAllows);
  return decide(result, true, 'identity-policy', identity.statement, undefined);
}

function decide(result: Evaluation, allowed: boolean, layer: Layer, statement: StatementRef | undefined, reason: DenyReason | undefined): Evaluation {
  result.allowed = allowed;
  result.decidingLayer = layer;
  result.statement = statement;
  result.reason = reason;
  return result;
}
