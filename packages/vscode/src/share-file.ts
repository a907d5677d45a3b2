import * as vscode from 'vscode';
import { DOCUMENT_KIND_LABELS, classifyPolicyText, parsePolicy, planOffline, policyFileEdit, shareArnsIn, siblingPolicyFiles, userError, type DocumentKind, type Plan, type PolicyChange, resourceOf } from '@secret-share-wizard/core';
import type { Log } from './output-log';
import { askPolicyKind, type PolicyKindStore } from './policy-kinds';
import { askConsumer, askKeyArn, askSecretArn } from './prompts';
import type { ProposalDocuments } from './proposals';
import { readSettings } from './settings';
import { findingLines } from './plan-text';

export interface ShareFileDeps {
  kinds: PolicyKindStore;
  proposals: ProposalDocuments;
  log: Log;
}

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
  return kinds.get(uri) ?? classification.kind ?? (await askPolicyKind(kinds, uri, classification.candidates, classification.reason));
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
  const found = siblingPolicyFiles(files, ownKind, (file) => kinds.get(file.uri) ?? classifyPolicyText(file.text).kind);
  return (Object.entries(found) as Array<[DocumentKind, { uri: vscode.Uri; text: string }]>).map(([kind, file]) => ({ ...file, kind }));
}

function policyChange(plan: Plan, kind: DocumentKind): PolicyChange | undefined {
  return plan.changes.find((change): change is PolicyChange => change.kind === kind);
}

/**
 * File mode: ask the consumer and the ARNs, plan offline with this file (and its siblings) as the
 * current documents, show current ↔ proposed in the diff editor, and offer "Apply" (one undoable
 * edit; siblings too when the user says so).
 */
/** Answers given up front (scripts, tests): no prompt is shown and `apply` decides. */
export interface ShareFileAnswers {
  consumer: string;
  secretArn: string;
  keyArn: string;
  /** `this`: only the file; `all`: the file and its siblings; `none`: preview only. */
  apply: 'this' | 'all' | 'none';
}

export interface ShareFileResult {
  /** Files written (empty when nothing was applied). */
  written: string[];
  /** The proposed text of the file. */
  proposed?: string;
}

export function isShareFileAnswers(value: unknown): value is ShareFileAnswers {
  const v = value as Partial<ShareFileAnswers> | undefined;
  return typeof v === 'object' && v !== null && typeof v.consumer === 'string' && typeof v.secretArn === 'string' && typeof v.keyArn === 'string';
}

export async function shareFile(deps: ShareFileDeps, uri: vscode.Uri, answers?: ShareFileAnswers): Promise<ShareFileResult> {
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const kind = await policyKindOf(deps.kinds, uri, text);
  const siblings = await siblingsOf(deps.kinds, uri, kind);
  const files: PolicyFile[] = [{ uri, text, kind }, ...siblings];
  const remembered = deps.kinds.context(uri);
  const settings = readSettings();
  const guesses = shareArnsIn(files.map((f) => f.text));

  const consumer = answers?.consumer ?? (await askConsumer('Share cross-account (1/3)', remembered.consumer, settings.principalKind));
  const secretArn = answers?.secretArn ?? (await askSecretArn('Share cross-account (2/3)', remembered.secretArn ?? guesses.secretArns[0]));
  const keyArn = answers?.keyArn ?? (await askKeyArn('Share cross-account (3/3)', remembered.keyArn ?? guesses.keyArns[0]));
  const needsIdentity = files.some((f) => f.kind === 'identity-policy');

  const documentOf = (k: DocumentKind) => {
    const file = files.find((f) => f.kind === k);
    return file ? parsePolicy(file.text, vscode.workspace.asRelativePath(file.uri)) : undefined;
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
  deps.log.info(`File mode: ${vscode.workspace.asRelativePath(uri)} (${DOCUMENT_KIND_LABELS[kind]}), consumer ${plan.consumer.arn}`);
  for (const line of findingLines(plan.findings)) deps.log.info(line);

  const proposed = files
    .map((file) => ({ file, change: policyChange(plan, file.kind) }))
    .filter((p): p is { file: PolicyFile; change: PolicyChange } => p.change?.after != null && p.change.action !== 'none')
    .map(({ file, change }) => ({ file, change, text: policyFileEdit(file.text, change.after!) }))
    .filter((p) => p.text !== p.file.text);
  const own = proposed.find((p) => p.file.uri.toString() === uri.toString());
  // Only the documents held in files are written here: findings about the others (e.g. a key policy
  // that was not given) do not block, they are logged.
  const fileKinds = new Set<string>(files.map((f) => f.kind));
  const errors = plan.findings.filter((f) => f.severity === 'error' && (f.change === undefined || fileKinds.has(f.change)));
  for (const f of plan.findings.filter((x) => x.change !== undefined && !fileKinds.has(x.change))) {
    deps.log.info(`(not in a file here, not checked: ${f.change}) ${f.code}`);
  }
  if (errors.length > 0) {
    throw userError('VSCODE_PLAN_BLOCKED', vscode.workspace.asRelativePath(uri), `the share is blocked: ${errors.map((f) => f.message.replace(/\.$/, '')).join('; ')}`, 'Fix the findings (Problems panel), then share again');
  }
  if (!own) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already shares the secret with ${plan.consumer.arn}: nothing to change.`);
    return { written: [] };
  }

  const name = vscode.workspace.asRelativePath(uri);
  const proposedUri = deps.proposals.add(`proposed-${name.split('/').pop()}`, own.text);
  await vscode.commands.executeCommand('vscode.diff', uri, proposedUri, `${name}: current ↔ proposed (share with ${plan.consumer.account})`, { preview: false });

  const others = proposed.filter((p) => p !== own);
  await deps.proposals.setPending({
    title: `Share ${resourceOf(secretArn).replace(/^secret:/, '')} with ${plan.consumer.arn}`,
    files: [own, ...others].map((p) => ({ uri: p.file.uri, text: p.text })),
    afterApply: async () => {
      for (const p of [own, ...others]) await deps.kinds.rememberContext(p.file.uri, { secretArn, keyArn, consumer });
    },
  });
  const added = own.change.added.length;
  const message = `Proposed ${DOCUMENT_KIND_LABELS[kind]} for ${name}: ${added} statement${added === 1 ? '' : 's'} added${own.change.broadensAccess ? ' (broadens access)' : ''}.${plan.findings.length > 0 ? ` ${plan.findings.length} finding(s) in the log.` : ''}`;
  const applyOne = 'Apply';
  const applyAll = others.length > 0 ? `Apply to ${[own, ...others].map((p) => p.file.uri.path.split('/').pop()).join(', ')}` : undefined;
  const choice = answers
    ? { this: applyOne, all: applyAll ?? applyOne, none: 'Cancel' }[answers.apply]
    : await vscode.window.showInformationMessage(message, ...(applyAll ? [applyAll, applyOne] : [applyOne]), 'Cancel');
  if (choice === applyOne || choice === applyAll) {
    const written = await deps.proposals.applyPending(choice === applyOne);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(uri, { preview: false });
    const names = written.map((w) => vscode.workspace.asRelativePath(w)).join(', ');
    deps.log.info(`Applied to ${names}`);
    void vscode.window.showInformationMessage(`Updated ${names} (Undo reverts it).`);
    return { written: written.map((w) => w.fsPath), proposed: own.text };
  }
  if (choice !== undefined) await deps.proposals.setPending(undefined);
  return { written: [], proposed: own.text };
}
