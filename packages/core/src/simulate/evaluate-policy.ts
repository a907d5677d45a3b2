import type { PolicyDocument, Statement } from '../policy/policy-types';
import type { Layer, LayerDecision, NamedPolicy, OrgLevel, StatementRef } from './simulate-types';
import { conditionsHold, failedCondition, type FailedCondition, substituteVariables } from './conditions';
import { notPrincipalCovers, notPrincipalExempts, principalMatch, type Caller, type PrincipalMatch } from './principal-match';
import type { RequestContext } from './request-context';
import { wildcardMatch } from './wildcard';

/** One API call to check against one policy. */
export interface AccessRequest {
  caller: Caller;
  /** `service:Action`, any case. */
  action: string;
  /** The resource ARN. */
  resource: string;
  context: RequestContext;
}

/** How one policy (or the identity policies together) answered a request. */
export interface PolicyEvaluation {
  decision: LayerDecision['decision'];
  statement?: StatementRef;
  /**
   * For an allow from a resource policy: did it name the caller's session (`session`), the caller
   * (`direct`) or only its account (`account`)? For a deny: `any-session` when it named a session of
   * the caller's role and no session is simulated.
   */
  principal?: Exclude<PrincipalMatch, 'none'>;
  /** SCPs and RCPs: the level that decided (the Deny's, or the first level with no Allow). */
  target?: string;
}

function oneAction(pattern: string, action: string): boolean {
  return pattern === '*' || wildcardMatch(pattern, action, true);
}

/** Does any of the patterns (a string or a list) match the action? No closure, no array: the hot loop. */
function anyAction(patterns: string | readonly string[], action: string): boolean {
  if (typeof patterns === 'string') return oneAction(patterns, action);
  for (let i = 0; i < patterns.length; i++) if (oneAction(patterns[i]!, action)) return true;
  return false;
}

function actionMatches(statement: Statement, action: string): boolean {
  if (statement.Action !== undefined) return anyAction(statement.Action, action);
  if (statement.NotAction !== undefined) return !anyAction(statement.NotAction, action);
  return false;
}

const serviceWildcard = new Map<string, boolean>();

/**
 * `arn:PARTITION:*:...`: a wildcard in the service segment of a Resource ARN is invalid (AWS: "the
 * service segment cannot contain wildcards"); such a pattern matches nothing (finding RESOURCE_SERVICE_WILDCARD).
 */
export function hasServiceWildcard(pattern: string): boolean {
  let found = serviceWildcard.get(pattern);
  if (found === undefined) {
    if (serviceWildcard.size >= 10_000) serviceWildcard.clear();
    const service = pattern.startsWith('arn:') ? pattern.split(':', 3)[2] : undefined;
    found = service !== undefined && /[*?]/.test(service);
    serviceWildcard.set(pattern, found);
  }
  return found;
}

function resourcePatternMatches(pattern: string, request: AccessRequest): boolean {
  if (pattern === '*') return true;
  if (hasServiceWildcard(pattern)) return false;
  const resolved = substituteVariables(pattern, request.context);
  return resolved !== undefined && wildcardMatch(resolved, request.resource);
}

function anyResource(patterns: string | readonly string[], request: AccessRequest): boolean {
  if (typeof patterns === 'string') return resourcePatternMatches(patterns, request);
  for (let i = 0; i < patterns.length; i++) if (resourcePatternMatches(patterns[i]!, request)) return true;
  return false;
}

/**
 * Resource / NotResource. In a resource policy the policy is attached to the resource, so `*` (and a
 * missing Resource) means this resource; in an identity policy a statement without either matches nothing.
 */
function resourceMatches(statement: Statement, request: AccessRequest, resourcePolicy: boolean): boolean {
  if (statement.Resource !== undefined) return anyResource(statement.Resource, request);
  if (statement.NotResource !== undefined) return !anyResource(statement.NotResource, request);
  return resourcePolicy;
}

/**
 * For a resource policy: does the statement's Principal/NotPrincipal cover the caller, and how?
 * NotPrincipal with Allow excludes the caller when any listed principal covers it; with Deny it
 * exempts the caller only when every form of it is listed (see principal-match).
 */
function statementPrincipal(statement: Statement, caller: Caller): PrincipalMatch {
  const deny = statement.Effect === 'Deny';
  if (statement.Principal !== undefined) return principalMatch(statement.Principal, caller, deny);
  if (statement.NotPrincipal !== undefined) {
    const excluded = deny ? notPrincipalExempts(statement.NotPrincipal, caller) : notPrincipalCovers(statement.NotPrincipal, caller);
    return excluded ? 'none' : 'direct';
  }
  return 'none';
}

/** Does one statement apply to the request (ignoring its Effect)? */
export function statementApplies(statement: Statement, request: AccessRequest, resourcePolicy: boolean): PrincipalMatch {
  const principal = resourcePolicy ? statementPrincipal(statement, request.caller) : 'direct';
  if (principal === 'none') return 'none';
  if (!actionMatches(statement, request.action)) return 'none';
  if (!resourceMatches(statement, request, resourcePolicy)) return 'none';
  if (statement.Condition !== undefined && !conditionsHold(statement.Condition, request.context)) return 'none';
  return principal;
}

function ref(layer: Layer, index: number, statement: Statement, document?: string, target?: string): StatementRef {
  const found: StatementRef = statement.Sid === undefined ? { layer, index } : { layer, index, sid: statement.Sid };
  if (document !== undefined) found.document = document;
  if (target !== undefined) found.target = target;
  return found;
}

/** Layers whose statements have a Principal (resource policies, RCPs, endpoint policies). */
export function hasPrincipals(layer: Layer): boolean {
  return layer === 'secret-policy' || layer === 'key-policy' || layer === 'rcp' || layer === 'vpc-endpoint-policy';
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, 'any-session': 2, direct: 3, session: 4 };

/**
 * Evaluates the documents of one layer (a resource policy, or all identity policies of the caller):
 * any applicable Deny wins; otherwise the first applicable Allow (one naming the caller's session
 * beats one naming the caller, which beats one naming only its account); otherwise an implicit deny.
 * With `names`, statement references name their document and index within it; without, indexes
 * count across the documents in order.
 */
/** The state of one layer's scan: the best Allow so far (its reference is made only when reported). */
interface Scan {
  statement: Statement | undefined;
  index: number;
  name: string | undefined;
  principal: PrincipalMatch;
}

function newScan(): Scan {
  return { statement: undefined, index: 0, name: undefined, principal: 'none' };
}

/** The scan's Allow as a PolicyEvaluation, or an implicit deny. */
function allowOf(scan: Scan, layer: Layer, target: string | undefined): PolicyEvaluation {
  if (scan.statement === undefined) return IMPLICIT_DENY;
  return { decision: 'allow', statement: ref(layer, scan.index, scan.statement, scan.name, target), principal: scan.principal as Exclude<PrincipalMatch, 'none'> };
}

/** Scans one document into `scan`; returns the applicable Deny, if any. */
function scanDocument(document: PolicyDocument, layer: Layer, request: AccessRequest, resourcePolicy: boolean, best: PrincipalMatch, base: number, name: string | undefined, target: string | undefined, scan: Scan): PolicyEvaluation | undefined {
  const statements = statementsOf(document);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    if (scan.principal === best && statement.Effect === 'Allow') continue;
    const principal = statementApplies(statement, request, resourcePolicy);
    if (principal === 'none') continue;
    if (statement.Effect === 'Deny') {
      const deny: PolicyEvaluation = { decision: 'explicit-deny', statement: ref(layer, base + i, statement, name, target) };
      if (principal === 'any-session') deny.principal = principal;
      if (target !== undefined) deny.target = target;
      return deny;
    }
    if (scan.statement === undefined || RANK[principal] > RANK[scan.principal]) {
      scan.statement = statement;
      scan.index = base + i;
      scan.name = name;
      scan.principal = principal;
    }
  }
  return undefined;
}

/** Once an Allow names the caller, a later one can only beat it by naming the simulated session. */
function bestMatch(resourcePolicy: boolean, request: AccessRequest): PrincipalMatch {
  return resourcePolicy && request.caller.sessionName !== undefined ? 'session' : 'direct';
}

const IMPLICIT_DENY: PolicyEvaluation = Object.freeze({ decision: 'implicit-deny' }) as PolicyEvaluation;

/**
 * Evaluates the documents of one layer (a resource policy, or all identity policies of the caller):
 * any applicable Deny wins; otherwise the first applicable Allow (one naming the caller's session
 * beats one naming the caller, which beats one naming only its account); otherwise an implicit deny.
 * With `names`, statement references name their document and index within it; without, indexes
 * count across the documents in order.
 */
export function evaluatePolicies(
  documents: readonly (PolicyDocument | null | undefined)[],
  layer: Layer,
  request: AccessRequest,
  names?: readonly (string | undefined)[],
  target?: string,
): PolicyEvaluation {
  const resourcePolicy = hasPrincipals(layer);
  const best = bestMatch(resourcePolicy, request);
  const scan = newScan();
  let offset = 0;
  for (let d = 0; d < documents.length; d++) {
    const document = documents[d];
    if (!document) continue;
    const name = names?.[d];
    const deny = scanDocument(document, layer, request, resourcePolicy, best, name === undefined ? offset : 0, name, target, scan);
    if (deny) return deny;
    offset += statementsOf(document).length;
  }
  return allowOf(scan, layer, target);
}

/** Scans named documents into `scan`; returns the applicable Deny, if any. */
function scanNamed(policies: readonly NamedPolicy[], layer: Layer, request: AccessRequest, target: string | undefined, scan: Scan): PolicyEvaluation | undefined {
  const resourcePolicy = hasPrincipals(layer);
  const best = bestMatch(resourcePolicy, request);
  for (let d = 0; d < policies.length; d++) {
    const policy = policies[d]!;
    const deny = scanDocument(policy.document, layer, request, resourcePolicy, best, 0, policy.name, target, scan);
    if (deny) return deny;
  }
  return undefined;
}

/** Evaluates named documents (a boundary, session policies, the policies of one org level, an endpoint policy). */
export function evaluateNamed(policies: readonly NamedPolicy[], layer: Layer, request: AccessRequest, target?: string): PolicyEvaluation {
  const scan = newScan();
  return scanNamed(policies, layer, request, target, scan) ?? allowOf(scan, layer, target);
}

/** One named document. */
export function evaluateOne(policy: NamedPolicy, layer: Layer, request: AccessRequest): PolicyEvaluation {
  const resourcePolicy = hasPrincipals(layer);
  const scan = newScan();
  return scanDocument(policy.document, layer, request, resourcePolicy, bestMatch(resourcePolicy, request), 0, policy.name, undefined, scan) ?? allowOf(scan, layer, undefined);
}

/**
 * SCPs or RCPs along an organization path (root → OUs → account): a Deny at any level denies; every
 * level needs an Allow (the first level without one is the implicit deny). The Allow reported is the
 * account level's (the last). AWS Organizations User Guide, "SCP evaluation" / "RCP evaluation".
 */
export function evaluateLevels(levels: readonly OrgLevel[], layer: 'scp' | 'rcp', request: AccessRequest): PolicyEvaluation {
  let missing: PolicyEvaluation | undefined;
  let last: Scan | undefined;
  let lastTarget: string | undefined;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    const scan = newScan();
    const deny = scanNamed(level.policies, layer, request, level.target, scan);
    if (deny) return deny;
    if (scan.statement === undefined) missing ??= { decision: 'implicit-deny', target: level.target };
    else {
      last = scan;
      lastTarget = level.target;
    }
  }
  if (missing) return missing;
  return last ? allowOf(last, layer, lastTarget) : { decision: 'allow' };
}

/** A statement that would have allowed the request but for its Condition: the nearest miss, for explanations. */
export interface NearMiss {
  statement: StatementRef;
  condition: FailedCondition;
}

export function nearMiss(documents: readonly (PolicyDocument | null | undefined)[], layer: Layer, request: AccessRequest, names?: readonly (string | undefined)[]): NearMiss | undefined {
  const resourcePolicy = hasPrincipals(layer);
  let offset = 0;
  for (let d = 0; d < documents.length; d++) {
    const document = documents[d];
    if (!document) continue;
    const name = names?.[d];
    const base = name === undefined ? offset : 0;
    const statements = statementsOf(document);
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      if (statement.Effect !== 'Allow' || statement.Condition === undefined) continue;
      const principal = resourcePolicy ? statementPrincipal(statement, request.caller) : 'direct';
      if (principal === 'none' || !actionMatches(statement, request.action) || !resourceMatches(statement, request, resourcePolicy)) continue;
      const condition = failedCondition(statement.Condition, request.context);
      if (condition) return { statement: ref(layer, base + i, statement, name), condition };
    }
    offset += statements.length;
  }
  return undefined;
}

/** `Statement` as an array (AWS also accepts a single statement object). */
export function statementsOf(document: PolicyDocument): readonly Statement[] {
  const statements = document.Statement as Statement[] | Statement | undefined;
  if (Array.isArray(statements)) return statements;
  return statements === undefined ? [] : [statements];
}
