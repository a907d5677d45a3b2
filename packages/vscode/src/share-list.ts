import * as vscode from 'vscode';
import { WizardError, runListSession, runRevokeSession, runVerifySession, type AwsContext, type AwsContextOptions, type Host, type SessionOutcome, type ShareListing } from '@secret-share-wizard/core';
import { askAwsTarget, pickSecret, type AwsTarget, type PickedSecret } from './aws-prompts';
import { answered } from './errors';
import { consumerLabel, reviewBaseTitle } from './review-model';
import { SessionUi } from './session-ui';
import { TOOL, copyConsumerSnippet, type AwsFlowDeps } from './share-aws';
import { errorText, inVsCodeWords } from './vscode-wording';

const SIDE_WORDS = { secretPolicy: 'secret policy', keyPolicy: 'key policy', identityPolicy: 'identity policy' } as const;

/** "secret policy present · key policy present · identity policy unknown". */
export function sidesText(share: ShareListing): string {
  return (Object.keys(SIDE_WORDS) as Array<keyof typeof SIDE_WORDS>).map((side) => `${SIDE_WORDS[side]} ${share.sides[side]}`).join(' · ');
}

function consumerOf(share: ShareListing): string {
  const arn = share.consumer;
  const account = arn.split(':')[4] ?? arn;
  const name = arn.endsWith(':root') ? undefined : arn.split('/').pop();
  return consumerLabel({ kind: name ? 'role' : 'account', account, arn, ...(name ? { name } : {}) });
}

/** A host for read-only sessions: progress in the log, every question answered with its default. */
function readingHost(deps: AwsFlowDeps): Host {
  return {
    notify: (event) => {
      if ('message' in event) deps.log.info(inVsCodeWords(event.message));
    },
    ask: async (question) => question.defaultAnswer,
  };
}

/** The shares of one secret (records and the tool's Sids), read with the session's `list`. */
export async function readShares(deps: AwsFlowDeps, ctx: AwsContext, aws: AwsContextOptions, secret: PickedSecret): Promise<ShareListing[]> {
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the shares of ${secret.name}` }, () =>
    runListSession({ secret: secret.arn }, { host: readingHost(deps), aws, context: ctx }),
  );
  if (!outcome.ok) throw new WizardError(outcome.error?.code ?? 'BUG', outcome.error?.message ?? 'the shares could not be read', outcome.error?.fix ? { fix: outcome.error.fix } : {});
  return outcome.shares;
}

type ShareItem = vscode.QuickPickItem & { share: ShareListing };

function shareItems(shares: ShareListing[]): ShareItem[] {
  return shares.map((share) => ({
    label: consumerOf(share),
    description: `${share.state}${share.recorded ? '' : ' · no record (made before records)'}${share.createdAt ? ` · ${share.createdAt.slice(0, 10)}` : ''}`,
    detail: `${sidesText(share)}${share.consumerRole ? ` · role ${share.consumerRole}` : ''}${share.identityPolicy ? ` · ${share.identityPolicy}` : ''}`,
    share,
  }));
}

/** Revokes one share with the session: the review of what is removed, Apply, progress, the result. */
export async function revokeListedShare(deps: AwsFlowDeps, aws: AwsContextOptions, secret: PickedSecret, share: ShareListing): Promise<SessionOutcome> {
  const ui = new SessionUi(deps, { reading: `Reading the share of ${secret.name}`, writing: `Revoking ${secret.name} from ${consumerOf(share)}` });
  const outcome = await ui.run((host, signal) =>
    runRevokeSession({ request: { secret: secret.arn, consumer: share.consumer, ...(share.consumerRole ? { consumerIdentity: share.consumerRole } : {}) }, mode: 'apply' }, { host, aws, signal, tool: TOOL }),
  );
  await ui.finish(outcome);
  return outcome;
}

async function noShares(secret: PickedSecret): Promise<undefined> {
  void vscode.window.showInformationMessage(`${secret.name} has no shares made by Secret Share Wizard (no record, no statement with its Sids).`);
  return undefined;
}

async function withSecret<T>(deps: AwsFlowDeps, title: string, consumer: string, run: (target: AwsTarget, secret: PickedSecret) => Promise<T>): Promise<T> {
  const target = await askAwsTarget(deps.answers, title, consumer);
  try {
    const secret = await pickSecret(target.ctx, target.region, title, deps.answers);
    return await run(target, secret);
  } finally {
    target.ctx.destroy();
  }
}

/** "Revoke a share…": the secret, its shares (from the records), one of them; then the revoke session. */
export async function revokeShare(deps: AwsFlowDeps): Promise<SessionOutcome | undefined> {
  const title = 'Revoke a share';
  return withSecret(deps, title, 'removes the identity policy', async (target, secret) => {
    const shares = await readShares(deps, target.ctx, target.aws, secret);
    if (shares.length === 0) return noShares(secret);
    const picked = answered(await vscode.window.showQuickPick(shareItems(shares), { title: `${title}: which share of ${secret.name}?`, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true }));
    return revokeListedShare(deps, target.aws, secret, picked.share);
  });
}

/**
 * "List the shares of a secret…": every share with its state and the state of each side; picking
 * one offers to revoke it, verify it as the consumer, or copy a consumer snippet.
 */
export async function listSecretShares(deps: AwsFlowDeps): Promise<ShareListing[] | undefined> {
  const title = 'List the shares of a secret';
  return withSecret(deps, title, 'reads the identity side', async (target, secret) => {
    const shares = await readShares(deps, target.ctx, target.aws, secret);
    deps.log.info(`${secret.name}: ${shares.length} share(s)`);
    for (const share of shares) deps.log.info(`  ${consumerOf(share)}: ${share.state} (${sidesText(share)})`);
    if (shares.length === 0) return noShares(secret);
    const picked = await vscode.window.showQuickPick(shareItems(shares), { title: `${title}: ${secret.name} (${shares.length} share${shares.length === 1 ? '' : 's'})`, placeHolder: 'Pick a share to revoke it, verify it or copy a snippet', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return shares;
    const actions = [
      { label: 'Revoke this share…', run: () => revokeListedShare(deps, target.aws, secret, picked.share) },
      ...(target.consumerProfile ? [{ label: 'Verify access as the consumer', run: () => verifyShare(deps, target, secret, picked.share) }] : []),
      { label: 'Copy a consumer snippet…', run: () => copyConsumerSnippet({ secretArn: secret.arn, secretName: secret.name, ...(picked.share.consumerRole ? { consumerRole: picked.share.consumerRole } : {}) }) },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: `${reviewBaseTitle({ operation: 'share', secret: secret.name, consumer: consumerOf(picked.share) })}`, ignoreFocusOut: true });
    await action?.run();
    return shares;
  });
}

/** Reads the secret as the consumer (the value is never shown: its length and fingerprint). */
async function verifyShare(deps: AwsFlowDeps, target: AwsTarget, secret: PickedSecret, share: ShareListing): Promise<void> {
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${secret.name} as the consumer` }, () =>
    runVerifySession({ secretArn: secret.arn, ...(share.consumerRole ? { consumerRole: share.consumerRole } : {}) }, { host: readingHost(deps), aws: target.aws }),
  );
  const verify = outcome.verify;
  if (verify?.ok) void vscode.window.showInformationMessage(`Verified: ${verify.principal} read ${verify.versionStage} of ${secret.name} (${verify.length} characters, SHA-256 ${verify.fingerprint}…).`);
  else void vscode.window.showWarningMessage(verify ? `Verify failed: ${errorText({ message: verify.message, fix: verify.fix })}` : outcome.error ? errorText(outcome.error) : 'Verify failed.');
}
