import { normaliseStatement } from './normalise-policy';
import type { PolicyDocument } from './policy-types';
import { normalCovers } from './statement-covers';

/**
 * Does `after` grant anything `before` did not? True when `after` has an Allow that no Allow of
 * `before` covers, or when a Deny of `before` is gone from `after` (no Deny of `after` covers it). A new document (before null)
 * broadens access when it has any Allow.
 */
export function broadensAccess(before: PolicyDocument | null, after: PolicyDocument | null, partition = 'aws'): boolean {
  const beforeStatements = (before?.Statement ?? []).map((s) => normaliseStatement(s, partition));
  const afterStatements = (after?.Statement ?? []).map((s) => normaliseStatement(s, partition));
  const beforeAllows = beforeStatements.filter((s) => s.effect === 'Allow');
  const newAllow = afterStatements.some((s) => s.effect === 'Allow' && !beforeAllows.some((b) => normalCovers(b, s)));
  if (newAllow) return true;
  const afterDenies = afterStatements.filter((s) => s.effect === 'Deny');
  return beforeStatements.some((s) => s.effect === 'Deny' && !afterDenies.some((a) => normalCovers(a, s)));
}
