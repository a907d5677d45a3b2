import type { LintContext } from '../plan/findings/lint-policy-document';
import type { DocumentKind } from '../policy/policy-types';
import { analyzePolicyText, type PolicyFileAnalysis } from './analyze-policy-file';
import { applyTextEdits, CERTAIN_VALUE_FIXES, findingFixEdit, quickFixesInSpan, type LocatedFinding, type QuickFix, type TextEdit } from './quick-fixes';

/** A fix offered for one located finding: its own certain fix, else a certain mechanical fix of the string it names. */
export interface FindingQuickFix extends QuickFix {
  finding: LocatedFinding;
  /** True when the fix is what the finding's message asks for (safe to apply without looking: "fix all"). */
  certain: boolean;
}

/**
 * The quick fixes for the findings of an analysed text: each finding's `fix` (a misspelt key,
 * `"allow"`, an unknown action or condition key with one close match, an alias ARN with a known
 * key), and the mechanical string fixes (whitespace, typographic dashes, `-??????`, an
 * `iam::aws:policy` ARN) of the strings a finding covers.
 */
export function findingQuickFixes(text: string, analysis: PolicyFileAnalysis): FindingQuickFix[] {
  const out: FindingQuickFix[] = [];
  for (const located of analysis.findings) {
    const own = findingFixEdit(text, located.finding);
    if (own) out.push({ ...own, finding: located, certain: true });
    for (const fix of quickFixesInSpan(text, located)) out.push({ ...fix, finding: located, certain: CERTAIN_VALUE_FIXES.has(fix.id) });
  }
  return out;
}

export interface FixAllResult {
  text: string;
  /** The titles of the fixes applied, in order. */
  applied: string[];
}

const MAX_PASSES = 10;

/**
 * Applies every certain fix, pass after pass (a fix can reveal or move another), until none is
 * left: the "fix all" of an editor. Each pass applies non-overlapping edits only.
 */
export function fixAllText(text: string, kind?: DocumentKind, context: LintContext = {}): FixAllResult {
  const applied: string[] = [];
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const fixes = findingQuickFixes(current, analyzePolicyText(current, kind, context)).filter((fix) => fix.certain);
    const chosen: QuickFix[] = [];
    const taken: Array<[number, number]> = [];
    for (const fix of fixes) {
      const overlaps = fix.edits.some((edit) => taken.some(([start, end]) => edit.offset < end && edit.offset + edit.length > start));
      if (overlaps) continue;
      chosen.push(fix);
      for (const edit of fix.edits) taken.push([edit.offset, edit.offset + edit.length]);
    }
    if (chosen.length === 0) break;
    current = applyTextEdits(current, chosen.flatMap((fix) => fix.edits));
    applied.push(...chosen.map((fix) => fix.title));
  }
  return { text: current, applied };
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept), for editors. */
export function minimalTextEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
  return { offset: start, length: before.length - start - end, newText: after.slice(start, after.length - end) };
}
