import type { ApplyOutcome } from '../apply/apply-types';
import { readLive, runChanges, sameState, skipReason, type FinalWrite, type WriteCheck } from '../apply/run-changes';
import { assertWriteAllowed } from '../guard/write-guard';
import { writeScopeForBackup } from '../guard/write-scope';
import { provedAccounts } from './session-guards';
import { accountOf, partitionOf } from '../arn/arn';
import type { AwsContext } from '../aws/aws-context';
import type { Host } from '../host/host';
import { loadBackup, removeStrayTempFiles, type LoadedBackup } from '../backup/backup-store';
import type { BackupEntry, BackupManifest } from '../backup/backup-types';
import { userError } from '../errors/wizard-error';
import { currentRecordStates, restoreRecords, type RecordRestoreResult } from '../record/restore-records';
import type { Change, ChangeAction } from '../plan/plan-types';
import { broadensAccess } from '../policy/broadens-access';
import { policyDiff } from '../policy/policy-diff';
import { statementKey } from '../policy/normalise-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { approvalQuestion, plannedWrites, writesByAccount } from './approval';
import { EXIT_CODES } from './exit-codes';
import { checkRegions } from './input-checks';
import { missingConsumerCredentials, preflight } from './preflight';
import { applyExitCode, refusedOutcome } from './session-outcome';
import { applyOptionsOf } from './share-session';
import { untilAborted } from './until-aborted';
import { sessionContext, type SessionOptions, type SessionOutcome } from './session-types';

function actionFor(before: unknown, after: unknown): ChangeAction {
  if (before === null) return 'create';
  if (after === null) return 'delete';
  return 'update';
}

/** The change that puts back what `entry` overwrote: from what was written, to what was there. */
function reverseChange(entry: BackupEntry, written: unknown, previous: unknown): Change {
  const base = { target: entry.target, account: entry.account, added: [], removed: [], broadensAccess: false, diff: '' };
  if (entry.kind === 'secret-key') {
    const writtenKey = entry.createdKeyArn ?? (written as { KmsKeyId: string }).KmsKeyId;
    return { ...base, kind: 'secret-key', action: 'update', before: { KmsKeyId: writtenKey }, after: previous as { KmsKeyId: string } };
  }
  const before = written as PolicyDocument | null;
  const after = previous as PolicyDocument | null;
  const partition = partitionOf(entry.target);
  return {
    ...base,
    kind: entry.kind,
    action: actionFor(written, previous),
    before,
    after,
    // What the review and the approval show: the statements put back and taken out, and whether
    // putting them back opens access (restoring a revoke does).
    added: statementsNotIn(after, before, partition),
    removed: statementsNotIn(before, after, partition),
    broadensAccess: broadensAccess(before, after, partition),
    diff: policyDiff(`${entry.kind}.json`, before, after),
    ...(entry.identity ? { identity: entry.identity } : {}),
  };
}

/** The statements of `document` that `other` does not have (by meaning: statementKey). */
function statementsNotIn(document: PolicyDocument | null, other: PolicyDocument | null, partition: string): Statement[] {
  const list = (doc: PolicyDocument | null) => (Array.isArray(doc?.Statement) ? doc.Statement : []);
  const known = new Set(list(other).map((statement) => statementKey(statement, partition)));
  return list(document).filter((statement) => !known.has(statementKey(statement, partition)));
}

/** The changes a backup folder asks for, newest write first; entries rolled back or failed are skipped. */
export async function restoreChanges(backup: LoadedBackup): Promise<Change[]> {
  const changes: Change[] = [];
  for (const entry of [...backup.manifest.entries].reverse()) {
    if (entry.status === 'rolled-back' || entry.status === 'failed') continue;
    const previous = await backup.document(entry.beforeFile);
    const written = entry.kind === 'secret-key' && entry.createdKeyArn ? { KmsKeyId: entry.createdKeyArn } : await backup.document(entry.afterFile);
    changes.push(reverseChange(entry, written, previous));
  }
  return changes;
}

/**
 * A backup folder is untrusted input: every change it asks for must target what its manifest names —
 * the manifest's secret, a key of the owner account, an identity policy of the consumer account.
 */
export function restoreGuard(manifest: BackupManifest): (change: Change) => void {
  const secrets = new Set([manifest.secret.arn, ...(manifest.batch?.secretArns ?? [])]);
  const consumerAccounts = new Set([manifest.accounts.consumer, ...(manifest.batch?.consumers.map((consumer) => consumer.account) ?? [])]);
  return (change) => {
    const ok =
      change.kind === 'secret-policy' || change.kind === 'secret-key'
        ? secrets.has(change.target) && change.account === manifest.secret.account
        : change.kind === 'key-policy'
          ? accountOf(change.target) === manifest.accounts.owner && change.account === manifest.accounts.owner && change.target.includes(':kms:')
          : consumerAccounts.has(change.account) && (!change.identity || consumerAccounts.has(change.identity.account));
    if (!ok) {
      throw userError('WRITE_REFUSED', '<backup-folder>', `the backup asks to write ${change.kind} ${change.target} in account ${change.account}, which its manifest does not name`, 'Restore that document by hand from its *.before.json file, after checking it');
    }
  };
}

/**
 * The share record tags a backup saved, each on a secret of the owner account its manifest names
 * (manifest-shape checked the key, the value and that the secret is the manifest's).
 */
export function restorableRecords(manifest: BackupManifest): NonNullable<BackupManifest['records']> {
  const records = manifest.records ?? [];
  for (const record of records) {
    if (accountOf(record.secretArn) !== manifest.accounts.owner) {
      throw userError('WRITE_REFUSED', '<backup-folder>', `the backup asks to set the share record ${record.key} of ${record.secretArn}, which is not in the owner account ${manifest.accounts.owner}`, 'Set that tag by hand, after checking it');
    }
  }
  return records;
}

/** "put back the share record …" / "remove the share record …": what the approval lists. */
function recordNote(record: NonNullable<BackupManifest['records']>[number]): string {
  return `${record.before === null ? 'remove the share record' : 'put back the share record'} ${record.key} of ${record.secretArn}`;
}

/**
 * The share record tags, after every document is back (run-changes sends it last; nothing can fail
 * after it, so it has nothing to undo). A tag that cannot be set is a warning, never a rollback.
 */
function recordsWrite(ctx: AwsContext, records: NonNullable<BackupManifest['records']>, host: Host): FinalWrite & { results: RecordRestoreResult[] } {
  const results: RecordRestoreResult[] = [];
  return {
    label: 'The share records',
    results,
    write: async () => {
      results.push(...(await restoreRecords(ctx, records)));
      for (const failed of results.filter((result) => result.status === 'failed')) {
        host.notify({ type: 'warning', message: `The share record ${failed.key} of ${failed.secretArn} was not put back (${failed.message ?? 'error'}); the documents are restored. Set the tag by hand, then check the share with list` });
      }
    },
    undo: async () => undefined,
  };
}

/**
 * Puts back what a backup folder saved, newest write first, through the same session as a share:
 * the guard (targets and invariants) on every document, approval of the writes per account, a
 * preflight that proves each document is still what the run wrote (anything else: nothing is
 * written), then the writes with rollback, then the share record tags as they were before the run (a
 * failure there is a warning: the documents stay restored). A document already back to its saved
 * state is left alone. A KMS key the apply created is not deleted.
 */
export async function runRestoreSession(input: { folder: string; mode?: 'plan' | 'apply' }, options: SessionOptions): Promise<SessionOutcome> {
  const { host } = options;
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  let aws = options.aws;
  try {
    const backup = await loadBackup(input.folder);
    // Writes a crash cut short (`*.tmp`): never part of the backup; the manifest names what is.
    await removeStrayTempFiles(input.folder);
    const { manifest } = backup;
    const changes = await restoreChanges(backup);
    const targets = restoreGuard(manifest);
    for (const change of changes) targets(change);
    const records = restorableRecords(manifest);

    const needsConsumer = changes.some((change) => change.kind === 'identity-policy' && change.identity?.mode !== 'none');
    if (needsConsumer && !aws.consumerProfile && !options.context?.consumer) {
      const saved = manifest.profiles?.consumer;
      const profile = await host.ask({
        code: 'credentials',
        message: `Which AWS profile signs in to the consumer account ${manifest.accounts.consumer}? The backup holds its identity policy.`,
        payload: { account: manifest.accounts.consumer, side: 'consumer', reason: 'put back the consumer identity policy' },
        defaultAnswer: saved ?? null,
      });
      if (!profile) throw missingConsumerCredentials(manifest.accounts.consumer);
      aws = { ...aws, consumerProfile: profile };
    }
    ({ ctx, release } = sessionContext(options, aws));
    await checkRegions(ctx, [{ arn: manifest.secret.arn, field: 'manifest.json secret.arn' }]);

    // Entries left half-way (a crash, a failed rollback): only what is still as written is put back.
    await Promise.all(
      changes.map(async (change, i) => {
        const entry = [...manifest.entries].reverse().filter((e) => e.status !== 'rolled-back' && e.status !== 'failed')[i];
        if (entry && entry.status !== 'written' && sameState(change, await readLive(ctx!, change), change.after, manifest.secret.partition)) change.action = 'none';
      }),
    );
    const pending = changes.filter((change) => !skipReason(change));
    if (pending.length === 0) return finished('no-changes', EXIT_CODES.ok, {});
    // The invariants on every document the backup holds, in the accounts the credentials prove; the
    // key a moved secret goes back to is the one the backup saved.
    const proved = await provedAccounts(ctx, await ctx.owner.identity());
    const scope = writeScopeForBackup(manifest, proved);
    for (const change of changes) if (change.kind === 'secret-key' && !scope.keyArns.includes(change.after.KmsKeyId)) scope.keyArns.push(change.after.KmsKeyId);
    const guard: WriteCheck = (change, live) => {
      targets(change);
      assertWriteAllowed(change, live, scope);
    };
    for (const change of pending) guard(change, change.before, {});
    if (input.mode === 'plan') return finished('planned', EXIT_CODES.ok, { pending: pending.length });

    const writes = plannedWrites(changes, manifest.accounts.owner);
    const payload = { operation: 'restore' as const, plans: [], writes, accounts: writesByAccount(writes, { ...(aws.ownerProfile ? { owner: aws.ownerProfile } : {}), ...(aws.consumerProfile ? { consumer: aws.consumerProfile } : {}) }), broadensAccess: writes.some((w) => w.broadensAccess), backup: input.folder, changes, ...(records.length > 0 ? { notes: records.map(recordNote) } : {}) };
    if (!(await host.ask(approvalQuestion(payload)))) return finished('declined', EXIT_CODES.ok, { pending: pending.length });

    // The record tags as they are now, read with the preflight: this restore's own backup keeps them.
    const recordsNow = currentRecordStates(ctx, records);
    recordsNow.catch(() => undefined); // awaited just below
    const checked = await untilAborted(preflight(ctx, changes, host, { since: 'since the backup was written' }), options.signal);
    const recordsBefore = await untilAborted(recordsNow, options.signal);
    const recordWork = records.length > 0 ? recordsWrite(ctx, records, host) : undefined;
    const apply: ApplyOutcome = await runChanges(
      ctx,
      {
        operation: 'restore',
        changes,
        secret: manifest.secret,
        consumer: manifest.consumer,
        ...(manifest.batch ? { batch: manifest.batch } : {}),
        findings: checked.findings,
        staleSince: 'since the backup was written',
        preflight: checked.live,
        guard,
        validated: true,
        ...(recordWork ? { finalWrite: recordWork, records: recordsBefore } : {}),
      },
      applyOptionsOf(options),
    );
    const base = { pending: pending.length, results: apply.results, backup: apply.backup, apply, remerged: [], ...(apply.restoreCommand ? { restoreCommand: apply.restoreCommand } : {}), ...(recordWork && recordWork.results.length > 0 ? { records: recordWork.results } : {}) };
    if (!apply.ok) {
      const outcome = refusedOutcome('restore', apply.error, ctx, host);
      return { ...finished('failed', applyExitCode(apply), base), ok: false, ...(outcome.error ? { error: outcome.error } : {}) };
    }
    return finished('applied', EXIT_CODES.ok, base);
  } catch (error) {
    return refusedOutcome('restore', error, ctx, host);
  } finally {
    release();
  }

  function finished(status: SessionOutcome['status'], exitCode: SessionOutcome['exitCode'], extra: Partial<SessionOutcome>): SessionOutcome {
    return { operation: 'restore', ok: exitCode === EXIT_CODES.ok, status, exitCode, pending: 0, results: [], backup: null, remerged: [], calls: ctx?.calls.length ?? 0, ...extra };
  }
}
