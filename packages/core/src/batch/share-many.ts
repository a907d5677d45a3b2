import { parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { parseSecretRef } from '../arn/secret-arn';
import { runChanges } from '../apply/run-changes';
import type { ChangeResult } from '../apply/apply-types';
import type { AwsContext } from '../aws/aws-context';
import { listAttachedPolicyArns } from '../aws/read-consumer';
import { readShareState } from '../aws/read-share-state';
import { describeKey, readKeyPolicy, type KeyDescription } from '../aws/read-key';
import { describeSecret, needsKeyLookup, readSecretPolicy, secretInfoFrom } from '../aws/read-secret';
import { WizardError, isWizardError, userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import { buildPolicyChange } from '../plan/build-change';
import { isAdministratorChange, planShare } from '../plan/plan-share';
import type { Change, Finding, Plan, PolicyChange, SecretInfo, ShareRequest } from '../plan/plan-types';
import type { ShareState } from '../plan/share-state';
import { finding } from '../plan/findings/finding-codes';
import { stableHash } from '../plan/sids';
import { statementsEqual } from '../policy/normalise-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { mapConcurrently } from './map-concurrently';
import { approvalPayload, approvalQuestion } from '../session/approval';
import { partitionOf, regionOf } from '../arn/arn';

/** Reads and secret-policy writes in flight at once, by default. */
export const DEFAULT_BATCH_CONCURRENCY = 8;
export const MAX_BATCH_CONCURRENCY = 64;

/** A share request for many secrets: everything of a ShareRequest but the secret (and no key move). */
export interface ShareManyRequest extends Omit<ShareRequest, 'secret' | 'moveToKey'> {
  /** Secret ARNs or names, as the user gave them. Duplicates are shared once. */
  secrets: string[];
}

export interface ShareManyOptions {
  host: Host;
  /** Reads and secret-policy writes in flight at once (default 8). */
  concurrency?: number;
  /** Checked between writes: when aborted, no further secret is written. */
  signal?: AbortSignal;
  /** Read and plan only; write nothing. */
  dryRun?: boolean;
  /** Backup folders go here (default: the apply default, `~/.secret-share-wizard/backups`). */
  backupRoot?: string;
  now?: () => Date;
  invalidPrincipalRetryMs?: number;
  /**
   * Managed policies the consumer role/user may have attached (IAM's default quota is 10, adjustable
   * up to 20). A batch that needs more identity policies than fit is blocked.
   */
  attachedPolicyQuota?: number;
}

/** IAM's default quota of managed policies attached to one role or user. */
export const DEFAULT_ATTACHED_POLICY_QUOTA = 10;

export type BatchSecretStatus = 'shared' | 'unchanged' | 'planned' | 'blocked' | 'failed' | 'not-started';

export interface BatchSecretResult {
  /** As the user gave it. */
  secret: string;
  arn?: string;
  keyArn?: string;
  status: BatchSecretStatus;
  /** Error findings of this secret's plan (why it is blocked). */
  errors: Finding[];
  message?: string;
  /** This secret's backup folder (its secret policy as it was), when it was written. */
  backup?: string | null;
}

export interface BatchOutcome {
  ok: boolean;
  dryRun: boolean;
  /** True when a secret could not be read or planned: nothing was written. */
  blocked: boolean;
  consumer?: ConsumerPrincipal;
  secrets: BatchSecretResult[];
  /**
   * The documents every secret shares, written once before the secret policies: the consumer
   * identity policies (one per chunk that fits the managed-policy size limit) and one key policy per key.
   */
  sharedChanges: Change[];
  sharedResults: ChangeResult[];
  /** The backup folder of the shared writes. */
  sharedBackup: string | null;
  /** Distinct findings of all the plans (warnings included). */
  findings: Finding[];
  error?: WizardError;
  /** AWS API calls this run made (from the context's call counter). */
  calls: number;
}

/** Where a secret stands after the read phase. */
type ReadResult = { secret: string; state: Omit<ShareState, 'keyPolicy' | 'identity'>; keyPolicy: PolicyDocument | null } | { secret: string; error: WizardError };

interface Chunk {
  name: string;
  state: ShareState;
  before: PolicyDocument | null;
  current: PolicyDocument | null;
  change?: PolicyChange;
  secrets: number;
}

const IDENTITY_SIZE_CODES = new Set(['SIZE_LIMIT_MANAGED_POLICY']);

/**
 * Default name of the consumer policy of a batch: one name per consumer, so a later batch for the
 * same consumer merges into it. When it would exceed the managed-policy size limit, the next secrets
 * go into `NAME-2`, `NAME-3`, ...
 */
export function batchPolicyName(consumerArn: string): string {
  return `SecretShareWizard-batch-${stableHash(consumerArn).slice(0, 8)}`;
}

function chunkName(base: string, index: number): string {
  return index === 1 ? base : `${base}-${index}`;
}

function asWizardError(error: unknown, secret: string): WizardError {
  if (isWizardError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WizardError('BATCH_READ_FAILED', `Reading ${secret} failed: ${message}`, { fix: 'Check the secret and the credentials, then run again', cause: error });
}

function errorFinding(error: WizardError): Finding {
  return finding('SECRET_UNREADABLE', error.fix ? `${error.message} (${error.code}). ${error.fix}` : `${error.message} (${error.code})`);
}

/** Statements of `after` not in `before` (added) and of `before` not in `after` (removed), by value. */
function statementDelta(before: PolicyDocument | null, after: PolicyDocument | null, partition: string): { added: Statement[]; removed: Statement[] } {
  const missingFrom = (doc: PolicyDocument | null, statement: Statement) => !(doc?.Statement ?? []).some((other) => statementsEqual(other, statement, partition) && other.Sid === statement.Sid);
  return {
    added: (after?.Statement ?? []).filter((statement) => missingFrom(before, statement)),
    removed: (before?.Statement ?? []).filter((statement) => missingFrom(after, statement)),
  };
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.code}|${finding.change ?? ''}|${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  return secrets;
}

/**
 * Shares many secrets with one consumer in one run.
 *
 * 1. Reads, `concurrency` at a time: each secret (DescribeSecret, GetResourcePolicy); each key once
 *    (DescribeKey, GetKeyPolicy); the consumer side once (through the first secret's full read).
 * 2. Plans each secret with the planner, chaining the documents the secrets share: the key policy
 *    of each key (one statement per key and consumer listing every secret ARN) and the consumer
 *    identity policy. When the identity policy would exceed the managed-policy size limit, the next
 *    secrets go into a new policy (`NAME-2`, ...). Any error finding blocks the whole batch: nothing
 *    is written.
 * 3. Writes the shared documents once, as one transaction (backup, stale check, rollback), then the
 *    secret policies, `concurrency` at a time, each with its own backup and stale check. The secret
 *    policy opens access, so it goes last; a secret whose write fails is reported and not shared, and
 *    running the same command again completes the batch (what is in place is not written again).
 *
 * With the context's `secretsManagerRateLimit`, the Get/Put/Delete/ValidateResourcePolicy calls stay
 * within that many per second.
 */
export async function shareMany(ctx: AwsContext, request: ShareManyRequest, options: ShareManyOptions): Promise<BatchOutcome> {
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  const secrets = checkRequest(request, concurrency);
  const callsBefore = ctx.calls.length;
  const now = options.now ?? (() => new Date());
  const { host } = options;
  const base: Omit<ShareRequest, 'secret'> = { ...request };
  delete (base as Partial<ShareManyRequest>).secrets;
  const outcome = (fields: Omit<BatchOutcome, 'calls' | 'dryRun'>): BatchOutcome => ({ ...fields, dryRun: options.dryRun === true, calls: ctx.calls.length - callsBefore });

  // The first secret is read in full: it tells the consumer, the identity target and its policy.
  const firstSecret = secrets[0]!;
  const policyBase = request.policyName ?? batchPolicyName(consumerArnOf(request.consumer, firstSecret));
  let first: ShareState;
  try {
    first = await readShareState(ctx, { ...base, secret: firstSecret, policyName: policyBase });
  } catch (error) {
    const wizardError = asWizardError(error, firstSecret);
    if (wizardError.source === 'user' && wizardError.code.startsWith('INPUT_')) throw wizardError;
    return outcome({
      ok: false,
      blocked: true,
      secrets: secrets.map((secret, index) =>
        index === 0 ? { secret, status: 'blocked', errors: [errorFinding(wizardError)], message: wizardError.message } : { secret, status: 'not-started', errors: [] },
      ),
      sharedChanges: [],
      sharedResults: [],
      sharedBackup: null,
      findings: [errorFinding(wizardError)],
      error: wizardError,
    });
  }
  const consumer = first.consumer;
  host.notify({ type: 'info', message: `Reading ${secrets.length} secrets (${concurrency} at a time)` });

  // Keys are described and read once each, however many secrets use them.
  const keyDescriptions = new Map<string, Promise<KeyDescription>>();
  const keyPolicies = new Map<string, Promise<PolicyDocument | null>>();
  if (first.secret.keyArn && !first.secret.usesAwsManagedKey) {
    keyPolicies.set(first.secret.keyArn, Promise.resolve(first.keyPolicy));
    const described: KeyDescription = { arn: first.secret.keyArn, keyId: first.secret.keyArn.split('/').pop() ?? '', awsManaged: false };
    for (const id of new Set([first.secret.kmsKeyId, first.secret.keyArn])) if (id) keyDescriptions.set(id, Promise.resolve(described));
  }
  const describeKeyOnce = (keyId: string, region: string) => {
    let found = keyDescriptions.get(keyId);
    if (!found) {
      found = describeKey(ctx, keyId, region);
      keyDescriptions.set(keyId, found);
    }
    return found;
  };
  const readKeyPolicyOnce = (keyArn: string) => {
    let found = keyPolicies.get(keyArn);
    if (!found) {
      found = readKeyPolicy(ctx, keyArn);
      keyPolicies.set(keyArn, found);
    }
    return found;
  };

  const reads: ReadResult[] = await mapConcurrently(secrets, concurrency, async (secret, index): Promise<ReadResult> => {
    if (index === 0) return { secret, state: first, keyPolicy: first.keyPolicy };
    try {
      // With a full ARN the resource policy is read alongside DescribeSecret (one round trip, not two).
      const ref = parseSecretRef(secret, 'secret');
      const early = ref.kind === 'arn' ? readSecretPolicy(ctx, ref.secret.arn) : undefined;
      early?.catch(() => undefined);
      const described = await describeSecret(ctx, secret);
      const region = regionOf(described.arn) ?? '';
      const key = needsKeyLookup(described) ? await describeKeyOnce(described.kmsKeyId!, region) : undefined;
      const info: SecretInfo = secretInfoFrom(described, key);
      const [secretPolicy, keyPolicy] = await Promise.all([
        early ?? readSecretPolicy(ctx, info.arn),
        info.keyArn && !info.usesAwsManagedKey ? readKeyPolicyOnce(info.keyArn) : Promise.resolve(null),
      ]);
      return { secret, state: { ...first, secret: info, secretPolicy }, keyPolicy };
    } catch (error) {
      return { secret, error: asWizardError(error, secret) };
    }
  });

  // Plan each secret, chaining the shared documents.
  const partition = first.secret.partition;
  const keyBefore = new Map<string, PolicyDocument | null>();
  const keyCurrent = new Map<string, PolicyDocument | null>();
  const keyAccounts = new Map<string, string>();
  const chunks: Chunk[] = [{ name: chunkName(policyBase, 1), state: first, before: first.identity?.document ?? null, current: first.identity?.document ?? null, secrets: 0 }];
  const results: BatchSecretResult[] = [];
  /** The identity chunk each secret went into (by index in `chunks`). */
  const chunkOf: number[] = [];
  const plans: Array<Plan | undefined> = [];
  const findings: Finding[] = [];
  const createdAt = now();

  const planWith = (read: Extract<ReadResult, { state: unknown }>, chunk: Chunk): Plan => {
    const keyArn = read.state.secret.keyArn;
    const keyPolicy = keyArn && keyCurrent.has(keyArn) ? keyCurrent.get(keyArn)! : read.keyPolicy;
    const state: ShareState = { ...read.state, keyPolicy, ...(chunk.state.identity ? { identity: { ...chunk.state.identity, document: chunk.current } } : {}) };
    return planShare(state, { ...base, secret: read.state.secret.arn, policyName: chunk.name }, createdAt);
  };
  const seen = new Map<string, string>();
  const identityOverflow = (plan: Plan) => plan.findings.some((finding) => IDENTITY_SIZE_CODES.has(finding.code));

  for (const read of reads) {
    if ('error' in read) {
      results.push({ secret: read.secret, status: 'blocked', errors: [errorFinding(read.error)], message: read.error.message });
      chunkOf.push(-1);
      plans.push(undefined);
      findings.push(errorFinding(read.error));
      continue;
    }
    const sameAs = seen.get(read.state.secret.arn);
    if (sameAs !== undefined) {
      // The same secret given twice (e.g. by name and by ARN): shared once.
      results.push({ secret: read.secret, arn: read.state.secret.arn, status: 'unchanged', errors: [], message: `the same secret as ${sameAs}` });
      chunkOf.push(-1);
      plans.push(undefined);
      continue;
    }
    seen.set(read.state.secret.arn, read.secret);
    let chunk = chunks.at(-1)!;
    let plan = planWith(read, chunk);
    if (identityOverflow(plan) && chunk.secrets > 0 && chunk.state.identity?.target.mode === 'managed') {
      // This policy is full: the next secrets go into a new managed policy.
      const name = chunkName(policyBase, chunks.length + 1);
      const state = await readShareState(ctx, { ...base, secret: read.state.secret.arn, policyName: name });
      chunk = { name, state, before: state.identity?.document ?? null, current: state.identity?.document ?? null, secrets: 0 };
      chunks.push(chunk);
      plan = planWith(read, chunk);
    }
    plans.push(plan);
    chunkOf.push(chunks.indexOf(chunk));
    findings.push(...plan.findings);
    const errors = plan.findings.filter((finding) => finding.severity === 'error');
    results.push({
      secret: read.secret,
      arn: plan.secret.arn,
      ...(plan.secret.keyArn ? { keyArn: plan.secret.keyArn } : {}),
      status: errors.length > 0 ? 'blocked' : 'planned',
      errors,
    });
    if (errors.length > 0) continue;
    for (const change of plan.changes) {
      if (change.kind === 'key-policy') {
        if (!keyBefore.has(change.target)) keyBefore.set(change.target, read.keyPolicy);
        keyCurrent.set(change.target, change.after);
        keyAccounts.set(change.target, change.account);
      } else if (change.kind === 'identity-policy') {
        chunk.current = change.after;
        chunk.change = change;
        chunk.secrets += 1;
      }
    }
  }

  findings.push(...(await checkAttachedPolicyQuota(ctx, chunks, chunkOf, results, options.attachedPolicyQuota ?? DEFAULT_ATTACHED_POLICY_QUOTA)));

  // The shared documents, from their state before the batch to after it.
  const sharedChanges: Change[] = [];
  for (const chunk of chunks) {
    if (!chunk.change) continue;
    const { added, removed } = statementDelta(chunk.before, chunk.current, partition);
    sharedChanges.push(
      buildPolicyChange({
        kind: 'identity-policy',
        target: chunk.change.target,
        account: chunk.change.account,
        before: chunk.before,
        after: chunk.current,
        added,
        removed,
        partition,
        ...(chunk.change.identity ? { identity: chunk.change.identity } : {}),
      }),
    );
  }
  for (const [keyArn, after] of keyCurrent) {
    const before = keyBefore.get(keyArn) ?? null;
    const { added, removed } = statementDelta(before, after, partition);
    sharedChanges.push(buildPolicyChange({ kind: 'key-policy', target: keyArn, account: keyAccounts.get(keyArn) ?? first.secret.account, before, after, added, removed, partition }));
  }

  const blocked = results.some((result) => result.status === 'blocked');
  const distinctFindings = dedupeFindings(findings);
  if (blocked || options.dryRun) {
    const blockedCount = results.filter((result) => result.status === 'blocked').length;
    if (blocked) host.notify({ type: 'warning', message: `${blockedCount} of ${secrets.length} secrets cannot be shared as asked: nothing was written` });
    const error = blocked
      ? new WizardError('PLAN_BLOCKED', `${blockedCount} of ${secrets.length} secrets cannot be shared as asked (see their findings); nothing was written`, {
          field: 'plan',
          fix: 'Fix or leave out the blocked secrets and run again',
        })
      : undefined;
    return outcome({ ok: !blocked, blocked, consumer, secrets: results, sharedChanges, sharedResults: [], sharedBackup: null, findings: distinctFindings, ...(error ? { error } : {}) });
  }

  const pendingSecrets = plans.filter((plan) => plan?.changes.some((change) => change.kind === 'secret-policy' && change.action !== 'none')).length;
  const pendingShared = sharedChanges.filter((change) => change.action !== 'none' && !isAdministratorChange(change)).length;
  if (pendingSecrets + pendingShared === 0) {
    for (const result of results) result.status = 'unchanged';
    return outcome({ ok: true, blocked: false, consumer, secrets: results, sharedChanges, sharedResults: [], sharedBackup: null, findings: distinctFindings });
  }
  const reviewed = plans.filter((plan): plan is Plan => plan !== undefined);
  const secretChanges = reviewed.flatMap((plan) => plan.changes.filter((change) => change.kind === 'secret-policy'));
  const go = await host.ask(approvalQuestion(approvalPayload('share', reviewed, [...sharedChanges, ...secretChanges], first.secret.account)));
  if (!go) {
    for (const result of results) result.status = 'not-started';
    const error = new WizardError('DECLINED', 'Nothing was written: the confirmation was declined', { fix: 'Run again and confirm, or pass --yes' });
    return outcome({ ok: false, blocked: false, consumer, secrets: results, sharedChanges, sharedResults: [], sharedBackup: null, findings: distinctFindings, error });
  }

  // Write the shared documents first, as one transaction.
  const applyOptions = {
    host,
    ...(options.backupRoot ? { backupRoot: options.backupRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.invalidPrincipalRetryMs !== undefined ? { invalidPrincipalRetryMs: options.invalidPrincipalRetryMs } : {}),
  };
  const secretRef = (info: SecretInfo) => ({ arn: info.arn, account: info.account, region: info.region, partition: info.partition });
  const consumerRef = { arn: consumer.arn, account: consumer.account };
  const shared = await runChanges(ctx, { operation: 'apply', changes: sharedChanges, secret: secretRef(first.secret), consumer: consumerRef, planCreatedAt: createdAt.toISOString(), findings: [] }, applyOptions);
  if (!shared.ok) {
    for (const result of results) result.status = 'not-started';
    return outcome({ ok: false, blocked: false, consumer, secrets: results, sharedChanges, sharedResults: shared.results, sharedBackup: shared.backup, findings: distinctFindings, ...(shared.error ? { error: shared.error } : {}) });
  }

  // Then the secret policies, concurrently; per-secret progress is summarised, problems are passed on.
  host.notify({ type: 'info', message: `Writing ${pendingSecrets} secret policies (${concurrency} at a time)` });
  const warned = new Set<string>();
  const quietHost: Host = {
    notify: (event) => {
      if (event.type === 'warning') {
        // The same warning for every secret (e.g. ValidateResourcePolicy unsupported) is said once.
        if (!warned.has(event.message)) host.notify(event);
        warned.add(event.message);
      } else if (event.type === 'retry' || (event.type === 'step' && (event.status === 'failed' || event.status === 'rolled-back'))) {
        host.notify(event);
      }
    },
    ask: (question) => host.ask(question),
  };
  let written = 0;
  const progressEvery = Math.max(1, Math.ceil(pendingSecrets / 10));
  await mapConcurrently(plans, concurrency, async (plan, index) => {
    const result = results[index]!;
    if (!plan) return;
    const change = plan.changes.find((candidate) => candidate.kind === 'secret-policy');
    if (!change || change.action === 'none') {
      result.status = 'unchanged';
      return;
    }
    if (options.signal?.aborted) {
      result.status = 'not-started';
      result.message = 'cancelled before this secret was written';
      return;
    }
    try {
      const one = await runChanges(ctx, { operation: 'apply', changes: [change], secret: secretRef(plan.secret), consumer: consumerRef, planCreatedAt: createdAt.toISOString(), findings: [] }, { ...applyOptions, host: quietHost });
      result.backup = one.backup;
      result.status = one.ok ? 'shared' : 'failed';
      if (!one.ok) result.message = one.error?.message ?? one.results[0]?.message ?? 'the write failed';
      written += 1;
      if (written % progressEvery === 0 || written === pendingSecrets) host.notify({ type: 'info', message: `Secret policies done: ${written} of ${pendingSecrets}` });
    } catch (error) {
      result.status = 'failed';
      result.message = error instanceof Error ? error.message : String(error);
    }
  });

  const failed = results.filter((result) => result.status !== 'shared' && result.status !== 'unchanged');
  const error =
    failed.length > 0
      ? new WizardError('BATCH_INCOMPLETE', `${failed.length} of ${secrets.length} secrets were not shared (see each one's message); the others are`, {
          fix: 'Run the same command again: what is in place is not written again',
        })
      : undefined;
  return outcome({ ok: failed.length === 0, blocked: false, consumer, secrets: results, sharedChanges, sharedResults: shared.results, sharedBackup: shared.backup, findings: distinctFindings, ...(error ? { error } : {}) });
}

/**
 * More than one identity policy: will they all fit on the role/user? Secrets whose policy would not
 * fit are blocked with IAM_ATTACHED_POLICY_LIMIT (one ListAttached*Policies call).
 */
async function checkAttachedPolicyQuota(ctx: AwsContext, chunks: Chunk[], chunkOf: number[], results: BatchSecretResult[], quota: number): Promise<Finding[]> {
  const target = chunks[0]?.state.identity?.target;
  if (chunks.length < 2 || !target || target.mode !== 'managed' || !ctx.consumer) return [];
  const region = chunks[0]!.state.secret.region;
  const attached = (await listAttachedPolicyArns(ctx.consumer, target.principalKind, target.name, region)) ?? [];
  const toAttach = chunks.map((chunk, index) => ({ chunk, index })).filter(({ chunk }) => chunk.change?.identity?.policyArn && !attached.includes(chunk.change.identity.policyArn));
  if (attached.length + toAttach.length <= quota) return [];
  const room = Math.max(0, quota - attached.length);
  const over = new Set(toAttach.slice(room).map(({ index }) => index));
  const perPolicy = Math.max(1, Math.round(chunks.reduce((sum, chunk) => sum + chunk.secrets, 0) / chunks.length));
  const finding: Finding = {
    code: 'IAM_ATTACHED_POLICY_LIMIT',
    severity: 'error',
    change: 'identity-policy',
    message:
      `These secrets need ${toAttach.length} more managed policies on ${target.arn} (about ${perPolicy} secrets fit in one under IAM's 6,144-character limit), ` +
      `but it already has ${attached.length} of the ${quota} managed policies it may have attached. Share with the consumer account instead ` +
      `(--consumer ACCOUNT_ID --consumer-policy none: its administrator grants the role), share fewer secrets with this role, ` +
      `or raise the IAM quota "Managed policies per role" (at most 20) and pass --attached-policy-quota.`,
  };
  for (const [index, result] of results.entries()) {
    if (!over.has(chunkOf[index]!)) continue;
    result.status = 'blocked';
    result.errors.push(finding);
  }
  return [finding];
}

/** The consumer principal's ARN (for the default batch policy name), before anything is read. */
function consumerArnOf(consumer: string, secret: string): string {
  const partition = partitionOf(secret);
  return parsePrincipal(consumer.trim(), 'consumer', partition).arn;
}
