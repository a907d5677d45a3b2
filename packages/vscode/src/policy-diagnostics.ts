import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, diagnosticSpecs, type DiagnosticSpec } from './diagnostic-model';
import { isJsonDocument, type PolicyAnalysis } from './policy-analysis';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(spec: DiagnosticSpec): vscode.Diagnostic {
  const range = new vscode.Range(spec.start.line, spec.start.character, spec.end.line, spec.end.character);
  const diagnostic = new vscode.Diagnostic(range, spec.message, SEVERITY[spec.severity] ?? vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = spec.code;
  return diagnostic;
}

/**
 * The core's findings in the Problems panel: open JSON files (refreshed on edit after `delayMs` of
 * quiet) and, after "Check all policy files in the workspace", the policy files on disk.
 */
export class PolicyDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files the workspace check put in the panel: closing their editor shows the file on disk again. */
  private readonly fromWorkspace = new Set<string>();

  constructor(
    private readonly analysis: PolicyAnalysis,
    private readonly delayMs: () => number,
    private readonly onUpdated: () => void,
  ) {}

  /** Recompute now for an open document. */
  update(document: vscode.TextDocument): void {
    if (!isJsonDocument(document) || document.uri.scheme !== 'file') return;
    const { analysis } = this.analysis.get(document);
    this.collection.set(document.uri, diagnosticSpecs(analysis, document.getText()).map(toDiagnostic));
    this.onUpdated();
  }

  /**
   * Findings for a file's text as read from disk (not open in an editor). Returns the specs set;
   * a file that is not a policy gets none (and is not remembered).
   */
  setFromText(uri: vscode.Uri, text: string): { isPolicy: boolean; specs: DiagnosticSpec[] } {
    const { analysis } = this.analysis.analyzeText(uri, text);
    if (!analysis.classification.isPolicy) {
      this.collection.delete(uri);
      this.fromWorkspace.delete(uri.toString());
      return { isPolicy: false, specs: [] };
    }
    const specs = diagnosticSpecs(analysis, text);
    this.collection.set(uri, specs.map(toDiagnostic));
    this.fromWorkspace.add(uri.toString());
    return { isPolicy: true, specs };
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

  /** An editor closed: its diagnostics go, unless the workspace check listed the file (then the file on disk is checked again). */
  async closed(uri: vscode.Uri): Promise<void> {
    clearTimeout(this.timers.get(uri.toString()));
    if (!this.fromWorkspace.has(uri.toString())) {
      this.collection.delete(uri);
      return;
    }
    try {
      this.setFromText(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.collection.delete(uri);
      this.fromWorkspace.delete(uri.toString());
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
  }
}
