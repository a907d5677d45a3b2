import { accountOf, partitionOf } from '../arn/arn';
import type { AwsContext } from '../aws/aws-context';
import { awsErrorName, isAwsAccessDenied, isAwsNotFound } from '../aws/aws-errors';
import { listSecrets, type SecretSummary } from '../aws/list-resources';
import { describeKey, readKeyPolicy } from '../aws/read-key';
import { isAwsManagedSecretsKeyId, readSecretPolicy } from '../aws/read-secret';
import { isWizardError } from '../errors/wizard-error';
import type { PolicyDocument } from '../policy/policy-types';
import type { AuditFailure } from './audit-types';
import type { AuditedKey, SecretToAudit } from './classify-grants';

export interface ReadRegionOptions {
  /** Secrets read at once (default 16); GetResourcePolicy is paced by the context's rate limit too. */
  concurrency?: number;
  /** Called once per secret listed (the total grows as pages arrive) and once per secret read. */
  onListed?: (count: number) => void;
  onRead?: () => void;
  signal?: AbortSignal;
}

export interface RegionRead {
  account: string;
  region: string;
  partition: string;
  secrets: SecretToAudit[];
  /** Secrets whose policy could not be read (reported, the rest goes on). */
  failures: AuditFailure[];
}

function cause(error: unknown): unknown {
  return (error as { cause?: unknown }).cause ?? error;
}

function reasonOf(error: unknown): string {
  return isWizardError(error) ? error.message : error instanceof Error ? error.message : String(error);
}

/**
 * The secret's key, read once per key id however many secrets use it: AWS managed (no KmsKeyId, the
 * alias, or KeyManager AWS), another account's (not readable from here), or a customer managed key
 * with its policy (null when kms:GetKeyPolicy is denied).
 */
function keyReader(ctx: AwsContext, account: string, region: string): (kmsKeyId: string | undefined) => Promise<AuditedKey> {
  const cache = new Map<string, Promise<AuditedKey>>();
  return (kmsKeyId) => {
    if (!kmsKeyId || isAwsManagedSecretsKeyId(kmsKeyId)) return Promise.resolve({ kind: 'aws-managed' });
    const owner = accountOf(kmsKeyId);
    if (owner !== undefined && owner !== account) return Promise.resolve({ kind: 'foreign', arn: kmsKeyId, account: owner });
    let found = cache.get(kmsKeyId);
    if (!found) {
      found = (async (): Promise<AuditedKey> => {
        try {
          const key = await describeKey(ctx, kmsKeyId, region);
          if (key.awsManaged) return { kind: 'aws-managed' };
          let policy: PolicyDocument | null = null;
          try {
            policy = await readKeyPolicy(ctx, key.arn);
          } catch (error) {
            if (!isAwsAccessDenied(cause(error))) throw error;
          }
          return { kind: 'customer', arn: key.arn, policy };
        } catch (error) {
          if (isAwsAccessDenied(cause(error)) || isAwsNotFound(cause(error))) return { kind: 'unknown', id: kmsKeyId, reason: reasonOf(error) };
          throw error;
        }
      })();
      cache.set(kmsKeyId, found);
    }
    return found;
  };
}

/**
 * Every secret of one account and region with its resource policy and its key (and key policy):
 * ListSecrets page by page (100 at a time), each page's secrets read while the next page is asked
 * for, `concurrency` at once. A secret whose policy cannot be read is a failure of that secret, not
 * of the audit. Reads only.
 */
export async function readRegion(ctx: AwsContext, account: string, region: string, options: ReadRegionOptions = {}): Promise<RegionRead> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const keyOf = keyReader(ctx, account, region);
  const secrets: SecretToAudit[] = [];
  const failures: AuditFailure[] = [];
  let partition = 'aws';
  const queue: SecretSummary[] = [];
  let listing = true;
  const waiting: Array<() => void> = [];
  const wakeAll = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };

  const read = async (summary: SecretSummary): Promise<void> => {
    try {
      const [secretPolicy, key] = await Promise.all([readSecretPolicy(ctx, summary.arn), keyOf(summary.kmsKeyId)]);
      secrets.push({ arn: summary.arn, name: summary.name, key, secretPolicy, tags: summary.tags });
    } catch (error) {
      const info = isWizardError(error) ? error : undefined;
      failures.push({ account, region, code: info?.code ?? (awsErrorName(cause(error)) || 'AWS_ERROR'), message: `${summary.arn}: ${reasonOf(error)}`, ...(info?.fix ? { fix: info.fix } : {}) });
    } finally {
      options.onRead?.();
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) return;
      const next = queue.shift();
      if (next) {
        await read(next);
        continue;
      }
      if (!listing) return;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const workers = Array.from({ length: concurrency }, () => worker());

  try {
    let nextToken: string | undefined;
    do {
      if (options.signal?.aborted) break;
      const page = await listSecrets(ctx, { maxResults: 100, region, ...(nextToken ? { nextToken } : {}) });
      if (page.secrets[0]) partition = partitionOf(page.secrets[0].arn);
      queue.push(...page.secrets);
      options.onListed?.(page.secrets.length);
      nextToken = page.nextToken;
      wakeAll();
    } while (nextToken);
  } finally {
    listing = false;
    wakeAll();
  }
  await Promise.all(workers);
  secrets.sort((a, b) => a.arn.localeCompare(b.arn));
  return { account, region, partition, secrets, failures };
}
