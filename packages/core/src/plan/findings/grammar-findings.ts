import { isAccountId } from '../../arn/arn';
import { closestNames } from '../../catalogue/iam-catalogue';
import type { DocumentKind, PolicyDocument, Statement } from '../../policy/policy-types';
import type { Finding, FindingFix } from '../plan-types';
import { finding, type FindingCode } from './finding-codes';
import { policyPath } from './policy-path';

/**
 * The IAM policy grammar, checked on the JSON as written (before it is read as a policy): what AWS
 * rejects ("MalformedPolicyDocument") or reads otherwise than the author meant. Each finding has the
 * exact path (and `at: 'key'` for a misspelt property name) and, when the fix is certain, a `fix`.
 */

const TOP_KEYS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const VERSIONS = ['2012-10-17', '2008-10-17'];
const EFFECTS = ['Allow', 'Deny'] as const;
/** The condition operators of the IAM policy grammar (each may end in IfExists, except Null). */
const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
const SET_PREFIXES = ['ForAllValues:', 'ForAnyValue:'];
const ALL_OPERATORS = OPERATORS.flatMap((op) => (op === 'Null' ? [op] : [op, `${op}IfExists`]));
const OPERATORS_LOWER = new Set(ALL_OPERATORS.map((op) => op.toLowerCase()));
const SET_PREFIXES_LOWER = SET_PREFIXES.map((p) => p.toLowerCase());

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}

/** Is the operator known (case-insensitive, with its set prefix and IfExists suffix)? */
export function isKnownConditionOperator(operator: string): boolean {
  const lower = operator.toLowerCase();
  const prefix = SET_PREFIXES_LOWER.find((p) => lower.startsWith(p));
  return OPERATORS_LOWER.has(prefix ? lower.slice(prefix.length) : lower);
}

function operatorSuggestions(operator: string): string[] {
  const prefix = SET_PREFIXES.find((p) => operator.toLowerCase().startsWith(p.toLowerCase()));
  const base = prefix ? operator.slice(prefix.length) : operator;
  return closestNames(base, ALL_OPERATORS).map((op) => `${prefix ?? ''}${op}`);
}

/** "Did you mean": a message part, and a fix when there is exactly one candidate that is free. */
function suggestion(candidates: string[], taken: (name: string) => boolean, title: (name: string) => string): { text: string; fix?: FindingFix } {
  if (candidates.length === 0) return { text: '' };
  const text = ` Did you mean ${candidates.map((c) => `"${c}"`).join(' or ')}?`;
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  return only !== undefined && !taken(only) ? { text, fix: { title: title(only), target: 'key', value: only } } : { text };
}

/** The key that holds the statements: "Statement", else a misspelling of it ("Statements", "statement"). */
export function statementKeyOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if ('Statement' in value) return 'Statement';
  return Object.keys(value).find((key) => closestNames(key, ['Statement']).length > 0);
}

class Collector {
  readonly findings: Finding[] = [];
  constructor(private readonly kind: DocumentKind | undefined, private readonly statementKey = 'Statement') {}

  add(code: FindingCode, message: string, segments: Array<string | number>, extra: Partial<Pick<Finding, 'at' | 'fix' | 'statementIndex'>> = {}): void {
    const statementIndex = segments[0] === this.statementKey && typeof segments[1] === 'number' ? segments[1] : undefined;
    this.findings.push(finding(code, message, {
      ...(this.kind ? { change: this.kind } : {}),
      ...(statementIndex !== undefined ? { statementIndex } : {}),
      path: policyPath(...segments),
      ...extra,
    }));
  }
}

function checkStrings(c: Collector, value: unknown, segments: Array<string | number>, field: string, example: string): void {
  if (typeof value === 'string') return;
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => {
      if (typeof item !== 'string') c.add('STATEMENT_FIELD_TYPE', `${field}[${i}] is ${describe(item)}; every entry of ${field} is a string. Write it as ${example}.`, [...segments, i]);
    });
    return;
  }
  const what = Array.isArray(value) ? 'an empty array' : describe(value);
  c.add('STATEMENT_FIELD_TYPE', `${field} is ${what}; it must be a string or a non-empty array of strings, e.g. ${example}.`, segments);
}

function checkPrincipal(c: Collector, value: unknown, segments: Array<string | number>, field: string): void {
  if (value === '*') return;
  if (typeof value === 'string') {
    const certain = value.startsWith('arn:') || isAccountId(value);
    c.add('STATEMENT_FIELD_TYPE', `${field} is the string ${JSON.stringify(value)}; a principal other than "*" is an object naming its type, e.g. {"AWS": ${JSON.stringify(value)}}.`, segments,
      certain ? { fix: { title: `Write it as {"AWS": ${JSON.stringify(value)}}`, target: 'value', value: { AWS: value } } } : {});
    return;
  }
  if (!isObject(value)) {
    c.add('STATEMENT_FIELD_TYPE', `${field} is ${describe(value)}; it must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}.`, segments);
    return;
  }
  for (const [type, entries] of Object.entries(value)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      const s = suggestion(closestNames(type, PRINCIPAL_TYPES), (name) => name in value, (name) => `Rename to "${name}"`);
      c.add('STATEMENT_FIELD_TYPE', `"${type}" is not a principal type: use ${PRINCIPAL_TYPES.map((t) => `"${t}"`).join(', ')} (case-sensitive).${s.text}`, [...segments, type], { at: 'key', ...(s.fix ? { fix: s.fix } : {}) });
      continue;
    }
    checkStrings(c, entries, [...segments, type], `${field}.${type}`, '"arn:aws:iam::111122223333:root"');
  }
}

function checkCondition(c: Collector, value: unknown, segments: Array<string | number>): void {
  if (!isObject(value)) {
    c.add('STATEMENT_FIELD_TYPE', `Condition is ${describe(value)}; it must be an object of operators, e.g. {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}.`, segments);
    return;
  }
  for (const [operator, block] of Object.entries(value)) {
    if (!isKnownConditionOperator(operator)) {
      const s = suggestion(operatorSuggestions(operator), (name) => name in value, (name) => `Rename to "${name}"`);
      c.add('CONDITION_OPERATOR_UNKNOWN', `"${operator}" is not a condition operator, so AWS rejects the policy. Use one of StringEquals, StringLike, ArnLike, Bool, ... (optionally ForAnyValue:/ForAllValues: and IfExists).${s.text}`, [...segments, operator], { at: 'key', ...(s.fix ? { fix: s.fix } : {}) });
    }
    if (!isObject(block)) {
      c.add('STATEMENT_FIELD_TYPE', `Condition.${operator} is ${describe(block)}; it must be an object of condition keys, e.g. {"${operator}": {"aws:PrincipalOrgID": "o-abc123"}}.`, [...segments, operator]);
      continue;
    }
    for (const [key, entries] of Object.entries(block)) {
      const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
      if (scalar(entries) || (Array.isArray(entries) && entries.length > 0 && entries.every(scalar))) continue;
      c.add('STATEMENT_FIELD_TYPE', `The value of ${key} under ${operator} is ${Array.isArray(entries) ? 'an empty array or holds objects' : describe(entries)}; it must be a string, number, boolean or a non-empty array of them.`, [...segments, operator, key]);
    }
  }
}

function checkStatement(c: Collector, kind: DocumentKind | undefined, statement: unknown, index: number, statementKey: string): void {
  const at = [statementKey, index];
  if (!isObject(statement)) {
    c.add('POLICY_SHAPE', `Statement[${index}] is ${describe(statement)}; each statement is an object with Effect, Action and Resource.`, at);
    return;
  }
  for (const key of Object.keys(statement)) {
    if ((STATEMENT_KEYS as readonly string[]).includes(key)) continue;
    const s = suggestion(closestNames(key, STATEMENT_KEYS), (name) => name in statement, (name) => `Rename to "${name}"`);
    c.add('STATEMENT_UNKNOWN_KEY', `"${key}" is not a statement element, so AWS rejects the policy. A statement has ${STATEMENT_KEYS.join(', ')} (case-sensitive).${s.text}`, [...at, key], { at: 'key', ...(s.fix ? { fix: s.fix } : {}) });
  }
  const has = (key: string) => key in statement;
  if (has('Sid') && typeof statement.Sid !== 'string') c.add('STATEMENT_FIELD_TYPE', `Sid is ${describe(statement.Sid)}; it must be a string.`, [...at, 'Sid']);

  const effect = statement.Effect;
  if (!has('Effect')) {
    if (!Object.keys(statement).some((key) => closestNames(key, ['Effect']).length > 0 && key !== 'Effect')) {
      c.add('STATEMENT_EFFECT', `Statement[${index}] has no Effect, so AWS rejects the policy. Add "Effect": "Allow" or "Effect": "Deny".`, at);
    }
  } else if (!(EFFECTS as readonly unknown[]).includes(effect)) {
    const cased = typeof effect === 'string' ? EFFECTS.find((e) => e.toLowerCase() === effect.trim().toLowerCase()) : undefined;
    c.add('STATEMENT_EFFECT', `Effect is ${describe(effect)}; AWS accepts exactly "Allow" or "Deny" (case-sensitive) and rejects the policy otherwise.${cased ? ` Write "${cased}".` : ''}`, [...at, 'Effect'],
      cased ? { fix: { title: `Write "${cased}"`, target: 'value', value: cased } } : {});
  }

  for (const [field, negated, example] of [['Action', 'NotAction', '"secretsmanager:GetSecretValue"'], ['Resource', 'NotResource', '"arn:aws:secretsmanager:us-east-1:111122223333:secret:NAME-AbCdEf"']] as const) {
    if (has(field) && has(negated)) c.add('STATEMENT_CONFLICTING_FIELDS', `Statement[${index}] has both ${field} and ${negated}; AWS rejects that. Keep one.`, [...at, negated], { at: 'key' });
    else if (!has(field) && !has(negated)) {
      const misspelt = Object.keys(statement).some((key) => key !== field && closestNames(key, [field, negated]).length > 0);
      if (!misspelt) c.add('STATEMENT_MISSING_FIELD', `Statement[${index}] has no ${field} (or ${negated}), so AWS rejects the policy. Add "${field}": ${field === 'Resource' && kind !== 'identity-policy' ? '"*"' : example}.`, at);
    }
    for (const key of [field, negated]) if (has(key)) checkStrings(c, statement[key], [...at, key], key, example);
  }

  const principals = ['Principal', 'NotPrincipal'].filter(has);
  if (principals.length === 2) c.add('STATEMENT_CONFLICTING_FIELDS', `Statement[${index}] has both Principal and NotPrincipal; AWS rejects that. Keep one.`, [...at, 'NotPrincipal'], { at: 'key' });
  if (kind === 'identity-policy') {
    for (const key of principals) c.add('PRINCIPAL_IN_IDENTITY_POLICY', `An identity policy has no ${key}: it applies to the role, user or group it is attached to, and IAM rejects the policy. Remove ${key} (or, if this is a secret or key policy, set the file's policy kind).`, [...at, key], { at: 'key' });
  } else {
    for (const key of principals) checkPrincipal(c, statement[key], [...at, key], key);
    const misspelt = () => Object.keys(statement).some((key) => closestNames(key, ['Principal', 'NotPrincipal']).length > 0);
    if ((kind === 'secret-policy' || kind === 'key-policy') && principals.length === 0 && !misspelt()) {
      const what = kind === 'secret-policy' ? 'A secret resource policy' : 'A KMS key policy';
      c.add('PRINCIPAL_MISSING', `${what} statement must name a Principal (who gets the access); AWS rejects Statement[${index}] without one. Add e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"}.`, at);
    }
  }
  if (has('Condition')) checkCondition(c, statement.Condition, [...at, 'Condition']);
}

/**
 * Grammar findings for a policy document as parsed JSON (`kind` narrows the Principal rules: an
 * identity policy has none, a secret or key policy needs one in each statement).
 */
export function grammarFindings(kind: DocumentKind | undefined, value: unknown): Finding[] {
  const statementKey = statementKeyOf(value) ?? 'Statement';
  const c = new Collector(kind, statementKey);
  if (!isObject(value)) {
    c.add('POLICY_SHAPE', `The document is ${describe(value)}, not a policy: a policy is {"Version": "2012-10-17", "Statement": [...]}.`, []);
    return c.findings;
  }
  let statementSuggested = false;
  for (const key of Object.keys(value)) {
    if ((TOP_KEYS as readonly string[]).includes(key)) continue;
    const candidates = closestNames(key, TOP_KEYS);
    if (candidates.includes('Statement')) statementSuggested = true;
    const s = suggestion(candidates, (name) => name in value, (name) => `Rename to "${name}"`);
    c.add('POLICY_UNKNOWN_KEY', `"${key}" is not a policy element, so AWS rejects the policy. A policy has Version, Id and Statement (case-sensitive).${s.text}`, [key], { at: 'key', ...(s.fix ? { fix: s.fix } : {}) });
  }
  if ('Version' in value && !VERSIONS.includes(value.Version as string)) {
    c.add('POLICY_VERSION', `Version is ${describe(value.Version)}; AWS accepts only "2012-10-17" (current) or "2008-10-17". Write "2012-10-17".`, ['Version'],
      { fix: { title: 'Write "2012-10-17"', target: 'value', value: '2012-10-17' } });
  }
  // Statements under a misspelt key are checked too (the key has its own finding).
  const statements = value[statementKey];
  if (statements === undefined) {
    if (!statementSuggested) c.add('POLICY_SHAPE', 'The policy has no "Statement", so it grants nothing and AWS rejects it. Add "Statement": [ { "Effect": ..., "Action": ..., "Resource": ... } ].', []);
  } else if (Array.isArray(statements)) {
    statements.forEach((statement, index) => checkStatement(c, kind, statement, index, statementKey));
  } else if (isObject(statements)) {
    checkStatement(c, kind, statements, 0, statementKey);
  } else {
    c.add('POLICY_SHAPE', `Statement is ${describe(statements)}; it must be an array of statement objects (or one statement object).`, [statementKey]);
  }
  return c.findings;
}

/**
 * The parts of a (possibly ill-formed) policy that can be read, at the same indices, so the other
 * checks can run beside the grammar findings: statements that are not objects become inert, an
 * Effect in the wrong case is read as meant, fields of the wrong type are left out.
 */
export function readablePolicy(value: unknown): PolicyDocument | undefined {
  if (!isObject(value)) return undefined;
  // A misspelt "Statement" is reported by grammarFindings; its statements are still checked.
  const key = statementKeyOf(value);
  const raw = key === undefined ? undefined : value[key];
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
  const stringsOrUndefined = (v: unknown) => (typeof v === 'string' || Array.isArray(v) ? (v as string | string[]) : undefined);
  const Statement = list.map((item): Statement => {
    if (!isObject(item)) return { Effect: 'Deny' };
    const effect = typeof item.Effect === 'string' ? EFFECTS.find((e) => e.toLowerCase() === (item.Effect as string).trim().toLowerCase()) : undefined;
    // An unreadable Effect: read as Deny, which no Allow-only check reports on.
    const statement: Statement = { Effect: effect ?? 'Deny' };
    if (typeof item.Sid === 'string') statement.Sid = item.Sid;
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      const v = stringsOrUndefined(item[key]);
      if (v !== undefined) statement[key] = v;
    }
    for (const key of ['Principal', 'NotPrincipal'] as const) {
      const v = item[key];
      if (v === '*') statement[key] = '*';
      else if (isObject(v)) statement[key] = Object.fromEntries(Object.entries(v).filter(([, e]) => typeof e === 'string' || Array.isArray(e))) as Statement['Principal'];
    }
    if (isObject(item.Condition)) {
      statement.Condition = Object.fromEntries(Object.entries(item.Condition).filter(([, block]) => isObject(block))) as Statement['Condition'];
    }
    return statement;
  });
  return { ...(typeof value.Version === 'string' ? { Version: value.Version } : {}), ...(typeof value.Id === 'string' ? { Id: value.Id } : {}), Statement };
}
