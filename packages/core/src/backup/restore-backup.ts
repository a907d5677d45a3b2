import type { ApplyOptions, ApplyOutcome } from '../apply/apply-types';
import type { AwsContext } from '../aws/aws-context';
import { readLive, runChanges, sameState } from '../apply/run-changes';
import type { Change, ChangeAction } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import { loadBackup, removeStrayTempFiles } from './backup-store';
import type { BackupEntry } from './backup-types';

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
  return {
    ...base,
    kind: entry.kind,
    action: actionFor(written, previous),
    before: written as PolicyDocument | null,
    after: previous as PolicyDocument | null,
    ...(entry.identity ? { identity: entry.identity } : {}),
  };
}

/**
 * Re-applies a backup folder: every document the apply wrote (and did not roll back) is put back to
 * what the folder saved, newest write first, through the same safe apply (stale check, new backup,
 * rollback). The stale check compares the live document with what the manifest says was written:
 * anything else fails with STALE_DOCUMENT and nothing stays changed. A document that is already
 * back to its saved state is left alone. A KMS key the apply created is not deleted.
 */
export async function restoreBackup(ctx: AwsContext, folder: string, options: ApplyOptions): Promise<ApplyOutcome> {
  const backup = await loadBackup(folder);
  // Writes a crash cut short (`*.tmp`): never part of the backup; the manifest names what is.
  await removeStrayTempFiles(folder);
  const { manifest } = backup;
  const changes: Change[] = [];
  for (const entry of [...manifest.entries].reverse()) {
    if (entry.status === 'rolled-back' || entry.status === 'failed') continue;
    const previous = await backup.document(entry.beforeFile);
    const written = entry.kind === 'secret-key' && entry.createdKeyArn ? { KmsKeyId: entry.createdKeyArn } : await backup.document(entry.afterFile);
    const change = reverseChange(entry, written, previous);
    if (entry.status !== 'written') {
      // Half-way entries (crash, failed rollback): only restore what is still as written.
      const live = await readLive(ctx, change);
      if (sameState(change, live, previous, manifest.secret.partition)) change.action = 'none';
    }
    changes.push(change);
  }
  return runChanges(
    ctx,
    { operation: 'restore', changes, secret: manifest.secret, consumer: manifest.consumer, findings: [], staleSince: 'since the backup was written' },
    options,
  );
}
