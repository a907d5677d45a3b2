import type { PolicyDocument } from '../policy/policy-types';
import type { AwsContext } from './aws-context';
import { tagRecord } from '../iac/iac-markers';
import { awsCall, isAwsAccessDenied } from './aws-errors';
import { parseAwsPolicyText } from './policy-text';
import { loadKmsSdk } from './sdk';
import { regionOf } from '../arn/arn';

export interface KeyDescription {
  arn: string;
  keyId: string;
  /** KeyManager AWS: an AWS managed key (fixed policy, cannot be shared across accounts). */
  awsManaged: boolean;
  /** Enabled, Disabled, PendingDeletion, ... */
  state?: string;
}

/** DescribeKey: a key id, alias, alias ARN or key ARN → the key ARN and who manages it. */
export async function describeKey(ctx: AwsContext, keyId: string, region?: string): Promise<KeyDescription> {
  const { DescribeKeyCommand } = await loadKmsSdk();
  const client = await ctx.owner.kms(region ?? regionOfArn(keyId));
  const result = await awsCall(ctx.owner, { service: 'kms', operation: 'DescribeKey', resource: keyId }, () => client.send(new DescribeKeyCommand({ KeyId: keyId })));
  const meta = result.KeyMetadata;
  if (!meta?.Arn || !meta.KeyId) throw new Error(`DescribeKey returned no key metadata for ${keyId}`);
  return { arn: meta.Arn, keyId: meta.KeyId, awsManaged: meta.KeyManager === 'AWS', ...(meta.KeyState ? { state: meta.KeyState } : {}) };
}

/** GetKeyPolicy with `PolicyName: "default"` (the only name KMS has; moto requires it). */
export async function readKeyPolicy(ctx: AwsContext, keyArn: string): Promise<PolicyDocument> {
  const { GetKeyPolicyCommand } = await loadKmsSdk();
  const client = await ctx.owner.kms(regionOfArn(keyArn));
  const result = await awsCall(ctx.owner, { service: 'kms', operation: 'GetKeyPolicy', resource: keyArn }, () =>
    client.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' })),
  );
  if (!result.Policy) throw new Error(`GetKeyPolicy returned no policy for ${keyArn}`);
  return parseAwsPolicyText(result.Policy, `key policy of ${keyArn}`, 'key-policy');
}

/**
 * The key's tags (kms:ListResourceTags, every page), or undefined when they may not be read (the
 * caller lacks kms:ListResourceTags): tags only add a finding, they never stop a plan. Needs a key
 * id or key ARN (not an alias).
 */
export async function readKeyTags(ctx: AwsContext, keyArn: string): Promise<Record<string, string> | undefined> {
  const { ListResourceTagsCommand } = await loadKmsSdk();
  const client = await ctx.owner.kms(regionOfArn(keyArn));
  const tags: Array<{ TagKey?: string; TagValue?: string }> = [];
  let marker: string | undefined;
  try {
    do {
      const page = await awsCall(ctx.owner, { service: 'kms', operation: 'ListResourceTags', resource: keyArn }, () =>
        client.send(new ListResourceTagsCommand({ KeyId: keyArn, Limit: 50, ...(marker ? { Marker: marker } : {}) })),
      );
      tags.push(...(page.Tags ?? []));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (isAwsAccessDenied(cause)) return undefined;
    throw error;
  }
  return tagRecord(tags);
}

/** The key's description and policy, read in parallel. The policy is null for an AWS managed key. */
export async function readKey(ctx: AwsContext, keyArn: string): Promise<{ key: KeyDescription; policy: PolicyDocument | null }> {
  const [key, policy] = await Promise.all([describeKey(ctx, keyArn), readKeyPolicy(ctx, keyArn)]);
  return { key, policy: key.awsManaged ? null : policy };
}

function regionOfArn(value: string): string | undefined {
  return regionOf(value);
}
