import type { AwsContext } from './aws-context';
import { awsCall } from './aws-errors';
import { loadKmsSdk } from './sdk';

export interface KeySummary {
  arn: string;
  id: string;
  /** Its aliases, `alias/NAME` (none for a key without one). */
  aliases: string[];
}

/** Pages read at most (100 keys or aliases each): enough for a picker; beyond that the user types the ARN. */
const MAX_PAGES = 10;

/**
 * The owner account's customer managed keys in a region, for pickers (moving a secret off the AWS
 * managed key). ListKeys + ListAliases: a key whose aliases are all `alias/aws/...` is AWS managed
 * and left out. Reads only; whether a key can be used is for the plan to say (its findings).
 */
export async function listCustomerKeys(ctx: AwsContext, options: { region?: string } = {}): Promise<KeySummary[]> {
  const { ListKeysCommand, ListAliasesCommand } = await loadKmsSdk();
  const client = await ctx.owner.kms(options.region);
  const keys: Array<{ arn: string; id: string }> = [];
  const aliases = new Map<string, string[]>();
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await awsCall(ctx.owner, { service: 'kms', operation: 'ListKeys' }, () => client.send(new ListKeysCommand({ Limit: 100, ...(marker ? { Marker: marker } : {}) })));
    for (const key of result.Keys ?? []) if (key.KeyArn && key.KeyId) keys.push({ arn: key.KeyArn, id: key.KeyId });
    marker = result.Truncated ? result.NextMarker : undefined;
    if (!marker) break;
  }
  marker = undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await awsCall(ctx.owner, { service: 'kms', operation: 'ListAliases' }, () => client.send(new ListAliasesCommand({ Limit: 100, ...(marker ? { Marker: marker } : {}) })));
    for (const alias of result.Aliases ?? []) {
      if (!alias.AliasName || !alias.TargetKeyId) continue;
      aliases.set(alias.TargetKeyId, [...(aliases.get(alias.TargetKeyId) ?? []), alias.AliasName]);
    }
    marker = result.Truncated ? result.NextMarker : undefined;
    if (!marker) break;
  }
  return keys
    .map((key) => ({ ...key, aliases: (aliases.get(key.id) ?? []).sort() }))
    .filter((key) => key.aliases.length === 0 || key.aliases.some((alias) => !alias.startsWith('alias/aws/')))
    .sort((a, b) => (a.aliases[0] ?? `~${a.id}`).localeCompare(b.aliases[0] ?? `~${b.id}`));
}
