import * as vscode from 'vscode';
import { isJsonDocument, type PolicyAnalysis } from './policy-analysis';

/** Code lenses at the top of a policy file. Drawn from the cached offline analysis: no AWS call. */
export function policyCodeLenses(analysis: PolicyAnalysis, document: vscode.TextDocument): vscode.CodeLens[] {
  if (!isJsonDocument(document)) return [];
  const { lenses } = analysis.get(document);
  const top = new vscode.Range(0, 0, 0, 0);
  return lenses.map((lens) => new vscode.CodeLens(top, { title: lens.title, command: lens.command, tooltip: lens.tooltip, arguments: [document.uri] }));
}
