import { AWS_MANAGED_SECRETS_KEY_ALIAS } from '../arn/key-arn';
import type { AwsContext } from '../aws/aws-context';
import { awsCall } from '../aws/aws-errors';
import { describeSecret, isAwsManagedSecretsKeyId } from '../aws/read-secret';
import { loadKmsSdk, loadSecretsManagerSdk } from '../aws/sdk';
import { bugError } from '../errors/wizard-error';
import type { PolicyDocument } from '../policy/policy-types';
import { regionOf } from '../arn/arn';


function isAwsManaged(keyId: string): boolean {
  return keyId === '' || keyId === 'aws/secretsmanager' || isAwsManagedSecretsKeyId(keyId);
}

/** The secret's KmsKeyId as DescribeSecret returns it; `alias/aws/secretsmanager` when it has none. */
export async function readSecretKeyId(ctx: AwsContext, secretArn: string): Promise<string> {
  return (await describeSecret(ctx, secretArn)).kmsKeyId ?? AWS_MANAGED_SECRETS_KEY_ALIAS;
}

/** Same key? A key id and the key ARN ending in it are the same; so are all spellings of the AWS managed key. */
export function sameKeyId(a: string, b: string): boolean {
  if (a === b) return true;
  if (isAwsManaged(a) || isAwsManaged(b)) return isAwsManaged(a) && isAwsManaged(b);
  const id = (value: string) => (value.includes(':key/') ? value.slice(value.indexOf(':key/') + 5) : value);
  return id(a) === id(b);
}

/**
 * Points the secret at another key (UpdateSecret with the full key ARN). AWS re-encrypts the
 * AWSCURRENT, AWSPENDING and AWSPREVIOUS versions (older versions stay on the old key); the caller
 * needs kms:Decrypt on the old key and kms:Encrypt (GenerateDataKey) on the new one.
 */
export async function updateSecretKey(ctx: AwsContext, secretArn: string, keyId: string): Promise<void> {
  const { UpdateSecretCommand } = await loadSecretsManagerSdk();
  const sm = await ctx.owner.secretsManager(regionOf(secretArn));
  const KmsKeyId = isAwsManaged(keyId) ? AWS_MANAGED_SECRETS_KEY_ALIAS : keyId;
  await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'UpdateSecret', resource: secretArn }, () => sm.send(new UpdateSecretCommand({ SecretId: secretArn, KmsKeyId })));
}

/** Creates a customer managed symmetric key with `policy` (which keeps the owner account's admin statement). */
export async function createSecretKey(ctx: AwsContext, region: string | undefined, policy: PolicyDocument, description: string): Promise<string> {
  const { CreateKeyCommand } = await loadKmsSdk();
  const kms = await ctx.owner.kms(region);
  const result = await awsCall(ctx.owner, { service: 'kms', operation: 'CreateKey' }, () =>
    kms.send(new CreateKeyCommand({ Policy: JSON.stringify(policy), Description: description, KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' })),
  );
  const arn = result.KeyMetadata?.Arn;
  if (!arn) throw bugError('CreateKey returned no key ARN');
  return arn;
}

/** Undo of a created key: KMS cannot delete at once; deletion is scheduled in 7 days (cancellable with CancelKeyDeletion). */
export async function scheduleKeyDeletion(ctx: AwsContext, keyArn: string): Promise<void> {
  const { ScheduleKeyDeletionCommand } = await loadKmsSdk();
  const kms = await ctx.owner.kms(regionOf(keyArn));
  // The key id (the client is in the key's region): AWS accepts it like the ARN, and moto 5 only accepts the id here.
  const keyId = keyArn.includes(':key/') ? keyArn.slice(keyArn.indexOf(':key/') + 5) : keyArn;
  await awsCall(ctx.owner, { service: 'kms', operation: 'ScheduleKeyDeletion', resource: keyArn }, () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })));
}
