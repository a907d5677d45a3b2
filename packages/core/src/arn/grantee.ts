import { userError } from '../errors/wizard-error';
import { accountOf, partitionOf } from './arn';
import { accountRootArn, isIamConsumer, type ConsumerPrincipal } from './principal';

/**
 * How the secret policy and the key policy name a role or user consumer:
 * - `principal` (default): the role's ARN is the Principal. Only that role; IAM stores it as the role's
 *   unique id, so a role deleted and recreated with the same name no longer matches (the policy then
 *   shows `AROA…`).
 * - `condition`: the Principal is the role's account root, with `ArnEquals aws:PrincipalArn` = the role
 *   ARN. Only that role (any principal of the account whose ARN is the role's: its sessions), and a
 *   recreated role keeps access: a condition value is compared as text, never rewritten.
 */
export type RoleBinding = 'principal' | 'condition';
export const ROLE_BINDINGS: readonly RoleBinding[] = Object.freeze(['principal', 'condition'] as const);

/** How the resource policies grant one consumer: the principal and the condition that restricts it. */
export type Grantee =
  /** An account root, role or user ARN as the Principal. */
  | { form: 'principal'; principalArn: string }
  /** The account root as the Principal, restricted to one role or user by `ArnEquals aws:PrincipalArn`. */
  | { form: 'condition'; principalArn: string; roleArn: string }
  /** `*` restricted to one organization by `StringEquals aws:PrincipalOrgID`. */
  | { form: 'organization'; orgId: string }
  /** `*` restricted to one OU and its sub-OUs by `ForAnyValue:StringLike aws:PrincipalOrgPaths` = `PATH*`. */
  | { form: 'organizational-unit'; orgId: string; orgPath: string };

const CONDITION_PREFIX = 'condition:';

/**
 * The grantee key: one string that names how a share grants its consumer. The tool's Sids and share
 * records are derived from it. It is the consumer ARN for a principal-bound consumer (so Sids made
 * before bindings existed are unchanged), `condition:<role ARN>` for a condition-bound role or user,
 * the organization id or the OU path for an organization or OU.
 */
export function granteeKey(consumer: Pick<ConsumerPrincipal, 'kind' | 'arn'>, binding: RoleBinding = 'principal'): string {
  return binding === 'condition' && isIamConsumer(consumer) ? `${CONDITION_PREFIX}${consumer.arn}` : consumer.arn;
}

/** The grantee a key names (see `granteeKey`). */
export function granteeOf(key: string, partition = partitionOf(key.startsWith(CONDITION_PREFIX) ? key.slice(CONDITION_PREFIX.length) : key)): Grantee {
  if (key.startsWith(CONDITION_PREFIX)) {
    const roleArn = key.slice(CONDITION_PREFIX.length);
    return { form: 'condition', roleArn, principalArn: accountRootArn(accountOf(roleArn) ?? '', partitionOf(roleArn, partition)) };
  }
  if (key.startsWith('o-')) {
    const orgId = key.split('/')[0]!;
    return key.includes('/') ? { form: 'organizational-unit', orgId, orgPath: key } : { form: 'organization', orgId };
  }
  return { form: 'principal', principalArn: key };
}

/** The consumer ARN (or org id / OU path) and the binding of a grantee key. */
export function consumerOfGrantee(key: string): { consumer: string; binding: RoleBinding } {
  return key.startsWith(CONDITION_PREFIX) ? { consumer: key.slice(CONDITION_PREFIX.length), binding: 'condition' } : { consumer: key, binding: 'principal' };
}

/** Checks a `--role-binding` value; undefined stays undefined (the default, `principal`). */
export function checkRoleBinding(value: unknown, consumer: Pick<ConsumerPrincipal, 'kind' | 'arn'>, field = '--role-binding'): RoleBinding | undefined {
  if (value === undefined) return undefined;
  if (value !== 'principal' && value !== 'condition') {
    throw userError('INPUT_ROLE_BINDING', field, `"${String(value)}" is not one of principal, condition`, 'Use principal (the role ARN is the principal; the default) or condition (the account root with ArnEquals aws:PrincipalArn: survives a recreated role)');
  }
  if (value === 'condition' && !isIamConsumer(consumer)) {
    throw userError('INPUT_ROLE_BINDING', field, `condition only applies to a role or user consumer, not to ${consumer.arn}`, 'Pass --consumer with the role ARN (arn:aws:iam::ACCOUNT:role/NAME), or leave --role-binding out');
  }
  return value;
}
