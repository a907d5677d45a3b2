import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './command-ids';

/** A pending file-mode change: new full text for one or more files, applied together on "Apply". */
export interface FileProposal {
  title: string;
  files: Array<{ uri: vscode.Uri; text: string }>;
  /** Runs after a successful apply (remember ARNs, say what changed). */
  afterApply?: () => Promise<void>;
}

/**
 * Read-only virtual documents (`secret-share-wizard:` URIs) holding proposed and current policies
 * for `vscode.diff`, and the proposal the "Apply" command applies.
 */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  pending: FileProposal | undefined;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A virtual document with this text; `label` becomes its file name (shown in the diff title). */
  add(label: string, text: string): vscode.Uri {
    this.counter += 1;
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.counter}/${label.replace(/[^\w.@-]+/g, '-')}` });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  async setPending(proposal: FileProposal | undefined): Promise<void> {
    this.pending = proposal;
    await vscode.commands.executeCommand('setContext', 'secretShareWizard.proposalPending', proposal !== undefined);
  }

  /** Writes the pending proposal as one undoable workspace edit, then saves the files. */
  async applyPending(onlyFirst = false): Promise<vscode.Uri[]> {
    const proposal = this.pending;
    if (!proposal) return [];
    const files = onlyFirst ? proposal.files.slice(0, 1) : proposal.files;
    const edit = new vscode.WorkspaceEdit();
    const documents: vscode.TextDocument[] = [];
    for (const file of files) {
      const document = await vscode.workspace.openTextDocument(file.uri);
      documents.push(document);
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      edit.replace(file.uri, whole, file.text, { label: proposal.title, needsConfirmation: false });
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ')}`);
    for (const document of documents) await document.save();
    await this.setPending(undefined);
    await proposal.afterApply?.();
    return files.map((f) => f.uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
