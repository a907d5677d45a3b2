import { analyzePolicyText, DOCUMENT_KIND_LABELS, type DocumentKind, type PolicyFileAnalysis } from '@secret-share-wizard/core';
import type { CommandId } from './command-ids';

export type LintContext = NonNullable<Parameters<typeof analyzePolicyText>[2]>;

/** One code lens, editor-independent: drawn at the top of the file. */
export interface LensSpec {
  title: string;
  command: CommandId;
  tooltip: string;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The lenses for a policy file: "Share cross-account…", "Simulate access…" and a findings summary
 * (which opens the Problems panel). An ambiguous file gets a lens asking what it is. No AWS call.
 */
export function lensSpecs(analysis: PolicyFileAnalysis): LensSpec[] {
  if (!analysis.classification.isPolicy) return [];
  const lenses: LensSpec[] = [];
  if (!analysis.kind) {
    lenses.push({ title: 'Which policy is this?', command: 'secretShareWizard.setPolicyKind', tooltip: `Ambiguous: ${analysis.classification.reason}. Choose the kind once; it is remembered for this file.` });
  }
  lenses.push({ title: 'Share cross-account…', command: 'secretShareWizard.shareCrossAccount', tooltip: 'Add the statements that share a secret with another account, previewed as a diff' });
  lenses.push({ title: 'Simulate access…', command: 'secretShareWizard.simulateAccess', tooltip: 'Can a principal read the secret with this policy? Offline, no AWS call' });
  const errors = analysis.findings.filter((f) => f.finding.severity === 'error').length;
  if (analysis.problem) {
    // The errors are diagnostics at their ranges; the lens opens the Problems panel.
    lenses.push({ title: `Not readable as a policy: ${count(Math.max(errors, 1), 'error')}`, command: 'secretShareWizard.showFindings', tooltip: `${analysis.problem} (see the Problems panel)` });
  } else if (analysis.kind) {
    const title = analysis.findings.length === 0 ? `${DOCUMENT_KIND_LABELS[analysis.kind]}: no findings` : `${DOCUMENT_KIND_LABELS[analysis.kind]}: ${count(analysis.findings.length, 'finding')}${errors > 0 ? ` (${count(errors, 'error')})` : ''}`;
    lenses.push({ title, command: 'secretShareWizard.showFindings', tooltip: 'Open the Problems panel' });
  }
  return lenses;
}

/** Analysis + lenses in one call: what the lens provider does per document version (and what the bench times). */
export function policyLenses(text: string, kind?: DocumentKind, context?: LintContext): { analysis: PolicyFileAnalysis; lenses: LensSpec[] } {
  const analysis = analyzePolicyText(text, kind, context);
  return { analysis, lenses: lensSpecs(analysis) };
}
