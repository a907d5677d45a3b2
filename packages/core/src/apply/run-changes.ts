import { regionOf } from '../arn/arn';
import type { AwsContext } from '../aws/aws-context';
import { awsErrorName as errorName } from '../aws/aws-errors';
import { readKeyPolicy } from '../aws/read-key';
import { readSecretPolicy } from '../aws/read-secret';
import { BackupFolder, backupProfiles, defaultBackupRoot } from '../backup/backup-store';
import type { BackupEntry, BackupManifest } from '../backup/backup-types';
import { mapBounded } from '../batch/map-concurrently';
import { WizardError, bugError, isWizardError, userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import { isAdministratorChange } from '../plan/plan-share';
import { CHANGE_KIND_LABELS } from '../plan/change-labels';
import type { Change, Finding, PolicyChange, SecretKeyChange } from '../plan/plan-types';
import { documentsEquivalent } from '../policy/normalise-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { ApplyOptions, ApplyOutcome, ChangeResult } from './apply-types';
import { errorMessage } from './aws-errors';
import { pause, withInvalidPrincipalRetry } from './invalid-principal-retry';
import type { UndoJournal, WriteHooks } from './undo-journal';
import { managedPolicyFacts, readIdentityPolicy, writeIdentityPolicy } from './write-identity-policy';
import { writeKeyPolicy } from './write-key-policy';
import { createSecretKey, readSecretKeyId, sameKeyId, scheduleKeyDeletion, updateSecretKey } from './write-secret-key';
import { validateSecretPolicy, writeSecretPolicy } from './write-secret-policy';

export type WriteCheck = (change: Change, live: unknown, run: { createdKeyArn?: string }) => void;

/** A last write sent together with the post-write verification reads (the share record). */
export interface FinalWrite {
  label: string;
  /** `createdKeyArn`: the key this run created (a move to a new key). */
  write(created?: { createdKeyArn?: string }): Promise<void>;
  undo(): Promise<void>;
}

/** What a run writes, and what its backup manifest records. */
export interface ChangeRun {
  operation: BackupManifest['operation'];
  changes: Change[];
  secret: BackupManifest['secret'];
  consumer: BackupManifest['consumer'];
  planCreatedAt?: string;
  findings: Finding[];
  /** Puts a key created by this run into the later changes (plan/bind-new-key). */
  bindNewKey?: (changes: Change[], keyArn: string) => Change[];
  /** How the stale-document error words the time of comparison (default: since the plan was made). */
  staleSince?: string;
  /**
   * Groups of change indices written together, in order (writes of one group run at once). Default:
   * one change per group, in plan order.
   */
  rounds?: number[][];
  /**
   * The live documents the preflight read (change index → document, in the shape of `before`), just
   * before this run: the first writes use them as their pre-write read instead of reading again.
   */
  preflight?: ReadonlyMap<number, unknown>;
  /**
   * Optimistic concurrency (share, revoke): the change recomputed on the live document another
   * writer left (the same statements merged onto it again). Used before a write whose document
   * changed since the preflight, and after the last write to check that every statement of the run
   * is still in place (re-writing, bounded, where another writer removed it). Without it, a changed
   * document stops the run as stale (restore).
   */
  remerge?: (change: Change, live: unknown) => Change;
  /**
   * Checked immediately before every write (the write guard): the document about to be sent, the live
   * one it replaces, and the key this run created (a move to a new key). Throws a WizardError to refuse.
   */
  guard?: WriteCheck;
  /** ValidateResourcePolicy already ran in the preflight (else it runs here, before the first write). */
  validated?: boolean;
  /** Sent with the post-write verification reads; its failure is a warning, undone if the run later fails. */
  finalWrite?: FinalWrite;
  /**
   * At most this many reads and writes of one round in flight at once (a manifest run writes
   * hundreds of secret policies in its last round). Default: all of the round at once.
   */
  concurrency?: number;
  /** Every secret and consumer of a run over many shares (the backup records them for `restore`). */
  batch?: BackupManifest['batch'];
  /** The share record tags `finalWrite` writes or removes, as they were before the run (for `restore`). */
  records?: BackupManifest['records'];
}

/** After the last write: how many times the run re-reads and re-merges before giving up. */
export const CONVERGE_ATTEMPTS = 3;


export function changeLabel(change: Change): string {
  if (change.kind === 'identity-policy' && change.identity) return `${change.identity.mode} identity policy ${change.identity.policyName} of ${change.identity.arn}`;
  return `${CHANGE_KIND_LABELS[change.kind]} of ${change.target}`;
}

/** True when the change needs no write: action none, or an identity document for the consumer's admin. */
export function skipReason(change: Change): string | undefined {
  if (change.action === 'none') return 'already as planned: nothing to write';
  if (isAdministratorChange(change)) return "not written: the identity policy is for the consumer account's administrator to apply";
  return undefined;
}

function identityOf(change: PolicyChange) {
  if (!change.identity) throw bugError('an identity-policy change without its identity target');
  return change.identity;
}

/**
 * Reads the live state of what `change` writes, in the same shape as `change.before`/`after`.
 * `forWrite`: the read just before the write; for a managed policy that exists it also lists what
 * the writer needs (versions, attachments) in the same round, so the writer asks nothing again.
 */
export async function readLive(ctx: AwsContext, change: Change, options: { forWrite?: boolean } = {}): Promise<unknown> {
  switch (change.kind) {
    case 'secret-policy':
      return readSecretPolicy(ctx, change.target);
    case 'key-policy':
      return readKeyPolicy(ctx, change.target);
    case 'identity-policy':
      return readIdentityPolicy(ctx, identityOf(change), { forWrite: options.forWrite === true && change.before !== null });
    case 'secret-key':
      return { KmsKeyId: await readSecretKeyId(ctx, change.target) };
  }
}

/** Equal after normalisation (policies), or the same key (secret-key changes). */
export function sameState(change: Change, a: unknown, b: unknown, partition = 'aws'): boolean {
  if (change.kind === 'secret-key') {
    const keyA = (a as { KmsKeyId?: string } | null)?.KmsKeyId ?? '';
    const keyB = (b as { KmsKeyId?: string } | null)?.KmsKeyId ?? '';
    return sameKeyId(keyA, keyB);
  }
  return documentsEquivalent(a as PolicyDocument | null, b as PolicyDocument | null, partition);
}

interface Written {
  index: number;
  change: Change;
  entry: BackupEntry;
  journal: UndoJournal;
}

/**
 * Performs the writes of `run.changes` as one transaction: groups of writes (`rounds`) one after
 * another, the writes of a group at once; before each write the live document is compared with the
 * change's `before` (the preflight read for the first group; a read made while the previous group
 * wrote, for the others), saved in the backup folder and checked by the guard. A document another
 * writer changed meanwhile is merged again (`remerge`) or, without it, stops the run as stale. After
 * the last write, every written document is read back and any statement another writer removed is
 * merged and written again (bounded). On any failure or cancellation the writes made are rolled back.
 * Used by the share session (apply, revoke, restore) and share-many.
 */
export async function runChanges(ctx: AwsContext, run: ChangeRun, options: ApplyOptions): Promise<ApplyOutcome> {
  const { host } = options;
  const now = options.now ?? (() => new Date());
  const partition = run.secret.partition;
  const changes = run.changes.map((change) => structuredClone(change));
  const results: ChangeResult[] = changes.map((change) => ({ kind: change.kind, target: change.target, status: 'not-started' }));
  const findings = [...run.findings];
  const toWrite = changes.map((change, index) => ({ change, index })).filter(({ change }) => !skipReason(change));
  const remerged: string[] = [];

  if (!ctx.consumer && toWrite.some(({ change }) => change.kind === 'identity-policy')) {
    throw userError(
      'CONSUMER_CREDENTIALS_MISSING',
      '--consumer-profile',
      'the identity policy goes into the consumer account, but no consumer credentials were given',
      'Pass --consumer-profile for the consumer account, or choose --consumer-policy none and hand the document to its administrator',
    );
  }

  if (!run.validated) {
    const refused = await validateAll(ctx, toWrite.map(({ change }) => change), findings, host, run.concurrency);
    if (refused) return { ok: false, backup: null, results, findings, error: refused };
  }

  const backup = new BackupFolder(
    options.backupRoot ?? defaultBackupRoot(),
    {
      createdAt: now().toISOString(),
      operation: run.operation,
      ...(run.planCreatedAt ? { planCreatedAt: run.planCreatedAt } : {}),
      secret: run.secret,
      consumer: run.consumer,
      accounts: { owner: run.secret.account, consumer: run.consumer.account },
      ...(run.batch ? { batch: run.batch } : {}),
      ...(run.records && run.records.length > 0 ? { records: run.records } : {}),
      ...backupProfiles(ctx),
    },
    now,
  );
  const written: Written[] = [];
  let createdKeyArn: string | undefined;
  let failure: WizardError | undefined;
  const stepId = (change: Change) => `${run.operation}.${change.kind}`;

  for (const [index, change] of changes.entries()) {
    const skip = skipReason(change);
    if (!skip) continue;
    results[index] = { kind: change.kind, target: change.target, status: 'unchanged', message: skip };
    host.notify({ type: 'step', id: stepId(change), status: 'skipped', message: `${changeLabel(change)}: ${skip}` });
  }

  /**
   * Prepares one write whose live document is `live`: re-merge when another writer changed it, the
   * guard, the backup (in plan order, one at a time); returns the write itself, or undefined when
   * nothing is left to write. The write throws (after undoing its own sub-writes) on failure.
   */
  async function prepare(index: number, live: unknown): Promise<(() => Promise<void>) | undefined> {
    let change = changes[index]!;
    if (!sameState(change, live, change.before, partition)) {
      if (!run.remerge || change.kind === 'secret-key') throw staleError(change, run.staleSince);
      const again = run.remerge(change, live);
      remerged.push(changeLabel(change));
      host.notify({ type: 'retry', id: stepId(change), attempt: 1, delayMs: 0, message: `The ${changeLabel(change)} changed while applying (another writer): this run's statements are merged onto its version` });
      change = again;
      changes[index] = change;
      if (change.action === 'none') {
        results[index] = { kind: change.kind, target: change.target, status: 'unchanged', message: 'another writer already made this change' };
        return undefined;
      }
    }
    run.guard?.(change, live, createdKeyArn ? { createdKeyArn } : {});
    const entry = await backup.record(change, live, change.after);
    const ready = change;
    return () => send(index, ready, entry, live);
  }

  async function send(index: number, change: Change, entry: BackupEntry, live: unknown): Promise<void> {
    host.notify({ type: 'step', id: stepId(change), status: 'start', message: `Writing the ${changeLabel(change)}` });
    const journal: UndoJournal = [];
    const hooks: WriteHooks = {
      confirmDeleteVersion: (policyArn, versionId) =>
        host.ask({
          code: 'delete-policy-version',
          message: `${policyArn} already has 5 versions (the IAM limit). Delete its oldest non-default version ${versionId} (saved in the backup folder) to add the new one?`,
          payload: { policyArn, versionId },
          defaultAnswer: true,
        }),
      saveRemoved: async (suffix, document, description) => {
        await backup.recordExtra(entry, suffix, document, description);
        host.notify({ type: 'info', message: `Deleting ${description}; saved in ${backup.folder}` });
      },
    };
    try {
      const plannedKey = change.kind === 'secret-key' ? change.after.KmsKeyId : '';
      const newKeyArn = await writeChange(ctx, change, journal, hooks, options, stepId(change), live);
      if (change.kind === 'secret-key' && newKeyArn) {
        createdKeyArn = newKeyArn;
        change.after = { KmsKeyId: newKeyArn };
        bindCreatedKey(changes, index, plannedKey, newKeyArn, change.newKey?.policy ?? null, run.bindNewKey);
        for (const [offset, later] of changes.slice(index + 1).entries()) results[index + 1 + offset]!.target = later.target;
        await backup.setStatus(entry, 'written', { createdKeyArn });
      } else {
        await backup.setStatus(entry, 'written');
      }
      written.push({ index, change, entry, journal });
      results[index] = { kind: change.kind, target: change.target, status: 'applied' };
      host.notify({ type: 'step', id: stepId(change), status: 'done', message: `Wrote the ${changeLabel(change)}` });
    } catch (error) {
      const failed = asApplyError(error, change);
      host.notify({ type: 'step', id: stepId(change), status: 'failed', message: `${changeLabel(change)}: ${failed.message}` });
      results[index] = await undoFailedWrite(ctx, change, journal, error, partition);
      await backup.setStatus(entry, results[index]!.status === 'rollback-failed' ? 'rollback-failed' : 'failed');
      if (results[index]!.status === 'rollback-failed' && backup.folder) results[index]!.restoreCommand = backup.restoreCommand()!;
      throw failed;
    }
  }

  /**
   * Writes a group at once (prepared in plan order; at most `run.concurrency` in flight); every write
   * started settles before the first failure is reported, and none starts after it.
   */
  async function writeGroup(group: Array<{ index: number; live: unknown }>): Promise<void> {
    const sends: Array<() => Promise<void>> = [];
    for (const { index, live } of group) {
      const write = await prepare(index, live);
      if (write) sends.push(write);
    }
    const settled = await settleAll(sends, run.concurrency);
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  const readAll = (indices: number[], forWrite = true) => readBounded(ctx, indices.map((index) => changes[index]!), run.concurrency, { forWrite });

  const rounds = (run.rounds ?? changes.map((_, index) => [index]))
    .map((round) => round.filter((index) => changes[index] !== undefined && !skipReason(changes[index]!)))
    .filter((round) => round.length > 0);

  try {
    // The first group's documents were read by the preflight; each later group's are read while the
    // group before it writes (its writes are in other documents), so no read costs a round of its own.
    let live = new Map<number, unknown>();
    const first = rounds[0] ?? [];
    const unread = first.filter((index) => !run.preflight?.has(index));
    for (const index of first) if (run.preflight?.has(index)) live.set(index, run.preflight.get(index));
    for (const [i, document] of (await readAll(unread)).entries()) live.set(unread[i]!, document);

    for (const [r, round] of rounds.entries()) {
      if (options.signal?.aborted) throw cancelled(changes[round[0]!]!);
      const next = rounds[r + 1] ?? [];
      const readingNext = r === 0 && changes.some((c) => c.kind === 'secret-key' && !skipReason(c))
        ? undefined // after a key move the later changes name the new key: read them after it
        : readAll(next);
      readingNext?.catch(() => undefined);
      await writeGroup(round.map((index) => ({ index, live: live.get(index) })));
      const nextDocuments = readingNext ? await readingNext : await readAll(next);
      live = new Map(next.map((index, i) => [index, nextDocuments[i]]));
    }

    // After the last write: every statement of the run must still be in place.
    if (run.remerge) await converge();
  } catch (error) {
    failure = isWizardError(error) ? error : asApplyError(error, changes[0]!);
  }

  async function converge(): Promise<void> {
    const indices = [...new Set(written.map((w) => w.index))].filter((index) => changes[index]!.kind !== 'secret-key');
    let finalDone = false;
    for (let attempt = 0; ; attempt += 1) {
      const reads = readAll(indices, false);
      if (!finalDone && run.finalWrite) {
        finalDone = true;
        await runFinalWrite(run.finalWrite, host, createdKeyArn);
      }
      const documents = await reads;
      const pending = indices
        .map((index, i) => ({ index, live: documents[i], again: run.remerge!(changes[index]!, documents[i]) }))
        .filter(({ again }) => again.action !== 'none');
      if (pending.length === 0) return;
      for (const { index, again } of pending) changes[index] = again;
      if (attempt >= CONVERGE_ATTEMPTS) {
        throw new WizardError('CONVERGENCE_FAILED', `Another writer kept removing this run's statements from ${pending.map(({ index }) => `the ${changeLabel(changes[index]!)}`).join(' and ')} (${CONVERGE_ATTEMPTS} attempts)`, {
          fix: 'Find the other writer (CloudTrail: PutResourcePolicy, PutKeyPolicy, CreatePolicyVersion) and apply again when it has stopped',
        });
      }
      const delay = 200 * 2 ** attempt + Math.floor(Math.random() * 100);
      for (const { index } of pending) {
        remerged.push(changeLabel(changes[index]!));
        host.notify({ type: 'retry', id: stepId(changes[index]!), attempt: attempt + 1, delayMs: delay, message: `Another writer removed this run's statements from the ${changeLabel(changes[index]!)}: merging them onto its version and writing again` });
      }
      await pause(delay, options.signal);
      if (options.signal?.aborted) throw cancelled(changes[pending[0]!.index]!);
      // Same order as the first pass: whatever opens access goes last.
      for (const round of rounds) {
        const group = pending.filter(({ index }) => round.includes(index));
        if (group.length > 0) await writeGroup(group.map(({ index, live }) => ({ index, live })));
      }
    }
  }

  if (failure) {
    for (const done of [...written].reverse()) {
      results[done.index] = await rollBack(ctx, done, partition, backup, host, stepId(done.change));
    }
    if (run.finalWrite && written.length > 0) await run.finalWrite.undo().catch(() => undefined);
    return { ok: false, backup: backup.folder, results, findings, error: failure, remerged, ...(createdKeyArn ? { createdKeyArn } : {}) };
  }
  if (run.finalWrite && !run.remerge && written.length > 0) await runFinalWrite(run.finalWrite, host, createdKeyArn);
  return {
    ok: true,
    backup: backup.folder,
    results,
    findings,
    remerged,
    ...(backup.folder ? { restoreCommand: backup.restoreCommand()! } : {}),
    ...(createdKeyArn ? { createdKeyArn } : {}),
  };
}

/** Runs every task (at most `limit` at once; all at once without a limit) and waits for each to settle; none starts after a failure. */
async function settleAll(tasks: Array<() => Promise<void>>, limit: number | undefined): Promise<PromiseSettledResult<void>[]> {
  if (!limit || tasks.length <= limit) return Promise.allSettled(tasks.map((task) => task()));
  const results: PromiseSettledResult<void>[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next]!;
      next += 1;
      try {
        await task();
        results.push({ status: 'fulfilled', value: undefined });
      } catch (reason) {
        failed = true;
        results.push({ status: 'rejected', reason });
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** The live documents of `changes`, at most `limit` reads at once (all at once without a limit). */
export async function readBounded(ctx: AwsContext, changes: Change[], limit: number | undefined, options: { forWrite?: boolean } = {}): Promise<unknown[]> {
  return mapBounded(changes, limit, (change) => readLive(ctx, change, options));
}

async function runFinalWrite(write: FinalWrite, host: Host, createdKeyArn: string | undefined): Promise<void> {
  try {
    await write.write(createdKeyArn ? { createdKeyArn } : {});
  } catch (error) {
    host.notify({ type: 'warning', message: `${write.label} was not written (${errorMessage(error)}); the change itself is in place` });
  }
}

/** ValidateResourcePolicy on every secret policy about to be written; the refusal, if any. */
export async function validateAll(ctx: AwsContext, changes: Change[], findings: Finding[], host: Host, limit?: number): Promise<WizardError | undefined> {
  const secretChanges = changes.filter((change): change is PolicyChange => change.kind === 'secret-policy' && change.after !== null && !skipReason(change));
  const validations = await mapBounded(secretChanges, limit, (change) => validateSecretPolicy(ctx, change.target, change.after!));
  for (const [i, validation] of validations.entries()) {
    findings.push(...validation.findings);
    if (!validation.supported) host.notify({ type: 'warning', message: validation.findings[0]?.message ?? 'ValidateResourcePolicy is not available' });
    if (!validation.passed) {
      return userError('SECRET_POLICY_INVALID', 'secret policy', `Secrets Manager's ValidateResourcePolicy refused the new policy of ${secretChanges[i]!.target}; nothing was written`, 'Read the findings, fix the request and plan again');
    }
  }
  return undefined;
}

function staleError(change: Change, since = 'since the plan was made'): WizardError {
  return new WizardError('STALE_DOCUMENT', `The ${changeLabel(change)} changed ${since} (someone else wrote it)`, { fix: 'Plan again and review the new diff before applying' });
}

function cancelled(change: Change): WizardError {
  return new WizardError('CANCELLED', `Cancelled before writing the ${changeLabel(change)}; the writes already made are rolled back`, { fix: 'Apply again when ready' });
}

function asApplyError(error: unknown, change: Change): WizardError {
  if (isWizardError(error)) return error;
  const name = errorName(error);
  return new WizardError('APPLY_FAILED', `Writing the ${changeLabel(change)} failed (${name || 'error'}: ${errorMessage(error)}); the writes already made are rolled back`, {
    fix: /AccessDenied|not authorized/i.test(`${name} ${errorMessage(error)}`) ? 'Use credentials allowed to make this write, then apply again' : 'Check the message, then plan and apply again',
    cause: error,
  });
}

/**
 * After CreateKey: the later changes name the real key instead of the planned placeholder (and the
 * Sids derived from it, through `bind`), and the new key's policy change starts from the policy
 * CreateKey set (so it is written with the final Sids, with the usual stale check and rollback).
 */
function bindCreatedKey(changes: Change[], index: number, placeholder: string, keyArn: string, createdPolicy: PolicyDocument | null, bind: ChangeRun['bindNewKey']): void {
  const later = changes.slice(index + 1);
  const bound = bind ? bind(later, keyArn) : (JSON.parse(JSON.stringify(later).split(placeholder).join(keyArn)) as Change[]);
  changes.splice(index + 1, later.length, ...bound);
  for (const change of changes.slice(index + 1)) {
    if (change.kind === 'key-policy' && change.target === keyArn && change.before === null) {
      change.before = createdPolicy;
      change.action = 'update';
    }
  }
}

async function writeChange(ctx: AwsContext, change: Change, journal: UndoJournal, hooks: WriteHooks, options: ApplyOptions, id: string, live: unknown): Promise<string | undefined> {
  const retry = <T>(fn: () => Promise<T>) =>
    withInvalidPrincipalRetry(fn, { host: options.host, id, boundMs: options.invalidPrincipalRetryMs ?? 45_000, ...(options.signal ? { signal: options.signal } : {}) });
  switch (change.kind) {
    case 'secret-policy': {
      const { before, after } = change;
      await retry(() => writeSecretPolicy(ctx, change.target, after));
      journal.push({ description: `restore the ${changeLabel(change)}`, run: () => writeSecretPolicy(ctx, change.target, before) });
      return undefined;
    }
    case 'key-policy': {
      const { after, before } = change;
      if (!after || !before) throw bugError('a key policy can be changed but not created or deleted');
      await retry(() => writeKeyPolicy(ctx, change.target, after));
      journal.push({ description: `restore the ${changeLabel(change)}`, run: () => writeKeyPolicy(ctx, change.target, before) });
      return undefined;
    }
    case 'identity-policy':
      await writeIdentityPolicy(ctx, identityOf(change), change.before, change.after, journal, hooks, managedPolicyFacts(live));
      return undefined;
    case 'secret-key':
      return writeSecretKeyChange(ctx, change, journal, retry);
  }
}

async function writeSecretKeyChange(ctx: AwsContext, change: SecretKeyChange, journal: UndoJournal, retry: <T>(fn: () => Promise<T>) => Promise<T>): Promise<string | undefined> {
  let keyArn = change.after.KmsKeyId;
  let created: string | undefined;
  if (change.newKey) {
    const { policy, description } = change.newKey;
    const createdArn = await retry(() => createSecretKey(ctx, regionOf(change.target), policy, description));
    journal.push({ description: `schedule deletion of the new key ${createdArn} (7 days, cancellable)`, run: () => scheduleKeyDeletion(ctx, createdArn) });
    created = createdArn;
    keyArn = createdArn;
    // From here on the change is about the real key (a failed UpdateSecret is then recognised by it).
    change.after = { KmsKeyId: createdArn };
  }
  await updateSecretKey(ctx, change.target, keyArn);
  const previous = change.before.KmsKeyId;
  journal.push({ description: `point ${change.target} back at ${previous}`, run: () => updateSecretKey(ctx, change.target, previous) });
  return created;
}

/**
 * A write that failed may still have happened (the answer was lost) or done part of its work (a
 * managed policy created, not attached): put back `before` where the live state is what was to be
 * written, then run the undos registered so far.
 */
async function undoFailedWrite(ctx: AwsContext, change: Change, journal: UndoJournal, error: unknown, partition: string): Promise<ChangeResult> {
  const base = { kind: change.kind, target: change.target };
  const reason = `${errorName(error) || 'error'}: ${errorMessage(error)}`;
  try {
    if (change.kind !== 'identity-policy') {
      const live = await readLive(ctx, change);
      if (!sameState(change, live, change.before, partition) && sameState(change, live, change.after, partition)) await restoreSimple(ctx, change);
    }
    for (const undo of [...journal].reverse()) await undo.run();
    return { ...base, status: 'failed', message: reason };
  } catch (undoError) {
    return { ...base, status: 'rollback-failed', message: `${reason}; undoing what it may have done failed too: ${errorMessage(undoError)}` };
  }
}

async function restoreSimple(ctx: AwsContext, change: Change): Promise<void> {
  switch (change.kind) {
    case 'secret-policy':
      return writeSecretPolicy(ctx, change.target, change.before);
    case 'key-policy':
      if (change.before) await writeKeyPolicy(ctx, change.target, change.before);
      return;
    case 'secret-key':
      return updateSecretKey(ctx, change.target, change.before.KmsKeyId);
    case 'identity-policy':
      return; // its writer registers an undo before every sub-write
  }
}

/** Puts one written change back, only if the document is still what we wrote. */
async function rollBack(ctx: AwsContext, done: Written, partition: string, backup: BackupFolder, host: Host, id: string): Promise<ChangeResult> {
  const { change, entry, journal } = done;
  const base = { kind: change.kind, target: change.target };
  const folder = backup.folder ?? '';
  try {
    const live = await readLive(ctx, change);
    if (!sameState(change, live, change.after, partition)) {
      await backup.setStatus(entry, 'rollback-failed');
      host.notify({ type: 'step', id, status: 'failed', message: `Not rolled back: the ${changeLabel(change)} changed again after it was written` });
      return { ...base, status: 'rollback-failed', message: `changed by someone else after it was written, so it was left alone; the document from before is in ${folder}`, restoreCommand: backup.restoreCommand() ?? '' };
    }
    for (const undo of [...journal].reverse()) await undo.run();
    await backup.setStatus(entry, 'rolled-back');
    host.notify({ type: 'step', id, status: 'rolled-back', message: `Rolled back the ${changeLabel(change)}` });
    return { ...base, status: 'rolled-back' };
  } catch (error) {
    await backup.setStatus(entry, 'rollback-failed');
    host.notify({ type: 'step', id, status: 'failed', message: `Rolling back the ${changeLabel(change)} failed: ${errorMessage(error)}` });
    return { ...base, status: 'rollback-failed', message: `rollback failed (${errorName(error) || 'error'}: ${errorMessage(error)}); the document from before is in ${folder}`, restoreCommand: backup.restoreCommand() ?? '' };
  }
}
