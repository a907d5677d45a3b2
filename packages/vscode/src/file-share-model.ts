import { DOCUMENT_KIND_LABELS, type DocumentKind, type Finding } from '@secret-share-wizard/core';
import { inVsCodeWords } from './vscode-wording';

/** A policy file of a file-mode share, by its workspace-relative path. */
export interface SharedFile {
  path: string;
  kind: DocumentKind;
}

/**
 * The findings that block a file-mode share, each named with the file it is in (a finding about
 * the key policy is in the key policy file, whichever file the share was started from). Findings
 * about a document no file holds do not block: nothing is written for it.
 */
export function blockingFindings(findings: Finding[], files: SharedFile[], started: SharedFile): { lines: string[]; files: string[] } {
  const byKind = new Map(files.map((file) => [file.kind as string, file]));
  const lines: string[] = [];
  const named = new Set<string>();
  for (const finding of findings) {
    if (finding.severity !== 'error') continue;
    if (finding.change !== undefined && !byKind.has(finding.change)) continue;
    const file = finding.change !== undefined ? byKind.get(finding.change)! : started;
    named.add(file.path);
    lines.push(`${file.path} (${DOCUMENT_KIND_LABELS[file.kind]}): ${inVsCodeWords(finding.message).replace(/\.$/, '')}`);
  }
  return { lines, files: [...named] };
}

/**
 * What the log says about the findings of a file-mode share, true to what Apply does: a finding
 * that says the identity policy is "not written by apply" is replaced when the identity policy is
 * one of the files Apply writes (it is written, to that file; attaching it stays the consumer
 * account's job). Findings about documents no file holds are marked as not checked here.
 */
export function fileModeFindingLines(findings: Finding[], files: SharedFile[], written: string[]): string[] {
  const byKind = new Map(files.map((file) => [file.kind as string, file]));
  return findings.map((finding) => {
    const file = finding.change !== undefined ? byKind.get(finding.change) : undefined;
    if (finding.code === 'IDENTITY_FOR_ADMINISTRATOR' && file && written.includes(file.path)) {
      return `INFO identity policy: Apply writes it to ${file.path}; attaching it to the role that reads the secret is done in the consumer account (its administrator or its pipeline).`;
    }
    const where = file ? ` in ${file.path}` : finding.change !== undefined ? ` (no file holds the ${DOCUMENT_KIND_LABELS[finding.change as DocumentKind] ?? finding.change} here: not written, not checked)` : '';
    return `${finding.severity.toUpperCase()} ${finding.code}${where}${finding.path ? ` at ${finding.path}` : ''}: ${inVsCodeWords(finding.message)}`;
  });
}

/** The approval's message in file mode: which files are written and saved, and how undo works. */
export function fileApprovalMessage(title: string, files: SharedFile[]): string {
  const list = files.map((file) => `${file.path} (${DOCUMENT_KIND_LABELS[file.kind]})`).join(', ');
  const n = files.length;
  return `${title}: write and save ${n} file${n === 1 ? '' : 's'} — ${list}. One edit: Ctrl+Z undoes it${n > 1 ? ` in all ${n} files` : ''} and saves ${n > 1 ? 'them' : 'it'} again.`;
}

/** The result: what was saved, and how to undo it. */
export function fileAppliedMessage(paths: string[]): string {
  const n = paths.length;
  return `Saved ${paths.join(', ')} (one edit). Ctrl+Z in ${n > 1 ? `one of them ("Undo in ${n} Files")` : 'it'} reverts ${n > 1 ? 'them all' : 'it'} and saves ${n > 1 ? 'them' : 'it'} again.`;
}
