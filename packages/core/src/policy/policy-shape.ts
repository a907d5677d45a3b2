import { policyPath } from '../plan/findings/policy-path';

/** What is wrong with a value that should be a policy document, and where. */
export interface ShapeProblem {
  /** `Statement[0].Action`, or `(document)` for the value itself. */
  path: string;
  /** Completes "<path> …": "is 5, not a string or a list of strings". */
  problem: string;
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value));

function stringOrList(value: unknown, path: string): ShapeProblem | undefined {
  if (typeof value === 'string') return undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return undefined;
  return { path, problem: `is ${describe(value)}, not a string or a non-empty list of strings` };
}

function principalProblem(value: unknown, path: string): ShapeProblem | undefined {
  if (value === '*') return undefined;
  if (!isObject(value)) return { path, problem: `is ${describe(value)}, not "*" or an object such as {"AWS": "arn:aws:iam::ACCOUNT:root"}` };
  for (const [type, entries] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) return { path: `${path}.${type}`, problem: 'is not a principal type (AWS, Service, Federated, CanonicalUser)' };
    const problem = stringOrList(entries, `${path}.${type}`);
    if (problem) return problem;
  }
  return undefined;
}

const isScalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';

function conditionProblem(value: unknown, at: (...rest: Array<string | number>) => string): ShapeProblem | undefined {
  if (!isObject(value)) return { path: at('Condition'), problem: `is ${describe(value)}, not an object of operators` };
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) return { path: at('Condition', operator), problem: `is ${describe(block)}, not an object of condition keys` };
    for (const [key, raw] of Object.entries(block)) {
      if (isScalar(raw) || (Array.isArray(raw) && raw.every(isScalar))) continue;
      return { path: at('Condition', operator, key), problem: `is ${describe(raw)}, not a value or a list of values` };
    }
  }
  return undefined;
}

function statementProblem(statement: unknown, index: number): ShapeProblem | undefined {
  const at = (...rest: Array<string | number>) => policyPath('Statement', index, ...rest);
  if (!isObject(statement)) return { path: at(), problem: `is ${describe(statement)}, not an object` };
  for (const key of Object.keys(statement)) if (!STATEMENT_KEYS.has(key)) return { path: at(key), problem: 'is not a statement element' };
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') return { path: at('Sid'), problem: `is ${describe(statement.Sid)}, not a string` };
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return { path: at('Effect'), problem: `is ${describe(statement.Effect)}, not "Allow" or "Deny"` };
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) return { path: at('Action'), problem: 'must be given, or NotAction instead (exactly one of them)' };
  if (statement.Principal !== undefined && statement.NotPrincipal !== undefined) return { path: at('NotPrincipal'), problem: 'cannot be given together with Principal' };
  if (statement.Resource !== undefined && statement.NotResource !== undefined) return { path: at('NotResource'), problem: 'cannot be given together with Resource' };
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (statement[key] === undefined) continue;
    const problem = stringOrList(statement[key], at(key));
    if (problem) return problem;
  }
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    if (statement[key] === undefined) continue;
    const problem = principalProblem(statement[key], at(key));
    if (problem) return problem;
  }
  return statement.Condition === undefined ? undefined : conditionProblem(statement.Condition, at);
}

/**
 * The first way `value` is not a well-formed policy document, or undefined: an object with an
 * optional string `Version`/`Id` and `Statement` (one statement object or a list); each
 * statement (an empty list is read as no statement) with only known elements, `Effect` Allow/Deny, exactly one of Action/NotAction, strings
 * or lists of strings where IAM expects them, a Principal of known types, a Condition of
 * operator → key → value(s). The types AWS itself refuses; not the meaning (that is the linter's).
 */
export function policyShapeProblem(value: unknown): ShapeProblem | undefined {
  if (!isObject(value)) return { path: '(document)', problem: `is ${describe(value)}, not a policy document (a JSON object)` };
  for (const key of ['Version', 'Id'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return { path: key, problem: `is ${describe(value[key])}, not a string` };
  }
  const raw = value.Statement;
  if (raw === undefined) return { path: 'Statement', problem: 'is missing' };
  const statements = Array.isArray(raw) ? raw : [raw];
  for (const [index, statement] of statements.entries()) {
    const problem = statementProblem(statement, index);
    if (problem) return problem;
  }
  return undefined;
}
