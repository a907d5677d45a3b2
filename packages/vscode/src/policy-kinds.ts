import * as vscode from 'vscode';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '@secret-share-wizard/core';
import { answered } from './errors';

const KEY = 'secretShareWizard.policyKinds';
/** Stored instead of a kind: the user said the file is not a secret-sharing policy (a trust or bucket policy…). */
const NOT_SHARING = 'not-secret-sharing';
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
    const kind = this.state.get<Record<string, string>>(KEY, {})[uri.toString()];
    return kind === 'secret-policy' || kind === 'key-policy' || kind === 'identity-policy' ? kind : undefined;
  }

  /** True when the user said this file is not a secret-sharing policy: no lens, no findings. */
  isNotSharing(uri: vscode.Uri): boolean {
    return this.state.get<Record<string, string>>(KEY, {})[uri.toString()] === NOT_SHARING;
  }

  async set(uri: vscode.Uri, kind: DocumentKind | typeof NOT_SHARING): Promise<void> {
    await this.state.update(KEY, { ...this.state.get<Record<string, string>>(KEY, {}), [uri.toString()]: kind });
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

/**
 * Ask which kind an ambiguous policy file is (once; the answer is stored). "Not a secret-sharing
 * policy" (a role's trust policy, a bucket policy…) is remembered too: the file then gets no lens
 * and no findings, and the answer is undefined.
 */
export async function askPolicyKind(store: PolicyKindStore, uri: vscode.Uri, candidates: DocumentKind[], reason: string): Promise<DocumentKind | undefined> {
  const items: Array<vscode.QuickPickItem & { policyKind: DocumentKind | typeof NOT_SHARING }> = [
    ...candidates.map((policyKind) => ({ label: DOCUMENT_KIND_LABELS[policyKind], policyKind })),
    { label: 'Not a secret-sharing policy', description: 'a trust policy, a bucket policy…: no lens and no findings for this file', policyKind: NOT_SHARING },
  ];
  const picked = answered(
    await vscode.window.showQuickPick(items, {
      title: `Which policy is ${vscode.workspace.asRelativePath(uri)}?`,
      placeHolder: `Cannot tell from its content (${reason}); the answer is remembered for this file`,
      ignoreFocusOut: true,
    }),
  );
  await store.set(uri, picked.policyKind);
  return picked.policyKind === NOT_SHARING ? undefined : picked.policyKind;
}
