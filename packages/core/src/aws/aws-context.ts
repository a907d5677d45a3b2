import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { loadEc2Sdk, loadIamSdk, loadKmsSdk, loadOrganizationsSdk, loadSecretsManagerSdk, loadStsSdk } from './sdk';
import { createRateLimiter, type TokenBucket } from './token-bucket';

/** Whose credentials: the secret's account, the consumer's, or the organization's management account (or delegated administrator). */
export type AccountRole = 'owner' | 'consumer' | 'organization';
export type AwsService = 'secretsmanager' | 'kms' | 'iam' | 'sts' | 'organizations' | 'ec2';

/** One AWS API call (counted once per `send`, whatever the retries). */
export interface AwsCall {
  account: AccountRole;
  service: AwsService;
  operation: string;
  /** Sequential round trips up to and including this call: 1 + the most of any call finished before it started. */
  depth?: number;
}

export interface AwsContextOptions {
  /** Profile of the account that owns the secret and key (default: the SDK's default chain). */
  ownerProfile?: string;
  /** Profile of the consumer account; without it the consumer side is not read. */
  consumerProfile?: string;
  /** Profile of the organization's management account or a delegated administrator (SCPs, RCPs); optional. */
  organizationProfile?: string;
  /** Default region; the region of a full secret ARN always wins. */
  region?: string;
  /** Endpoint override (the SDK also honours AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Attempts per call, first one included (SDK standard retry strategy; default 3). */
  maxAttempts?: number;
  /** Requests per second for Get/Put/Delete/ValidateResourcePolicy (AWS allows 50 per account and region). */
  secretsManagerRateLimit?: number;
  /**
   * Credentials of the owner account instead of a profile: a provider the SDK calls when it needs
   * them (e.g. a role assumed in a member account of an organization by `audit --org`).
   */
  ownerCredentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
  /** Credentials of the consumer account instead of a profile (the consumer clients exist with either). */
  consumerCredentials?: AwsContextOptions['ownerCredentials'];
}

/** The SDK clients of one account; each is created on first use (and the SDK loaded then). */
export interface AccountClients {
  role: AccountRole;
  profile?: string;
  secretsManager(region?: string): Promise<SecretsManagerClient>;
  kms(region?: string): Promise<KMSClient>;
  iam(region?: string): Promise<IAMClient>;
  sts(region?: string): Promise<STSClient>;
  /** AWS Organizations (a global service; its endpoint is in us-east-1 for the aws partition). */
  organizations(region?: string): Promise<OrganizationsClient>;
  /** EC2 (DescribeRegions only: the regions enabled in the account). */
  ec2(region?: string): Promise<EC2Client>;
  /** Account id, ARN and user id of these credentials (GetCallerIdentity, asked once). */
  identity(): Promise<CallerIdentity>;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface AwsContext {
  owner: AccountClients;
  consumer?: AccountClients;
  /** The organization's management account or delegated administrator, when a profile was given. */
  organization?: AccountClients;
  region?: string;
  endpoint?: string;
  /** Every call made through this context, in order. Tests and the benchmark count them. */
  calls: AwsCall[];
  /** Calls in flight now and the most at once so far (proof that reads run in parallel). */
  concurrency: { current: number; max: number };
  /** The most sequential round trips of any call so far (see `AwsCall.depth`). */
  roundTrips(): number;
  /** Closes the clients' connections. */
  destroy(): void;
}

/** The Secrets Manager operations that share the 50-requests-per-second quota. */
const POLICY_OPERATIONS = new Set(['GetResourcePolicyCommand', 'PutResourcePolicyCommand', 'DeleteResourcePolicyCommand', 'ValidateResourcePolicyCommand']);

interface Middlewareable {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize' | 'finalizeRequest'; name: string; priority?: 'high' | 'normal' | 'low' },
    ): void;
  };
  config: { credentials?: unknown };
  destroy(): void;
}

function createAccountClients(
  role: AccountRole,
  profile: string | undefined,
  options: AwsContextOptions,
  credentials: AwsContextOptions['ownerCredentials'],
  calls: AwsCall[],
  concurrency: AwsContext['concurrency'] & { finishedDepth?: number },
  all: Middlewareable[],
): AccountClients {
  const cache = new Map<string, Promise<Middlewareable>>();
  // An even pace without bursts: no 1 s window ever holds more than the quota (a full token bucket
  // would allow a burst of `rate` at once plus `rate` more within the same second), and a timer a busy
  // event loop fires late does not lose its slot (a bucket of capacity 1 does): paced runs keep the rate.
  const limiter: TokenBucket | undefined = options.secretsManagerRateLimit ? createRateLimiter(options.secretsManagerRateLimit) : undefined;
  // One credential provider per account, shared by its clients: a role or SSO profile is resolved once.
  let first: Promise<Middlewareable> | undefined;

  function instrument<T extends Middlewareable>(client: T, service: AwsService): T {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const call: AwsCall = { account: role, service, operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''), depth: (concurrency.finishedDepth ?? 0) + 1 };
        calls.push(call);
        concurrency.current += 1;
        concurrency.max = Math.max(concurrency.max, concurrency.current);
        try {
          return await next(args);
        } finally {
          concurrency.current -= 1;
          concurrency.finishedDepth = Math.max(concurrency.finishedDepth ?? 0, call.depth ?? 0);
        }
      },
      { step: 'initialize', name: 'secretShareWizardCallCounter' },
    );
    if (limiter && service === 'secretsmanager') {
      // Inside the retry middleware: every attempt takes a token.
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName && POLICY_OPERATIONS.has(context.commandName)) await limiter.acquire();
          return next(args);
        },
        { step: 'finalizeRequest', name: 'secretShareWizardRateLimit', priority: 'low' },
      );
    }
    return client;
  }

  function get<T>(service: AwsService, region: string | undefined, make: (config: Record<string, unknown>) => Promise<T>): Promise<T> {
    const effectiveRegion = region ?? options.region;
    const key = `${service}@${effectiveRegion ?? ''}`;
    let client = cache.get(key);
    if (!client) {
      const config: Record<string, unknown> = {
        retryMode: 'standard',
        maxAttempts: options.maxAttempts ?? 3,
        ...(effectiveRegion ? { region: effectiveRegion } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(credentials ? { credentials } : profile ? { profile } : {}),
      };
      const previous = first;
      const created = (async () => {
        // Later clients reuse the first client's (memoised) credential provider.
        if (previous && !credentials) config.credentials = (await previous).config.credentials;
        const made = (await make(config)) as unknown as Middlewareable;
        all.push(made);
        return instrument(made, service);
      })();
      first ??= created;
      client = created;
      cache.set(key, client);
    }
    return client as unknown as Promise<T>;
  }

  let identity: Promise<CallerIdentity> | undefined;
  const clients: AccountClients = {
    role,
    ...(profile ? { profile } : {}),
    secretsManager: (region) => get('secretsmanager', region, async (config) => new (await loadSecretsManagerSdk()).SecretsManagerClient(config)),
    kms: (region) => get('kms', region, async (config) => new (await loadKmsSdk()).KMSClient(config)),
    iam: (region) => get('iam', region, async (config) => new (await loadIamSdk()).IAMClient(config)),
    sts: (region) => get('sts', region, async (config) => new (await loadStsSdk()).STSClient(config)),
    organizations: (region) => get('organizations', region, async (config) => new (await loadOrganizationsSdk()).OrganizationsClient(config)),
    ec2: (region) => get('ec2', region, async (config) => new (await loadEc2Sdk()).EC2Client(config)),
    identity() {
      identity ??= (async () => {
        const { GetCallerIdentityCommand } = await loadStsSdk();
        const result = await (await clients.sts()).send(new GetCallerIdentityCommand({}));
        return { account: result.Account ?? '', arn: result.Arn ?? '', userId: result.UserId ?? '' };
      })();
      identity.catch(() => (identity = undefined));
      return identity;
    },
  };
  return clients;
}

/**
 * The AWS access of one command: clients for the owner account and, optionally, the consumer
 * account, through the standard credential chain (`profile`), the SDK's standard retry strategy,
 * a call counter, and an optional rate limit on the Secrets Manager resource-policy APIs.
 * Nothing is loaded or called until a client is asked for.
 */
export function createAwsContext(options: AwsContextOptions = {}): AwsContext {
  const calls: AwsCall[] = [];
  const concurrency: AwsContext['concurrency'] & { finishedDepth?: number } = { current: 0, max: 0 };
  const all: Middlewareable[] = [];
  const owner = createAccountClients('owner', options.ownerProfile, options, options.ownerCredentials, calls, concurrency, all);
  const consumer = options.consumerProfile || options.consumerCredentials ? createAccountClients('consumer', options.consumerProfile, options, options.consumerCredentials, calls, concurrency, all) : undefined;
  const organization = options.organizationProfile ? createAccountClients('organization', options.organizationProfile, options, undefined, calls, concurrency, all) : undefined;
  return {
    owner,
    ...(consumer ? { consumer } : {}),
    ...(organization ? { organization } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    calls,
    concurrency,
    roundTrips: () => calls.reduce((most, call) => Math.max(most, call.depth ?? 0), 0),
    destroy() {
      for (const client of all.splice(0)) client.destroy();
    },
  };
}

/** Calls counted per `service:Operation`, e.g. `{ 'secretsmanager:DescribeSecret': 1 }`. */
export function countCalls(calls: readonly AwsCall[], account?: AccountRole): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    if (account && call.account !== account) continue;
    const key = `${call.service}:${call.operation}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
