import { userError } from '../errors/wizard-error';
import type { AccountClients, AccountRole, AwsContext, CallerIdentity } from './aws-context';
import { awsCall, toAwsWizardError } from './aws-errors';
import { loadIamSdk, loadSecretsManagerSdk } from './sdk';
import { tagRecord } from '../iac/iac-markers';

/** Who the owner (default) or consumer credentials are: GetCallerIdentity, asked once per context. */
export async function getCallerIdentity(ctx: AwsContext, account: AccountRole = 'owner'): Promise<CallerIdentity> {
  const clients = accountClients(ctx, account);
  try {
    return await clients.identity();
  } catch (error) {
    throw await toAwsWizardError(error, account, { service: 'sts', operation: 'GetCallerIdentity' }, clients);
  }
}

export interface SecretSummary {
  name: string;
  arn: string;
  /** undefined: the AWS managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  description?: string;
  lastChangedDate?: Date;
  /** Its tags (the share records among them). */
  tags: Record<string, string>;
}

export interface ListSecretsOptions {
  /** Matches names, descriptions and tags (ListSecrets filter `all`). */
  search?: string;
  nextToken?: string;
  /** 1..100 (default 50). */
  maxResults?: number;
  region?: string;
}

/** One page of the owner account's secrets, for pickers. */
export async function listSecrets(ctx: AwsContext, options: ListSecretsOptions = {}): Promise<{ secrets: SecretSummary[]; nextToken?: string }> {
  const { ListSecretsCommand } = await loadSecretsManagerSdk();
  const client = await ctx.owner.secretsManager(options.region);
  const search = options.search?.trim();
  const result = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'ListSecrets' }, () =>
    client.send(
      new ListSecretsCommand({
        MaxResults: Math.min(100, Math.max(1, options.maxResults ?? 50)),
        ...(options.nextToken ? { NextToken: options.nextToken } : {}),
        ...(search ? { Filters: [{ Key: 'all', Values: [search] }] } : {}),
      }),
    ),
  );
  const secrets: SecretSummary[] = (result.SecretList ?? [])
    .filter((s) => s.ARN && s.Name)
    .map((s) => ({
      name: s.Name!,
      arn: s.ARN!,
      ...(s.KmsKeyId ? { kmsKeyId: s.KmsKeyId } : {}),
      ...(s.Description ? { description: s.Description } : {}),
      ...(s.LastChangedDate ? { lastChangedDate: s.LastChangedDate } : {}),
      tags: tagRecord(s.Tags) ?? {},
    }));
  return { secrets, ...(result.NextToken ? { nextToken: result.NextToken } : {}) };
}

export interface RoleSummary {
  name: string;
  arn: string;
  path: string;
  description?: string;
}

export interface ListRolesOptions {
  pathPrefix?: string;
  nextToken?: string;
  /** 1..1000 (default 100). */
  maxItems?: number;
}

/** One page of the consumer account's roles, for pickers. Needs a consumer profile. */
export async function listRoles(ctx: AwsContext, options: ListRolesOptions = {}): Promise<{ roles: RoleSummary[]; nextToken?: string }> {
  const consumer = accountClients(ctx, 'consumer');
  const { ListRolesCommand } = await loadIamSdk();
  const iam = await consumer.iam();
  const result = await awsCall(consumer, { service: 'iam', operation: 'ListRoles' }, () =>
    iam.send(
      new ListRolesCommand({
        MaxItems: Math.min(1000, Math.max(1, options.maxItems ?? 100)),
        ...(options.pathPrefix ? { PathPrefix: options.pathPrefix } : {}),
        ...(options.nextToken ? { Marker: options.nextToken } : {}),
      }),
    ),
  );
  const roles: RoleSummary[] = (result.Roles ?? [])
    .filter((r) => r.RoleName && r.Arn)
    .map((r) => ({ name: r.RoleName!, arn: r.Arn!, path: r.Path ?? '/', ...(r.Description ? { description: r.Description } : {}) }));
  return { roles, ...(result.IsTruncated && result.Marker ? { nextToken: result.Marker } : {}) };
}

function accountClients(ctx: AwsContext, account: AccountRole): AccountClients {
  if (account === 'owner') return ctx.owner;
  if (account === 'organization') {
    if (ctx.organization) return ctx.organization;
    throw userError('AWS_NO_ORGANIZATION_PROFILE', '--org-profile', 'no profile for the organization\'s management account was given', 'Pass --org-profile with a profile of the management account or a delegated administrator');
  }
  if (!ctx.consumer) {
    throw userError('AWS_NO_CONSUMER_PROFILE', '--consumer-profile', 'no profile for the consumer account was given', 'Pass --consumer-profile with a profile of the consumer account');
  }
  return ctx.consumer;
}
