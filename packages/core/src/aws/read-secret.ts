import { parseSecretArn, parseSecretRef } from '../arn/secret-arn';
import { AWS_MANAGED_SECRETS_KEY_ALIAS, isFullKeyArn } from '../arn/key-arn';
import type { SecretInfo } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import type { AwsContext } from './aws-context';
import { awsCall } from './aws-errors';
import { parseAwsPolicyText } from './policy-text';
import { describeKey, type KeyDescription } from './read-key';
import { tagRecord } from '../iac/iac-markers';
import { loadSecretsManagerSdk } from './sdk';
import { regionOf } from '../arn/arn';

/** The secret as DescribeSecret reports it, before its key is resolved. */
export interface DescribedSecret {
  arn: string;
  name: string;
  /** As DescribeSecret returned it; undefined means `aws/secretsmanager`. */
  kmsKeyId?: string;
  /** The secret's tags (the share records and IaC markers among them; DescribeSecret returns them with no extra call). */
  tags: Record<string, string>;
}

/** The region a secret reference implies: the ARN's region, else the context's (else the profile's). */
export function secretRegion(ctx: AwsContext, secret: string): string | undefined {
  const ref = parseSecretRef(secret);
  if (ref.kind === 'arn') return ref.secret.region;
  if (ref.partialArn) return regionOf(ref.partialArn) ?? ctx.region;
  return ctx.region;
}

/** DescribeSecret: name, partial ARN or full ARN → full ARN (with its suffix) and KmsKeyId. */
export async function describeSecret(ctx: AwsContext, secret: string): Promise<DescribedSecret> {
  const ref = parseSecretRef(secret);
  const secretId = ref.kind === 'arn' ? ref.secret.arn : (ref.partialArn ?? ref.name);
  const { DescribeSecretCommand } = await loadSecretsManagerSdk();
  const client = await ctx.owner.secretsManager(secretRegion(ctx, secret));
  const result = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'DescribeSecret', resource: secretId }, () =>
    client.send(new DescribeSecretCommand({ SecretId: secretId })),
  );
  if (!result.ARN) throw new Error(`DescribeSecret returned no ARN for ${secretId}`);
  return { arn: result.ARN, name: result.Name ?? parseSecretArn(result.ARN).name, ...(result.KmsKeyId ? { kmsKeyId: result.KmsKeyId } : {}), tags: tagRecord(result.Tags) ?? {} };
}

/** Is this KmsKeyId the AWS managed key of Secrets Manager (by alias)? */
export function isAwsManagedSecretsKeyId(kmsKeyId: string): boolean {
  return kmsKeyId === AWS_MANAGED_SECRETS_KEY_ALIAS || kmsKeyId.endsWith(`:${AWS_MANAGED_SECRETS_KEY_ALIAS}`);
}

/**
 * The secret's full ARN, account, region and key. A key given as id or alias is resolved to its key
 * ARN (DescribeKey); no KmsKeyId, the `aws/secretsmanager` alias, or a key whose KeyManager is AWS
 * means the AWS managed key.
 */
export async function resolveSecret(ctx: AwsContext, secret: string): Promise<SecretInfo> {
  const described = await describeSecret(ctx, secret);
  const key = needsKeyLookup(described) ? await describeKey(ctx, described.kmsKeyId!, parseSecretArn(described.arn).region) : undefined;
  return secretInfoFrom(described, key);
}

/** Whether the secret's key must be described to know its ARN and manager. */
export function needsKeyLookup(described: DescribedSecret): boolean {
  return described.kmsKeyId !== undefined && !isAwsManagedSecretsKeyId(described.kmsKeyId);
}

/** SecretInfo from DescribeSecret and (when the secret has a customer key id) DescribeKey. */
export function secretInfoFrom(described: DescribedSecret, key: KeyDescription | undefined): SecretInfo {
  const arn = parseSecretArn(described.arn);
  const base = { arn: described.arn, name: described.name, account: arn.account, region: arn.region, partition: arn.partition, tags: described.tags };
  const { kmsKeyId } = described;
  if (kmsKeyId === undefined || isAwsManagedSecretsKeyId(kmsKeyId) || !key) {
    return { ...base, ...(kmsKeyId ? { kmsKeyId } : {}), usesAwsManagedKey: kmsKeyId === undefined || isAwsManagedSecretsKeyId(kmsKeyId) };
  }
  return { ...base, kmsKeyId, keyArn: isFullKeyArn(kmsKeyId) ? kmsKeyId : key.arn, usesAwsManagedKey: key.awsManaged };
}

/** GetResourcePolicy: the secret's resource policy, or null when it has none. */
export async function readSecretPolicy(ctx: AwsContext, secretArn: string): Promise<PolicyDocument | null> {
  const { GetResourcePolicyCommand } = await loadSecretsManagerSdk();
  const region = parseSecretArn(secretArn).region;
  const client = await ctx.owner.secretsManager(region);
  const result = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'GetResourcePolicy', resource: secretArn }, () =>
    client.send(new GetResourcePolicyCommand({ SecretId: secretArn })),
  );
  return result.ResourcePolicy ? parseAwsPolicyText(result.ResourcePolicy, `resource policy of ${secretArn}`, 'secret-policy') : null;
}
