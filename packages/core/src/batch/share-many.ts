import { parsePrincipal } from '../arn/principal';
import { partitionOf } from '../arn/arn';
import { parseSecretRef } from '../arn/secret-arn';
import type { AwsContext, AwsContextOptions } from '../aws/aws-context';
import { userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { Manifest, ManifestConsumer, SecretSelector, SourceLocation } from '../manifest/manifest-types';
import type { ShareRequest } from '../plan/plan-types';
import { DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY, SHARE_MANY_FILE, runManifestSession, type ManifestOutcome } from '../session/manifest-session';

export { DEFAULT_ATTACHED_POLICY_QUOTA, DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY } from '../session/manifest-session';
export { batchPolicyName } from './plan-batch';

/** A share request for many secrets: everything of a ShareRequest but the secret (and no key move). */
export interface ShareManyRequest extends Omit<ShareRequest, 'secret' | 'moveToKey'> {
  /** Secret ARNs or names, as the user gave them. Duplicates are shared once. */
  secrets: string[];
}

export interface ShareManyOptions {
  host: Host;
  /** Secrets read, and writes of one round in flight, at once (default 8). */
  concurrency?: number;
  /** Checked between writes: when aborted, nothing more is written and what was written is rolled back. */
  signal?: AbortSignal;
  /** Read and plan only; write nothing. */
  dryRun?: boolean;
  /** Backup folders go here (default: the apply default, `~/.secret-share-wizard/backups`). */
  backupRoot?: string;
  now?: () => Date;
  invalidPrincipalRetryMs?: number;
  /** Managed policies the consumer role/user may have attached (IAM's default 10, at most 20). */
  attachedPolicyQuota?: number;
  /** Who writes the share records, `name/version`. */
  tool?: string;
  /** The profiles and region the context was made with (for the approval and the restore command). */
  aws?: AwsContextOptions;
}

function checkRequest(request: ShareManyRequest, concurrency: number): string[] {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BATCH_CONCURRENCY) {
    throw userError('INPUT_CONCURRENCY', '--concurrency', `must be a whole number from 1 to ${MAX_BATCH_CONCURRENCY} (got ${concurrency})`, `Pass --concurrency ${DEFAULT_BATCH_CONCURRENCY}`);
  }
  if ((request as Partial<ShareRequest>).moveToKey) {
    throw userError('INPUT_BATCH_MOVE', '--move-to-key', 'share-many does not move secrets to another key', 'Move the secrets one by one with `apply --move-to-key`, then share them together');
  }
  const secrets = [...new Set(request.secrets.map((secret) => secret.trim()).filter(Boolean))];
  if (secrets.length === 0) throw userError('INPUT_NO_SECRETS', '--secret', 'no secrets given', 'Pass --secret ARN (repeatable) or --secrets-file FILE (one ARN or name per line)');
  for (const secret of secrets) parseSecretRef(secret, '--secret');
  return secrets;
}

/**
 * `share-many` as a manifest: one entry, the secrets (by ARN or by name) × the one consumer, with
 * the request's options. Problems are reported at `share-many:N:1`, N being the secret's position.
 */
export function shareManyManifest(request: ShareManyRequest): Manifest {
  const secrets = checkRequest(request, DEFAULT_BATCH_CONCURRENCY);
  const partition = partitionOf(secrets[0]!);
  const principal = parsePrincipal(request.consumer.trim(), '--consumer', partition);
  const consumer: ManifestConsumer = {
    ...(principal.kind === 'account' ? { account: principal.account } : principal.kind === 'user' ? { user: principal.arn } : { role: principal.arn }),
    ...(request.consumerIdentity !== undefined ? { consumerRole: request.consumerIdentity } : {}),
    consumerPolicy: request.identityPolicy,
    ...(request.policyName !== undefined ? { policyName: request.policyName } : {}),
    versionStage: request.options.versionStage,
    describe: request.options.grantDescribe,
    contextCondition: request.options.contextCondition,
    ...(request.allowDrift ? { allowDrift: true } : {}),
  };
  const selectors: SecretSelector[] = secrets.map((secret) => (secret.startsWith('arn:') ? { arn: secret } : { name: secret }));
  const locations: Record<string, SourceLocation> = {};
  secrets.forEach((_, index) => (locations[`shares[0].secrets[${index}]`] = { line: index + 1, column: 1 }));
  return { file: SHARE_MANY_FILE, data: { version: 1, shares: [{ name: 'share-many', secrets: selectors, consumers: [consumer] }] }, locations };
}

/**
 * Shares many secrets with one consumer in one run: a manifest of one entry (`shareManyManifest`)
 * through the manifest session — every secret and key read once, one key-policy write per key, the
 * identity policy split within IAM's size limit, one approval, one transaction (rollback on failure),
 * a share record on each secret (so `revoke --secret S --consumer C` works for each of them).
 * Throws a WizardError for bad input before any AWS call; everything later is in the outcome.
 */
export async function shareMany(ctx: AwsContext, request: ShareManyRequest, options: ShareManyOptions): Promise<ManifestOutcome> {
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  checkRequest(request, concurrency);
  const manifest = shareManyManifest(request);
  return runManifestSession(
    { manifest, mode: options.dryRun ? 'plan' : 'apply', unlisted: false },
    {
      host: options.host,
      aws: options.aws ?? {},
      context: ctx,
      concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.backupRoot ? { backupRoot: options.backupRoot } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.invalidPrincipalRetryMs !== undefined ? { invalidPrincipalRetryMs: options.invalidPrincipalRetryMs } : {}),
      ...(options.attachedPolicyQuota !== undefined ? { attachedPolicyQuota: options.attachedPolicyQuota } : {}),
      ...(options.tool ? { tool: options.tool } : {}),
    },
  );
}
