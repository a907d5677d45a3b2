import { accountOf, partitionOf, regionOf } from '../arn/arn';
import type { ConsumerPrincipal } from '../arn/principal';
import type { AwsContext } from '../aws/aws-context';
import { checkRegion } from '../aws/regions';
import { userError } from '../errors/wizard-error';

/**
 * Refusals every session makes before its first AWS call: an unknown region (from the flag, the
 * profile or an ARN) and an ARN whose partition and region disagree.
 */
export async function checkRegions(ctx: AwsContext, arns: Array<{ arn: string | undefined; field: string }>, regionField = '--region'): Promise<void> {
  const checks: Array<Promise<unknown>> = [];
  for (const { arn, field } of arns) {
    const region = regionOf(arn);
    if (arn?.startsWith('arn:') && region) checks.push(checkRegion(region, field, partitionOf(arn)));
  }
  if (ctx.region) checks.push(checkRegion(ctx.region, regionField));
  await Promise.all(checks);
  // The profile's region (no call: the SDK reads it from the config) when nothing else names one.
  if (!ctx.region && !arns.some(({ arn }) => regionOf(arn))) {
    const region = await (await ctx.owner.secretsManager()).config.region().catch(() => undefined);
    if (region) await checkRegion(region, `the region of profile "${ctx.owner.profile ?? process.env.AWS_PROFILE ?? 'default'}"`);
  }
}

/**
 * Consumer and owner are the same account: a resource policy is not how an account reads its own
 * secret (its IAM policies alone decide), and the statement would grant the owner's root.
 */
export function refuseSameAccount(consumer: ConsumerPrincipal | { account: string }, ownerAccount: string | undefined, field = '--consumer'): void {
  if (!ownerAccount || consumer.account !== ownerAccount) return;
  throw userError(
    'INPUT_CONSUMER_IS_OWNER',
    field,
    `${consumer.account} is the account that owns the secret`,
    'Same-account access needs no resource policy: attach an IAM policy allowing secretsmanager:GetSecretValue (and kms:Decrypt) to the role instead, or name the other account',
  );
}

/** The owner account a secret reference names (a full or partial ARN), or undefined for a name. */
export function ownerAccountOf(secret: string): string | undefined {
  return secret.startsWith('arn:') ? accountOf(secret) : undefined;
}
