import { BackupFolder, backupProfiles, defaultBackupRoot } from '../backup/backup-store';
import type { BackupEntry, BackupManifest } from '../backup/backup-types';
import { WizardError, bugError, isWizardError, userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { Change, ChangeKind, Finding, PolicyChange, SecretKeyChange } from '../plan/plan-types';
import { documentsEquivalent } from '../policy/normalise-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { AwsContext } from '../aws/aws-context';
import { readKeyPolicy } from '../aws/read-key';
import { readSecretPolicy } from '../aws/read-secret';
import { isAdministratorChange } from '../plan/plan-share';
import type { ApplyOptions, ApplyOutcome, ChangeResult } from './apply-types';
import { awsErrorName as errorName } from '../aws/aws-errors';
import { errorMessage } from './aws-errors';
import { withInvalidPrincipalRetry } from './invalid-principal-retry';
import type { UndoJournal, WriteHooks } from './undo-journal';
import { readIdentityPolicy, writeIdentityPolicy } from './write-identity-policy';
import { writeKeyPolicy } from './write-key-policy';
import { createSecretKey, readSecretKeyId, sameKeyId, scheduleKeyDeletion, updateSecretKey } from './write-secret-key';
import { validateSecretPolicy, writeSecretPolicy } from './write-secret-policy';

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
}

const LABEL: Record<ChangeKind, string> = {
  'secret-policy': 'secret resource policy',
  'key-policy': 'key policy',
  'identity-policy': 'consumer identity policy',
  'secret-key': 'encryption key of the secret',
};

export function changeLabel(change: Change): string {
  if (change.kind === 'identity-policy' && change.identity) return `${change.identity.mode} identity policy ${change.identity.policyName} of ${change.identity.arn}`;
  return `${LABEL[change.kind]} of ${change.target}`;
}

/** True when the change needs no write: action none, or an identity document for the consumer's admin. */
function skipReason(change: Change): string | undefined {
  if (change.action === 'none') return 'already as planned: nothing to write';
  if (isAdministratorChange(change)) return "not written: the identity policy is for the consumer account's administrator to apply";
  return undefined;
}

/** The region of an ARN (secret or key): where its owner-account client must point. */
function regionOf(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

function identityOf(change: PolicyChange) {
  if (!change.identity) throw bugError('an identity-policy change without its identity target');
  return change.identity;
}

/** Reads the live state of what `change` writes, in the same shape as `change.before`/`after`. */
export async function readLive(ctx: AwsContext, change: Change): Promise<unknown> {
  switch (change.kind) {
    case 'secret-policy':
      return readSecretPolicy(ctx, change.target);
    case 'key-policy':
      return readKeyPolicy(ctx, change.target);
    case 'identity-policy':
      return readIdentityPolicy(ctx, identityOf(change));
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
 * Performs the writes of `run.changes` in order as one transaction: stale check and backup before
 * each write; on any failure, staleness or cancellation, the writes made are rolled back.
 * Used by applyPlan, revokeShare and restoreBackup.
 */
export async function runChanges(ctx: AwsContext, run: ChangeRun, options: ApplyOptions): Promise<ApplyOutcome> {
  const { host } = options;
  const now = options.now ?? (() => new Date());
  const partition = run.secret.partition;
  const changes = run.changes.map((change) => structuredClone(change));
  const results: ChangeResult[] = changes.map((change) => ({ kind: change.kind, target: change.target, status: 'not-started' }));
  const findings = [...run.findings];
  const toWrite = changes.filter((change) => !skipReason(change));

  if (!ctx.consumer && toWrite.some((change) => change.kind === 'identity-policy')) {
    throw userError(
      'CONSUMER_CREDENTIALS_MISSING',
      '--consumer-profile',
      'the identity policy goes into the consumer account, but no consumer credentials were given',
      'Pass --consumer-profile for the consumer account, or choose --consumer-policy none and hand the document to its administrator',
    );
  }

  // Everything that can be checked is checked before the first write.
  for (const change of toWrite) {
    if (change.kind !== 'secret-policy' || change.after === null) continue;
    const validation = await validateSecretPolicy(ctx, change.target, change.after);
    findings.push(...validation.findings);
    if (!validation.supported) host.notify({ type: 'warning', message: validation.findings[0]?.message ?? 'ValidateResourcePolicy is not available' });
    if (!validation.passed) {
      const error = userError('SECRET_POLICY_INVALID', 'secret policy', `Secrets Manager's ValidateResourcePolicy refused the new policy of ${change.target}; nothing was written`, 'Read the findings, fix the request and plan again');
      return { ok: false, backup: null, results, findings, error };
    }
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
    if (skip) {
      results[index] = { kind: change.kind, target: change.target, status: 'unchanged', message: skip };
      host.notify({ type: 'step', id: stepId(change), status: 'skipped', message: `${changeLabel(change)}: ${skip}` });
      continue;
    }
    if (options.signal?.aborted) {
      failure = new WizardError('CANCELLED', 'user', `Cancelled before writing the ${changeLabel(change)}; the writes already made are rolled back`, { fix: 'Apply again when ready' });
      break;
    }
    host.notify({ type: 'step', id: stepId(change), status: 'start', message: `Writing the ${changeLabel(change)}` });
    let entry: BackupEntry | undefined;
    const journal: UndoJournal = [];
    try {
      const live = await readLive(ctx, change);
      if (!sameState(change, live, change.before, partition)) {
        failure = new WizardError(
          'STALE_DOCUMENT',
          'user',
          `The ${changeLabel(change)} changed ${run.staleSince ?? 'since the plan was made'} (someone else wrote it); nothing more is written and the writes already made are rolled back. Plan again.`,
          { fix: 'Plan again and review the new diff before applying' },
        );
        results[index] = { kind: change.kind, target: change.target, status: 'not-started', message: `changed ${run.staleSince ?? 'since the plan was made'}: plan again` };
        host.notify({ type: 'step', id: stepId(change), status: 'failed', message: `The ${changeLabel(change)} changed ${run.staleSince ?? 'since the plan was made'}` });
        break;
      }
      entry = await backup.record(change, live, change.after);
      const savedEntry = entry;
      const hooks: WriteHooks = {
        confirmDeleteVersion: (policyArn, versionId) =>
          host.confirm({
            id: 'apply.delete-oldest-policy-version',
            message: `${policyArn} already has 5 versions (the IAM limit). Delete its oldest non-default version ${versionId} (saved in the backup folder) to add the new one?`,
            defaultAnswer: true,
          }),
        saveRemoved: async (suffix, document, description) => {
          await backup.recordExtra(savedEntry, suffix, document, description);
          host.notify({ type: 'info', message: `Deleting ${description}; saved in ${backup.folder}` });
        },
      };
      const plannedKey = change.kind === 'secret-key' ? change.after.KmsKeyId : '';
      const newKeyArn = await writeChange(ctx, change, journal, hooks, options, stepId(change));
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
      failure = asApplyError(error, change);
      host.notify({ type: 'step', id: stepId(change), status: 'failed', message: `${changeLabel(change)}: ${failure.message}` });
      results[index] = await undoFailedWrite(ctx, change, journal, error, partition);
      if (entry) await backup.setStatus(entry, results[index]!.status === 'rollback-failed' ? 'rollback-failed' : 'failed');
      if (results[index]!.status === 'rollback-failed' && backup.folder) results[index]!.restoreCommand = backup.restoreCommand()!;
      break;
    }
  }

  if (failure) {
    for (const done of [...written].reverse()) {
      results[done.index] = await rollBack(ctx, done, partition, backup, host, stepId(done.change));
    }
    return { ok: false, backup: backup.folder, results, findings, error: failure, ...(createdKeyArn ? { createdKeyArn } : {}) };
  }
  return {
    ok: true,
    backup: backup.folder,
    results,
    findings,
    ...(backup.folder ? { restoreCommand: backup.restoreCommand()! } : {}),
    ...(createdKeyArn ? { createdKeyArn } : {}),
  };
}

function asApplyError(error: unknown, change: Change): WizardError {
  if (isWizardError(error)) return error;
  const name = errorName(error);
  return new WizardError('APPLY_FAILED', 'aws', `Writing the ${changeLabel(change)} failed (${name || 'error'}: ${errorMessage(error)}); the writes already made are rolled back`, {
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

async function writeChange(ctx: AwsContext, change: Change, journal: UndoJournal, hooks: WriteHooks, options: ApplyOptions, id: string): Promise<string | undefined> {
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
      await writeIdentityPolicy(ctx, identityOf(change), change.before, change.after, journal, hooks);
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
