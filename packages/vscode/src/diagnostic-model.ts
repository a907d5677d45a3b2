import { offsetToPosition, type PolicyFileAnalysis, type Severity } from '@secret-share-wizard/core';

/** A diagnostic, editor-independent: offsets into the text, and zero-based positions. */
export interface DiagnosticSpec {
  offset: number;
  length: number;
  start: { line: number; character: number };
  end: { line: number; character: number };
  severity: Severity;
  message: string;
  code: string;
  /** The title of the certain fix the finding carries (a quick fix, and part of "fix all"), if any. */
  fix?: string;
}

export const DIAGNOSTIC_SOURCE = 'secret-share-wizard';

/**
 * The core's findings for a file as diagnostics, at the string, key or statement each one names
 * (grammar errors of an unreadable file included). `text` is the analysed text (for positions).
 */
export function diagnosticSpecs(analysis: PolicyFileAnalysis, text: string): DiagnosticSpec[] {
  return analysis.findings.map(({ finding, offset, length }) => ({
    offset,
    length,
    start: offsetToPosition(text, offset),
    end: offsetToPosition(text, offset + length),
    severity: finding.severity,
    message: finding.message,
    code: finding.code,
    ...(finding.fix ? { fix: finding.fix.title } : {}),
  }));
}
