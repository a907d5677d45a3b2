import { parseSecretRef } from '../arn/secret-arn';
import type { AwsContext } from '../aws/aws-context';
import { awsCall, isAwsNotFound } from '../aws/aws-errors';
import type { DescribedSecret } from '../aws/read-secret';
import { loadSecretsManagerSdk } from '../aws/sdk';
import { tagRecord } from '../iac/iac-markers';
import { mapConcurrently } from '../batch/map-concurrently';
import { isWizardError } from '../errors/wizard-error';
import { DEFAULT_SHARE_OPTIONS, type IdentityPolicyMode, type ShareRequest } from '../plan/plan-types';
import { buildShareRequest, type ShareRequestInput } from '../plan/share-request';
import { problemAt } from './manifest-location';
import type { Manifest, ManifestConsumer, ManifestOptions, ManifestProblem, SecretSelector, SourceLocation } from './manifest-types';
import { manifestError, type ManifestError } from './parse-manifest';

/** One share of the manifest: a secret (full ARN) × a consumer, as a request the planner takes. */
export interface ResolvedShare {
  request: ShareRequest;
  /** What the resolution learned about the secret (DescribeSecret or ListSecrets): no need to describe it again. */
  described?: DescribedSecret;
  /** The consumer as the manifest gives it. */
  consumer: ManifestConsumer;
  origin: { entry: number; entryName?: string; selector: number; consumer: number; field: string } & SourceLocation;
}

export interface ResolvedManifest {
  shares: ResolvedShare[];
  /** Errors (a name not found, a consumer the request builder refuses, ...) and warnings (a selector matching nothing). */
  problems: ManifestProblem[];
}

/** Selectors resolved at once (DescribeSecret, ListSecrets pages). */
const SELECTOR_CONCURRENCY = 8;

interface FoundSecret {
  arn: string;
  name: string;
  /** Set when the secret was described or listed (its key and tags are then known). */
  described?: DescribedSecret;
}

function regionOf(selector: SecretSelector, manifest: Manifest, ctx: AwsContext): string | undefined {
  return selector.region ?? manifest.data.region ?? ctx.region;
}

async function describeByName(ctx: AwsContext, secretId: string, region: string | undefined): Promise<FoundSecret | undefined> {
  const { DescribeSecretCommand } = await loadSecretsManagerSdk();
  const client = await ctx.owner.secretsManager(region);
  try {
    const result = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'DescribeSecret', resource: secretId }, () => client.send(new DescribeSecretCommand({ SecretId: secretId })));
    if (!result.ARN || !result.Name) return undefined;
    const described: DescribedSecret = { arn: result.ARN, name: result.Name, ...(result.KmsKeyId ? { kmsKeyId: result.KmsKeyId } : {}), tags: tagRecord(result.Tags) ?? {} };
    return { arn: result.ARN, name: result.Name, described };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (isAwsNotFound(cause) || (isWizardError(error) && error.code === 'AWS_NOT_FOUND')) return undefined;
    throw error;
  }
}

/**
 * ListSecrets (every page) with the `name` filter for a prefix and a `tag-key` filter for the first tag,
 * then exact checks here: the name starts with the prefix (case-sensitive) and every tag has its value.
 */
export async function listSecretsMatching(ctx: AwsContext, selector: { prefix?: string; tags?: Record<string, string> }, region: string | undefined): Promise<FoundSecret[]> {
  const { ListSecretsCommand } = await loadSecretsManagerSdk();
  const client = await ctx.owner.secretsManager(region);
  const tags = Object.entries(selector.tags ?? {});
  const filters = [
    ...(selector.prefix ? [{ Key: 'name' as const, Values: [selector.prefix] }] : []),
    ...(tags[0] ? [{ Key: 'tag-key' as const, Values: [tags[0][0]] }] : []),
  ];
  const found: FoundSecret[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'ListSecrets' }, () =>
      client.send(new ListSecretsCommand({ MaxResults: 100, Filters: filters, ...(token ? { NextToken: token } : {}) })),
    );
    for (const secret of page.SecretList ?? []) {
      if (!secret.ARN || !secret.Name) continue;
      if (selector.prefix && !secret.Name.startsWith(selector.prefix)) continue;
      const have = new Map((secret.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
      if (!tags.every(([key, value]) => have.get(key) === value)) continue;
      const described: DescribedSecret = { arn: secret.ARN, name: secret.Name, ...(secret.KmsKeyId ? { kmsKeyId: secret.KmsKeyId } : {}), tags: tagRecord(secret.Tags) ?? {} };
      found.push({ arn: secret.ARN, name: secret.Name, described });
    }
    token = page.NextToken;
  } while (token);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

type SelectorResult = { secrets: FoundSecret[]; problem?: ManifestProblem };

async function resolveSelector(ctx: AwsContext, manifest: Manifest, selector: SecretSelector, path: Array<string | number>): Promise<SelectorResult> {
  const region = regionOf(selector, manifest, ctx);
  if ('arn' in selector) {
    const ref = parseSecretRef(selector.arn, 'arn');
    if (ref.kind === 'arn') return { secrets: [{ arn: ref.secret.arn, name: ref.secret.name }] };
    // An ARN without its suffix: the owner account knows the full one.
    const found = await describeByName(ctx, selector.arn, ref.partialArn?.split(':')[3] || region);
    return found ? { secrets: [found] } : { secrets: [], problem: problemAt(manifest, [...path, 'arn'], `no secret ${selector.arn} in the owner account`, { code: 'AWS_NOT_FOUND' }) };
  }
  if ('name' in selector) {
    const found = await describeByName(ctx, selector.name, region);
    return found
      ? { secrets: [found] }
      : { secrets: [], problem: problemAt(manifest, [...path, 'name'], `no secret named "${selector.name}" in the owner account${region ? ` in ${region}` : ''}`, { code: 'AWS_NOT_FOUND' }) };
  }
  const secrets = await listSecretsMatching(ctx, selector, region);
  if (secrets.length > 0) return { secrets };
  const what = [selector.prefix ? `names starting with "${selector.prefix}"` : '', selector.tags ? `tags ${JSON.stringify(selector.tags)}` : ''].filter(Boolean).join(' and ');
  return { secrets: [], problem: problemAt(manifest, path, `matches no secret (${what}${region ? ` in ${region}` : ''})`, { severity: 'warning' }) };
}

/** The principal as the request builder takes it (org and OU strings as given: the builder decides). */
function consumerText(consumer: ManifestConsumer): string {
  return consumer.account ?? consumer.role ?? consumer.user ?? consumer.org ?? consumer.ou ?? '';
}

function merged(...layers: Array<ManifestOptions | undefined>): ManifestOptions {
  const result: ManifestOptions = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) if (value !== undefined && key in OPTION_KEYS) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

const OPTION_KEYS: Record<keyof ManifestOptions, true> = { versionStage: true, consumerPolicy: true, consumerRole: true, policyName: true, describe: true, contextCondition: true, allowDrift: true };

function requestInput(arn: string, consumer: ManifestConsumer, options: ManifestOptions): ShareRequestInput | string {
  const hasIdentity = options.consumerRole !== undefined || consumer.role !== undefined || consumer.user !== undefined;
  const mode: IdentityPolicyMode = options.consumerPolicy ?? (hasIdentity ? 'managed' : 'none');
  if (consumer.account && (mode === 'managed' || mode === 'inline') && options.consumerRole === undefined) {
    return `consumerPolicy ${mode} needs consumerRole when the consumer is an account (or use consumerPolicy: none to hand the document to its administrator)`;
  }
  return {
    secret: arn,
    consumer: consumerText(consumer),
    ...(consumer.binding === 'condition' ? { roleBinding: 'condition' } : {}),
    identityPolicy: mode,
    ...(options.consumerRole !== undefined ? { consumerIdentity: options.consumerRole } : {}),
    ...(options.policyName !== undefined && mode !== 'none' ? { policyName: options.policyName } : {}),
    options: {
      ...DEFAULT_SHARE_OPTIONS,
      ...(options.versionStage ? { versionStage: options.versionStage } : {}),
      ...(options.describe !== undefined ? { grantDescribe: options.describe } : {}),
      ...(options.contextCondition !== undefined ? { contextCondition: options.contextCondition } : {}),
    },
    ...(options.allowDrift ? { allowDrift: true } : {}),
  };
}

/**
 * Expands a parsed manifest into share requests: each entry's selectors into full secret ARNs
 * (ARN as given; name → DescribeSecret; prefix / tags → ListSecrets with filters, every page), times
 * its consumers, with options layered defaults → entry → consumer. Each request goes through
 * `buildShareRequest` (the same validation as the CLI flags); what it refuses (e.g. consumerPolicy
 * managed for an organization, whose member accounts grant their own roles) becomes a problem at that
 * consumer's line. The same secret × consumer listed twice is shared once, or is a problem when the two differ.
 * Writes nothing.
 */
export async function resolveManifest(ctx: AwsContext, manifest: Manifest): Promise<ResolvedManifest> {
  const problems: ManifestProblem[] = [];
  const jobs = manifest.data.shares.flatMap((share, entry) => share.secrets.map((selector, index) => ({ entry, index, selector })));
  const results = await mapConcurrently(jobs, SELECTOR_CONCURRENCY, (job) => resolveSelector(ctx, manifest, job.selector, ['shares', job.entry, 'secrets', job.index]));
  const shares: ResolvedShare[] = [];
  const seen = new Map<string, { json: string; field: string; line: number }>();
  manifest.data.shares.forEach((share, entry) => {
    const secrets: Array<FoundSecret & { selector: number }> = [];
    const arns = new Set<string>();
    jobs.forEach((job, jobIndex) => {
      if (job.entry !== entry) return;
      const result = results[jobIndex]!;
      if (result.problem) problems.push(result.problem);
      for (const secret of result.secrets) {
        if (arns.has(secret.arn)) continue;
        arns.add(secret.arn);
        secrets.push({ ...secret, selector: job.index });
      }
    });
    share.consumers.forEach((consumer, consumerIndex) => {
      const path = ['shares', entry, 'consumers', consumerIndex];
      const options = merged(manifest.data.defaults, share, consumer);
      for (const secret of secrets) {
        const input = requestInput(secret.arn, consumer, options);
        const at = problemAt(manifest, path, '');
        if (typeof input === 'string') {
          problems.push({ ...at, message: input });
          break;
        }
        let request: ShareRequest;
        try {
          request = buildShareRequest(input);
        } catch (error) {
          if (!isWizardError(error)) throw error;
          problems.push({ ...at, message: error.message, code: error.code });
          break;
        }
        const key = `${request.secret}\n${request.consumer}`;
        const json = JSON.stringify(request);
        const earlier = seen.get(key);
        if (earlier) {
          if (earlier.json !== json) problems.push({ ...at, message: `shares ${secret.arn} with ${request.consumer} again, with other options than ${earlier.field} (line ${earlier.line}); list it once` });
          continue;
        }
        seen.set(key, { json, field: at.field, line: at.line });
        shares.push({
          request,
          ...(secret.described ? { described: secret.described } : {}),
          consumer,
          origin: { entry, ...(share.name ? { entryName: share.name } : {}), selector: secret.selector, consumer: consumerIndex, field: at.field, line: at.line, column: at.column },
        });
      }
    });
  });
  return { shares, problems };
}

/** The shares, or a MANIFEST_INVALID error listing every error (warnings alone do not stop it). */
export function requireResolved(manifest: Manifest, resolved: ResolvedManifest): ResolvedShare[] {
  if (resolved.problems.some((problem) => problem.severity === 'error')) throw manifestError(manifest.file, resolved.problems) as ManifestError;
  return resolved.shares;
}
