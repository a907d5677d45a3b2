import type { ConditionBlock } from '../policy/policy-types';
import type { ContextValues, RequestContext } from './request-context';
import { arnMatch, wildcardMatch } from './wildcard';

/**
 * IAM condition operators, with AWS's documented semantics:
 * - several operators, or several keys under one operator: all must hold (AND);
 * - several values for one key: any may match (OR); for a negated operator (`StringNotEquals`...) the
 *   context value must match none of them (NOT of the OR, which reads as AND);
 * - a key missing from the request: positive operators are false, negated ones true, `...IfExists`
 *   true, `Null` tests presence, `ForAllValues:` true (vacuously), `ForAnyValue:` false;
 * - an unknown operator never holds (the statement does not apply).
 */
type BaseMatch = (policyValue: string, contextValue: string) => boolean;

interface Operator {
  /** The operator as written, e.g. `ForAnyValue:StringEqualsIfExists`. */
  name: string;
  set: 'any' | 'all' | undefined;
  ifExists: boolean;
  negated: boolean;
  isNull: boolean;
  /** undefined: unknown operator. */
  match: BaseMatch | undefined;
}

const stringEquals: BaseMatch = (p, c) => p === c;
const stringEqualsIgnoreCase: BaseMatch = (p, c) => p.length === c.length && p.toLowerCase() === c.toLowerCase();
const stringLike: BaseMatch = (p, c) => wildcardMatch(p, c);
const arnLike: BaseMatch = (p, c) => arnMatch(p, c);
const bool: BaseMatch = (p, c) => p.toLowerCase() === c.toLowerCase();

function numeric(compare: (a: number, b: number) => boolean): BaseMatch {
  return (p, c) => {
    const policy = Number(p);
    const context = Number(c);
    return p.trim() !== '' && c.trim() !== '' && !Number.isNaN(policy) && !Number.isNaN(context) && compare(context, policy);
  };
}

/** Dates as ISO 8601 or epoch seconds. */
function toTime(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

function date(compare: (a: number, b: number) => boolean): BaseMatch {
  return (p, c) => {
    const policy = toTime(p);
    const context = toTime(c);
    return !Number.isNaN(policy) && !Number.isNaN(context) && compare(context, policy);
  };
}

const eq = (a: number, b: number) => a === b;

/** Base operators: the positive match, and whether the name is the negated form. */
const BASE: Record<string, { match: BaseMatch; negated: boolean }> = {
  stringequals: { match: stringEquals, negated: false },
  stringnotequals: { match: stringEquals, negated: true },
  stringequalsignorecase: { match: stringEqualsIgnoreCase, negated: false },
  stringnotequalsignorecase: { match: stringEqualsIgnoreCase, negated: true },
  stringlike: { match: stringLike, negated: false },
  stringnotlike: { match: stringLike, negated: true },
  arnequals: { match: arnLike, negated: false },
  arnlike: { match: arnLike, negated: false },
  arnnotequals: { match: arnLike, negated: true },
  arnnotlike: { match: arnLike, negated: true },
  bool: { match: bool, negated: false },
  binaryequals: { match: stringEquals, negated: false },
  numericequals: { match: numeric(eq), negated: false },
  numericnotequals: { match: numeric(eq), negated: true },
  numericlessthan: { match: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { match: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { match: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { match: numeric((a, b) => a >= b), negated: false },
  dateequals: { match: date(eq), negated: false },
  datenotequals: { match: date(eq), negated: true },
  datelessthan: { match: date((a, b) => a < b), negated: false },
  datelessthanequals: { match: date((a, b) => a <= b), negated: false },
  dategreaterthan: { match: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { match: date((a, b) => a >= b), negated: false },
};

const operatorCache = new Map<string, Operator>();

function parseOperator(name: string): Operator {
  let rest = name;
  let set: Operator['set'];
  const lower = rest.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (lower.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('ForAllValues:'.length);
  }
  let base = rest.toLowerCase();
  const ifExists = base.endsWith('ifexists') && base !== 'ifexists';
  if (ifExists) base = base.slice(0, -'ifexists'.length);
  if (base === 'null') return { name, set, ifExists: false, negated: false, isNull: true, match: undefined };
  const known = BASE[base];
  return { name, set, ifExists, negated: known?.negated ?? false, isNull: false, match: known?.match };
}

export function operator(name: string): Operator {
  let found = operatorCache.get(name);
  if (found === undefined) {
    found = parseOperator(name);
    operatorCache.set(name, found);
  }
  return found;
}

type RawValue = string | boolean | number | Array<string | boolean | number>;

/** The policy values as strings; an array of strings is used as it is (no copy). */
function policyValues(raw: RawValue): readonly string[] {
  if (Array.isArray(raw)) return raw.every((value) => typeof value === 'string') ? (raw as string[]) : raw.map(String);
  return [String(raw)];
}

/** Does any of the policy values match this one context value (the positive sense)? */
function anyPolicyValue(match: BaseMatch, values: readonly string[], contextValue: string): boolean {
  for (let i = 0; i < values.length; i++) {
    if (match(values[i]!, contextValue)) return true;
  }
  return false;
}

/** Evaluates one operator on one key. */
export function keyCondition(op: Operator, values: readonly string[], context: ContextValues | undefined): boolean {
  const missing = context === undefined || context.length === 0;
  if (op.isNull) {
    // Null: "true" means the key must be absent, "false" that it must be present.
    const wantAbsent = values.some((value) => value.toLowerCase() === 'true');
    const wantPresent = values.some((value) => value.toLowerCase() === 'false');
    return (wantAbsent && missing) || (wantPresent && !missing);
  }
  const match = op.match;
  if (match === undefined) return false;
  if (op.set === 'all') {
    if (missing) return true;
    for (const contextValue of context) {
      if (anyPolicyValue(match, values, contextValue) === op.negated) return false;
    }
    return true;
  }
  if (missing) {
    if (op.set === 'any') return false;
    return op.ifExists || op.negated;
  }
  // Plain operators and ForAnyValue: some context value satisfies the operator. For a plain negated
  // operator on a multi-valued key, no context value may match any policy value.
  if (op.negated && op.set === undefined) {
    for (const contextValue of context) {
      if (anyPolicyValue(match, values, contextValue)) return false;
    }
    return true;
  }
  for (const contextValue of context) {
    if (anyPolicyValue(match, values, contextValue) !== op.negated) return true;
  }
  return false;
}

/** Policy variables (`${aws:PrincipalAccount}`, `${*}`, `${?}`, `${$}`) resolved from the context. */
export function substituteVariables(value: string, context: RequestContext): string | undefined {
  if (!value.includes('${')) return value;
  let unresolved = false;
  const result = value.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    const [rawKey, rawDefault] = inner.split(',', 2) as [string, string | undefined];
    const key = rawKey.trim();
    if (key === '*' || key === '?' || key === '$') return key;
    const found = context.get(key);
    if (found !== undefined && found.length === 1) return found[0]!;
    const fallback = rawDefault?.trim().match(/^'(.*)'$/)?.[1];
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : result;
}

function resolvedValues(raw: RawValue, context: RequestContext): readonly string[] {
  const values = policyValues(raw);
  if (!values.some((value) => value.includes('${'))) return values;
  const resolved: string[] = [];
  for (const value of values) {
    const substituted = substituteVariables(value, context);
    // A variable the request does not carry makes that value match nothing.
    if (substituted !== undefined) resolved.push(substituted);
  }
  return resolved;
}

export interface FailedCondition {
  operator: string;
  key: string;
  values: readonly string[];
  /** What the request carried; undefined when the key was missing. */
  context: readonly string[] | undefined;
}

/** The first condition of the block that does not hold, or undefined when the whole block holds. */
export function failedCondition(block: ConditionBlock | undefined, context: RequestContext): FailedCondition | undefined {
  if (block === undefined) return undefined;
  for (const operatorName in block) {
    const op = operator(operatorName);
    const keys = block[operatorName]!;
    for (const key in keys) {
      const values = resolvedValues(keys[key] as RawValue, context);
      const contextValues = context.get(key);
      if (!keyCondition(op, values, contextValues)) return { operator: operatorName, key, values, context: contextValues };
    }
  }
  return undefined;
}

/** Does the whole condition block hold for this request? */
export function conditionsHold(block: ConditionBlock | undefined, context: RequestContext): boolean {
  return failedCondition(block, context) === undefined;
}
