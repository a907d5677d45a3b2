import { parseKeyArn } from '../arn/key-arn';
import { isOrgConsumer, parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { describeOrganization, organizationsRegion } from './read-organization';
import { parseSecretRef } from '../arn/secret-arn';
import { userError } from '../errors/wizard-error';
import type { IdentityTarget, SecretInfo, ShareRequest } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import type { ShareState } from '../plan/share-state';
import type { PolicyDocument } from '../policy/policy-types';
import type { AccountClients, AwsContext } from './aws-context';
import { toAwsWizardError } from './aws-errors';
import {
  attachedPolicyVersions,
  iamEntityExists,
  listAttachedPolicyArns,
  listInlinePolicyNames,
  optionalRead,
  readAttachedPolicyDocument,
  readInlinePolicy,
  readManagedPolicy,
} from './read-consumer';
import { describeKey, readKey, readKeyPolicy, readKeyTags } from './read-key';
import { describeSecret, needsKeyLookup, readSecretPolicy, secretInfoFrom, secretRegion, type DescribedSecret } from './read-secret';
import { accountOf, partitionOf, regionOf } from '../arn/arn';

/**
 * Reads everything the planner needs from AWS, every read as soon as what it needs is known — two
 * sequential round trips for a full secret ARN:
 *
 * 1. at once: DescribeSecret (name → full ARN, KmsKeyId, tags), GetResourcePolicy, and (with a
 *    consumer profile) GetCallerIdentity (the profile must be the consumer account), GetRole/GetUser
 *    of the principal and of the identity target, the attached and inline policy lists, ListPolicies
 *    `OnlyAttached` (every attached policy's default version id), and our managed policy
 *    (ListPolicyVersions: its name derives from the full ARN) or inline policy (GetRole/UserPolicy);
 * 2. when those answer: DescribeKey + GetKeyPolicy (`PolicyName: "default"`) + ListResourceTags of the
 *    secret's key (or of the destination key when `moveToKey` is set), GetPolicyVersion of our policy's
 *    default version and of each other attached policy, Get*Policy of each other inline policy.
 *
 * A secret given by name costs one more round (what needs its ARN waits for DescribeSecret). The
 * other policies serve only the simulation: what the credentials may not read is skipped silently.
 * `inFlight`: a DescribeSecret of `request.secret` already in flight (revoke), not asked again.
 * `allVersions`: read every version of our managed policy, not only the default (revoke deletes them).
 */
export async function readShareState(ctx: AwsContext, request: ShareRequest, inFlight?: Promise<DescribedSecret>, options: { allVersions?: boolean } = {}): Promise<ShareState> {
  // Validate all input before the first call.
  const ref = parseSecretRef(request.secret, 'secret');
  const earlyPartition = ref.kind === 'arn' ? ref.secret.partition : 'aws';
  const early = parsePrincipal(request.consumer, 'consumer', earlyPartition);
  // The role/user that receives the identity policy (validates consumerIdentity); the policy name comes later.
  const entity = identityTargetFor(early, request, '', '');
  const moveTo = request.moveToKey && 'keyArn' in request.moveToKey ? parseKeyArn(request.moveToKey.keyArn, 'moveToKey') : undefined;
  // With a full ARN the identity target (and our policy's name) is known before DescribeSecret answers.
  const earlyTarget = ref.kind === 'arn' ? identityTargetFor(early, request, ref.secret.arn, ref.secret.name) : undefined;

  const described = inFlight ?? describeSecret(ctx, request.secret);
  // With a full ARN the resource policy does not wait for DescribeSecret.
  const secretPolicy = ref.kind === 'arn' ? readSecretPolicy(ctx, ref.secret.arn) : described.then((d) => readSecretPolicy(ctx, d.arn));
  const keySide = described.then((d) => readKeySide(ctx, d, moveTo?.arn, request.moveToKey !== undefined && !moveTo));
  const consumerPrincipal = described.then((d) => parsePrincipal(request.consumer, 'consumer', partitionOf(d.arn)));
  const consumerSide = readConsumerSide(ctx, request, early, entity, earlyTarget, consumerPrincipal, described, options.allVersions === true);

  // An organization or OU grant: the reading account's organization, when the consumer credentials can say (any member can).
  const callerOrganization = isOrgConsumer(early) && ctx.consumer ? describeOrganization(ctx.consumer, organizationsRegion(earlyPartition)).catch(() => undefined) : Promise.resolve(undefined);

  const [secretPolicyDoc, key, consumer, consumerState, organization] = await Promise.all([secretPolicy, keySide, consumerPrincipal, consumerSide, callerOrganization]);
  const state: ShareState = {
    secret: key.secret,
    secretPolicy: secretPolicyDoc,
    keyPolicy: key.policy,
    ...(key.tags && Object.keys(key.tags).length > 0 ? { keyTags: key.tags } : {}),
    consumer,
    consumerAccountReadable: consumerState.readable,
    ...(consumerState.identity ? { identity: consumerState.identity } : {}),
    ...(consumerState.principalExists !== undefined ? { principalExists: consumerState.principalExists } : {}),
    ...(moveTo ? { targetKey: { arn: moveTo.arn } } : request.moveToKey ? { targetKey: { create: true as const } } : {}),
    ...(organization?.status === 'member' && organization.orgId ? { layers: { principalOrgId: organization.orgId } } : {}),
  };
  return state;
}

interface KeySide {
  secret: SecretInfo;
  policy: PolicyDocument | null;
  /** Tags of the key whose policy the plan edits (read alongside its policy: no extra round trip). */
  tags?: Record<string, string>;
}

async function readKeySide(
  ctx: AwsContext,
  described: Awaited<ReturnType<typeof describeSecret>>,
  moveToKeyArn: string | undefined,
  createKey: boolean,
): Promise<KeySide> {
  const region = regionOf(described.arn);
  const moving = moveToKeyArn !== undefined || createKey;
  const current = needsKeyLookup(described) ? described.kmsKeyId! : undefined;
  const withTags = (side: Omit<KeySide, 'tags'>, tags: Record<string, string> | undefined): KeySide => ({ ...side, ...(tags ? { tags } : {}) });
  if (!current) {
    // AWS managed key: nothing to read for it; a destination key's policy (and tags) when moving.
    if (!moveToKeyArn) return { secret: secretInfoFrom(described, undefined), policy: null };
    const [target, tags] = await Promise.all([readKey(ctx, moveToKeyArn), readKeyTags(ctx, moveToKeyArn)]);
    return withTags({ secret: secretInfoFrom(described, undefined), policy: target.policy }, tags);
  }
  if (moving) {
    const [key, target, tags] = await Promise.all([
      describeKey(ctx, current, region),
      moveToKeyArn ? readKey(ctx, moveToKeyArn) : Promise.resolve(undefined),
      moveToKeyArn ? readKeyTags(ctx, moveToKeyArn) : Promise.resolve(undefined),
    ]);
    return withTags({ secret: secretInfoFrom(described, key), policy: target?.policy ?? null }, tags);
  }
  if (current.startsWith('arn:') && current.includes(':key/')) {
    // A full key ARN: describe, read the policy and the tags in parallel.
    const [{ key, policy }, tags] = await Promise.all([readKey(ctx, current), readKeyTags(ctx, current)]);
    return withTags({ secret: secretInfoFrom(described, key), policy }, tags);
  }
  // A key id or alias: the ARN first, then the policy and the tags (ListResourceTags takes no alias).
  const key = await describeKey(ctx, current, region);
  if (key.awsManaged) return { secret: secretInfoFrom(described, key), policy: null };
  const [policy, tags] = await Promise.all([readKeyPolicy(ctx, key.arn), readKeyTags(ctx, key.arn)]);
  return withTags({ secret: secretInfoFrom(described, key), policy }, tags);
}

interface ConsumerSide {
  readable: boolean;
  identity?: ShareState['identity'];
  principalExists?: boolean;
}

/**
 * The consumer side. Reads that depend only on the request (the role/user, its attached and inline
 * policy lists, the attached policies' default versions, and our policy when the request gives the
 * full secret ARN its name derives from) start at once, in parallel with GetCallerIdentity and
 * DescribeSecret; with a secret name, our policy's read starts when DescribeSecret answers.
 * A consumer profile of the wrong account is reported before any other failure.
 */
async function readConsumerSide(
  ctx: AwsContext,
  request: ShareRequest,
  early: ConsumerPrincipal,
  entity: IdentityTarget | undefined,
  earlyTarget: IdentityTarget | undefined,
  principal: Promise<ConsumerPrincipal>,
  described: Promise<DescribedSecret>,
  allVersions: boolean,
): Promise<ConsumerSide> {
  const clients = ctx.consumer;
  const target = Promise.all([principal, described]).then(([consumer, secret]) => identityTargetFor(consumer, request, secret.arn, secret.name));
  target.catch(() => undefined); // awaited below; a DescribeSecret failure is reported by readShareState
  if (!clients) {
    const resolved = await target;
    return { readable: false, ...(resolved ? { identity: { target: resolved, document: null } } : {}) };
  }
  const accountCheck = checkConsumerAccount(clients, request.consumer);
  accountCheck.catch(() => undefined); // awaited below, before any other consumer-side failure
  // IAM is global; the client still needs a region: the secret's, or the owner's default one.
  const region = secretRegion(ctx, request.secret) ?? (await ownerDefaultRegion(ctx));

  const principalEntity = (early.kind === 'role' || early.kind === 'user') && early.name ? { kind: early.kind, name: early.name } : undefined;
  const principalExists = principalEntity ? iamEntityExists(clients, principalEntity.kind, principalEntity.name, region) : Promise.resolve(true);
  const sameEntity = entity && principalEntity && entity.principalKind === principalEntity.kind && entity.name === principalEntity.name;
  const identity = entity
    ? readIdentity(clients, { kind: entity.principalKind, name: entity.name }, earlyTarget, target, region, sameEntity ? principalExists : undefined, allVersions)
    : target.then(() => undefined);

  const work = Promise.all([principalExists, identity]);
  work.catch(() => undefined); // observed below, after the account check
  await accountCheck;
  const [exists, identityState] = await work;
  return { readable: true, principalExists: exists && (identityState?.targetExists ?? true), ...(identityState ? { identity: identityState.state } : {}) };
}

async function ownerDefaultRegion(ctx: AwsContext): Promise<string> {
  try {
    return await (await ctx.owner.secretsManager()).config.region();
  } catch (error) {
    throw await toAwsWizardError(error, 'owner', { service: 'secretsmanager', operation: 'DescribeSecret' }, ctx.owner);
  }
}

async function checkConsumerAccount(consumer: AccountClients, consumerInput: string): Promise<void> {
  let account: string;
  try {
    account = (await consumer.identity()).account;
  } catch (error) {
    throw await toAwsWizardError(error, 'consumer', { service: 'sts', operation: 'GetCallerIdentity' }, consumer);
  }
  const expected = /^\d{12}$/.test(consumerInput) ? consumerInput : accountOf(consumerInput);
  if (expected && account && account !== expected) {
    throw userError(
      'AWS_PROFILE_WRONG_ACCOUNT',
      '--consumer-profile',
      `profile "${consumer.profile ?? 'default'}" signs in to account ${account}, but the consumer is account ${expected}`,
      `Pass a profile of account ${expected} with --consumer-profile, or leave it out to produce the consumer's policy as a document`,
    );
  }
}

async function readIdentity(
  consumer: AccountClients,
  entity: { kind: 'role' | 'user'; name: string },
  earlyTarget: IdentityTarget | undefined,
  targetPromise: Promise<IdentityTarget | undefined>,
  region: string | undefined,
  knownExists: Promise<boolean> | undefined,
  allVersions: boolean,
): Promise<{ state: NonNullable<ShareState['identity']>; targetExists: boolean } | undefined> {
  const { kind, name } = entity;
  const exists = knownExists ?? iamEntityExists(consumer, kind, name, region);
  const attachedArns = listAttachedPolicyArns(consumer, kind, name, region);
  const inlineNames = optionalRead(() => listInlinePolicyNames(consumer, kind, name, region));
  const defaultVersions = attachedPolicyVersions(consumer, region);
  defaultVersions.catch(() => undefined); // awaited by the document reads
  const readOurs = (target: IdentityTarget | undefined) => {
    if (target?.mode === 'managed' && target.policyArn) return readManagedPolicy(consumer, target.policyArn, region, { allVersions });
    return Promise.resolve(undefined);
  };
  const readInline = (target: IdentityTarget | undefined) => (target?.mode === 'inline' ? readInlinePolicy(consumer, kind, name, target.policyName, region) : Promise.resolve(undefined));
  // Started with the target the full ARN gives; read again only if DescribeSecret says otherwise.
  const earlyOurs = earlyTarget ? readOurs(earlyTarget) : undefined;
  const earlyInline = earlyTarget ? readInline(earlyTarget) : undefined;
  for (const pending of [earlyOurs, earlyInline]) pending?.catch(() => undefined);
  const same = targetPromise.then((target) => earlyTarget !== undefined && JSON.stringify(target) === JSON.stringify(earlyTarget));
  same.catch(() => undefined);
  const ours = Promise.all([targetPromise, same]).then(([target, reuse]) => (reuse && earlyOurs ? earlyOurs : readOurs(target)));
  const inline = Promise.all([targetPromise, same]).then(([target, reuse]) => (reuse && earlyInline ? earlyInline : readInline(target)));
  const others = (async () => {
    const [target, attached, names] = await Promise.all([targetPromise, optionalRead(() => attachedArns), inlineNames]);
    if (attached === undefined || names === undefined) return undefined;
    const documents = await Promise.all([
      ...attached.filter((arn) => arn !== target?.policyArn).map((arn) => optionalRead(() => readAttachedPolicyDocument(consumer, arn, region, defaultVersions))),
      ...names
        .filter((policyName) => !(target?.mode === 'inline' && policyName === target.policyName))
        .map((policyName) => optionalRead(() => readInlinePolicy(consumer, kind, name, policyName, region))),
    ]);
    return documents.filter((d): d is PolicyDocument => d !== undefined && d !== null);
  })();

  const [target, targetExists, managed, inlineDoc, attached, otherPolicies] = await Promise.all([
    targetPromise,
    exists,
    ours,
    inline,
    attachedArns.catch(() => undefined),
    others,
  ]);
  if (!target) return undefined;
  const state: NonNullable<ShareState['identity']> = {
    target,
    document: target.mode === 'managed' ? (managed?.document ?? null) : (inlineDoc ?? null),
    ...(managed ? { policyVersionCount: managed.versionCount } : {}),
    ...(target.mode === 'managed' && target.policyArn ? { attached: attached?.includes(target.policyArn) ?? false } : {}),
    ...(otherPolicies ? { otherPolicies } : {}),
  };
  return { state, targetExists };
}
