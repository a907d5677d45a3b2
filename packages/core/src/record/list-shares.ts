import { accountOf } from '../arn/arn';
import type { AwsContext } from '../aws/aws-context';
import { listSecrets } from '../aws/list-resources';
import { optionalRead, readInlinePolicy, readManagedPolicy } from '../aws/read-consumer';
import { describeKey, readKeyPolicy } from '../aws/read-key';
import { describeSecret, isAwsManagedSecretsKeyId, readSecretPolicy } from '../aws/read-secret';
import { mapConcurrently } from '../batch/map-concurrently';
import { defaultPolicyName } from '../plan/sids';
import type { PolicyDocument } from '../policy/policy-types';
import { consumerOfGrantee, type RoleBinding } from '../arn/grantee';
import { recordGrantee, recordsFromTags, type ShareRecord } from './share-record';
import { consumersBySid, inferOptions, shareSides, stateOf, type ShareSides, type ShareState } from './share-sides';

/** One share of a secret, as `list` shows it. */
export interface ShareListing {
  secret: string;
  /** The consumer principal ARN, or the organization id / OU path. */
  consumer: string;
  /** `condition`: the role is granted as its account root with ArnEquals aws:PrincipalArn. */
  binding?: RoleBinding;
  /** The role/user that received the identity policy, when known. */
  consumerRole?: string;
  /** The managed policy ARN, `inline:<policy name>`, `administrator` (handed over), or null (unknown). */
  identityPolicy: string | null;
  state: ShareState;
  sides: ShareSides;
  /** True when the share has a record; false: found by the tool's Sids only (made before records). */
  recorded: boolean;
  keyArn?: string;
  createdAt?: string;
  tool?: string;
}

interface SecretToList {
  arn: string;
  name: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
}

export interface ListSharesOptions {
  /** One secret (ARN or name); every secret of the region when absent. */
  secret?: string;
  /** Secrets read at once (default 8); the policy APIs are also paced by the context's rate limit. */
  concurrency?: number;
}

/**
 * Every share of a secret (or of every secret in the region): the records on each secret plus the
 * consumers its policy names through the tool's own Sids (shares made before records existed), each
 * with the state of its three sides. The identity side is read when the consumer credentials can
 * (a consumer profile of that account); otherwise it is `unknown`. Reads only.
 */
export async function listShares(ctx: AwsContext, options: ListSharesOptions = {}): Promise<{ shares: ShareListing[]; secrets: number }> {
  const secrets: SecretToList[] = [];
  if (options.secret) {
    const described = await describeSecret(ctx, options.secret);
    secrets.push({ arn: described.arn, name: described.name, ...(described.kmsKeyId ? { kmsKeyId: described.kmsKeyId } : {}), tags: described.tags });
  } else {
    let nextToken: string | undefined;
    do {
      const page = await listSecrets(ctx, { maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      secrets.push(...page.secrets.map((s) => ({ arn: s.arn, name: s.name, ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}), tags: s.tags })));
      nextToken = page.nextToken;
    } while (nextToken);
  }

  // One read of each key's policy, however many secrets use it.
  const keys = new Map<string, Promise<{ arn: string; policy: PolicyDocument | null } | undefined>>();
  const keyOf = (secret: SecretToList) => {
    const id = secret.kmsKeyId;
    if (!id || isAwsManagedSecretsKeyId(id)) return Promise.resolve(undefined);
    let entry = keys.get(id);
    if (!entry) {
      entry = (async () => {
        const key = await describeKey(ctx, id, secret.arn.split(':')[3]);
        if (key.awsManaged) return undefined;
        return { arn: key.arn, policy: (await optionalRead(() => readKeyPolicy(ctx, key.arn))) ?? null };
      })();
      keys.set(id, entry);
    }
    return entry;
  };

  const perSecret = await mapConcurrently(secrets, options.concurrency ?? 8, async (secret) => {
    const [secretPolicy, key] = await Promise.all([readSecretPolicy(ctx, secret.arn), keyOf(secret).catch(() => undefined)]);
    const records = recordsFromTags(secret.tags, secret.arn);
    const recorded = new Set(records.map(({ record }) => recordGrantee(record)));
    const legacy = consumersBySid(secretPolicy, secret.arn).filter((grantee) => !recorded.has(grantee));
    const candidates: Array<{ record: ShareRecord; recorded: boolean }> = [
      ...records.map(({ record }) => ({ record, recorded: true })),
      ...legacy.map((grantee) => {
        const { consumer, binding } = consumerOfGrantee(grantee);
        const iam = /:(role|user)\//.test(consumer);
        return {
          recorded: false,
          record: {
            consumer,
            ...(binding === 'condition' ? { binding } : {}),
            ...(iam ? { identityArn: consumer, policyName: defaultPolicyName(secret.arn, secret.name) } : {}),
            identityMode: iam ? ('managed' as const) : ('none' as const),
            options: inferOptions(secretPolicy, secret.arn, grantee, key?.policy, key?.arn),
            createdAt: '',
            tool: '',
          } satisfies ShareRecord,
        };
      }),
    ];
    return Promise.all(
      candidates.map(async ({ record, recorded: hasRecord }) => {
        const identityPolicy = await readIdentity(ctx, record);
        const sides = shareSides(secret.arn, record, {
          secretPolicy,
          ...(key ? { keyArn: key.arn, keyPolicy: key.policy } : {}),
          ...(identityPolicy !== undefined ? { identityPolicy } : {}),
        });
        const listing: ShareListing = {
          secret: secret.arn,
          consumer: record.consumer,
          ...(record.binding === 'condition' ? { binding: record.binding } : {}),
          ...(record.identityArn ? { consumerRole: record.identityArn } : {}),
          identityPolicy: identityPolicyName(record),
          state: stateOf(sides),
          sides,
          recorded: hasRecord,
          ...(key ? { keyArn: key.arn } : record.keyArn ? { keyArn: record.keyArn } : {}),
          ...(record.createdAt ? { createdAt: record.createdAt } : {}),
          ...(record.tool ? { tool: record.tool } : {}),
        };
        return listing;
      }),
    );
  });
  return { shares: perSecret.flat(), secrets: secrets.length };

  /** The identity document when the consumer credentials can read it; undefined otherwise. */
  async function readIdentity(context: AwsContext, record: ShareRecord): Promise<PolicyDocument | null | undefined> {
    if (!context.consumer || !record.identityArn || !record.policyName || record.identityMode === 'none') return undefined;
    const account = accountOf(record.identityArn);
    const identity = await context.consumer.identity().catch(() => undefined);
    if (!identity || identity.account !== account) return undefined;
    const [kind, ...rest] = record.identityArn.split(':').slice(5).join(':').split('/');
    const name = rest.pop() ?? '';
    if (record.identityMode === 'inline') return optionalRead(() => readInlinePolicy(context.consumer!, kind === 'user' ? 'user' : 'role', name, record.policyName!));
    const policyArn = `arn:${record.identityArn.split(':')[1]}:iam::${account}:policy/${record.policyName}`;
    return (await optionalRead(() => readManagedPolicy(context.consumer!, policyArn)))?.document;
  }
}

function identityPolicyName(record: ShareRecord): string | null {
  if (record.identityMode === 'none' || !record.identityArn) return 'administrator';
  if (!record.policyName) return null;
  if (record.identityMode === 'inline') return `inline:${record.policyName}`;
  return `arn:${record.identityArn.split(':')[1]}:iam::${accountOf(record.identityArn)}:policy/${record.policyName}`;
}
