import type { PolicyFileAnalysis, Severity } from '@secret-share-wizard/core';

/** A diagnostic, editor-independent: offsets into the text. */
export interface DiagnosticSpec {
  offset: number;
  length: number;
  severity: Severity;
  message: string;
  code: string;
}

export const DIAGNOSTIC_SOURCE = 'secret-share-wizard';

/** The core's findings for a file as diagnostics, at the string or statement each one names. */
export function diagnosticSpecs(analysis: PolicyFileAnalysis): DiagnosticSpec[] {
  return analysis.findings.map(({ finding, offset, length }) => ({ offset, length, severity: finding.severity, message: finding.message, code: finding.code }));
}
