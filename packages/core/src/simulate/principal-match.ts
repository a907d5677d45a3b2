import { isAccountId, tryParseArn } from '../arn/arn';
import type { PrincipalValue } from '../policy/policy-types';
import { asArray } from '../policy/parse-policy';

/** Who makes the simulated call. */
export interface Caller {
  /**
   * `role`/`user`: that exact principal (a role calls through its assumed-role sessions).
   * `account`: some role or user of the account, not named (what a consumer given as an account is).
   * `root`: the account root user itself.
   */
  kind: 'role' | 'user' | 'account' | 'root';
  account: string;
  partition: string;
  /** Role or user ARN; the root ARN for `root`; undefined for an unnamed principal of `account`. */
  arn?: string;
}

/**
 * How a Principal element matched the caller:
 * - `direct`: names this caller (its ARN, or `*`);
 * - `account`: names the caller's account (bare id or `arn:...:root`): the account's IAM must also allow;
 * - `none`: does not match.
 */
export type PrincipalMatch = 'direct' | 'account' | 'none';

/** A principal shown as a unique id (`AROA...`, `AIDA...`): its role or user was deleted. */
export function isUniqueIdPrincipal(value: string): boolean {
  return /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/.test(value) && !value.startsWith('arn:');
}

function matchOne(entry: string, caller: Caller): PrincipalMatch {
  if (entry === '*') return 'direct';
  if (isAccountId(entry)) return entry === caller.account ? 'account' : 'none';
  const arn = tryParseArn(entry);
  if (!arn || arn.service !== 'iam' || arn.partition !== caller.partition || arn.account !== caller.account) return 'none';
  if (arn.resource === 'root') return caller.kind === 'root' ? 'direct' : 'account';
  if (caller.arn !== undefined && caller.kind !== 'root' && entry === caller.arn) return 'direct';
  return 'none';
}

/** The best match among the `AWS` principals of a Principal element (`direct` beats `account`). */
export function principalMatch(value: PrincipalValue | undefined, caller: Caller): PrincipalMatch {
  if (value === undefined) return 'none';
  if (value === '*') return 'direct';
  if (typeof value !== 'object' || value === null) return 'none';
  let best: PrincipalMatch = 'none';
  for (const entry of asArray(value.AWS)) {
    const match = matchOne(entry, caller);
    if (match === 'direct') return 'direct';
    if (match === 'account') best = 'account';
  }
  return best;
}

/**
 * NotPrincipal: is the caller one of the listed principals (and so excluded from the statement)?
 * AWS checks the account first, then the role or user: a caller is excluded only when its account
 * (id or root ARN) AND its own ARN are both listed (the account alone excludes the root user only).
 * `*` excludes everyone. An unnamed principal of an account is never excluded (a Deny applies).
 */
export function notPrincipalExcludes(value: PrincipalValue, caller: Caller): boolean {
  if (value === '*') return true;
  if (typeof value !== 'object' || value === null) return false;
  let accountListed = false;
  let selfListed = false;
  for (const entry of asArray(value.AWS)) {
    if (entry === '*') return true;
    const match = matchOne(entry, caller);
    if (match === 'account') accountListed = true;
    else if (match === 'direct') selfListed = true;
  }
  if (caller.kind === 'root') return accountListed || selfListed;
  return accountListed && selfListed;
}
