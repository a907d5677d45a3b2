import * as vscode from 'vscode';
import { quickFixesInSpan } from '@secret-share-wizard/core';
import { DIAGNOSTIC_SOURCE } from './diagnostic-model';

/** Quick fixes for the mechanical findings: whitespace, typographic dashes, `-??????`, `iam::aws:policy`. */
export class PolicyQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const offset = document.offsetAt(diagnostic.range.start);
      const span = { offset, length: document.offsetAt(diagnostic.range.end) - offset };
      for (const fix of quickFixesInSpan(text, span)) {
        const key = `${fix.id}@${fix.edits.map((e) => e.offset).join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = actions.length === 0;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) {
          action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.newText);
        }
        actions.push(action);
      }
    }
    return actions;
  }
}
