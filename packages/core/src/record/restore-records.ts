import { errorMessage } from '../apply/aws-errors';
import type { AwsContext } from '../aws/aws-context';
import { describeSecret } from '../aws/read-secret';
import type { BackupRecordState } from '../backup/backup-types';
import { mapConcurrently } from '../batch/map-concurrently';
import { setRecordTags } from './write-record';

/** What a restore did with one share record tag. */
export interface RecordRestoreResult {
  secretArn: string;
  key: string;
  /** `written`: the saved value is back; `removed`: the tag is gone (the secret had none before the run). */
  action: 'written' | 'removed';
  status: 'restored' | 'failed';
  /** Why it failed. */
  message?: string;
}

/**
 * Sets every record tag a backup saved back to its value before the run (TagResource and
 * UntagResource, at most one of each per secret; a few secrets at once). Throws nothing: a secret
 * whose tags cannot be written is reported `failed`, the others are still restored.
 */
export async function restoreRecords(ctx: AwsContext, records: BackupRecordState[]): Promise<RecordRestoreResult[]> {
  const bySecret = new Map<string, BackupRecordState[]>();
  for (const record of records) bySecret.set(record.secretArn, [...(bySecret.get(record.secretArn) ?? []), record]);
  const done = await mapConcurrently([...bySecret], 8, async ([secretArn, states]) => {
    const results = states.map((state): RecordRestoreResult => ({ secretArn, key: state.key, action: state.before === null ? 'removed' : 'written', status: 'restored' }));
    try {
      await setRecordTags(ctx, secretArn, states.map((state) => ({ key: state.key, value: state.before })));
      return results;
    } catch (error) {
      return results.map((result) => ({ ...result, status: 'failed' as const, message: errorMessage(error) }));
    }
  });
  return done.flat();
}

/**
 * The same tags as they are now (DescribeSecret once per secret, a few at once): what the restore's
 * own backup keeps, so that restoring the restore puts them back too.
 */
export async function currentRecordStates(ctx: AwsContext, records: BackupRecordState[]): Promise<BackupRecordState[]> {
  const secrets = [...new Set(records.map((record) => record.secretArn))];
  const tags = new Map(await mapConcurrently(secrets, 8, async (arn) => [arn, (await describeSecret(ctx, arn)).tags] as const));
  return records.map(({ secretArn, key }) => ({ secretArn, key, before: tags.get(secretArn)?.[key] ?? null }));
}

/** One line per record a restore set back, in words every front end shows (failed ones say why). */
export function recordRestoreLines(records: readonly RecordRestoreResult[]): Array<{ text: string; failed: boolean }> {
  return records.map((record) => {
    const what = `share record ${record.key} of ${record.secretArn}`;
    return record.status === 'failed'
      ? { text: `${what} not put back: ${record.message ?? 'error'}`, failed: true }
      : { text: `${record.action === 'removed' ? 'Removed the' : 'Put back the'} ${what} (as before the run)`, failed: false };
  });
}
