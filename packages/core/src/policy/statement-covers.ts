import { normaliseStatement, type NormalPrincipal, type NormalStatement } from './normalise-policy';
import type { PolicyDocument, Statement } from './policy-types';
import { patternCovers } from '../simulate/wildcard';

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every pattern of `b` is covered by one pattern of `a` (`patternCovers`: never true unless every
 * value b's pattern matches is matched by a's). A needle is a pattern too (`secretsmanager:Get*`):
 * matching it as if it were a value would be wrong (`?` would "cover" a `*`) and, through a RegExp,
 * exponential.
 */
function everyMatched(needles: string[], patterns: string[], ignoreCase: boolean): boolean {
  return needles.every((needle) => patterns.some((pattern) => patternCovers(pattern, needle, ignoreCase)));
}

function principalCovers(a: NormalPrincipal | undefined, b: NormalPrincipal | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.AWS?.includes('*')) return true;
  return Object.entries(b).every(([type, values]) => {
    const patterns = a[type] ?? [];
    return values.every((value) => patterns.includes(value));
  });
}

/** Operators where fewer values make the condition narrower (the value must equal/match one of them). */
function isAnyOfOperator(operator: string): boolean {
  const base = operator.replace(/^ForAnyValue:/, '').replace(/IfExists$/, '');
  if (operator.startsWith('ForAllValues:')) return false;
  return /^(String(Equals|EqualsIgnoreCase|Like)|Arn(Equals|Like)|NumericEquals|DateEquals|IpAddress|BinaryEquals|Bool)$/.test(base);
}

/** Every condition of `a` is at least as loose as the same condition in `b` (so `a` allows whatever `b` allows). */
function conditionCovers(a: NormalStatement['condition'], b: NormalStatement['condition']): boolean {
  return Object.entries(a).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const other = b[operator]?.[key];
      if (!other) return false;
      if (isAnyOfOperator(operator)) return other.every((value) => values.includes(value));
      return sameJson(values, other);
    }),
  );
}

/**
 * True when statement `a` allows (or denies) at least everything `b` does: same effect, a principal
 * set that includes b's, actions and resources that match b's (wildcards), and conditions no
 * stricter than b's. Conservative: when unsure (NotAction, NotResource, NotPrincipal) it requires
 * those fields to be equal.
 */
export function statementCovers(a: Statement, b: Statement, partition = 'aws'): boolean {
  return normalCovers(normaliseStatement(a, partition), normaliseStatement(b, partition));
}

export function normalCovers(a: NormalStatement, b: NormalStatement): boolean {
  if (a.effect !== b.effect) return false;
  if (!sameJson(a.notPrincipal, b.notPrincipal) || !sameJson(a.notAction, b.notAction) || !sameJson(a.notResource, b.notResource)) return false;
  if (!principalCovers(a.principal, b.principal)) return false;
  if (b.action && !everyMatched(b.action, a.action ?? [], true)) return false;
  if (!b.action && a.action) return false;
  if (b.resource && !everyMatched(b.resource, a.resource ?? [], false)) return false;
  if (!b.resource && a.resource) return false;
  return conditionCovers(a.condition, b.condition);
}

/** The statements of `doc` that cover `statement` (indexes), best first (exact by value before wider). */
export function coveringStatements(doc: PolicyDocument | null, statement: Statement, partition = 'aws'): number[] {
  if (!doc) return [];
  const target = normaliseStatement(statement, partition);
  const result: number[] = [];
  doc.Statement.forEach((candidate, index) => {
    if (normalCovers(normaliseStatement(candidate, partition), target)) result.push(index);
  });
  return result;
}
