import type { PolicyDocument, Statement } from '../policy/policy-types';
import type { Layer, LayerDecision, StatementRef } from './simulate-types';
import { conditionsHold, failedCondition, type FailedCondition, substituteVariables } from './conditions';
import { notPrincipalExcludes, principalMatch, type Caller, type PrincipalMatch } from './principal-match';
import type { RequestContext } from './request-context';
import { someValue } from './some-value';
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
  /** For an allow from a resource policy: did it name the caller (`direct`) or only its account (`account`)? */
  principal?: Exclude<PrincipalMatch, 'none'>;
}

function actionMatches(statement: Statement, action: string): boolean {
  const test = (pattern: string) => wildcardMatch(pattern, action, true);
  if (statement.Action !== undefined) return someValue(statement.Action, test);
  if (statement.NotAction !== undefined) return !someValue(statement.NotAction, test);
  return false;
}

function resourcePatternMatches(pattern: string, request: AccessRequest): boolean {
  const resolved = substituteVariables(pattern, request.context);
  return resolved !== undefined && wildcardMatch(resolved, request.resource);
}

/**
 * Resource / NotResource. In a resource policy the policy is attached to the resource, so `*` (and a
 * missing Resource) means this resource; in an identity policy a statement without either matches nothing.
 */
function resourceMatches(statement: Statement, request: AccessRequest, resourcePolicy: boolean): boolean {
  const test = (pattern: string) => resourcePatternMatches(pattern, request);
  if (statement.Resource !== undefined) return someValue(statement.Resource, test);
  if (statement.NotResource !== undefined) return !someValue(statement.NotResource, test);
  return resourcePolicy;
}

/** For a resource policy: does the statement's Principal/NotPrincipal cover the caller, and how? */
function statementPrincipal(statement: Statement, caller: Caller): PrincipalMatch {
  if (statement.Principal !== undefined) return principalMatch(statement.Principal, caller);
  if (statement.NotPrincipal !== undefined) return notPrincipalExcludes(statement.NotPrincipal, caller) ? 'none' : 'direct';
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

function ref(layer: Layer, index: number, statement: Statement): StatementRef {
  return statement.Sid === undefined ? { layer, index } : { layer, index, sid: statement.Sid };
}

/**
 * Evaluates the documents of one layer (a resource policy, or all identity policies of the caller):
 * any applicable Deny wins; otherwise the first applicable Allow (one naming the caller beats one naming
 * only its account); otherwise an implicit deny. Statement indexes count across the documents in order.
 */
export function evaluatePolicies(documents: readonly (PolicyDocument | null | undefined)[], layer: Layer, request: AccessRequest): PolicyEvaluation {
  const resourcePolicy = layer !== 'identity-policy';
  let allow: PolicyEvaluation | undefined;
  let offset = 0;
  for (const document of documents) {
    if (!document) continue;
    const statements = statementsOf(document);
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      if (allow?.principal === 'direct' && statement.Effect === 'Allow') continue;
      const principal = statementApplies(statement, request, resourcePolicy);
      if (principal === 'none') continue;
      if (statement.Effect === 'Deny') return { decision: 'explicit-deny', statement: ref(layer, offset + i, statement) };
      if (allow === undefined || (allow.principal === 'account' && principal === 'direct')) {
        allow = { decision: 'allow', statement: ref(layer, offset + i, statement), principal };
      }
    }
    offset += statements.length;
  }
  return allow ?? { decision: 'implicit-deny' };
}

/** A statement that would have allowed the request but for its Condition: the nearest miss, for explanations. */
export interface NearMiss {
  statement: StatementRef;
  condition: FailedCondition;
}

export function nearMiss(documents: readonly (PolicyDocument | null | undefined)[], layer: Layer, request: AccessRequest): NearMiss | undefined {
  const resourcePolicy = layer !== 'identity-policy';
  let offset = 0;
  for (const document of documents) {
    if (!document) continue;
    const statements = statementsOf(document);
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      if (statement.Effect !== 'Allow' || statement.Condition === undefined) continue;
      const principal = resourcePolicy ? statementPrincipal(statement, request.caller) : 'direct';
      if (principal === 'none' || !actionMatches(statement, request.action) || !resourceMatches(statement, request, resourcePolicy)) continue;
      const condition = failedCondition(statement.Condition, request.context);
      if (condition) return { statement: ref(layer, offset + i, statement), condition };
    }
    offset += statements.length;
  }
  return undefined;
}

/** `Statement` as an array (AWS also accepts a single statement object). */
function statementsOf(document: PolicyDocument): readonly Statement[] {
  const statements = document.Statement as Statement[] | Statement | undefined;
  if (Array.isArray(statements)) return statements;
  return statements === undefined ? [] : [statements];
}
