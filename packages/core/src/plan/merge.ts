import { statementsEqual } from '../policy/normalise-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { coveringStatements } from '../policy/statement-covers';

export const POLICY_VERSION = '2012-10-17';

export interface MergeResult {
  /** The merged document (a new object; the input is not modified). */
  document: PolicyDocument;
  added: Statement[];
  removed: Statement[];
  /** Our statements that were not added because another statement already allows the same thing. */
  existingGrants: Array<{ statement: Statement; coveredBy: number }>;
  /** Our statements not written because a foreign statement (`isOwn` false) holds their Sid. */
  conflicts: Array<{ statement: Statement; index: number }>;
  changed: boolean;
}

/** Which existing statements carrying one of our Sids are really ours (plan/own-statements.ts). Default: all. */
export type IsOwnStatement = (existing: Statement) => boolean;

/**
 * Merge our statements (each with a Sid) into a document, never replacing it:
 * - statements with another Sid (or none) are kept as they are, in their order;
 * - a statement with the same Sid as ours is replaced in place (no change when equal by value),
 *   but only when `isOwn` says it is ours: a foreign statement under our Sid is kept as it is and
 *   ours is not written (a conflict: the plan is blocked);
 * - when another statement already allows what ours does (equal, or wider; a public `*` statement
 *   does not count), ours is not added;
 * - otherwise ours is appended.
 * A missing document is created with `Version: "2012-10-17"`. Merging twice equals merging once.
 */
export function mergeStatements(doc: PolicyDocument | null, ours: Statement[], partition = 'aws', isOwn: IsOwnStatement = () => true): MergeResult {
  const statements = [...(doc?.Statement ?? [])];
  const added: Statement[] = [];
  const removed: Statement[] = [];
  const existingGrants: MergeResult['existingGrants'] = [];
  const conflicts: MergeResult['conflicts'] = [];
  for (const statement of ours) {
    const sameSid = statements.flatMap((existing, i) => (existing.Sid !== undefined && existing.Sid === statement.Sid ? [i] : []));
    const foreign = sameSid.find((i) => !isOwn(statements[i]!));
    if (foreign !== undefined) {
      conflicts.push({ statement, index: foreign });
      continue;
    }
    const index = sameSid[0] ?? -1;
    if (index >= 0) {
      const existing = statements[index]!;
      if (statementsEqual(existing, statement, partition) && existing.Sid === statement.Sid) continue;
      statements[index] = statement;
      removed.push(existing);
      added.push(statement);
      continue;
    }
    // A public statement is never counted as the consumer's grant: it is a problem, not a share.
    const covering = coveringStatements({ Statement: statements }, statement, partition).filter((i) => !isPublicStatement(statements[i]!));
    if (covering.length > 0) {
      existingGrants.push({ statement, coveredBy: covering[0]! });
      continue;
    }
    statements.push(statement);
    added.push(statement);
  }
  const document: PolicyDocument = doc ? { ...doc, Statement: statements } : { Version: POLICY_VERSION, Statement: statements };
  return { document, added, removed, existingGrants, conflicts, changed: doc === null ? statements.length > 0 : added.length + removed.length > 0 };
}

function isPublicStatement(statement: Statement): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  const aws = principal?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

export interface RemoveResult {
  /** The document without our statements; null when nothing is left (the document is deleted). */
  document: PolicyDocument | null;
  added: Statement[];
  removed: Statement[];
  changed: boolean;
}

/**
 * Remove statements by Sid, or replace them (`replacements`: Sid → new statement or null to remove).
 * Only statements `isOwn` accepts are touched: a foreign statement under one of these Sids is kept.
 * Everything else is kept as it is. `deleteWhenEmpty`: an empty result becomes null.
 */
export function editStatements(doc: PolicyDocument | null, replacements: Map<string, Statement | null>, deleteWhenEmpty: boolean, isOwn: IsOwnStatement = () => true): RemoveResult {
  if (!doc) return { document: null, added: [], removed: [], changed: false };
  const added: Statement[] = [];
  const removed: Statement[] = [];
  const statements: Statement[] = [];
  for (const statement of doc.Statement) {
    const replacement = statement.Sid === undefined || !isOwn(statement) ? undefined : replacements.get(statement.Sid);
    if (replacement === undefined) {
      statements.push(statement);
    } else if (replacement === null) {
      removed.push(statement);
    } else {
      statements.push(replacement);
      if (!statementsEqual(statement, replacement)) {
        removed.push(statement);
        added.push(replacement);
      }
    }
  }
  const changed = added.length + removed.length > 0;
  if (!changed) return { document: doc, added, removed, changed };
  const document = statements.length === 0 && deleteWhenEmpty ? null : { ...doc, Statement: statements };
  return { document, added, removed, changed };
}
