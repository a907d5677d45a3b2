import {
  DEFAULT_ATTACHED_POLICY_QUOTA,
  DEFAULT_BATCH_CONCURRENCY,
  MAX_BATCH_CONCURRENCY,
  createAwsContext,
  parseSecretRef,
  shareMany,
  userError,
  type BatchOutcome,
  type ShareManyRequest,
} from '@secret-share-wizard/core';
import { flag, listOption, stringOption, type CommandSpec, type ParsedArgs } from '../cli/args';
import { cliHost } from '../cli/cli-host';
import type { Colors } from '../cli/color';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { LIST_FILE_LIMITS, readInputFile } from '../cli/files';
import { printJson } from '../cli/output';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, awsSelection, shareRequestFromArgs } from '../cli/share-flags';
import { WRITE_FLAGS } from './apply';

/** The pace the --rate-limit is enforced at, relative to the limit. */
export const RATE_LIMIT_MARGIN = 0.95;

export const spec: CommandSpec = {
  name: 'share-many',
  summary: 'Share many secrets with one consumer in one run: one key-policy write per key, one identity policy, secret policies in parallel',
  usage: [
    'share-many --secret <ARN|name> [--secret <ARN|name> ...] --consumer <ACCOUNT_ID|ARN> [<plan flags>] [--yes] [--json]',
    'share-many --secrets-file <file> --consumer <ACCOUNT_ID|ARN> [--concurrency N] [--rate-limit 50] [--dry-run] [--yes] [--json]',
  ],
  options: {
    ...SHARE_FLAGS,
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'A secret to share (repeat the flag for each secret)', repeatable: true },
    'secrets-file': { type: 'string', placeholder: '<file>', description: 'File with one secret ARN or name per line (blank lines and # comments ignored)' },
    ...AWS_FLAGS,
    concurrency: { type: 'string', placeholder: '<N>', description: `Reads and secret-policy writes in flight at once (default ${DEFAULT_BATCH_CONCURRENCY}, at most ${MAX_BATCH_CONCURRENCY})` },
    'rate-limit': {
      type: 'string',
      placeholder: '<per-second>',
      description: 'At most this many Get/Put/Delete/ValidateResourcePolicy requests in any second (the AWS quota is 50 per account and region)',
    },
    'attached-policy-quota': {
      type: 'string',
      placeholder: '<N>',
      description: `Managed policies the consumer role may have attached (IAM default ${DEFAULT_ATTACHED_POLICY_QUOTA}; at most 20 after a quota increase)`,
    },
    'dry-run': { type: 'boolean', description: 'Read and plan only: show what would be written, write nothing' },
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'The consumer identity policy (default name SecretShareWizard-batch-<hash>) gets every secret; when it would exceed',
    "IAM's 6,144-character limit (about 20 secrets each), the next secrets go into NAME-2, NAME-3, ..., as long as the role",
    'can take that many managed policies. For many secrets, share with the consumer account (--consumer ACCOUNT_ID) and let its',
    'administrator grant the role. Any secret that cannot be shared blocks the whole run before anything is written.',
    'Running the same command again writes only what is missing.',
    'Exit codes: 0 all shared (or nothing to change), 1 AWS failure (some secrets not shared), 2 invalid input or blocked (nothing written).',
  ],
};

function positiveInteger(args: ParsedArgs, name: string, max: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < 1 || value > max) {
    throw userError('INPUT_NUMBER', `--${name}`, `"${text}" is not a whole number from 1 to ${max}`, `Pass --${name} <1..${max}>`);
  }
  return value;
}

/** The secrets from --secret (repeated) and --secrets-file, in order, without duplicates; each checked. */
export async function secretsFromArgs(args: ParsedArgs): Promise<string[]> {
  const secrets = listOption(args, 'secret');
  const file = stringOption(args, 'secrets-file');
  if (file !== undefined) {
    const text = await readInputFile(file, '--secrets-file', LIST_FILE_LIMITS);
    for (const line of text.split(/\r?\n/)) {
      const value = line.replace(/#.*$/, '').trim();
      if (value) secrets.push(value);
    }
  }
  const unique = [...new Set(secrets.map((secret) => secret.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw userError('INPUT_NO_SECRETS', '--secret', file === undefined ? 'no secrets given' : `${file} lists no secrets`, 'Pass --secret <ARN|name> (repeatable) or --secrets-file <file> with one per line');
  }
  for (const secret of unique) parseSecretRef(secret, file !== undefined && !listOption(args, 'secret').includes(secret) ? '--secrets-file' : '--secret');
  return unique;
}

/** The batch request: the share flags (checked like `apply`'s, with the first secret) for every secret. */
export function batchRequest(args: ParsedArgs, secrets: string[]): ShareManyRequest {
  const single = shareRequestFromArgs({ ...args, options: { ...args.options, secret: secrets[0]! } });
  const { secret: _secret, moveToKey: _move, ...rest } = single;
  return { ...rest, secrets };
}

const MARK: Record<BatchOutcome['secrets'][number]['status'], (c: Colors) => string> = {
  shared: (c) => c.green('✔ shared     '),
  unchanged: (c) => c.dim('= unchanged  '),
  planned: (c) => c.dim('· planned    '),
  blocked: (c) => c.red('✖ blocked    '),
  failed: (c) => c.red('✖ failed     '),
  'not-started': (c) => c.dim('– not started'),
};

function counts(outcome: BatchOutcome): Record<string, number> {
  const result: Record<string, number> = {};
  for (const secret of outcome.secrets) result[secret.status] = (result[secret.status] ?? 0) + 1;
  return result;
}

/** The human summary: the shared documents, a line per secret that needs attention, the totals. */
export function renderBatch(outcome: BatchOutcome, c: Colors, seconds: number, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(`${outcome.dryRun ? 'Plan' : 'Share'}: ${outcome.secrets.length} secret(s) with ${outcome.consumer?.arn ?? 'the consumer'}`);
  if (outcome.sharedChanges.length > 0) lines.push('', 'Documents shared by all the secrets:');
  for (const change of outcome.sharedChanges) {
    const what = change.kind === 'identity-policy' && change.identity ? `${change.identity.mode} identity policy ${change.identity.policyName} (${change.identity.arn})` : `key policy of ${change.target}`;
    const result = outcome.sharedResults.find((candidate) => candidate.target === change.target && candidate.kind === change.kind);
    lines.push(`  ${(change.action === 'none' ? 'keep' : change.action).padEnd(6)} ${what}: +${change.added.length} / -${change.removed.length} statement(s)${result ? `  [${result.status}]` : ''}`);
  }
  const attention = outcome.secrets.filter((secret) => verbose || secret.status === 'blocked' || secret.status === 'failed');
  if (attention.length > 0) lines.push('', 'Secrets:');
  for (const secret of attention) {
    lines.push(`  ${MARK[secret.status](c)} ${secret.arn ?? secret.secret}${secret.message && secret.errors.length === 0 ? `  ${secret.message}` : ''}`);
    for (const error of secret.errors) lines.push(`      ${c.red(error.code)}: ${error.message}`);
  }
  const warnings = outcome.findings.filter((finding) => finding.severity === 'warning');
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((finding) => `  ${c.yellow(finding.code)}: ${finding.message}`));
  const totals = Object.entries(counts(outcome)).map(([status, count]) => `${count} ${status}`).join(', ');
  lines.push('', `${totals}. ${outcome.calls} AWS calls in ${seconds.toFixed(1)} s.`);
  if (outcome.sharedBackup) lines.push(`Backup of the shared documents: ${outcome.sharedBackup} (one more backup folder per secret policy written)`);
  if (outcome.dryRun && outcome.ok) lines.push(c.dim('Nothing written (--dry-run). Run again with --yes to share.'));
  else if (outcome.ok) lines.push(c.green('✔ Done.'));
  else if (outcome.error) lines.push(c.red(`✖ ${outcome.error.message}.${outcome.error.fix ? ` ${outcome.error.fix}.` : ''}`));
  return `${lines.join('\n')}\n`;
}

export function batchJson(outcome: BatchOutcome, seconds: number) {
  return {
    ok: outcome.ok,
    dryRun: outcome.dryRun,
    blocked: outcome.blocked,
    consumer: outcome.consumer?.arn ?? null,
    secrets: outcome.secrets.length,
    counts: counts(outcome),
    shared: outcome.secrets.filter((secret) => secret.status === 'shared').length,
    results: outcome.secrets.map((secret) => ({
      secret: secret.secret,
      ...(secret.arn ? { arn: secret.arn } : {}),
      status: secret.status,
      ...(secret.errors.length ? { errors: secret.errors.map(({ code, message }) => ({ code, message })) } : {}),
      ...(secret.message ? { message: secret.message } : {}),
      ...(secret.backup ? { backup: secret.backup } : {}),
    })),
    sharedChanges: outcome.sharedChanges.map((change) => ({
      kind: change.kind,
      target: change.target,
      action: change.action,
      added: change.added.length,
      removed: change.removed.length,
      ...(change.kind !== 'secret-key' && change.identity ? { identity: change.identity } : {}),
      after: change.after,
    })),
    sharedResults: outcome.sharedResults,
    sharedBackup: outcome.sharedBackup,
    findings: outcome.findings.map(({ code, severity, message }) => ({ code, severity, message })),
    calls: outcome.calls,
    seconds: Math.round(seconds * 1000) / 1000,
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
  };
}

export function batchExitCode(outcome: BatchOutcome): number {
  if (outcome.ok) return EXIT.OK;
  if (outcome.error?.code === 'DECLINED') return EXIT.OK;
  if (outcome.error?.code === 'CANCELLED') return EXIT.INTERRUPTED;
  if (outcome.blocked || outcome.error?.source === 'user') return EXIT.INVALID;
  return EXIT.FAILURE;
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors, errColors } = context;
  const json = flag(args, 'json');
  const dryRun = flag(args, 'dry-run');
  if (dryRun && flag(args, 'yes')) throw userError('INPUT_CONFLICTING_FLAGS', '--yes', 'cannot be combined with --dry-run (which writes nothing)', 'Pass one of them');
  const secrets = await secretsFromArgs(args);
  const request = batchRequest(args, secrets);
  const concurrency = positiveInteger(args, 'concurrency', MAX_BATCH_CONCURRENCY);
  const rateLimit = positiveInteger(args, 'rate-limit', 10_000);
  const attachedPolicyQuota = positiveInteger(args, 'attached-policy-quota', 20);
  if (!dryRun) requireConfirmationChannel(context, 'share-many');
  const backupRoot = stringOption(args, 'backup-dir');
  // Paced 5% under the limit: network jitter can bring two paced requests closer together on arrival,
  // and no second as AWS counts it may hold more than the limit.
  const aws = createAwsContext({ ...awsSelection(args), ...(rateLimit !== undefined ? { secretsManagerRateLimit: rateLimit * RATE_LIMIT_MARGIN } : {}) });
  const started = performance.now();
  try {
    const outcome = await shareMany(aws, request, {
      host: cliHost({ io, colors, errColors, json, yes: flag(args, 'yes'), interactive: context.interactive }),
      signal: context.signal,
      dryRun,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(backupRoot !== undefined ? { backupRoot } : {}),
      ...(attachedPolicyQuota !== undefined ? { attachedPolicyQuota } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    if (json) printJson(io, batchJson(outcome, seconds));
    else io.stdout.write(renderBatch(outcome, colors, seconds, dryRun && secrets.length <= 20));
    return batchExitCode(outcome);
  } finally {
    aws.destroy();
  }
}
