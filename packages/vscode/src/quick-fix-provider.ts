import * as vscode from 'vscode';
import { findingQuickFixes, fixAllText, minimalTextEdit, type TextEdit } from '@secret-share-wizard/core';
import { FIX_ALL_KIND } from './command-ids';
import { DIAGNOSTIC_SOURCE } from './diagnostic-model';
import type { PolicyAnalysis } from './policy-analysis';

const fixAllKind = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

function workspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
  return edit;
}

/**
 * Quick fixes for the findings under the cursor (a misspelt key, `"allow"`, an unknown action or
 * condition key with one close match, an alias ARN whose key is known, ARN whitespace, typographic
 * dashes, `-??????`, `iam::aws:policy`), and "fix all" (`source.fixAll.secretShareWizard`), which
 * applies every certain fix of the file.
 */
export class PolicyQuickFixProvider {
  constructor(private readonly analysis: PolicyAnalysis) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only) {
      // "source", "source.fixAll" (e.g. editor.codeActionsOnSave) or ours: the fix-all action only.
      if (context.only.contains(fixAllKind)) return this.fixAll(document);
      if (!context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    }
    const text = document.getText();
    const { analysis } = this.analysis.get(document);
    const fixes = findingQuickFixes(text, analysis);
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const offset = document.offsetAt(diagnostic.range.start);
      const length = document.offsetAt(diagnostic.range.end) - offset;
      for (const fix of fixes) {
        const located = fix.finding;
        if (located.offset !== offset || located.length !== length || located.finding.code !== diagnostic.code) continue;
        const key = `${fix.id}@${fix.edits.map((e) => `${e.offset}:${e.newText}`).join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.certain && !actions.some((a) => a.isPreferred);
        action.edit = workspaceEdit(document, fix.edits);
        actions.push(action);
      }
    }
    if (actions.length > 0 && fixAllText(text, analysis.kind, this.analysis.lintContext(document.uri)).applied.length > 1) actions.push(...this.fixAll(document));
    return actions;
  }

  /** One action applying every certain fix of the file, or none when there is nothing to fix. */
  fixAll(document: vscode.TextDocument): vscode.CodeAction[] {
    const text = document.getText();
    const { analysis } = this.analysis.get(document);
    const result = fixAllText(text, analysis.kind, this.analysis.lintContext(document.uri));
    const edit = minimalTextEdit(text, result.text);
    if (!edit) return [];
    const action = new vscode.CodeAction(`Fix all certain problems in this file (${result.applied.length})`, fixAllKind);
    action.edit = workspaceEdit(document, [edit]);
    return [action];
  }
}

/** The "Fix all certain problems" command on a file (the argument, else the active editor). Returns the fixes applied. */
export async function fixAllInDocument(analysis: PolicyAnalysis, uri?: vscode.Uri): Promise<string[]> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Fix all: open a policy JSON file first.');
    return [];
  }
  const document = await vscode.workspace.openTextDocument(target);
  const text = document.getText();
  const { analysis: fileAnalysis } = analysis.get(document);
  const result = fixAllText(text, fileAnalysis.kind, analysis.lintContext(target));
  const edit = minimalTextEdit(text, result.text);
  if (!edit) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(target)}: nothing to fix automatically.`);
    return [];
  }
  await vscode.workspace.applyEdit(workspaceEdit(document, [edit]));
  void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(target)}: ${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} applied (${result.applied.join('; ')}). Undo reverts them.`);
  return result.applied;
}
