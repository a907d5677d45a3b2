import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, diagnosticSpecs } from './diagnostic-model';
import { isJsonDocument, type PolicyAnalysis } from './policy-analysis';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The core's findings in the Problems panel, refreshed on edit after `delayMs` of quiet. */
export class PolicyDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly analysis: PolicyAnalysis,
    private readonly delayMs: () => number,
    private readonly onUpdated: () => void,
  ) {}

  /** Recompute now. */
  update(document: vscode.TextDocument): void {
    if (!isJsonDocument(document) || document.uri.scheme !== 'file') return;
    const { analysis } = this.analysis.get(document);
    const diagnostics = diagnosticSpecs(analysis).map((spec) => {
      const range = new vscode.Range(document.positionAt(spec.offset), document.positionAt(spec.offset + spec.length));
      const diagnostic = new vscode.Diagnostic(range, spec.message, SEVERITY[spec.severity] ?? vscode.DiagnosticSeverity.Warning);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = spec.code;
      return diagnostic;
    });
    this.collection.set(document.uri, diagnostics);
    this.onUpdated();
  }

  /** Recompute after the user pauses typing. */
  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.update(document);
    }, this.delayMs()));
  }

  clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
  }
}
