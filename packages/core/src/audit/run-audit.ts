import { partitionOf } from '../arn/arn';
import { createAwsContext, type AwsContext, type AwsContextOptions } from '../aws/aws-context';
import { awsCall, toAwsWizardError } from '../aws/aws-errors';
import { describeOrganization, organizationsRegion } from '../aws/read-organization';
import { loadEc2Sdk, loadOrganizationsSdk, loadStsSdk } from '../aws/sdk';
import { mapConcurrently } from '../batch/map-concurrently';
import { WizardError, isWizardError, type ErrorInfo } from '../errors/wizard-error';
import { AUDIT_STATUSES, needsAttention, type AuditFailure, type AuditGrant, type AuditProgress, type AuditReport, type AuditScope, type AuditStatus } from './audit-types';
import { classifyAccount } from './classify-grants';
import { readRegion } from './read-account';

/** The Secrets Manager resource-policy APIs share 50 requests per second per account and region. */
export const AUDIT_DEFAULT_RATE_LIMIT = 50;
const DEFAULT_SECRET_CONCURRENCY = 16;
const DEFAULT_ACCOUNT_CONCURRENCY = 4;
/** Assumed-role credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface AuditRunInput {
  /** Regions to read; `all`: the regions enabled in each account (EC2 DescribeRegions). Default: the profile's region. */
  regions?: string[] | 'all';
  /** Every account of the organization, through this role in each (from the management account or a delegated administrator). */
  org?: { roleName: string };
  /** GetResourcePolicy requests per second, per account and region (default 50, AWS's quota). */
  rateLimit?: number;
  /** Secrets read at once per account and region (default 16). */
  concurrency?: number;
  /** Accounts read at once (default 4); each account's regions are read at once. */
  accountConcurrency?: number;
  onProgress?: (progress: AuditProgress) => void;
  signal?: AbortSignal;
}

/** How to reach one audited account again (for `--fix`): its context options. */
export type AccountAccess = Map<string, AwsContextOptions>;

export interface AuditRun {
  report: AuditReport;
  /** The account the credentials sign in to (the management or delegated administrator account with `org`). */
  caller: string;
  access: AccountAccess;
}

type Credentials = NonNullable<AwsContextOptions['ownerCredentials']>;

/**
 * STS AssumeRole of `roleName` in `account` with the caller's credentials, renewed before it expires.
 * A refusal is AWS_ASSUME_ROLE_FAILED naming the account and the role (reported for that account).
 */
function assumeRole(base: AwsContext, partition: string, account: string, roleName: string): Credentials {
  const roleArn = `arn:${partition}:iam::${account}:role/${roleName}`;
  let cached: { value: Awaited<ReturnType<Credentials>>; expires: number } | undefined;
  let pending: Promise<Awaited<ReturnType<Credentials>>> | undefined;
  return async () => {
    if (cached && cached.expires - Date.now() > RENEW_BEFORE_MS) return cached.value;
    pending ??= (async () => {
      try {
        const { AssumeRoleCommand } = await loadStsSdk();
        const sts = await base.owner.sts();
        const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'secret-share-wizard-audit', DurationSeconds: 3600 }));
        const credentials = result.Credentials;
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
        const expiration = credentials.Expiration ?? new Date(Date.now() + 3_600_000);
        const value = { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}), expiration };
        cached = { value, expires: expiration.getTime() };
        return value;
      } catch (error) {
        throw new WizardError('AWS_ASSUME_ROLE_FAILED', `account ${account}: could not assume ${roleArn} (${error instanceof Error ? error.message : String(error)})`, {
          fix: `Create the role ${roleName} in account ${account} trusting the account that runs the audit (AWS Organizations creates OrganizationAccountAccessRole in the accounts it creates), or pass --role-name with one that exists`,
          cause: error,
        });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** ListAccounts, every page: the active accounts of the organization. */
async function listAccounts(base: AwsContext, partition: string): Promise<string[]> {
  const sdk = await loadOrganizationsSdk();
  const client = await base.owner.organizations(organizationsRegion(partition, base.region));
  const accounts: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(base.owner, { service: 'organizations', operation: 'ListAccounts' }, () => client.send(new sdk.ListAccountsCommand({ ...(token ? { NextToken: token } : {}) })));
    for (const account of page.Accounts ?? []) {
      const state = (account as { State?: string }).State ?? account.Status;
      if (account.Id && (state === undefined || state === 'ACTIVE')) accounts.push(account.Id);
    }
    token = page.NextToken;
  } while (token);
  return accounts.sort();
}

/** EC2 DescribeRegions: the regions enabled in the account. */
async function enabledRegions(ctx: AwsContext): Promise<string[]> {
  const sdk = await loadEc2Sdk();
  const ec2 = await ctx.owner.ec2();
  const result = await awsCall(ctx.owner, { service: 'ec2', operation: 'DescribeRegions' }, () => ec2.send(new sdk.DescribeRegionsCommand({ AllRegions: false })));
  return (result.Regions ?? []).map((region) => region.RegionName ?? '').filter(Boolean).sort();
}

function failureOf(error: unknown, account: string, region?: string): AuditFailure {
  const info: Pick<ErrorInfo, 'code' | 'message'> & { fix?: string } = isWizardError(error)
    ? { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) }
    : { code: 'AWS_ERROR', message: error instanceof Error ? error.message : String(error) };
  return { account, ...(region ? { region } : {}), ...info };
}

/** GetCallerIdentity, its failure as the WizardError that says what to do (an assumed role's own). */
async function signIn(ctx: AwsContext) {
  try {
    return await ctx.owner.identity();
  } catch (error) {
    throw isWizardError(error) ? error : await toAwsWizardError(error, 'owner', { service: 'sts', operation: 'GetCallerIdentity' }, ctx.owner);
  }
}

function emptyCounts(): Record<AuditStatus, number> {
  return Object.fromEntries(AUDIT_STATUSES.map((status) => [status, 0])) as Record<AuditStatus, number>;
}

/**
 * `audit`: every cross-account grant of every secret (and key) of one account — or, with `org`, of
 * every account of the organization (the role assumed in each) — in the given regions. Accounts
 * are read `accountConcurrency` at once, each account's regions at once, each account and region
 * with its own context and its own GetResourcePolicy budget (`rateLimit` per second: a token bucket
 * per account and region, never a burst). An account or region that cannot be read is a failure in
 * the report, never the end of the audit. Reads only.
 */
export async function runAudit(aws: AwsContextOptions, input: AuditRunInput, createContext: (options: AwsContextOptions) => AwsContext = createAwsContext): Promise<AuditRun> {
  const started = performance.now();
  const rate = input.rateLimit ?? AUDIT_DEFAULT_RATE_LIMIT;
  const base = createContext(aws);
  const contexts: AwsContext[] = [base];
  const access: AccountAccess = new Map();
  const failures: AuditFailure[] = [];
  const shares: AuditGrant[] = [];
  const scopes: AuditScope[] = [];
  const progress = { done: 0, total: 0, scopesDone: 0, scopes: 0 };
  let policyRequests = 0;
  let secretCount = 0;
  try {
    const caller = await signIn(base);
    const partition = partitionOf(caller.arn);
    const accounts = input.org ? await listAccounts(base, partition) : [caller.account];
    const { roleName } = input.org ?? { roleName: '' };
    // Without --region: the caller's profile's region, for every account (an assumed role has no profile).
    let defaultRegion: Promise<string> | undefined;
    const regionOfCaller = () => (defaultRegion ??= aws.region ? Promise.resolve(aws.region) : base.owner.secretsManager().then((client) => client.config.region()));

    await mapConcurrently(accounts, Math.max(1, input.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY), async (account) => {
      if (input.signal?.aborted) return;
      const own = account === caller.account;
      const options: AwsContextOptions = own ? { ...aws } : { ...aws, ownerProfile: undefined, ownerCredentials: assumeRole(base, partition, account, roleName) };
      access.set(account, options);
      const ctx = own ? base : createContext(options);
      if (!own) contexts.push(ctx);
      let regions: string[];
      let ownerOrgId: string | undefined;
      try {
        const identity = await signIn(ctx);
        if (identity.account !== account) throw new WizardError('AWS_ASSUMED_WRONG_ACCOUNT', `account ${account}: the credentials sign in to account ${identity.account}`, { fix: `Check the role ${roleName} in account ${account}` });
        const [listed, organization] = await Promise.all([
          input.regions === 'all' ? enabledRegions(ctx) : input.regions && input.regions.length > 0 ? Promise.resolve(input.regions) : regionOfCaller().then((region) => [region]),
          describeOrganization(ctx.owner, organizationsRegion(partition, aws.region)).catch(() => undefined),
        ]);
        regions = listed;
        ownerOrgId = organization?.orgId;
      } catch (error) {
        failures.push(failureOf(error, account));
        return;
      }
      progress.scopes += regions.length;
      await Promise.all(
        regions.map(async (region) => {
          const regional = createContext({ ...options, region, secretsManagerRateLimit: rate });
          try {
            const read = await readRegion(regional, account, region, {
              concurrency: input.concurrency ?? DEFAULT_SECRET_CONCURRENCY,
              ...(input.signal ? { signal: input.signal } : {}),
              onListed: (count) => {
                progress.total += count;
                input.onProgress?.({ account, region, ...progress });
              },
              onRead: () => {
                progress.done += 1;
                input.onProgress?.({ account, region, ...progress });
              },
            });
            const grants = classifyAccount({ account, region, partition: read.partition, secrets: read.secrets, ...(ownerOrgId ? { ownerOrgId } : {}) });
            shares.push(...grants);
            failures.push(...read.failures);
            secretCount += read.secrets.length + read.failures.length;
            scopes.push({ account, region, secrets: read.secrets.length, grants: grants.length });
          } catch (error) {
            failures.push(failureOf(error, account, region));
          } finally {
            policyRequests += regional.calls.filter((call) => call.operation === 'GetResourcePolicy').length;
            regional.destroy();
            progress.scopesDone += 1;
            input.onProgress?.({ account, region, ...progress });
          }
        }),
      );
    });

    shares.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || (a.secret ?? '').localeCompare(b.secret ?? '') || a.principal.localeCompare(b.principal));
    scopes.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    failures.sort((a, b) => a.account.localeCompare(b.account) || (a.region ?? '').localeCompare(b.region ?? ''));
    const byStatus = emptyCounts();
    for (const share of shares) byStatus[share.status] += 1;
    const failedAccounts = new Set(failures.filter((f) => f.region === undefined).map((f) => f.account)).size;
    return {
      caller: caller.account,
      access,
      report: {
        shares,
        failures,
        scopes,
        summary: {
          accounts: accounts.length,
          regions: new Set(scopes.map((scope) => scope.region)).size,
          secrets: secretCount,
          grants: shares.length,
          byStatus,
          attention: shares.filter((share) => needsAttention(share.status)).length,
          failedAccounts,
          policyRequests,
          seconds: Math.round((performance.now() - started) / 10) / 100,
        },
      },
    };
  } finally {
    for (const ctx of contexts) ctx.destroy();
  }
}
