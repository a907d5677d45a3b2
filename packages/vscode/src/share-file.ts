import * as vscode from 'vscode';
import { DOCUMENT_KIND_LABELS, classifyPolicyText, parsePolicy, planOffline, policyFileEdit, shareArnsIn, siblingPolicyFiles, userError, type DocumentKind, type Plan, type PolicyChange } from '@secret-share-wizard/core';
import { blockingFindings, fileApprovalMessage, fileAppliedMessage, fileModeFindingLines, type SharedFile } from './file-share-model';
import type { Log } from './output-log';
import { askPolicyKind, type PolicyKindStore } from './policy-kinds';
import { askConsumer, askKeyArn, askSecretArn } from './prompts';
import type { ReviewEditor } from './review-editor';
import { consumerLabel, reviewBaseTitle, reviewKey } from './review-model';
import type { SavedEdits } from './saved-edits';
import { readSettings } from './settings';

export interface PolicyFile {
  uri: vscode.Uri;
  text: string;
  kind: DocumentKind;
}

/** The kind of a policy file: remembered, recognised, or asked once. */
export async function policyKindOf(kinds: PolicyKindStore, uri: vscode.Uri, text: string): Promise<DocumentKind> {
  const classification = classifyPolicyText(text);
  if (!classification.isPolicy) {
    throw userError('VSCODE_NOT_A_POLICY', vscode.workspace.asRelativePath(uri), `is not an IAM policy document (${classification.reason})`, 'Open a policy JSON file ({"Version": ..., "Statement": [...]}), or run "Share a secret from AWS…"');
  }
  if (kinds.isNotSharing(uri)) {
    throw userError('VSCODE_NOT_A_POLICY', vscode.workspace.asRelativePath(uri), 'is marked as not a secret-sharing policy', 'Run "Secret Share Wizard: Set the policy kind of this file…" to say which policy it is');
  }
  const kind = kinds.get(uri) ?? classification.kind ?? (await askPolicyKind(kinds, uri, classification.candidates, classification.reason));
  if (!kind) throw userError('VSCODE_NOT_A_POLICY', vscode.workspace.asRelativePath(uri), 'is not a secret-sharing policy (remembered for this file)', 'Share from the secret, key or identity policy file instead');
  return kind;
}

/**
 * A policy file and the other documents of its share next to it, what was answered for it before,
 * and the secret and key ARNs its documents name (the defaults of the questions that follow).
 */
export async function policyFilesAround(kinds: PolicyKindStore, uri: vscode.Uri): Promise<{ files: PolicyFile[]; remembered: ReturnType<PolicyKindStore['context']>; guesses: ReturnType<typeof shareArnsIn> }> {
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  const kind = await policyKindOf(kinds, uri, text);
  const files = [{ uri, text, kind }, ...(await siblingsOf(kinds, uri, kind))];
  return { files, remembered: kinds.context(uri), guesses: shareArnsIn(files.map((f) => f.text)) };
}

/** JSON files next to `uri` that hold the other documents of the share (one per kind, unambiguous). */
export async function siblingsOf(kinds: PolicyKindStore, uri: vscode.Uri, ownKind: DocumentKind): Promise<PolicyFile[]> {
  const folder = vscode.Uri.joinPath(uri, '..');
  let entries: Array<[string, vscode.FileType]> = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const files: Array<{ uri: vscode.Uri; text: string }> = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !name.toLowerCase().endsWith('.json')) continue;
    const sibling = vscode.Uri.joinPath(folder, name);
    if (sibling.toString() === uri.toString()) continue;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === sibling.toString());
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(sibling));
    if (text.length <= 200_000) files.push({ uri: sibling, text });
  }
  const found = siblingPolicyFiles(files, ownKind, (file) => (kinds.isNotSharing(file.uri) ? undefined : (kinds.get(file.uri) ?? classifyPolicyText(file.text).kind)));
  return (Object.entries(found) as Array<[DocumentKind, { uri: vscode.Uri; text: string }]>).map(([kind, file]) => ({ ...file, kind }));
}


function policyChange(plan: Plan, kind: DocumentKind): PolicyChange | undefined {
  return plan.changes.find((change): change is PolicyChange => change.kind === kind);
}

export interface ShareFileDeps {
  kinds: PolicyKindStore;
  reviews: ReviewEditor;
  savedEdits: SavedEdits;
  log: Log;
}

/** Answers given up front (scripts, tests): no prompt is shown and `apply` decides. */
export interface ShareFileAnswers {
  consumer: string;
  secretArn: string;
  keyArn: string;
  /** `all`: apply the review (every file it shows); `none`: discard it. */
  apply: 'all' | 'none';
}

export interface ShareFileResult {
  /** Files written and saved (empty when nothing was applied). */
  written: string[];
  /** The proposed text of the file the share started from. */
  proposed?: string;
  /** Files whose findings block the share (workspace-relative). */
  blockedBy?: string[];
  /** The review's title. */
  review?: string;
}

export function isShareFileAnswers(value: unknown): value is ShareFileAnswers {
  const v = value as Partial<ShareFileAnswers> | undefined;
  return typeof v === 'object' && v !== null && typeof v.consumer === 'string' && typeof v.secretArn === 'string' && typeof v.keyArn === 'string' && (v.apply === 'all' || v.apply === 'none');
}

/**
 * File mode: ask the consumer and the ARNs, plan offline with this file and its sibling policy
 * files as the current documents, and open EVERY file the share writes in one review (the
 * multi-diff editor). Apply writes them as one workspace edit and saves them; Ctrl+Z undoes the
 * edit in every file and saves them again (saved-edits.ts). Discard closes the review: nothing is
 * written. A finding that blocks the share is reported with the file it is in.
 */
export async function shareFile(deps: ShareFileDeps, uri: vscode.Uri, answers?: ShareFileAnswers): Promise<ShareFileResult> {
  const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u);
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const kind = await policyKindOf(deps.kinds, uri, text);
  const siblings = await siblingsOf(deps.kinds, uri, kind);
  const files: PolicyFile[] = [{ uri, text, kind }, ...siblings];
  const remembered = deps.kinds.context(uri);
  const settings = readSettings();
  const guesses = shareArnsIn(files.map((f) => f.text));

  const consumer = answers?.consumer ?? (await askConsumer('Share cross-account (1/3)', remembered.consumer, settings.principalKind)).trim();
  const secretArn = answers?.secretArn ?? (await askSecretArn('Share cross-account (2/3)', remembered.secretArn ?? guesses.secretArns[0])).trim();
  const keyArn = answers?.keyArn ?? (await askKeyArn('Share cross-account (3/3)', remembered.keyArn ?? guesses.keyArns[0])).trim();
  for (const file of files) await deps.kinds.rememberContext(file.uri, { secretArn, keyArn, consumer });
  const needsIdentity = files.some((f) => f.kind === 'identity-policy');

  const documentOf = (k: DocumentKind) => {
    const file = files.find((f) => f.kind === k);
    return file ? parsePolicy(file.text, rel(file.uri)) : undefined;
  };
  const secretPolicy = documentOf('secret-policy');
  const keyPolicy = documentOf('key-policy');
  const identityDocument = documentOf('identity-policy');
  const plan = planOffline({
    secretArn,
    keyArn,
    consumer,
    identityPolicy: needsIdentity ? 'managed' : 'none',
    ...(secretPolicy ? { secretPolicy } : {}),
    ...(keyPolicy ? { keyPolicy } : {}),
    ...(identityDocument ? { identityDocument } : {}),
  });

  const proposed = files
    .map((file) => ({ file, change: policyChange(plan, file.kind) }))
    .filter((p): p is { file: PolicyFile; change: PolicyChange } => p.change?.after != null && p.change.action !== 'none')
    .map(({ file, change }) => ({ file, change, text: policyFileEdit(file.text, change.after!) }))
    .filter((p) => p.text !== p.file.text);
  const shared: SharedFile[] = files.map((f) => ({ path: rel(f.uri), kind: f.kind }));
  const writes = proposed.map((p) => rel(p.file.uri));
  deps.log.info(`File mode: ${shared.map((f) => `${f.path} (${DOCUMENT_KIND_LABELS[f.kind]})`).join(', ')}; consumer ${plan.consumer.arn}; Apply writes and saves: ${writes.length > 0 ? writes.join(', ') : 'nothing'}`);
  for (const line of fileModeFindingLines(plan.findings, shared, writes)) deps.log.info(line);

  const blocking = blockingFindings(plan.findings, shared, shared[0]!);
  if (blocking.lines.length > 0) {
    const message = `The share is blocked by ${blocking.files.join(', ')}: ${blocking.lines.join('; ')}. Fix it (Problems panel), then share again. Nothing was written.`;
    deps.log.error(message);
    const first = files.find((f) => rel(f.uri) === blocking.files[0]);
    const open = first ? `Open ${rel(first.uri).split('/').pop()}` : undefined;
    void vscode.window.showErrorMessage(message, ...(open ? [open] : []), 'Show log').then((choice) => {
      if (choice === 'Show log') deps.log.channel.show(true);
      else if (choice && first) void vscode.window.showTextDocument(first.uri, { preview: false });
    });
    return { written: [], blockedBy: blocking.files };
  }
  const own = proposed.find((p) => p.file.uri.toString() === uri.toString());
  if (proposed.length === 0) {
    void vscode.window.showInformationMessage(`${shared.map((f) => f.path).join(', ')} already share${files.length === 1 ? 's' : ''} the secret with ${plan.consumer.arn}: nothing to change.`);
    return { written: [] };
  }

  const subject = { operation: 'share' as const, secret: plan.secret.name, consumer: consumerLabel(plan.consumer) };
  const entries = proposed.map((p) => ({
    entry: { id: rel(p.file.uri), kind: p.file.kind, label: rel(p.file.uri), account: p.change.account, action: p.change.action, broadensAccess: p.change.broadensAccess, before: p.file.text, after: p.text },
    uri: p.file.uri,
  }));
  const review = { key: reviewKey(subject), subject, entries: entries.map((e) => e.entry) };
  // The editor's tab adds "(3 files)" itself.
  const title = await deps.reviews.show(review, 'review', deps.reviews.fileItems(entries, 'proposed'));
  const writtenFiles: SharedFile[] = proposed.map((p) => ({ path: rel(p.file.uri), kind: p.file.kind }));
  const apply = answers ? answers.apply === 'all' : await deps.reviews.decide(review, fileApprovalMessage(reviewBaseTitle(subject), writtenFiles));
  if (!apply) {
    await deps.reviews.close(review);
    deps.log.info(`${reviewBaseTitle(subject)}: discarded in the review; nothing was written.`);
    return { written: [], ...(own ? { proposed: own.text } : {}), review: title };
  }
  const written = await deps.savedEdits.applyAndSave(reviewBaseTitle(subject), proposed.map((p) => ({ uri: p.file.uri, text: p.text })));
  const applied = await deps.reviews.show(review, 'applied', deps.reviews.fileItems(entries, 'applied'), 'saved');
  deps.log.info(`Wrote and saved ${written.map(rel).join(', ')} (one edit; Ctrl+Z undoes it in every file and saves them again).`);
  void vscode.window.showInformationMessage(fileAppliedMessage(written.map(rel)));
  return { written: written.map((w) => w.fsPath), ...(own ? { proposed: own.text } : {}), review: applied };
}
