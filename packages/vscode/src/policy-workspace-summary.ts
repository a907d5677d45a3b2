import type { Severity } from '@secret-share-wizard/core';

/** One JSON file the workspace check read. */
export interface CheckedFile {
  /** Workspace-relative path. */
  path: string;
  isPolicy: boolean;
  severities: Severity[];
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The sentence the workspace check ends with: how many policy files, how many problems, what was skipped. */
export function summarizeWorkspaceCheck(files: CheckedFile[]): string {
  const policies = files.filter((f) => f.isPolicy);
  const skipped = files.length - policies.length;
  const all = policies.flatMap((f) => f.severities);
  const errors = all.filter((s) => s === 'error').length;
  const warnings = all.filter((s) => s === 'warning').length;
  const withProblems = policies.filter((f) => f.severities.length > 0).length;
  const problems = all.length === 0 ? 'no findings' : `${count(errors, 'error')}, ${count(warnings, 'warning')}${all.length - errors - warnings > 0 ? `, ${count(all.length - errors - warnings, 'note')}` : ''} in ${count(withProblems, 'file')}`;
  return `Checked ${count(policies.length, 'policy file')}: ${problems}${skipped > 0 ? ` (${count(skipped, 'other JSON file')} skipped)` : ''}.`;
}
