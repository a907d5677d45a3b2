import { regionOf } from '../arn/arn';
import { parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { parseSecretRef } from '../arn/secret-arn';
import type { AwsContext } from '../aws/aws-context';
import { describeKey, readKeyPolicy, readKeyTags, type KeyDescription } from '../aws/read-key';
import { describeSecret, needsKeyLookup, readSecretPolicy, secretInfoFrom, type DescribedSecret } from '../aws/read-secret';
import { readShareState } from '../aws/read-share-state';
import type { SecretInfo, ShareRequest } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import type { ShareState } from '../plan/share-state';
import type { PolicyDocument } from '../policy/policy-types';

/** The owner side of one secret, read once however many consumers it has. */
export interface SecretSide {
  secret: SecretInfo;
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  keyTags?: Record<string, string>;
}

/** The consumer side of one identity policy (or of a consumer without one), read once for all its secrets. */
export type ConsumerSide = Pick<ShareState, 'consumer' | 'consumerAccountReadable' | 'identity' | 'principalExists'>;

/**
 * The reads of a manifest run, each made once and cached: a secret (DescribeSecret unless the
 * resolution already listed it, GetResourcePolicy started at once), its key (DescribeKey once per
 * key id, GetKeyPolicy and ListResourceTags once per key), and the consumer side of each identity
 * policy (through `readShareState`, whose owner-side reads of that secret and its key are kept: read
 * the consumer sides first and the other secrets after, and nothing is read twice). The
 * Get/Put/Delete/ValidateResourcePolicy calls are paced by the context's rate limit; the caller
 * bounds how many secrets are read at once.
 */
export class ManifestReader {
  private readonly secrets = new Map<string, Promise<SecretSide>>();
  private readonly keyDescriptions = new Map<string, Promise<KeyDescription>>();
  private readonly keyPolicies = new Map<string, Promise<PolicyDocument | null>>();
  private readonly keyTags = new Map<string, Promise<Record<string, string> | undefined>>();
  private readonly consumers = new Map<string, Promise<ConsumerSide>>();
  private consumerAccount: Promise<string | undefined> | undefined;

  constructor(private readonly ctx: AwsContext) {}

  /** The owner side of a secret (full ARN), with what the resolution already knows about it. */
  secret(arn: string, described?: DescribedSecret): Promise<SecretSide> {
    let found = this.secrets.get(arn);
    if (!found) {
      found = this.readSecret(arn, described);
      this.secrets.set(arn, found);
    }
    return found;
  }

  private async readSecret(arn: string, known: DescribedSecret | undefined): Promise<SecretSide> {
    const ref = parseSecretRef(arn, 'secret');
    // With a full ARN the resource policy does not wait for DescribeSecret.
    const policy = ref.kind === 'arn' ? readSecretPolicy(this.ctx, ref.secret.arn) : undefined;
    policy?.catch(() => undefined);
    const described = known ?? (await describeSecret(this.ctx, arn));
    const key = needsKeyLookup(described) ? await this.describeKeyOnce(described.kmsKeyId!, regionOf(described.arn)) : undefined;
    const secret = secretInfoFrom(described, key);
    const keyArn = secret.keyArn && !secret.usesAwsManagedKey ? secret.keyArn : undefined;
    const [secretPolicy, keyPolicy, keyTags] = await Promise.all([
      policy ?? readSecretPolicy(this.ctx, secret.arn),
      keyArn ? this.once(this.keyPolicies, keyArn, () => readKeyPolicy(this.ctx, keyArn)) : Promise.resolve(null),
      keyArn ? this.once(this.keyTags, keyArn, () => readKeyTags(this.ctx, keyArn)) : Promise.resolve(undefined),
    ]);
    return { secret, secretPolicy, keyPolicy, ...(keyTags && Object.keys(keyTags).length > 0 ? { keyTags } : {}) };
  }

  private describeKeyOnce(keyId: string, region: string | undefined): Promise<KeyDescription> {
    return this.once(this.keyDescriptions, keyId, () => describeKey(this.ctx, keyId, region));
  }

  private once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
    let found = cache.get(key);
    if (!found) {
      found = read();
      cache.set(key, found);
    }
    return found;
  }

  /** The account the consumer credentials sign in to (undefined without them). */
  private async consumerCredentialsAccount(): Promise<string | undefined> {
    if (!this.ctx.consumer) return undefined;
    this.consumerAccount ??= this.ctx.consumer.identity().then((identity) => identity.account);
    return this.consumerAccount;
  }

  /**
   * The consumer side of a request (its consumer, its identity policy as `request.policyName` names
   * it). Read with the consumer credentials when they sign in to that account, through the same
   * reader as a single share; built without a call when there is nothing to read (an account
   * consumer without a role) or no credentials for that account. `secretArn` is a secret of the
   * request: readShareState's owner-side reads of it serve `secret()` as well.
   */
  consumer(request: ShareRequest, secretArn: string, described?: DescribedSecret): Promise<ConsumerSide> {
    const key = [request.consumer, request.consumerIdentity ?? '', request.identityPolicy, request.policyName ?? ''].join('|');
    let found = this.consumers.get(key);
    if (!found) {
      found = this.readConsumer(request, secretArn, described);
      this.consumers.set(key, found);
    }
    return found;
  }

  private async readConsumer(request: ShareRequest, secretArn: string, described: DescribedSecret | undefined): Promise<ConsumerSide> {
    const ref = parseSecretRef(secretArn, 'secret');
    const partition = ref.kind === 'arn' ? ref.secret.partition : 'aws';
    const consumer: ConsumerPrincipal = parsePrincipal(request.consumer, 'consumer', partition);
    const name = described?.name ?? (ref.kind === 'arn' ? ref.secret.name : '');
    const target = identityTargetFor(consumer, request, secretArn, name);
    const account = target?.account ?? consumer.account;
    const credentials = target ? await this.consumerCredentialsAccount() : undefined;
    if (!target || credentials !== account) {
      // Nothing to read, or no credentials for that account: the identity policy is unknown (none yet).
      return { consumer, consumerAccountReadable: false, ...(target ? { identity: { target, document: null } } : {}) };
    }
    const read = await readShareState(this.ctx, { ...request, secret: secretArn });
    // The owner side of this secret and its key come with it: later reads use them.
    if (!this.secrets.has(secretArn)) this.secrets.set(secretArn, Promise.resolve({ secret: read.secret, secretPolicy: read.secretPolicy, keyPolicy: read.keyPolicy, ...(read.keyTags ? { keyTags: read.keyTags } : {}) }));
    const { keyArn, kmsKeyId, usesAwsManagedKey } = read.secret;
    if (keyArn && !usesAwsManagedKey) {
      if (kmsKeyId && !this.keyDescriptions.has(kmsKeyId)) this.keyDescriptions.set(kmsKeyId, Promise.resolve({ arn: keyArn, keyId: keyArn.split('/').pop() ?? '', awsManaged: false }));
      if (!this.keyPolicies.has(keyArn)) this.keyPolicies.set(keyArn, Promise.resolve(read.keyPolicy));
      if (!this.keyTags.has(keyArn)) this.keyTags.set(keyArn, Promise.resolve(read.keyTags));
    }
    return {
      consumer: read.consumer,
      consumerAccountReadable: read.consumerAccountReadable,
      ...(read.identity ? { identity: read.identity } : {}),
      ...(read.principalExists !== undefined ? { principalExists: read.principalExists } : {}),
    };
  }

  /** The identity state of another policy name of the same role/user (a split: `NAME-2`). */
  async identity(request: ShareRequest, secretArn: string, policyName: string): Promise<ShareState['identity']> {
    return (await this.consumer({ ...request, policyName }, secretArn)).identity;
  }
}

/** The ShareState of one share from its two sides. */
export function shareStateOf(secret: SecretSide, consumer: ConsumerSide): ShareState {
  return {
    secret: secret.secret,
    secretPolicy: secret.secretPolicy,
    keyPolicy: secret.keyPolicy,
    ...(secret.keyTags ? { keyTags: secret.keyTags } : {}),
    consumer: consumer.consumer,
    consumerAccountReadable: consumer.consumerAccountReadable,
    ...(consumer.identity ? { identity: consumer.identity } : {}),
    ...(consumer.principalExists !== undefined ? { principalExists: consumer.principalExists } : {}),
  };
}
