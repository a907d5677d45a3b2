import type { AwsContext } from '../aws/aws-context';
import { awsCall } from '../aws/aws-errors';
import { loadKmsSdk } from '../aws/sdk';
import type { PolicyDocument } from '../policy/policy-types';
import { regionOf } from '../arn/arn';

/**
 * Replaces the key policy (`PolicyName: "default"`, the only one a key has). Never bypasses the
 * lock-out safety check. (Read it with `readKeyPolicy` from aws/read-key.)
 */
export async function writeKeyPolicy(ctx: AwsContext, keyArn: string, document: PolicyDocument): Promise<void> {
  const { PutKeyPolicyCommand } = await loadKmsSdk();
  const kms = await ctx.owner.kms(regionOf(keyArn));
  await awsCall(ctx.owner, { service: 'kms', operation: 'PutKeyPolicy', resource: keyArn }, () =>
    kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(document) })),
  );
}
