import { tryParseArn } from '../arn/arn';
import { AWS_MANAGED_SECRETS_KEY_ALIAS, isFullKeyArn } from '../arn/key-arn';
import { granteeKey, type RoleBinding } from '../arn/grantee';
import { isIamConsumer, isOrgConsumer, parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { userError } from '../errors/wizard-error';
import { DEFAULT_SHARE_OPTIONS, type IdentityPolicyMode, type IdentityTarget, type ShareOptions, type ShareRequest } from './plan-types';
import type { ShareState } from './share-state';
import { defaultPolicyName } from './sids';

/**
 * Placeholder ARN of a key that apply creates (`moveToKey: {createKey: true}`): the real ARN is only
 * known after CreateKey. Apply replaces it with `bindNewKeyArn` (plan/bind-new-key.ts).
 */
export function newKeyPlaceholderArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
}

/** Everything planShare and planRevoke derive from the state and the request before building documents. */
export interface ShareContext {
  options: ShareOptions;
  partition: string;
  region: string;
  secretArn: string;
  consumer: ConsumerPrincipal;
  /** How the resource policies name the consumer (`principal` unless the request binds a role by condition). */
  binding: RoleBinding;
  /**
   * The grantee key (arn/grantee.ts): the consumer ARN, `condition:<role ARN>`, the organization id or
   * the OU path. Every Sid of the share is derived from it.
   */
  grantee: string;
  /** The key the secret is (or will be) encrypted with; undefined for the AWS managed key. */
  keyArn?: string;
  /** The key the secret is encrypted with now (before a move). */
  currentKeyArn?: string;
  /** A key move is planned (request.moveToKey with state.targetKey). */
  move?: { create: true; keyArn: string } | { create: false; keyArn: string };
  /** Where the identity policy goes; undefined when there is no role/user (account root, mode none). */
  identity?: IdentityTarget;
  /** 'none' when the identity policy is only a document for the consumer's administrator. */
  identityMode: IdentityPolicyMode;
  /** The principal that calls GetSecretValue (the identity target, else the consumer). */
  caller: ConsumerPrincipal;
  /** The reading account's organization as the request states it (`--principal-org-id` / `--principal-org-path`). */
  callerOrg?: { orgId?: string; orgPaths?: string[] };
}

/** The key ARN from DescribeSecret's KmsKeyId: a full ARN as is, a bare key id in the secret's account/region. */
export function keyArnFromKmsKeyId(kmsKeyId: string | undefined, partition: string, region: string, account: string): string | undefined {
  if (!kmsKeyId || kmsKeyId === AWS_MANAGED_SECRETS_KEY_ALIAS) return undefined;
  if (isFullKeyArn(kmsKeyId)) return kmsKeyId;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(kmsKeyId) || /^mrk-[0-9a-f]{32}$/i.test(kmsKeyId)) {
    return `arn:${partition}:kms:${region}:${account}:key/${kmsKeyId}`;
  }
  return undefined;
}

/** `--consumer-role NAME` with an organization consumer: which member account? */
export function orgRoleNameError(value: string) {
  return userError('INPUT_CONSUMER_IDENTITY', '--consumer-role', `"${value}" is a name, but an organization has many accounts`, 'Pass the full role ARN of the member account that will read (arn:aws:iam::ACCOUNT:role/NAME), or leave --consumer-role out');
}

/**
 * Where the identity policy goes: `request.consumerIdentity` (a role/user ARN, or a role name in the
 * consumer account), else the consumer itself when it is a role or user. Undefined for an account
 * root consumer without consumerIdentity: the identity policy is then only a document.
 * The AWS reader calls this too, so offline and online plans agree.
 */
export function identityTargetFor(consumer: ConsumerPrincipal, request: Pick<ShareRequest, 'consumerIdentity' | 'identityPolicy' | 'policyName'>, secretArn: string, secretName: string): IdentityTarget | undefined {
  let principal: ConsumerPrincipal | undefined;
  const given = request.consumerIdentity?.trim();
  if (given) {
    if (given.startsWith('arn:')) {
      principal = parsePrincipal(given, '--consumer-role', consumer.partition);
    } else {
      if (isOrgConsumer(consumer)) throw orgRoleNameError(given);
      const name = given.replace(/^(role|user)\//, '');
      const kind = given.startsWith('user/') ? 'user' : 'role';
      principal = parsePrincipal(`arn:${consumer.partition}:iam::${consumer.account}:${kind}/${name}`, '--consumer-role', consumer.partition);
    }
    if (!isIamConsumer(principal)) principal = undefined;
  } else if (isIamConsumer(consumer)) {
    principal = consumer;
  }
  if (!principal) return undefined;
  const policyName = policyNameOf(request.policyName) ?? defaultPolicyName(secretArn, secretName);
  const target: IdentityTarget = {
    mode: request.identityPolicy,
    principalKind: principal.kind as 'role' | 'user',
    name: principal.name ?? '',
    arn: principal.arn,
    account: principal.account,
    policyName,
  };
  if (request.identityPolicy === 'managed') target.policyArn = `arn:${principal.partition}:iam::${principal.account}:policy/${policyName}`;
  return target;
}

/** A policy name, or the NAME of a policy ARN (`arn:...:policy/PATH/NAME`). */
export function policyNameOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const arn = tryParseArn(value.trim());
  if (arn && arn.resource.startsWith('policy/')) return arn.resource.split('/').pop();
  return value.trim();
}

export function shareContext(state: ShareState, request: ShareRequest): ShareContext {
  const options: ShareOptions = { ...DEFAULT_SHARE_OPTIONS, ...request.options };
  const { secret, consumer } = state;
  const currentKeyArn = secret.usesAwsManagedKey ? undefined : (secret.keyArn ?? keyArnFromKmsKeyId(secret.kmsKeyId, secret.partition, secret.region, secret.account));
  let move: ShareContext['move'];
  if (request.moveToKey && state.targetKey) {
    move = 'create' in state.targetKey
      ? { create: true, keyArn: newKeyPlaceholderArn(secret.partition, secret.region, secret.account) }
      : { create: false, keyArn: state.targetKey.arn };
  }
  const identity = state.identity?.target ?? identityTargetFor(consumer, request, secret.arn, secret.name);
  const identityMode: IdentityPolicyMode = identity ? request.identityPolicy : 'none';
  let caller = consumer;
  if (identity && identity.arn !== consumer.arn) {
    try {
      caller = parsePrincipal(identity.arn, '--consumer-role', consumer.partition);
    } catch {
      caller = consumer;
    }
  }
  const binding: RoleBinding = request.roleBinding === 'condition' && isIamConsumer(consumer) ? 'condition' : 'principal';
  const context: ShareContext = { options, partition: secret.partition, region: secret.region, secretArn: secret.arn, consumer, binding, grantee: granteeKey(consumer, binding), identityMode, caller };
  if (request.callerOrg) context.callerOrg = request.callerOrg;
  const keyArn = move?.keyArn ?? currentKeyArn;
  if (keyArn) context.keyArn = keyArn;
  if (currentKeyArn) context.currentKeyArn = currentKeyArn;
  if (move) context.move = move;
  if (identity) context.identity = identity;
  return context;
}
