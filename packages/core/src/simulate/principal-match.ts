import { isAccountId } from '../arn/arn';
import { cachedArn } from './arn-cache';
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

/** What a principal entry names; cached, as the same few entries are matched over and over. */
interface Entry {
  type: 'everyone' | 'account' | 'iam' | 'other';
  account?: string;
  partition?: string;
  root?: boolean;
}

const MAX_CACHE = 10_000;
const entries = new Map<string, Entry>();

function classify(entry: string): Entry {
  if (entry === '*') return { type: 'everyone' };
  if (isAccountId(entry)) return { type: 'account', account: entry };
  const arn = cachedArn(entry);
  if (!arn || arn.service !== 'iam') return { type: 'other' };
  return { type: 'iam', account: arn.account, partition: arn.partition, root: arn.resource === 'root' };
}

function entryOf(entry: string): Entry {
  let found = entries.get(entry);
  if (found === undefined) {
    if (entries.size >= MAX_CACHE) entries.clear();
    found = classify(entry);
    entries.set(entry, found);
  }
  return found;
}

function matchOne(value: string, caller: Caller): PrincipalMatch {
  const entry = entryOf(value);
  switch (entry.type) {
    case 'everyone':
      return 'direct';
    case 'account':
      return entry.account === caller.account ? 'account' : 'none';
    case 'iam':
      if (entry.partition !== caller.partition || entry.account !== caller.account) return 'none';
      if (entry.root) return caller.kind === 'root' ? 'direct' : 'account';
      return caller.arn !== undefined && caller.kind !== 'root' && value === caller.arn ? 'direct' : 'none';
    default:
      return 'none';
  }
}

/** The best match among the `AWS` principals of a Principal element (`direct` beats `account`). */
export function principalMatch(value: PrincipalValue | undefined, caller: Caller): PrincipalMatch {
  if (value === undefined) return 'none';
  if (value === '*') return 'direct';
  if (typeof value !== 'object' || value === null) return 'none';
  const aws = value.AWS;
  if (aws === undefined) return 'none';
  if (typeof aws === 'string') return matchOne(aws, caller);
  let best: PrincipalMatch = 'none';
  for (const entry of aws) {
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
