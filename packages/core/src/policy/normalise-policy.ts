import { isAccountId } from '../arn/arn';
import { asArray } from './parse-policy';
import type { ConditionBlock, PolicyDocument, PrincipalValue, Statement, StringOrArray } from './policy-types';
import { compareText } from '../text/locale-free';

/** Principal with every value an array, `"*"` as `{AWS: ["*"]}`, bare account ids as root ARNs. */
export type NormalPrincipal = Record<string, string[]>;

/** A statement in a form where equal meaning gives equal values (Sid is dropped). */
export interface NormalStatement {
  effect: 'Allow' | 'Deny';
  principal?: NormalPrincipal;
  notPrincipal?: NormalPrincipal;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** operator → condition key (lower case) → sorted unique values as strings. */
  condition: Record<string, Record<string, string[]>>;
}

/** String-or-array → sorted array without duplicates. */
export function sortedUnique(value: StringOrArray | undefined, lowerCase = false): string[] {
  const values = asArray(value).map((item) => (lowerCase ? String(item).toLowerCase() : String(item)));
  return [...new Set(values)].sort();
}

/** A principal entry in its canonical form: a bare 12-digit account id becomes `arn:PARTITION:iam::ID:root`. */
export function normalisePrincipalId(type: string, value: string, partition = 'aws'): string {
  if (type === 'AWS' && isAccountId(value)) return `arn:${partition}:iam::${value}:root`;
  return value;
}

export function normalisePrincipal(value: PrincipalValue | undefined, partition = 'aws'): NormalPrincipal | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return { AWS: ['*'] };
  const result: NormalPrincipal = {};
  for (const [type, raw] of Object.entries(value).sort(([a], [b]) => compareText(a, b))) {
    if (raw === undefined) continue;
    const values = asArray(raw as StringOrArray).map((item) => normalisePrincipalId(type, item, partition));
    result[type] = [...new Set(values)].sort();
  }
  return result;
}

export function normaliseCondition(condition: ConditionBlock | undefined): Record<string, Record<string, string[]>> {
  const result: Record<string, Record<string, string[]>> = {};
  if (!condition) return result;
  for (const operator of Object.keys(condition).sort()) {
    const block = condition[operator] ?? {};
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(block).sort((a, b) => compareText(a.toLowerCase(), b.toLowerCase()))) {
      const raw = block[key];
      const values = (Array.isArray(raw) ? raw : [raw]).map((item) => String(item));
      const lower = key.toLowerCase();
      keys[lower] = [...new Set([...(keys[lower] ?? []), ...values])].sort();
    }
    if (Object.keys(keys).length > 0) result[operator] = keys;
  }
  return result;
}

export function normaliseStatement(statement: Statement, partition = 'aws'): NormalStatement {
  const normal: NormalStatement = { effect: statement.Effect, condition: normaliseCondition(statement.Condition) };
  const principal = normalisePrincipal(statement.Principal, partition);
  if (principal) normal.principal = principal;
  const notPrincipal = normalisePrincipal(statement.NotPrincipal, partition);
  if (notPrincipal) normal.notPrincipal = notPrincipal;
  // Action names are case-insensitive in IAM; resources are not.
  if (statement.Action !== undefined) normal.action = sortedUnique(statement.Action, true);
  if (statement.NotAction !== undefined) normal.notAction = sortedUnique(statement.NotAction, true);
  if (statement.Resource !== undefined) normal.resource = sortedUnique(statement.Resource);
  if (statement.NotResource !== undefined) normal.notResource = sortedUnique(statement.NotResource);
  return normal;
}

/** A string that is equal for two statements exactly when they mean the same (Sid ignored). */
export function statementKey(statement: Statement, partition = 'aws'): string {
  return JSON.stringify(normaliseStatement(statement, partition));
}

/** Equal by value: string-or-array, order, duplicates, principal forms and Sid do not matter. */
export function statementsEqual(a: Statement, b: Statement, partition = 'aws'): boolean {
  return statementKey(a, partition) === statementKey(b, partition);
}

/** Same statements (as a multiset, in any order) by value. */
export function documentsEquivalent(a: PolicyDocument | null, b: PolicyDocument | null, partition = 'aws'): boolean {
  if (a === null || b === null) return a === b;
  const keys = (doc: PolicyDocument) => doc.Statement.map((statement) => statementKey(statement, partition)).sort();
  return JSON.stringify(keys(a)) === JSON.stringify(keys(b)) && (a.Version ?? '') === (b.Version ?? '');
}

/** The document with every statement written in the short AWS style (single values as strings, sorted arrays). */
export function normaliseDocument(doc: PolicyDocument, partition = 'aws'): PolicyDocument {
  return { ...doc, Statement: doc.Statement.map((statement) => normaliseStatementShape(statement, partition)) };
}

function compact(values: string[]): StringOrArray {
  return values.length === 1 ? values[0]! : values;
}

/** Re-shape one statement without changing its meaning: sorted unique arrays, one value as a string. */
export function normaliseStatementShape(statement: Statement, partition = 'aws'): Statement {
  const result: Statement = { Effect: statement.Effect };
  if (statement.Sid !== undefined) result.Sid = statement.Sid;
  const principal = (value: PrincipalValue | undefined): PrincipalValue | undefined => {
    const normal = normalisePrincipal(value, partition);
    if (!normal) return undefined;
    if (Object.keys(normal).length === 1 && normal.AWS?.length === 1 && normal.AWS[0] === '*') return '*';
    return Object.fromEntries(Object.entries(normal).map(([type, values]) => [type, compact(values)])) as PrincipalValue;
  };
  const p = principal(statement.Principal);
  if (p !== undefined) result.Principal = p;
  const np = principal(statement.NotPrincipal);
  if (np !== undefined) result.NotPrincipal = np;
  if (statement.Action !== undefined) result.Action = compact(sortedUnique(statement.Action));
  if (statement.NotAction !== undefined) result.NotAction = compact(sortedUnique(statement.NotAction));
  if (statement.Resource !== undefined) result.Resource = compact(sortedUnique(statement.Resource));
  if (statement.NotResource !== undefined) result.NotResource = compact(sortedUnique(statement.NotResource));
  if (statement.Condition !== undefined) {
    const condition: ConditionBlock = {};
    for (const [operator, block] of Object.entries(statement.Condition)) {
      condition[operator] = Object.fromEntries(
        Object.entries(block).map(([key, raw]) => [key, Array.isArray(raw) ? compact([...new Set(raw.map(String))].sort()) : raw]),
      );
    }
    result.Condition = condition;
  }
  return result;
}
