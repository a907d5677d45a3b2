import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './command-ids';

/**
 * Read-only virtual documents (`secret-share-wizard:` URIs) holding policies under review: the
 * current and proposed documents of a share, revoke or restore, and the applied result. VS Code
 * cannot edit them; the multi-diff editor shows them side by side.
 */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A new virtual document with this text; `label` becomes its file name. */
  add(label: string, text: string): vscode.Uri {
    this.counter += 1;
    return this.put(vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.counter}/${label.replace(/[^\w.@ —()-]+/g, '-')}` }), text);
  }

  /** The document at `uri` now holds `text` (open editors are told). */
  put(uri: vscode.Uri, text: string): vscode.Uri {
    const key = uri.toString();
    const existed = this.contents.has(key);
    this.contents.set(key, text);
    if (existed) this.changed.fire(uri);
    return uri;
  }

  /** Forget these documents (a closed review). */
  delete(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) this.contents.delete(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
