import * as vscode from 'vscode';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '@secret-share-wizard/core';
import { answered } from './errors';

const KEY = 'secretShareWizard.policyKinds';
const CONTEXT_KEY = 'secretShareWizard.fileContexts';

/** What the user told us about a file, remembered per file in workspaceState. */
export interface FileContext {
  secretArn?: string;
  keyArn?: string;
  consumer?: string;
}

export class PolicyKindStore {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): DocumentKind | undefined {
    return this.state.get<Record<string, DocumentKind>>(KEY, {})[uri.toString()];
  }

  async set(uri: vscode.Uri, kind: DocumentKind): Promise<void> {
    await this.state.update(KEY, { ...this.state.get<Record<string, DocumentKind>>(KEY, {}), [uri.toString()]: kind });
    this.changed.fire(uri);
  }

  context(uri: vscode.Uri): FileContext {
    return this.state.get<Record<string, FileContext>>(CONTEXT_KEY, {})[uri.toString()] ?? {};
  }

  async rememberContext(uri: vscode.Uri, context: FileContext): Promise<void> {
    const all = this.state.get<Record<string, FileContext>>(CONTEXT_KEY, {});
    await this.state.update(CONTEXT_KEY, { ...all, [uri.toString()]: { ...all[uri.toString()], ...context } });
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Ask which kind an ambiguous policy file is (once; the answer is stored). */
export async function askPolicyKind(store: PolicyKindStore, uri: vscode.Uri, candidates: DocumentKind[], reason: string): Promise<DocumentKind> {
  const items = candidates.map((policyKind) => ({ label: DOCUMENT_KIND_LABELS[policyKind], policyKind }));
  const picked = answered(
    await vscode.window.showQuickPick(items, {
      title: `Which policy is ${vscode.workspace.asRelativePath(uri)}?`,
      placeHolder: `Cannot tell from its content (${reason}); the answer is remembered for this file`,
      ignoreFocusOut: true,
    }),
  );
  await store.set(uri, picked.policyKind);
  return picked.policyKind;
}
