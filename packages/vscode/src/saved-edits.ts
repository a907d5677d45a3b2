import * as vscode from 'vscode';

/**
 * File mode writes a share as ONE workspace edit over every file, then saves each file. VS Code's
 * undo (Ctrl+Z, "Undo in N Files") reverts the editors but would leave the files on disk changed:
 * this watches the files of each edit and saves them again when an undo (or redo) brings one back
 * to exactly its text before (or after) the edit, so disk and editors agree after undo too.
 */
export class SavedEdits implements vscode.Disposable {
  private readonly tracked = new Map<string, { before: string; after: string }>();
  private readonly listener: vscode.Disposable;
  /** Saves made because of an undo or redo (tests and the log). */
  readonly onDidSaveAfterUndo = new vscode.EventEmitter<vscode.Uri>();

  constructor() {
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.reason !== vscode.TextDocumentChangeReason.Undo && event.reason !== vscode.TextDocumentChangeReason.Redo) return;
      const edit = this.tracked.get(event.document.uri.toString());
      if (!edit) return;
      const text = event.document.getText();
      if (text !== edit.before && text !== edit.after) return;
      void event.document.save().then((saved) => saved && this.onDidSaveAfterUndo.fire(event.document.uri));
    });
  }

  /** Replaces the whole text of each file in one undoable edit labelled `label`, then saves them all. */
  async applyAndSave(label: string, files: Array<{ uri: vscode.Uri; text: string }>): Promise<vscode.Uri[]> {
    const edit = new vscode.WorkspaceEdit();
    const documents: vscode.TextDocument[] = [];
    const texts = new Map<string, { before: string; after: string }>();
    for (const file of files) {
      const document = await vscode.workspace.openTextDocument(file.uri);
      documents.push(document);
      const before = document.getText();
      texts.set(file.uri.toString(), { before, after: file.text });
      edit.replace(file.uri, new vscode.Range(document.positionAt(0), document.positionAt(before.length)), file.text, { label, needsConfirmation: false });
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ')}`);
    for (const [uri, text] of texts) this.tracked.set(uri, text);
    for (const document of documents) {
      if (!(await document.save())) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} could not be saved`);
    }
    return files.map((f) => f.uri);
  }

  dispose(): void {
    this.listener.dispose();
    this.onDidSaveAfterUndo.dispose();
    this.tracked.clear();
  }
}
