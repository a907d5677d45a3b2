import * as vscode from 'vscode';
import { tryParseArn, type PolicyFileAnalysis } from '@secret-share-wizard/core';
import { policyLenses, type LensSpec, type LintContext } from './lens-model';
import type { PolicyKindStore } from './policy-kinds';

export function isJsonDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'json' || document.languageId === 'jsonc';
}

/** A file the user said is not a secret-sharing policy: treated as JSON that is not a policy (no lens, no findings). */
const NOT_SHARING_RESULT: { analysis: PolicyFileAnalysis; lenses: LensSpec[] } = Object.freeze({
  analysis: { classification: { isPolicy: false, candidates: [], reason: 'marked as not a secret-sharing policy' }, findings: [] },
  lenses: [],
});

/** Analysis of open policy files, cached per document version. No AWS. */
export class PolicyAnalysis {
  private readonly cache = new Map<string, { version: number; kindKey: string; result: { analysis: PolicyFileAnalysis; lenses: LensSpec[] } }>();

  constructor(private readonly kinds: PolicyKindStore) {}

  /** What the user told us about the file (its secret and key), so the linter can check ARNs against them. */
  lintContext(uri: vscode.Uri): LintContext {
    const remembered = this.kinds.context(uri);
    const secret = remembered.secretArn ? tryParseArn(remembered.secretArn) : undefined;
    return {
      ...(remembered.secretArn ? { secretArn: remembered.secretArn } : {}),
      ...(remembered.keyArn ? { keyArn: remembered.keyArn } : {}),
      ...(secret ? { partition: secret.partition, region: secret.region } : {}),
    };
  }

  get(document: vscode.TextDocument): { analysis: PolicyFileAnalysis; lenses: LensSpec[] } {
    const key = document.uri.toString();
    if (this.kinds.isNotSharing(document.uri)) return NOT_SHARING_RESULT;
    const kind = this.kinds.get(document.uri);
    const context = this.lintContext(document.uri);
    const kindKey = `${kind ?? ''}|${JSON.stringify(context)}`;
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.kindKey === kindKey) return cached.result;
    const result = policyLenses(document.getText(), kind, context);
    this.cache.set(key, { version: document.version, kindKey, result });
    return result;
  }

  /** The analysis of a file's text that is not open in an editor (the workspace check): not cached. */
  analyzeText(uri: vscode.Uri, text: string): { analysis: PolicyFileAnalysis; lenses: LensSpec[] } {
    if (this.kinds.isNotSharing(uri)) return NOT_SHARING_RESULT;
    return policyLenses(text, this.kinds.get(uri), this.lintContext(uri));
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}
