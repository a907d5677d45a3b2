import * as vscode from 'vscode';
import { diagnoseAccess, diagnoseOffline, parsePolicy, parsePrincipal, type DiagnoseResult, type DocumentKind, type NamedPolicy } from '@secret-share-wizard/core';
import { answered } from './errors';
import { askAwsTarget, askConsumerPrincipal, pickConsumerRole, pickSecret, secretAccount } from './aws-prompts';
import { diagnosisHeadline, diagnosisMarkdown } from './diagnosis-text';
import type { PolicyKindStore } from './policy-kinds';
import { askKeyArn, askSecretArn } from './prompts';
import { runShare, shareInputOf, type AwsFlowDeps } from './share-aws';
import { policyFilesAround } from './share-file';
import { inVsCodeWords } from './vscode-wording';

export interface DiagnoseDeps extends AwsFlowDeps {
  kinds: PolicyKindStore;
  /** Shows the diagnosis as a read-only Markdown document. */
  showText(label: string, text: string): Promise<void>;
}

/** The consumer role: a role ARN typed as the consumer, else one of the consumer account's roles. */
async function askRole(deps: AwsFlowDeps, title: string, partition: string, ctx?: Parameters<typeof pickConsumerRole>[0]['ctx']): Promise<string> {
  const consumer = await askConsumerPrincipal(title, deps.answers, partition);
  const principal = parsePrincipal(consumer, 'the consumer', partition);
  if (principal.kind !== 'account') return principal.arn;
  return (await pickConsumerRole({ title, account: principal.account, partition, ...(ctx ? { ctx } : {}), store: deps.answers, log: deps.log, allowNone: false }))!;
}

/** The verdict as a notification; the details as a document; a fix that is a plan can be applied. */
async function showResult(deps: DiagnoseDeps, result: DiagnoseResult, applyFix?: () => Promise<unknown>): Promise<void> {
  const name = result.secretArn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? result.secretArn;
  const headline = diagnosisHeadline(result);
  deps.log.info(`Diagnose access: ${headline}`);
  await deps.showText(`Diagnose access — ${name}.md`, diagnosisMarkdown(result));
  const fix = result.fix ? ` Fix: ${inVsCodeWords(result.fix.text)}` : '';
  const buttons = applyFix && result.fix?.kind === 'plan' && result.fix.request ? ['Apply the fix…'] : [];
  const show = result.verdict === 'allowed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(`${headline}${fix}`, ...buttons).then((choice) => choice === 'Apply the fix…' && applyFix?.());
}

/**
 * "Diagnose access…" — why does (or would) a consumer role get AccessDenied? On a policy file
 * (its context menu, or the active editor): offline, from that file and its sibling policies. From
 * the palette otherwise: the doctor reads every layer it can in both accounts. The verdict, the
 * deciding layer and statement, the layers that could not be read and the fix; a fix in the
 * documents the wizard writes is applied through the share session (review, Apply).
 */
export async function diagnoseAccessCommand(deps: DiagnoseDeps, where: { file?: vscode.Uri; activeFile?: vscode.Uri | undefined }): Promise<DiagnoseResult> {
  if (where.file) return diagnoseFiles(deps, where.file);
  const title = 'Diagnose access';
  if (where.activeFile) {
    const name = vscode.workspace.asRelativePath(where.activeFile);
    const mode = answered(
      await vscode.window.showQuickPick(
        [
          { label: 'Read AWS', description: 'every layer the profiles can read, in both accounts', offline: false },
          { label: `Offline, from ${name}`, description: 'and the policy files beside it; no AWS call', offline: true },
        ],
        { title: `${title}: from AWS or from the policy files?`, ignoreFocusOut: true },
      ),
    );
    if (mode.offline) return diagnoseFiles(deps, where.activeFile);
  }
  const target = await askAwsTarget(deps.answers, title, "reads the role's policies and boundary");
  let result: DiagnoseResult;
  try {
    const secret = await pickSecret(target.ctx, target.region, title, deps.answers);
    const { partition } = secretAccount(secret.arn);
    const consumerRole = await askRole(deps, title, partition, target.consumerProfile ? target.ctx : undefined);
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading every layer between ${consumerRole.split('/').pop()} and ${secret.name}` }, () =>
      diagnoseAccess(target.ctx, { secret: secret.arn, consumerRole }),
    );
  } finally {
    target.ctx.destroy();
  }
  const request = result.fix?.request;
  await showResult(deps, result, request ? () => runShare(deps, shareInputOf(request, target.consumerProfile !== undefined), target.aws, request.secret.split(':secret:')[1] ?? request.secret) : undefined);
  return result;
}

/** Offline: the file and its sibling policies, the secret and key ARNs, the role. No AWS call. */
async function diagnoseFiles(deps: DiagnoseDeps, uri: vscode.Uri): Promise<DiagnoseResult> {
  const title = 'Diagnose access (offline)';
  const { files, remembered, guesses } = await policyFilesAround(deps.kinds, uri);
  const secretArn = await askSecretArn(title, remembered.secretArn ?? guesses.secretArns[0]);
  const keyArn = await askKeyArn(title, remembered.keyArn ?? guesses.keyArns[0]);
  const { partition } = secretAccount(secretArn);
  const consumerRole = await askRole(deps, title, partition);
  const documentOf = (k: DocumentKind) => {
    const file = files.find((f) => f.kind === k);
    return file ? parsePolicy(file.text, vscode.workspace.asRelativePath(file.uri)) : null;
  };
  const identity = files.filter((f) => f.kind === 'identity-policy').map((f): NamedPolicy => ({ name: vscode.workspace.asRelativePath(f.uri), document: parsePolicy(f.text, vscode.workspace.asRelativePath(f.uri)) }));
  const result = diagnoseOffline({ secretArn, keyArn, consumerRole, secretPolicy: documentOf('secret-policy'), keyPolicy: documentOf('key-policy'), identityPolicies: identity });
  deps.log.info(`${title}: ${files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ')}`);
  await showResult(deps, result);
  return result;
}
