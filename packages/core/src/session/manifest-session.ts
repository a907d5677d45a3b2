import type { ChangeResult } from '../apply/apply-types';
import { recordOf } from '../apply/apply-plan';
import { runChanges, skipReason, type FinalWrite, type WriteCheck } from '../apply/run-changes';
import { accountOf, partitionOf, regionOf } from '../arn/arn';
import { parsePrincipal } from '../arn/principal';
import type { AwsContext } from '../aws/aws-context';
import { listAttachedPolicyArns } from '../aws/read-consumer';
import { batchHost } from '../batch/batch-host';
import type { BackupRecordState } from '../backup/backup-types';
import { mapConcurrently } from '../batch/map-concurrently';
import { batchPolicyName, documentKey, planBatch, type BatchItem, type BatchPlan, type IdentityGroup } from '../batch/plan-batch';
import { WizardError, errorInfo, isWizardError, userError, type ErrorInfo } from '../errors/wizard-error';
import { assertWriteAllowed } from '../guard/write-guard';
import { granteeKey } from '../arn/grantee';
import { unionScope, writeScopeForPlan } from '../guard/write-scope';
import { MANIFEST_PLAN_SCHEMA, type ManifestPlan, type ManifestShareEntry, type ManifestShareStatus, type UnlistedShare } from '../manifest/manifest-plan';
import type { Manifest } from '../manifest/manifest-types';
import { ManifestReader, shareStateOf, type ConsumerSide, type SecretSide } from '../manifest/read-manifest-state';
import { requireResolved, resolveManifest, type ResolvedShare } from '../manifest/resolve-manifest';
import { listRecordedSecrets, listedKey, unlistedShares } from '../manifest/unlisted-shares';
import { finding } from '../plan/findings/finding-codes';
import type { Change, Finding, Plan, PolicyChange, ShareRequest } from '../plan/plan-types';
import { dedupeFindings } from '../plan/plan-share';
import { identityTargetFor } from '../plan/share-context';
import { recordsFromTags, recordTag, type ShareRecord } from '../record/share-record';
import { shareSides, stateOf } from '../record/share-sides';
import { recordKeyOf, removeRecords, writeRecords } from '../record/write-record';
import { approvalPayload, approvalQuestion } from './approval';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { checkRegions, refuseSameAccount } from './input-checks';
import { missingConsumerCredentials, preflight } from './preflight';
import { requestFromRecord } from './revoke-session';
import { checkOwnerAccount, provedAccounts } from './session-guards';
import { applyExitCode } from './session-outcome';
import { untilAborted } from './until-aborted';
import { applyOptionsOf } from './share-session';
import { sessionContext, type SessionOptions, type SessionStatus } from './session-types';

/** Secrets read (and secret policies written) at once, by default. */
export const DEFAULT_BATCH_CONCURRENCY = 8;
export const MAX_BATCH_CONCURRENCY = 64;
/** IAM's default quota of managed policies attached to one role or user. */
export const DEFAULT_ATTACHED_POLICY_QUOTA = 10;

export interface ManifestSessionInput {
  manifest: Manifest;
  /** `plan`: show what differs, write nothing; `apply`: review, approve once, write. */
  mode: 'plan' | 'apply';
  /** Revoke the recorded shares the manifest does not list, in the same run (never without it). */
  prune?: boolean;
  /**
   * Look for shares in AWS the manifest does not list (the records in its regions, the tool's Sids on
   * its secrets): they are drift. Default true; `share-many` (a few secrets, not the whole truth) false.
   */
  unlisted?: boolean;
  /**
   * Plan secrets and keys that infrastructure as code manages as any other (`plan -f --export`: the
   * export is how such a resource is changed); IAC_MANAGED_RESOURCE is then a warning.
   */
  allowDrift?: boolean;
}

export interface ManifestSessionOptions extends SessionOptions {
  /** Secrets read, and reads and writes of one round in flight, at once (default 8). */
  concurrency?: number;
  /** Managed policies a consumer role may have attached (IAM's default 10; at most 20). */
  attachedPolicyQuota?: number;
}

export interface ManifestOutcome {
  operation: 'manifest';
  ok: boolean;
  status: SessionStatus;
  exitCode: ExitCode;
  /** The review: every share's state and every document's change. */
  plan?: ManifestPlan;
  /** The plans behind it (one per share, then one per revoke), for exports and front ends. */
  plans: Plan[];
  /** Writes pending (documents and record tags). */
  pending: number;
  /** One per document change, once the writes started. */
  results: ChangeResult[];
  backup: string | null;
  restoreCommand?: string;
  remerged: string[];
  /** Share records written and removed. */
  records: { written: number; removed: number };
  error?: ErrorInfo;
  /** AWS API calls the session made. */
  calls: number;
}

interface ShareItem {
  kind: 'share';
  share: ResolvedShare;
  request: ShareRequest;
  secret?: SecretSide;
  consumer?: ConsumerSide;
  error?: WizardError;
}

interface RevokeItem {
  kind: 'revoke';
  unlisted: UnlistedShare;
  request: ShareRequest;
  secret?: SecretSide;
  consumer?: ConsumerSide;
  error?: WizardError;
}

function checkConcurrency(value: number | undefined): number {
  const concurrency = value ?? DEFAULT_BATCH_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BATCH_CONCURRENCY) {
    throw userError('INPUT_CONCURRENCY', '--concurrency', `must be a whole number from 1 to ${MAX_BATCH_CONCURRENCY} (got ${concurrency})`, `Pass --concurrency ${DEFAULT_BATCH_CONCURRENCY}`);
  }
  return concurrency;
}

function asWizardError(error: unknown, what: string): WizardError {
  if (isWizardError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WizardError('BATCH_READ_FAILED', `Reading ${what} failed: ${message}`, { fix: 'Check the secret and the credentials, then run again', cause: error });
}

/** A read that failed for one secret blocks its shares (and so the run), with what AWS said. */
function unreadable(error: WizardError): Finding {
  return finding('SECRET_UNREADABLE', error.fix ? `${error.message} (${error.code}). ${error.fix}` : `${error.message} (${error.code})`);
}

/** Errors that stop the whole run (the input or the credentials), not one secret. */
function isRunError(error: WizardError): boolean {
  return error.source === 'user' && (error.code.startsWith('INPUT_') || error.code.startsWith('AWS_PROFILE') || error.code.startsWith('AWS_CREDENTIALS') || error.code === 'AWS_NO_CONSUMER_PROFILE');
}

/** The consumer principal of a request (its partition from the secret ARN). */
function consumerOf(request: ShareRequest) {
  return parsePrincipal(request.consumer, 'consumer', partitionOf(request.secret));
}

/** A role or user receives (or is handed) the identity policy. */
function hasIdentityTarget(request: ShareRequest): boolean {
  return identityTargetFor(consumerOf(request), request, request.secret, '') !== undefined;
}

/**
 * The identity policy name of a share: the manifest's; else the one the tool recorded for this
 * consumer and role (a share made before keeps its policy); else the batch name of its consumer
 * (one policy for all its secrets, split at IAM's size limit).
 */
function policyNameFor(request: ShareRequest, tags: Record<string, string> | undefined): string {
  if (request.policyName) return request.policyName;
  const consumer = consumerOf(request);
  const target = identityTargetFor(consumer, request, request.secret, '');
  const recorded = recordsFromTags(tags, request.secret).find(({ record }) => record.consumer === consumer.arn && record.identityArn === target?.arn && record.identityMode === request.identityPolicy);
  return recorded?.record.policyName ?? batchPolicyName(consumer.arn);
}

function sameRecord(a: ShareRecord | undefined, b: ShareRecord): boolean {
  if (!a) return false;
  return (
    a.consumer === b.consumer &&
    (a.identityArn ?? '') === (b.identityArn ?? '') &&
    a.identityMode === b.identityMode &&
    (a.policyName ?? '') === (b.policyName ?? '') &&
    (a.keyArn ?? '') === (b.keyArn ?? '') &&
    a.options.versionStage === b.options.versionStage &&
    a.options.grantDescribe === b.options.grantDescribe &&
    a.options.contextCondition === b.options.contextCondition
  );
}

/**
 * A whole manifest, start to end, for every front end (`plan -f`, `apply -f`, `share-many`):
 *
 * 1. resolve the manifest (selectors by ARN, name, prefix, tags × consumers, options per entry);
 * 2. read everything once, `concurrency` secrets at a time (the Get/Put/Delete/ValidateResourcePolicy
 *    calls paced by the context's rate limit): each secret and its policy, each key once, each
 *    consumer identity policy once; and the share records in the manifest's regions;
 * 3. plan every share with the documents chained (plan-batch): each secret, key and identity policy
 *    is written once with everything merged; identity policies are split within IAM's size limit;
 *    with `prune`, the recorded shares the manifest no longer lists are revoked in the same plan;
 * 4. notify the review (`manifest-plan`): every share's state, every document's change;
 * 5. one approval for every write, per account; then the preflight (every document re-read,
 *    ValidateResourcePolicy) and ONE transaction through the apply engine: pure revokes' secret
 *    policies first (access closes first), then the identity and key policies, then the secret
 *    policies that grant (access opens last); the write guard before every write; rollback on any
 *    failure; the share records (tags) last.
 *
 * A manifest in sync writes nothing. Nothing is written when any share is blocked.
 */
export async function runManifestSession(input: ManifestSessionInput, options: ManifestSessionOptions): Promise<ManifestOutcome> {
  const { host } = options;
  const now = options.now ?? (() => new Date());
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  let callsBefore = 0;
  let earlierCalls = 0;
  let plan: ManifestPlan | undefined;
  let plans: Plan[] = [];
  const records = { written: 0, removed: 0 };
  try {
    const concurrency = checkConcurrency(options.concurrency);
    let aws = options.aws;
    ({ ctx, release } = sessionContext(options, aws));
    callsBefore = ctx.calls.length;

    host.notify({ type: 'stage', stage: 'read', message: `Resolving ${input.manifest.file}` });
    const resolved = await resolveManifest(ctx, input.manifest);
    const shares = requireResolved(input.manifest, resolved);
    for (const share of shares) {
      refuseSameAccount(parsePrincipal(share.request.consumer, share.origin.field, partitionOf(share.request.secret)), accountOf(share.request.secret), share.origin.field);
    }
    await checkRegions(ctx, shares.map((share) => ({ arn: share.request.secret, field: share.origin.field })));

    // The identity policies are written in a consumer account: its credentials, asked once.
    const writesIdentity = shares.find((share) => share.request.identityPolicy === 'managed' || share.request.identityPolicy === 'inline');
    if (input.mode === 'apply' && writesIdentity && !ctx.consumer) {
      const account = identityTargetFor(consumerOf(writesIdentity.request), writesIdentity.request, writesIdentity.request.secret, '')?.account ?? consumerOf(writesIdentity.request).account;
      const profile = await host.ask({
        code: 'credentials',
        message: `Which AWS profile signs in to the consumer account ${account}? The manifest writes identity policies there.`,
        payload: { account, side: 'consumer', reason: `write the ${writesIdentity.request.identityPolicy} identity policies of ${input.manifest.file}` },
        defaultAnswer: null,
      });
      if (!profile || options.context) throw missingConsumerCredentials(account);
      aws = { ...aws, consumerProfile: profile };
      earlierCalls = ctx.calls.length - callsBefore;
      release();
      ({ ctx, release } = sessionContext({ ...options, context: undefined }, aws));
      callsBefore = 0;
    }
    const context = ctx;

    // Reads. First the consumer side of each identity policy (once per role/user and policy name),
    // whose reader also reads one of its secrets and that secret's key; then every other secret,
    // `concurrency` at a time. Nothing is read twice.
    const reader = new ManifestReader(context);
    const describedOf = new Map(shares.flatMap((share) => (share.described ? [[share.request.secret, share.described] as const] : [])));
    const secretArns = [...new Set(shares.map((share) => share.request.secret))];
    host.notify({ type: 'stage', stage: 'read', message: `Reading ${secretArns.length} secret${secretArns.length === 1 ? '' : 's'}, their keys and the consumer policies (${concurrency} at a time)` });
    const items: Array<ShareItem | RevokeItem> = shares.map((share) => {
      const known = describedOf.get(share.request.secret);
      const asked: ShareRequest = input.allowDrift ? { ...share.request, allowDrift: true } : share.request;
      const request: ShareRequest = hasIdentityTarget(asked) ? { ...asked, policyName: policyNameFor(asked, known?.tags) } : asked;
      return { kind: 'share', share, request };
    });
    const readConsumers = (list: Array<ShareItem | RevokeItem>) =>
      Promise.all(
        list.map(async (item) => {
          if (item.error) return;
          try {
            item.consumer = await reader.consumer(item.request, item.request.secret, describedOf.get(item.request.secret));
          } catch (error) {
            const wizardError = asWizardError(error, `the consumer side of ${item.request.consumer}`);
            if (isRunError(wizardError)) throw wizardError;
            item.error = wizardError;
          }
        }),
      );
    const readSecrets = (list: Array<ShareItem | RevokeItem>) =>
      mapConcurrently(list, concurrency, async (item) => {
        if (item.error) return;
        try {
          item.secret = await reader.secret(item.request.secret, describedOf.get(item.request.secret));
          item.request = { ...item.request, secret: item.secret.secret.arn };
        } catch (error) {
          const wizardError = asWizardError(error, item.request.secret);
          if (isRunError(wizardError)) throw wizardError;
          item.error = wizardError;
        }
      });
    await readConsumers(items);
    await readSecrets(items);
    // A share the tool recorded with another identity policy name keeps that policy (now that every
    // secret's tags are known): its consumer side is read for that name.
    const renamed = items.filter((item): item is ShareItem => {
      if (item.kind !== 'share' || !item.secret || item.share.request.policyName || !hasIdentityTarget(item.request)) return false;
      const name = policyNameFor(item.share.request, item.secret.secret.tags);
      if (name === item.request.policyName) return false;
      item.request = { ...item.request, policyName: name };
      return true;
    });
    await readConsumers(renamed);

    // Shares in AWS the manifest does not list (and, with --prune, their revokes).
    let unlisted: UnlistedShare[] = [];
    if (input.unlisted !== false) {
      const regions = [...new Set([...shares.map((share) => regionOf(share.request.secret)), input.manifest.data.region ?? context.region].filter((region): region is string => Boolean(region)))];
      const recorded = (await Promise.all((regions.length > 0 ? regions : [undefined]).map((region) => listRecordedSecrets(context, region)))).flat();
      const listed = new Set<string>();
      const listedSecrets = new Map<string, { tags: Record<string, string>; policy: SecretSide['secretPolicy']; consumers: Set<string> }>();
      for (const item of items) {
        if (item.kind !== 'share' || !item.secret) continue;
        const consumer = parsePrincipal(item.request.consumer, 'consumer', item.secret.secret.partition);
        const target = identityTargetFor(consumer, item.request, item.secret.secret.arn, item.secret.secret.name);
        listed.add(listedKey(item.secret.secret.arn, consumer.arn, target?.arn));
        const entry = listedSecrets.get(item.secret.secret.arn) ?? { tags: item.secret.secret.tags ?? {}, policy: item.secret.secretPolicy, consumers: new Set<string>() };
        entry.consumers.add(consumer.arn);
        listedSecrets.set(item.secret.secret.arn, entry);
      }
      unlisted = unlistedShares(listed, recorded, listedSecrets, input.prune === true);
      for (const secret of recorded) if (!describedOf.has(secret.arn)) describedOf.set(secret.arn, secret);
      const revokes = unlisted.flatMap((share): RevokeItem[] => (share.action === 'revoke' && share.record ? [{ kind: 'revoke', unlisted: share, request: requestFromRecord(share.secret, share.record) }] : []));
      await readSecrets(revokes);
      await readConsumers(revokes);
      items.push(...revokes);
    }

    // Plan every share on the chained documents.
    host.notify({ type: 'stage', stage: 'plan', message: `Planning ${items.length} share${items.length === 1 ? '' : 's'}` });
    const planned = items.flatMap((item, index) => (item.secret && item.consumer && !item.error ? [{ index, batch: { operation: item.kind, request: item.request, state: shareStateOf(item.secret, item.consumer) } satisfies BatchItem }] : []));
    const batch = await planBatch(
      planned.map(({ batch: item }) => item),
      { now: now(), readChunk: (item, name) => reader.identity(item.request, item.state.secret.arn, name) },
    );
    const planOf = new Map(planned.map(({ index }, i) => [index, { plan: batch.plans[i], blocked: batch.blocked[i]! }]));
    const quota = await checkAttachedPolicyQuota(context, batch.groups, options.attachedPolicyQuota ?? DEFAULT_ATTACHED_POLICY_QUOTA);
    plans = items.flatMap((_, index) => {
      const found = planOf.get(index)?.plan;
      return found ? [found] : [];
    });

    plan = manifestPlan(input, items, planOf, batch, quota, unlisted, now(), options.tool ?? 'secret-share-wizard', resolved.problems.filter((problem) => problem.severity === 'warning'));
    host.notify({ type: 'manifest-plan', plan });
    if (plan.blocked) {
      const blocked = plan.shares.filter((share) => share.status === 'blocked').length + plan.unlisted.filter((share) => share.errors.length > 0).length;
      throw new WizardError('PLAN_BLOCKED', `${blocked} share${blocked === 1 ? '' : 's'} of ${input.manifest.file} cannot be made as asked (see their findings); nothing was written`, {
        field: 'plan',
        fix: 'Fix or leave out the blocked shares and run again',
      });
    }
    if (input.mode === 'plan') return finished('planned', EXIT_CODES.ok, { pending: plan.pending });
    if (plan.pending === 0) return finished('no-changes', EXIT_CODES.ok, {});

    // Everything that can be checked without writing, before the user is asked.
    const changes = plan.changes;
    const pending = changes.filter((change) => !skipReason(change));
    const owner = await checkOwnerAccount(context.owner.identity(), { changes });
    const proved = await provedAccounts(context, owner);
    for (const change of pending) {
      if (change.kind !== 'identity-policy') continue;
      if (!context.consumer) throw missingConsumerCredentials(change.account);
      if (proved.consumer !== change.account) {
        throw userError('CONSUMER_CREDENTIALS_MISSING', '--consumer-profile', `the identity policy ${change.target} is in account ${change.account}, but the consumer credentials sign in to ${proved.consumer ?? 'no account'}`, `Apply the shares of account ${change.account} with a --consumer-profile of that account (a manifest per consumer account), or give them consumerPolicy: none`);
      }
    }
    // A share or a revoke whose identity policy could not be read (no credentials for its account)
    // cannot be written or taken out: refuse rather than leave half of it.
    for (const item of items) {
      if ((item.request.identityPolicy === 'managed' || item.request.identityPolicy === 'inline') && item.consumer && !item.consumer.consumerAccountReadable) {
        const account = item.consumer.identity?.target.account ?? item.consumer.consumer.account;
        const what = item.kind === 'revoke' ? `--prune revokes the share of ${item.unlisted.secret} with ${item.unlisted.consumer}, whose` : `the share of ${item.request.secret} with ${item.request.consumer} writes its`;
        throw userError('CONSUMER_CREDENTIALS_MISSING', '--consumer-profile', `${what} ${item.request.identityPolicy} identity policy ${item.request.policyName ?? ''} in account ${account}, which the consumer credentials do not sign in to`, `Pass --consumer-profile with a profile of account ${account} (one manifest run per consumer account that needs it), or set consumerPolicy: none for it`);
      }
    }
    const scope = unionScope(plans.map((one) => writeScopeForPlan(one, proved)), proved);
    const guard: WriteCheck = (change, live) => assertWriteAllowed(change, live, scope);
    for (const change of pending) guard(change, change.before, {});

    const payload = approvalPayload('share', plans, changes, owner.account, profilesOf(aws));
    const notes = recordNotes(plan);
    if (notes.length > 0) payload.notes = notes;
    if (!(await host.ask(approvalQuestion(payload)))) return finished('declined', EXIT_CODES.ok, { pending: plan.pending });
    if (options.signal?.aborted) throw userError('CANCELLED', 'apply', 'interrupted before the first write; nothing was written', 'Run it again when ready');

    const recordWork = recordChanges(context, plan, items, planOf, now, options.tool ?? 'secret-share-wizard');
    if (pending.length === 0) {
      // Only share records to write or remove: the documents are all in place.
      await recordWork.write();
      records.written = recordWork.counts.written;
      records.removed = recordWork.counts.removed;
      return finished('applied', EXIT_CODES.ok, { pending: plan.pending });
    }
    // Hundreds of secret policies: the same warning once, their steps summarised.
    const quiet = batchHost(host, pending.filter((change) => change.kind === 'secret-policy').length);
    const checked = await untilAborted(preflight(context, changes, quiet, { concurrency }), options.signal);
    host.notify({ type: 'stage', stage: 'apply', message: `Writing ${pending.length} document${pending.length === 1 ? '' : 's'}` });
    const first = plans[0]!;
    const apply = await runChanges(
      context,
      {
        operation: 'apply',
        changes,
        secret: { arn: first.secret.arn, account: first.secret.account, region: first.secret.region, partition: first.secret.partition },
        consumer: { arn: first.consumer.arn, account: first.consumer.account },
        batch: { secretArns: [...new Set(plans.map((one) => one.secret.arn))], consumers: uniqueConsumers(plans) },
        planCreatedAt: plan.createdAt,
        findings: checked.findings,
        rounds: manifestRounds(changes),
        preflight: checked.live,
        guard,
        validated: true,
        remerge: batch.remerge,
        finalWrite: recordWork,
        records: recordWork.states,
        concurrency,
      },
      { ...applyOptionsOf(options), host: quiet },
    );
    records.written = recordWork.counts.written;
    records.removed = recordWork.counts.removed;
    const base = { pending: plan.pending, results: apply.results, backup: apply.backup, remerged: apply.remerged ?? [], ...(apply.restoreCommand ? { restoreCommand: apply.restoreCommand } : {}) };
    if (!apply.ok) {
      const info = errorInfo(apply.error ?? new WizardError('APPLY_FAILED', 'The apply failed', { fix: 'Check the results, then plan again' }));
      host.notify({ type: 'error', error: info });
      return { ...finished('failed', applyExitCode(apply), base), ok: false, error: info };
    }
    return finished('applied', EXIT_CODES.ok, base);
  } catch (error) {
    const wizardError = isWizardError(error) ? error : asWizardError(error, input.manifest.file);
    const info = errorInfo(wizardError);
    host.notify({ type: 'error', error: info });
    const exitCode = wizardError.code === 'CANCELLED' ? EXIT_CODES.interrupted : wizardError.source === 'user' ? EXIT_CODES.nothingWritten : EXIT_CODES.failed;
    return { ...finished('refused', exitCode, plan ? { pending: plan.pending } : {}), ok: false, error: info };
  } finally {
    release();
  }

  function finished(status: SessionStatus, exitCode: ExitCode, extra: Partial<ManifestOutcome>): ManifestOutcome {
    return {
      operation: 'manifest',
      ok: exitCode === EXIT_CODES.ok,
      status,
      exitCode,
      ...(plan ? { plan } : {}),
      plans,
      pending: 0,
      results: [],
      backup: null,
      remerged: [],
      records,
      calls: earlierCalls + (ctx ? ctx.calls.length - callsBefore : 0),
      ...extra,
    };
  }
}


function profilesOf(aws: SessionOptions['aws']): { owner?: string; consumer?: string } {
  return { ...(aws.ownerProfile ? { owner: aws.ownerProfile } : {}), ...(aws.consumerProfile ? { consumer: aws.consumerProfile } : {}) };
}

function uniqueConsumers(plans: Plan[]): Array<{ arn: string; account: string; grantee?: string }> {
  const seen = new Map<string, { arn: string; account: string; grantee?: string }>();
  for (const one of plans) {
    const grantee = granteeKey(one.consumer, one.request.roleBinding ?? 'principal');
    seen.set(grantee, { arn: one.consumer.arn, account: one.consumer.account, ...(grantee !== one.consumer.arn ? { grantee } : {}) });
  }
  return [...seen.values()];
}

/**
 * The write rounds of a manifest run: secret policies that only lose statements (revokes: access
 * closes first), then the identity and key policies together, then the secret policies that grant
 * (access opens last).
 */
export function manifestRounds(changes: Change[]): number[][] {
  const closing: number[] = [];
  const middle: number[] = [];
  const opening: number[] = [];
  changes.forEach((change, index) => {
    if (change.kind !== 'secret-policy') middle.push(index);
    else if (change.added.length === 0) closing.push(index);
    else opening.push(index);
  });
  return [closing, middle, opening].filter((round) => round.length > 0);
}

/** "write 3 share records (tags on the secrets)", "remove 1 share record". */
function recordNotes(plan: ManifestPlan): string[] {
  const notes: string[] = [];
  if (plan.records.write > 0) notes.push(`write ${plan.records.write} share record${plan.records.write === 1 ? '' : 's'} (tags on the secrets)`);
  if (plan.records.remove > 0) notes.push(`remove ${plan.records.remove} share record${plan.records.remove === 1 ? '' : 's'} of the revoked shares`);
  return notes;
}

/**
 * The records of every share that needs one written (missing or different), and of every pruned
 * share to remove; `states`: those tags as the secrets had them (the backup keeps them for restore).
 */
function recordChanges(ctx: AwsContext, plan: ManifestPlan, items: Array<ShareItem | RevokeItem>, planOf: Map<number, { plan: Plan | undefined; blocked: boolean }>, now: () => Date, tool: string): FinalWrite & { counts: { written: number; removed: number }; states: BackupRecordState[] } {
  const bySecret = new Map<string, { write: ShareRecord[]; remove: string[]; previous: Map<string, ShareRecord | undefined> }>();
  const entry = (arn: string) => {
    let found = bySecret.get(arn);
    if (!found) {
      found = { write: [], remove: [], previous: new Map() };
      bySecret.set(arn, found);
    }
    return found;
  };
  const at = now();
  const states: BackupRecordState[] = [];
  items.forEach((item, index) => {
    const one = planOf.get(index)?.plan;
    if (!one || !item.secret) return;
    const tags = item.secret.secret.tags;
    if (item.kind === 'share') {
      const record = recordOf(one, at, tool);
      const key = recordKeyOf(record);
      const existing = recordsFromTags(tags, one.secret.arn).find((found) => found.key === key)?.record;
      if (sameRecord(existing, record)) return;
      const target = entry(one.secret.arn);
      target.write.push(record);
      target.previous.set(key, existing);
      states.push({ secretArn: one.secret.arn, key, before: tags?.[key] ?? null });
    } else if (item.unlisted.recordKey) {
      const target = entry(item.unlisted.secret);
      target.remove.push(item.unlisted.recordKey);
      target.previous.set(item.unlisted.recordKey, item.unlisted.record);
      const before = tags?.[item.unlisted.recordKey] ?? (item.unlisted.record ? recordTag(item.unlisted.record, item.unlisted.secret).Value : null);
      states.push({ secretArn: one.secret.arn, key: item.unlisted.recordKey, before });
    }
  });
  const counts = { written: 0, removed: 0 };
  const done: Array<{ arn: string; write: ShareRecord[]; remove: string[]; previous: Map<string, ShareRecord | undefined> }> = [];
  return {
    label: `The share records (${plan.records.write} tag${plan.records.write === 1 ? '' : 's'} written, ${plan.records.remove} removed)`,
    counts,
    states,
    async write() {
      await mapConcurrently([...bySecret], 8, async ([arn, change]) => {
        await writeRecords(ctx, arn, change.write);
        counts.written += change.write.length;
        await removeRecords(ctx, arn, change.remove);
        counts.removed += change.remove.length;
        done.push({ arn, ...change });
      });
    },
    async undo() {
      for (const change of done) {
        const created = change.write.map(recordKeyOf).filter((key) => change.previous.get(key) === undefined);
        const restore = [...change.previous.values()].filter((record): record is ShareRecord => record !== undefined);
        await removeRecords(ctx, change.arn, created);
        await writeRecords(ctx, change.arn, restore);
      }
    },
  };
}

/**
 * Several identity policies for one role: will they all fit on it? The chunks beyond the quota
 * block their shares with IAM_ATTACHED_POLICY_LIMIT (one ListAttached*Policies call per role).
 */
async function checkAttachedPolicyQuota(ctx: AwsContext, groups: IdentityGroup[], quota: number): Promise<Map<number, Finding>> {
  const blocked = new Map<number, Finding>();
  for (const group of groups) {
    const target = group.target;
    if (group.chunks.length < 2 || !target || target.mode !== 'managed' || !ctx.consumer) continue;
    const attached = (await listAttachedPolicyArns(ctx.consumer, target.principalKind, target.name).catch(() => undefined)) ?? [];
    const policyArn = (name: string) => `${target.policyArn!.slice(0, target.policyArn!.lastIndexOf('/') + 1)}${name}`;
    const toAttach = group.chunks.filter((chunk) => !attached.includes(policyArn(chunk.name)));
    if (attached.length + toAttach.length <= quota) continue;
    const room = Math.max(0, quota - attached.length);
    const secrets = group.chunks.reduce((sum, chunk) => sum + chunk.items.length, 0);
    const perPolicy = Math.max(1, Math.round(secrets / group.chunks.length));
    const problem = finding(
      'IAM_ATTACHED_POLICY_LIMIT',
      `These secrets need ${toAttach.length} more managed policies on ${target.arn} (about ${perPolicy} secrets fit in one under IAM's 6,144-character limit), ` +
        `but it already has ${attached.length} of the ${quota} managed policies it may have attached. Share with the consumer account instead ` +
        `(consumer: the account id, consumerPolicy: none — its administrator grants the role), share fewer secrets with this role, ` +
        `or raise the IAM quota "Managed policies per role" (at most 20) and pass --attached-policy-quota.`,
      { change: 'identity-policy' },
    );
    for (const chunk of toAttach.slice(room)) for (const item of chunk.items) blocked.set(item, problem);
  }
  return blocked;
}

/** The review: each share's state in AWS and what the run writes for it; each document once. */
function manifestPlan(
  input: ManifestSessionInput,
  items: Array<ShareItem | RevokeItem>,
  planOf: Map<number, { plan: Plan | undefined; blocked: boolean }>,
  batch: BatchPlan,
  quota: Map<number, Finding>,
  unlisted: UnlistedShare[],
  createdAt: Date,
  tool: string,
  problems: ManifestPlan['problems'],
): ManifestPlan {
  const liveByKey = new Map(batch.changes.map((change) => [documentKey(change), change.before]));
  // Batch item index → item index.
  const batchIndex = new Map<number, number>();
  let b = 0;
  items.forEach((item, index) => {
    if (planOf.has(index)) batchIndex.set(index, b++);
  });
  const findings: Finding[] = [];
  const entries: ManifestShareEntry[] = [];
  let recordWrites = 0;
  let recordRemoves = 0;
  items.forEach((item, index) => {
    const planned = planOf.get(index);
    const one = planned?.plan;
    if (one) findings.push(...one.findings);
    const quotaFinding = quota.get(batchIndex.get(index) ?? -1);
    if (quotaFinding) findings.push(quotaFinding);
    const errors = [
      ...(item.error ? [unreadable(item.error)] : []),
      ...(one ? one.findings.filter((f) => f.severity === 'error') : []),
      ...(quotaFinding ? [quotaFinding] : []),
    ];
    if (item.error) findings.push(unreadable(item.error));
    if (item.kind === 'revoke') {
      item.unlisted.errors.push(...errors);
      if (errors.length === 0 && item.unlisted.recordKey) recordRemoves += 1;
      return;
    }
    const consumer = one?.consumer.arn ?? item.request.consumer;
    const entry: ManifestShareEntry = {
      secret: one?.secret.arn ?? item.request.secret,
      consumer,
      ...(one?.identity ? { consumerRole: one.identity.arn, identityPolicy: { name: one.identity.policyName, mode: one.identity.mode } } : {}),
      ...(one?.secret.keyArn ? { keyArn: one.secret.keyArn } : {}),
      status: 'blocked',
      pending: [],
      errors,
      ...(input.manifest.file !== SHARE_MANY_FILE ? { origin: item.share.origin } : {}),
    };
    entries.push(entry);
    if (!one || errors.length > 0 || planned?.blocked) return;
    entry.pending = one.changes.filter((change) => !skipReason(change)).map((change) => change.kind);
    const record = recordOf(one, createdAt, tool);
    const existing = recordsFromTags(item.secret?.secret.tags, one.secret.arn).find(({ key }) => key === recordKeyOf(record))?.record;
    const recorded = sameRecord(existing, record);
    if (!recorded) recordWrites += 1;
    entry.status = statusOf(one, entry.pending.length, recorded, liveByKey, item.consumer?.consumerAccountReadable === true);
  });
  const changes: Change[] = batch.changes;
  const blocked = entries.some((entry) => entry.status === 'blocked') || unlisted.some((share) => share.errors.length > 0);
  const documents = changes.filter((change) => !skipReason(change)).length;
  const pending = documents + recordWrites + recordRemoves;
  return {
    schema: MANIFEST_PLAN_SCHEMA,
    file: input.manifest.file,
    createdAt: createdAt.toISOString(),
    shares: entries,
    unlisted,
    changes,
    policyNames: batch.policyNames,
    records: { write: recordWrites, remove: recordRemoves },
    findings: dedupeFindings(findings),
    problems,
    blocked,
    pending,
    drift: pending > 0 || unlisted.length > 0,
  };
}

/** The name a share-many run's manifest has (its review says so). */
export const SHARE_MANY_FILE = 'share-many';

/** A share's state from its sides as AWS holds them (record/share-sides, as `list` shows them). */
function statusOf(plan: Plan, pending: number, recorded: boolean, liveByKey: Map<string, PolicyChange['before'] | undefined>, identityReadable: boolean): ManifestShareStatus {
  if (pending === 0) return recorded ? 'in-sync' : 'unrecorded';
  const live = (kind: PolicyChange['kind']) => {
    const change = plan.changes.find((candidate): candidate is PolicyChange => candidate.kind === kind);
    return change ? liveByKey.get(documentKey(change)) ?? null : null;
  };
  const keyArn = plan.changes.find((change) => change.kind === 'key-policy')?.target;
  const identityMode = plan.identity?.mode ?? 'none';
  const sides = shareSides(
    plan.secret.arn,
    { consumer: plan.consumer.arn, ...(plan.identity ? { identityArn: plan.identity.arn } : {}), identityMode, options: plan.request.options },
    { secretPolicy: live('secret-policy'), ...(keyArn ? { keyArn, keyPolicy: live('key-policy') } : {}), ...(identityMode !== 'none' && identityReadable ? { identityPolicy: live('identity-policy') } : {}) },
  );
  const known = [sides.secretPolicy, sides.keyPolicy, sides.identityPolicy].filter((side) => side !== 'administrator' && side !== 'unknown');
  if (stateOf(sides) === 'drifted') return 'drifted';
  return known.every((side) => side === 'missing') ? 'missing' : 'partial';
}
