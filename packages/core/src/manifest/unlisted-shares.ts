import type { AwsContext } from '../aws/aws-context';
import { awsCall } from '../aws/aws-errors';
import type { DescribedSecret } from '../aws/read-secret';
import { loadSecretsManagerSdk } from '../aws/sdk';
import { tagRecord } from '../iac/iac-markers';
import type { PolicyDocument } from '../policy/policy-types';
import { consumersBySid } from '../record/share-sides';
import { RECORD_TAG_PREFIX, recordTagKey, recordsFromTags } from '../record/share-record';
import type { UnlistedShare } from './manifest-plan';

/**
 * The owner's secrets in `region` that carry at least one share record: ListSecrets with the
 * `tag-key` filter on the record prefix (a prefix match), every page; each tag checked again here.
 */
export async function listRecordedSecrets(ctx: AwsContext, region: string | undefined): Promise<DescribedSecret[]> {
  const { ListSecretsCommand } = await loadSecretsManagerSdk();
  const client = await ctx.owner.secretsManager(region);
  const found: DescribedSecret[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'ListSecrets' }, () =>
      client.send(new ListSecretsCommand({ MaxResults: 100, Filters: [{ Key: 'tag-key', Values: [RECORD_TAG_PREFIX] }], ...(token ? { NextToken: token } : {}) })),
    );
    for (const secret of page.SecretList ?? []) {
      if (!secret.ARN || !secret.Name) continue;
      const tags = tagRecord(secret.Tags) ?? {};
      if (!Object.keys(tags).some((key) => key.startsWith(RECORD_TAG_PREFIX))) continue;
      found.push({ arn: secret.ARN, name: secret.Name, ...(secret.KmsKeyId ? { kmsKeyId: secret.KmsKeyId } : {}), tags });
    }
    token = page.NextToken;
  } while (token);
  return found;
}

/** The key a listed share has among the records: `secretArn|record tag key`. */
export function listedKey(secretArn: string, consumerArn: string, identityArn: string | undefined): string {
  return `${secretArn}|${recordTagKey(consumerArn, identityArn)}`;
}

/**
 * The shares in AWS that the manifest does not list: every record on the recorded secrets whose key
 * is not a listed share's, and — on the secrets the manifest lists, whose policies were read — every
 * consumer the tool's own Sids name that no listed share and no record covers. `prune` marks the
 * recorded ones for revoke; shares found by Sids only are reported, never revoked by a manifest run
 * (nothing says which identity policy or options they were made with).
 */
export function unlistedShares(
  listed: ReadonlySet<string>,
  recordedSecrets: DescribedSecret[],
  listedSecrets: ReadonlyMap<string, { tags: Record<string, string>; policy: PolicyDocument | null; consumers: ReadonlySet<string> }>,
  prune: boolean,
): UnlistedShare[] {
  const unlisted: UnlistedShare[] = [];
  const seen = new Set<string>();
  const recordedSecretsByArn = new Map<string, Record<string, string>>();
  for (const secret of recordedSecrets) recordedSecretsByArn.set(secret.arn, secret.tags);
  for (const [arn, secret] of listedSecrets) if (!recordedSecretsByArn.has(arn)) recordedSecretsByArn.set(arn, secret.tags);
  for (const [arn, tags] of [...recordedSecretsByArn].sort(([a], [b]) => a.localeCompare(b))) {
    for (const { key, record } of recordsFromTags(tags, arn)) {
      if (listed.has(`${arn}|${key}`) || seen.has(`${arn}|${key}`)) continue;
      seen.add(`${arn}|${key}`);
      unlisted.push({
        secret: arn,
        consumer: record.consumer,
        ...(record.identityArn ? { consumerRole: record.identityArn } : {}),
        recorded: true,
        recordKey: key,
        record,
        action: prune ? 'revoke' : 'keep',
        errors: [],
      });
    }
  }
  for (const [arn, secret] of listedSecrets) {
    const recorded = new Set(recordsFromTags(secret.tags, arn).map(({ record }) => record.consumer));
    for (const consumer of consumersBySid(secret.policy, arn)) {
      if (secret.consumers.has(consumer) || recorded.has(consumer)) continue;
      unlisted.push({ secret: arn, consumer, recorded: false, action: 'keep', errors: [] });
    }
  }
  return unlisted;
}
