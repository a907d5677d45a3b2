import * as vscode from 'vscode';
import { consumerSnippets, type AwsContextOptions, parsePrincipal, requestInputOf, runShareSession, verifyRoleOf, type SessionOutcome, type ShareRequest, type ShareSessionInput } from '@secret-share-wizard/core';
import { askAwsTarget, askConsumerPrincipal, pickConsumerRole, pickDestinationKey, pickRoleBinding, pickSecret, secretAccount } from './aws-prompts';
import type { AnswerStore } from './answer-store';
import { answered, cancelled } from './errors';
import type { Log } from './output-log';
import type { ReviewEditor } from './review-editor';
import { SessionUi } from './session-ui';

/** Who writes the share record on the secret. */
export const TOOL = 'secret-share-wizard-vscode';

export interface AwsFlowDeps {
  log: Log;
  reviews: ReviewEditor;
  answers: AnswerStore;
}

/**
 * "Share a secret from AWS…" (and "Move a secret to a customer managed key…", the same share with
 * the move): profiles and region from the AWS config, the secret from a list, the consumer, its
 * role from the consumer account's roles; then the core session: one review of every change, one
 * approval (Apply in the review), the writes with progress and rollback, the share record, and a
 * verify as the consumer when a consumer profile was given. Afterwards: the consumer snippets.
 */
export async function shareFromAws(deps: AwsFlowDeps, options: { moveToKey?: boolean } = {}): Promise<SessionOutcome> {
  const title = options.moveToKey ? 'Move a secret to a customer managed key' : 'Share a secret from AWS';
  const target = await askAwsTarget(deps.answers, title, 'writes the identity policy and verifies access');
  let input: ShareSessionInput;
  let secretName: string;
  try {
    const secret = await pickSecret(target.ctx, target.region, title, deps.answers);
    secretName = secret.name;
    const { partition, account } = secretAccount(secret.arn);
    let moveToKey: string | undefined;
    if (options.moveToKey || secret.awsManagedKey) {
      if (!options.moveToKey) {
        const choice = answered(
          await vscode.window.showQuickPick([{ label: 'Move it to a customer managed key, then share', move: true }, { label: 'Cancel', move: false }], {
            title: `${title}: ${secret.name} is on the AWS managed key aws/secretsmanager`,
            placeHolder: 'No other account can decrypt a secret on aws/secretsmanager. The move re-encrypts new versions only: the consumer can read versions written after it.',
            ignoreFocusOut: true,
          }),
        );
        if (!choice.move) throw cancelled();
      }
      moveToKey = await pickDestinationKey(title, target.region, account);
    }
    const consumer = await askConsumerPrincipal(title, deps.answers, partition);
    const principal = parsePrincipal(consumer, 'the consumer', partition);
    const consumerIdentity =
      principal.kind === 'account'
        ? await pickConsumerRole({ title, account: principal.account, partition, ...(target.consumerProfile ? { ctx: target.ctx } : {}), store: deps.answers, log: deps.log, allowNone: true })
        : undefined;
    const roleBinding = principal.kind === 'role' || principal.kind === 'user' ? await pickRoleBinding(title) : undefined;
    input = {
      request: { secret: secret.arn, consumer, ...(consumerIdentity ? { consumerIdentity } : {}), ...(roleBinding ? { roleBinding } : {}), ...(moveToKey ? { moveToKey } : {}) },
      mode: 'apply',
      verify: target.consumerProfile !== undefined,
    };
    deps.log.info(`${title}: owner profile ${target.ownerProfile ?? '(default)'}, consumer profile ${target.consumerProfile ?? '(none)'}, region ${target.region}, ${secret.arn} → ${consumer}${consumerIdentity ? ` (role ${consumerIdentity})` : ''}${moveToKey ? `, moving to ${moveToKey}` : ''}`);
  } finally {
    target.ctx.destroy();
  }
  return runShare(deps, input, target.aws, secretName);
}

/** One share session with the VS Code host: review, approval, progress, result, snippets. */
export async function runShare(deps: AwsFlowDeps, input: ShareSessionInput, aws: AwsContextOptions, secretName: string): Promise<SessionOutcome> {
  const ui = new SessionUi(deps, { reading: `Reading ${secretName}, its key and the policies`, writing: `Sharing ${secretName}` });
  const outcome = await ui.run((host, signal) => runShareSession(input, { host, aws, signal, tool: TOOL }));
  const plan = outcome.plan;
  const role = plan ? verifyRoleOf(plan) : undefined;
  const actions: Record<string, () => unknown> =
    plan && (outcome.status === 'applied' || outcome.status === 'no-changes') ? { 'Consumer snippets…': () => copyConsumerSnippet({ secretArn: plan.secret.arn, secretName: plan.secret.name, ...(role ? { consumerRole: role } : {}) }) } : {};
  await ui.finish(outcome, actions);
  return outcome;
}

/** What the consumer team pastes (ECS, Lambda, EKS, SDKs, CLI), picked in a list and copied to the clipboard. */
export async function copyConsumerSnippet(share: { secretArn: string; secretName: string; consumerRole?: string }): Promise<string | undefined> {
  const { snippets } = consumerSnippets({ secretArn: share.secretArn, ...(share.consumerRole ? { consumerRoleArn: share.consumerRole } : {}) });
  const picked = await vscode.window.showQuickPick(
    snippets.map((snippet) => ({ label: snippet.title, detail: snippet.note, snippet })),
    { title: `Consumer snippet for ${share.secretName}: copy to the clipboard`, matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  await vscode.env.clipboard.writeText(picked.snippet.text);
  void vscode.window.showInformationMessage(`Copied "${picked.snippet.title}" to the clipboard.`);
  return picked.snippet.text;
}

/** The session input that applies a request the core made (the doctor's fix). */
export function shareInputOf(request: ShareRequest, verify: boolean): ShareSessionInput {
  return {
    request: requestInputOf(request),
    mode: 'apply',
    verify,
  };
}
