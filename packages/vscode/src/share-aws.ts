import * as vscode from 'vscode';
import {
  canonicalJson,
  createAwsContext,
  listProfiles,
  listSecrets,
  messageWithFix,
  parsePrincipal,
  runShareSession,
  type AwsContext,
  type Host,
  type Plan,
  type PolicyChange,
  type ProfileInfo,
  type ProgressEvent,
  type Question,
} from '@secret-share-wizard/core';
import type { CommandDeps } from './commands';
import { answered } from './errors';
import { findingLines, simulationSentence } from './plan-text';
import { askConsumer, askConsumerIdentity } from './prompts';
import { readSettings } from './settings';

/** Answers given up front (scripts, tests): no prompt is shown. */
export interface AwsShareAnswers {
  ownerProfile: string;
  consumerProfile?: string;
  region: string;
  secretArn: string;
  consumer: string;
  consumerIdentity?: string;
  /** Answer to the modal "Apply" confirmation. */
  apply: boolean;
}

export interface AwsShareResult {
  applied: boolean;
  verified?: boolean;
  plan: Plan;
}

const CHANGE_TITLES: Record<string, string> = {
  'secret-policy': 'Secret resource policy',
  'key-policy': 'KMS key policy',
  'identity-policy': 'Consumer identity policy',
};

async function pickProfile(title: string, profiles: ProfileInfo[], preferred: string | undefined, optional: string | undefined): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { profile?: string }> = profiles
    .slice()
    .sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred))
    .map((p) => ({
      label: p.name,
      profile: p.name,
      description: [p.region, p.sso ? 'SSO' : undefined, p.roleArn ? `assumes ${p.roleArn}` : undefined].filter(Boolean).join(' · '),
    }));
  if (optional) items.push({ label: optional });
  if (items.length === 0) return undefined;
  const picked = answered(await vscode.window.showQuickPick(items, { title, matchOnDescription: true, ignoreFocusOut: true }));
  return picked.profile;
}

async function pickSecret(ctx: AwsContext, region: string): Promise<string> {
  const load = async () => {
    const items: Array<vscode.QuickPickItem & { arn: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await listSecrets(ctx, { region, maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      for (const s of page.secrets) {
        items.push({ label: s.name, arn: s.arn, description: s.kmsKeyId ? `key ${s.kmsKeyId.split('/').pop()}` : 'aws/secretsmanager (cannot be shared as is)', detail: s.arn });
      }
      nextToken = page.nextToken;
    } while (nextToken && items.length < 1000);
    return items;
  };
  const picked = answered(
    await vscode.window.showQuickPick(load(), { title: 'Share a secret from AWS: secret', placeHolder: 'Type to search by name or ARN', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true }),
  );
  return picked.arn;
}

function progressHost(deps: CommandDeps, progress?: vscode.Progress<{ message?: string }>): (event: ProgressEvent) => void {
  return (event) => {
    const text = event.type === 'step' ? `${event.status}: ${event.message}` : event.type === 'retry' ? `retry ${event.attempt}: ${event.message}` : 'message' in event ? event.message : undefined;
    if (!text) return;
    deps.log.info(text);
    progress?.report({ message: text });
  };
}

async function showChanges(deps: CommandDeps, plan: Plan): Promise<PolicyChange[]> {
  const changes = plan.changes.filter((c): c is PolicyChange => c.kind !== 'secret-key' && c.action !== 'none');
  for (const change of changes) {
    const title = CHANGE_TITLES[change.kind] ?? change.kind;
    const left = deps.proposals.add(`${change.kind}-current.json`, change.before ? `${canonicalJson(change.before)}\n` : '');
    const right = deps.proposals.add(`${change.kind}-proposed.json`, change.after ? `${canonicalJson(change.after)}\n` : '');
    await vscode.commands.executeCommand('vscode.diff', left, right, `${title} (${change.account}): current ↔ proposed`, { preview: false });
  }
  return changes;
}

/**
 * AWS mode: profiles and region from the AWS config, the secret from a searchable list, the
 * consumer; the three changes as read-only diffs, findings and the simulation in the log; "Apply"
 * behind a modal confirmation with progress (rollback reported), then verify as the consumer.
 */
export async function shareFromAws(deps: CommandDeps, answers?: AwsShareAnswers): Promise<AwsShareResult | undefined> {
  const settings = readSettings();
  const profiles = answers ? [] : await listProfiles();
  const ownerProfile = answers ? answers.ownerProfile : await pickProfile('Share a secret from AWS: owner account profile (owns the secret and key)', profiles, settings.ownerProfile, profiles.length === 0 ? 'Default credentials (environment)' : undefined);
  const consumerProfile = answers
    ? answers.consumerProfile
    : await pickProfile('Consumer account profile (writes the identity policy and verifies access)', profiles.filter((p) => p.name !== ownerProfile), settings.consumerProfile, 'None: the consumer account administrator attaches the identity policy');
  const profileRegion = profiles.find((p) => p.name === ownerProfile)?.region;
  const region =
    answers?.region ??
    answered(
      await vscode.window.showInputBox({
        title: 'Share a secret from AWS: region',
        value: settings.region ?? profileRegion ?? process.env.AWS_REGION ?? 'us-east-1',
        ignoreFocusOut: true,
        validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : 'A region, e.g. us-east-2'),
      }),
    );
  const ctx = createAwsContext({ ...(ownerProfile ? { ownerProfile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region });
  try {
    deps.log.info(`AWS mode: owner profile ${ownerProfile ?? '(default)'}, consumer profile ${consumerProfile ?? '(none)'}, region ${region}`);
    const secretArn = answers?.secretArn ?? (await pickSecret(ctx, region));
    const consumer = answers?.consumer ?? (await askConsumer('Share a secret from AWS', undefined, settings.principalKind));
    const principal = parsePrincipal(consumer, 'consumer');
    let consumerIdentity = answers?.consumerIdentity;
    if (!answers && principal.kind === 'account' && consumerProfile) {
      consumerIdentity = await askConsumerIdentity('Share a secret from AWS', principal.account, undefined);
    }
    const request = {
      secret: secretArn,
      consumer,
      ...(consumerIdentity ? { consumerIdentity } : {}),
    };
    let reviewed: Plan | undefined;
    const aws = { ...(ownerProfile ? { ownerProfile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region };
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Sharing the secret', cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const notify = progressHost(deps, progress);
      const host: Host = {
        notify(event) {
          if (event.type === 'plan') {
            reviewed = event.plan;
            deps.log.info(`Plan for ${event.plan.secret.arn} → ${event.plan.consumer.arn}: ${event.plan.changes.map((c) => `${c.kind} ${c.action}`).join(', ')}`);
            for (const line of findingLines(event.plan.findings)) deps.log.info(line);
            deps.log.info(`Simulation before: ${simulationSentence(event.plan.consumer.arn, event.plan.simulation.before)}`);
            deps.log.info(`Simulation after: ${simulationSentence(event.plan.consumer.arn, event.plan.simulation.after)}`);
            return;
          }
          notify(event);
        },
        async ask(question) {
          if (question.code === 'approve-writes') {
            const payload = (question as Question<'approve-writes'>).payload;
            const plan = payload.plans[0]!;
            await showChanges(deps, plan);
            if (answers) return answers.apply as never;
            const detail = [
              ...payload.accounts.flatMap((group) => [`Account ${group.account} (${group.side}):`, ...group.writes.map((w) => `• ${w.action} ${w.label}`)]),
              '',
              `After: ${simulationSentence(plan.consumer.arn, plan.simulation.after)}`,
            ].join('\n');
            return ((await vscode.window.showWarningMessage(question.message, { modal: true, detail }, 'Apply')) === 'Apply') as never;
          }
          if (question.code === 'delete-policy-version') {
            const choice = await vscode.window.showWarningMessage(question.message, { modal: true }, 'Yes', 'No');
            return (choice === undefined ? question.defaultAnswer : choice === 'Yes') as never;
          }
          return question.defaultAnswer;
        },
      };
      return runShareSession({ request, mode: 'apply', verify: consumerProfile !== undefined }, { host, aws, signal: abort.signal, tool: 'secret-share-wizard-vscode' });
    });
    const plan = outcome.plan ?? reviewed;
    for (const r of outcome.results) deps.log.info(`${r.kind} ${r.target}: ${r.status}${r.message ? ` — ${r.message}` : ''}`);
    if (outcome.backup) deps.log.info(`Backup: ${outcome.backup}`);
    deps.log.channel.show(true);
    if (outcome.status === 'no-changes') {
      void vscode.window.showInformationMessage(`${plan?.secret.name ?? secretArn} is already shared with ${plan?.consumer.arn ?? consumer}: nothing to change.`);
      return plan ? { applied: false, plan } : undefined;
    }
    if (outcome.status === 'declined') {
      deps.log.info('Not applied (cancelled at the confirmation).');
      return plan ? { applied: false, plan } : undefined;
    }
    if (!outcome.ok && outcome.status !== 'applied') {
      const rolledBack = outcome.results.filter((r) => r.status === 'rolled-back').map((r) => CHANGE_TITLES[r.kind] ?? r.kind);
      const reason = outcome.error ? messageWithFix(outcome.error.message, outcome.error.fix) : 'Apply failed.';
      const message = `${reason}${rolledBack.length ? ` Rolled back: ${rolledBack.join(', ')}.` : ''}${outcome.restoreCommand ? ` To restore: ${outcome.restoreCommand}` : ''}`;
      deps.log.error(message);
      void vscode.window.showErrorMessage(message, 'Show log').then((c) => c && deps.log.channel.show());
      return plan ? { applied: false, plan } : undefined;
    }
    deps.log.info(`Applied: ${outcome.results.filter((r) => r.status === 'applied').map((r) => r.kind).join(', ')}`);
    const verify = outcome.verify;
    if (!verify) {
      deps.log.info('Verify skipped: no consumer profile (choose one to read the secret as the consumer).');
      void vscode.window.showInformationMessage(`Shared ${plan!.secret.name} with ${plan!.consumer.arn}. Verify skipped (no consumer profile).`, 'Show log').then((c) => c && deps.log.channel.show());
      return { applied: true, plan: plan! };
    }
    if (verify.ok) {
      deps.log.info(`Verify: ${verify.principal} read ${verify.versionStage} (${verify.length} characters, SHA-256 ${verify.fingerprint}…).`);
      void vscode.window.showInformationMessage(`Shared and verified: ${verify.principal} can read ${plan!.secret.name}.`);
    } else {
      deps.log.error(`Verify: ${verify.message} ${verify.fix}`);
      void vscode.window.showWarningMessage(`Applied, but verify failed: ${verify.message} ${verify.fix}`, 'Show log').then((c) => c && deps.log.channel.show());
    }
    return { applied: true, verified: verify.ok, plan: plan! };
  } finally {
    ctx.destroy();
  }
}
