import { regionOf } from '../arn/arn';
import type { AwsContext } from '../aws/aws-context';
import { awsCall } from '../aws/aws-errors';
import { loadSecretsManagerSdk } from '../aws/sdk';
import { recordGrantee, recordTag, recordTagKey, type ShareRecord } from './share-record';

/** TagResource: the record of a share on its secret (owner account). */
export async function writeRecord(ctx: AwsContext, secretArn: string, record: ShareRecord): Promise<void> {
  await writeRecords(ctx, secretArn, [record]);
}

/** TagResource once for several records of one secret (a manifest run shares a secret with many consumers). */
export async function writeRecords(ctx: AwsContext, secretArn: string, records: ShareRecord[]): Promise<void> {
  await writeRecordTags(ctx, secretArn, records.map((record) => recordTag(record, secretArn)));
}

/** TagResource once for several record tags of one secret, values as they are (restore puts back saved ones). */
async function writeRecordTags(ctx: AwsContext, secretArn: string, tags: Array<{ Key: string; Value: string }>): Promise<void> {
  if (tags.length === 0) return;
  const { TagResourceCommand } = await loadSecretsManagerSdk();
  const sm = await ctx.owner.secretsManager(regionOf(secretArn));
  await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'TagResource', resource: secretArn }, () => sm.send(new TagResourceCommand({ SecretId: secretArn, Tags: tags })));
}

/** UntagResource: removes the record of a share (by its tag key). */
export async function removeRecord(ctx: AwsContext, secretArn: string, key: string): Promise<void> {
  await removeRecords(ctx, secretArn, [key]);
}

/** UntagResource once for several records of one secret. */
export async function removeRecords(ctx: AwsContext, secretArn: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { UntagResourceCommand } = await loadSecretsManagerSdk();
  const sm = await ctx.owner.secretsManager(regionOf(secretArn));
  await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'UntagResource', resource: secretArn }, () => sm.send(new UntagResourceCommand({ SecretId: secretArn, TagKeys: keys })));
}

/**
 * Sets record tags of one secret to saved values (restore): TagResource for the values, then
 * UntagResource for the tags that were absent (null). At most one call of each.
 */
export async function setRecordTags(ctx: AwsContext, secretArn: string, tags: Array<{ key: string; value: string | null }>): Promise<void> {
  await writeRecordTags(ctx, secretArn, tags.flatMap(({ key, value }) => (value === null ? [] : [{ Key: key, Value: value }])));
  await removeRecords(ctx, secretArn, tags.flatMap(({ key, value }) => (value === null ? [key] : [])));
}

/** The tag key of a record, for revoke. */
export function recordKeyOf(record: Pick<ShareRecord, 'consumer' | 'identityArn' | 'binding'>): string {
  return recordTagKey(recordGrantee(record), record.identityArn);
}
