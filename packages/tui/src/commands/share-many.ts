import { createAwsContext, parseSecretRef, shareMany, userError, type ShareManyRequest } from '@secret-share-wizard/core';
import { flag, listOption, stringOption, type CommandSpec, type ParsedArgs } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { LIST_FILE_LIMITS, readInputFile } from '../cli/files';
import { printJson } from '../cli/output';
import { manifestJson, renderManifestOutcome, snippetHints } from '../cli/render-manifest';
import { renderError } from '../cli/render-results';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, shareRequestFromArgs } from '../cli/share-flags';
import { WRITE_FLAGS } from './apply';
import { BATCH_FLAGS, batchSessionOptions } from './plan-manifest';

export { RATE_LIMIT_MARGIN } from './plan-manifest';

export const spec: CommandSpec = {
  name: 'share-many',
  summary: 'Share many secrets with one consumer in one run: a manifest of one entry (one key-policy write per key, one identity policy, one transaction)',
  usage: [
    'share-many --secret <ARN|name> [--secret <ARN|name> ...] --consumer <ACCOUNT_ID|ARN> [<plan flags>] [--yes] [--json]',
    'share-many --secrets-file <file> --consumer <ACCOUNT_ID|ARN> [--concurrency N] [--rate-limit 50] [--dry-run] [--yes] [--json]',
  ],
  options: {
    ...SHARE_FLAGS,
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'A secret to share (repeat the flag for each secret)', repeatable: true },
    'secrets-file': { type: 'string', placeholder: '<file>', description: 'File with one secret ARN or name per line (blank lines and # comments ignored)' },
    ...AWS_FLAGS,
    ...BATCH_FLAGS,
    'dry-run': { type: 'boolean', description: 'Read and plan only (as `plan -f`): show what would be written, write nothing' },
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'share-many is the short form of a manifest with one entry (see `plan -f` / `apply -f`): the same review, approval and',
    'transaction, and a share record on each secret, so `revoke --secret S --consumer C` undoes one secret of the batch.',
    'The consumer identity policy (default name SecretShareWizard-batch-<hash>) gets every secret; when it would exceed',
    "IAM's 6,144-character limit (about 20 secrets each), the next secrets go into NAME-2, NAME-3, ..., as long as the role",
    'can take that many managed policies. For many secrets, share with the consumer account (--consumer ACCOUNT_ID) and let its',
    'administrator grant the role. Any secret that cannot be shared blocks the whole run before anything is written.',
    'Running the same command again writes only what is missing.',
    'Exit codes: 0 all shared (or nothing to change), 1 failed and rolled back, 2 invalid input or blocked (nothing written),',
    '4 rollback incomplete (the restore command is printed), 130 interrupted.',
  ],
};

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

/**
 * `share-many`: builds the one-entry manifest (core `shareMany`) and runs the manifest session;
 * prints its review, its outcome and where the consumer snippets are, like `apply -f`.
 */
export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors, errColors } = context;
  const json = flag(args, 'json');
  const dryRun = flag(args, 'dry-run');
  if (dryRun && flag(args, 'yes')) throw userError('INPUT_CONFLICTING_FLAGS', '--yes', 'cannot be combined with --dry-run (which writes nothing)', 'Pass one of them');
  if (args.options['move-to-key'] !== undefined) throw userError('INPUT_BATCH_MOVE', '--move-to-key', 'share-many does not move secrets to another key', 'Move the secrets one by one with `apply --move-to-key`, then share them together');
  const secrets = await secretsFromArgs(args);
  const request = batchRequest(args, secrets);
  const options = batchSessionOptions(context);
  if (!dryRun) requireConfirmationChannel(context, 'share-many');
  const aws = createAwsContext(options.aws);
  const started = performance.now();
  try {
    const outcome = await shareMany(aws, request, {
      host: options.host,
      aws: options.aws,
      ...(options.signal ? { signal: options.signal } : {}),
      dryRun,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.backupRoot !== undefined ? { backupRoot: options.backupRoot } : {}),
      ...(options.attachedPolicyQuota !== undefined ? { attachedPolicyQuota: options.attachedPolicyQuota } : {}),
      ...(options.tool ? { tool: options.tool } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      printJson(io, manifestJson(outcome, { dryRun, secrets: outcome.plan ? new Set(outcome.plan.shares.map((share) => share.secret)).size : secrets.length, seconds: Math.round(seconds * 1000) / 1000 }));
      return outcome.exitCode;
    }
    io.stdout.write(renderManifestOutcome(outcome, colors, seconds));
    if (dryRun && outcome.ok) io.stdout.write(colors.dim('Nothing written (--dry-run). Run again with --yes to share.\n'));
    if (!dryRun && (outcome.status === 'applied' || outcome.status === 'no-changes') && outcome.plan) io.stdout.write(snippetHints(outcome.plan.shares, colors));
    if (outcome.error && outcome.status !== 'failed') io.stderr.write(renderError(outcome.error, errColors));
    return outcome.exitCode;
  } finally {
    aws.destroy();
  }
}
