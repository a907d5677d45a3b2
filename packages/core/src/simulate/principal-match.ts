import { isAccountId } from '../arn/arn';
import { cachedArn } from './arn-cache';
import type { PrincipalValue } from '../policy/policy-types';

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
  /** Role: the session simulated (`assumed-role/ROLE/SESSION`); undefined: any session of the role. */
  sessionName?: string;
  /** The caller's unique id (`AROA...`/`AIDA...`), when known. */
  uniqueId?: string;
  /** True when the role or user has a permissions boundary (Deny + NotPrincipal then always applies). */
  hasBoundary?: boolean;
  /** The role's name (its ARN without the path), set by `callerFor`; computed from `arn` when absent. */
  roleName?: string;
}

/**
 * How a Principal element matched the caller:
 * - `session`: names the caller's role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`);
 * - `any-session`: (Deny only) names a session of the caller's role while no session is simulated:
 *   the simulator models the role, so the Deny applies to it;
 * - `direct`: names this caller (its ARN, its unique id, or `*`);
 * - `account`: names the caller's account (bare id or `arn:...:root`): the account's IAM must also allow;
 * - `none`: does not match.
 */
export type PrincipalMatch = 'session' | 'any-session' | 'direct' | 'account' | 'none';

/** A principal shown as a unique id (`AROA...`, `AIDA...`): its role or user was deleted. */
export function isUniqueIdPrincipal(value: string): boolean {
  return /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/.test(value) && !value.startsWith('arn:');
}

/** What a principal entry names; cached, as the same few entries are matched over and over. */
interface Entry {
  type: 'everyone' | 'account' | 'iam' | 'session' | 'unique-id' | 'other';
  account?: string;
  partition?: string;
  root?: boolean;
  /** `session`: the role name and the session name. */
  role?: string;
  session?: string;
}

const MAX_CACHE = 10_000;
const entries = new Map<string, Entry>();

function classify(entry: string): Entry {
  if (entry === '*') return { type: 'everyone' };
  if (isAccountId(entry)) return { type: 'account', account: entry };
  if (isUniqueIdPrincipal(entry)) return { type: 'unique-id' };
  const arn = cachedArn(entry);
  if (!arn) return { type: 'other' };
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const [, role, session] = arn.resource.split('/');
    if (!role || !session) return { type: 'other' };
    return { type: 'session', account: arn.account, partition: arn.partition, role, session };
  }
  if (arn.service !== 'iam') return { type: 'other' };
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

/** The role name of a role ARN (the path left out, as session ARNs leave it out). */
export function roleNameOf(caller: Caller): string | undefined {
  if (caller.kind !== 'role' || caller.arn === undefined) return undefined;
  return caller.roleName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
}

/** The caller's session ARN, when a session is simulated. */
export function sessionArnOf(caller: Caller): string | undefined {
  const role = roleNameOf(caller);
  return role !== undefined && caller.sessionName !== undefined ? `arn:${caller.partition}:sts::${caller.account}:assumed-role/${role}/${caller.sessionName}` : undefined;
}

function matchSession(entry: Entry, caller: Caller, deny: boolean): PrincipalMatch {
  if (entry.partition !== caller.partition || entry.account !== caller.account || caller.kind !== 'role') return 'none';
  if (entry.role !== roleNameOf(caller)) return 'none';
  if (caller.sessionName !== undefined) return entry.session === caller.sessionName ? 'session' : 'none';
  return deny ? 'any-session' : 'none';
}

function matchOne(value: string, caller: Caller, deny: boolean): PrincipalMatch {
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
    case 'session':
      return matchSession(entry, caller, deny);
    case 'unique-id':
      return caller.uniqueId !== undefined && value === caller.uniqueId ? 'direct' : 'none';
    default:
      return 'none';
  }
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, 'any-session': 2, direct: 3, session: 4 };

/**
 * The best match among the `AWS` principals of a Principal element (`session` beats `direct` beats
 * `account`). `deny`: the statement is a Deny (a session of the caller's role then counts when no
 * session is simulated).
 */
export function principalMatch(value: PrincipalValue | undefined, caller: Caller, deny = false): PrincipalMatch {
  if (value === undefined) return 'none';
  if (value === '*') return 'direct';
  if (typeof value !== 'object' || value === null) return 'none';
  const aws = value.AWS;
  if (aws === undefined) return 'none';
  if (typeof aws === 'string') return matchOne(aws, caller, deny);
  let best: PrincipalMatch = 'none';
  for (const entry of aws) {
    const match = matchOne(entry, caller, deny);
    if (match === 'session') return match;
    if (RANK[match] > RANK[best]) best = match;
  }
  return best;
}

function awsEntries(value: PrincipalValue): readonly string[] | '*' {
  if (value === '*') return '*';
  const aws = value.AWS;
  if (aws === undefined) return [];
  return typeof aws === 'string' ? [aws] : aws;
}

/**
 * Allow + NotPrincipal: does any listed principal cover the caller (and so exclude it from the
 * grant)? The account (id or root ARN) covers all its principals; the caller's own ARN, unique id or
 * a session of its role (when no session is simulated, any listed session might be the caller's)
 * covers it; `*` covers everyone. An unnamed principal of an account is covered by anything listed
 * in its account. AWS recommends against NotPrincipal with Allow (finding ALLOW_WITH_NOT_PRINCIPAL).
 */
export function notPrincipalCovers(value: PrincipalValue, caller: Caller): boolean {
  const list = awsEntries(value);
  if (list === '*') return true;
  for (const listed of list) {
    const entry = entryOf(listed);
    if (entry.type === 'everyone') return true;
    if (caller.kind === 'account' && entry.account === caller.account && (entry.partition === undefined || entry.partition === caller.partition)) return true;
    if (matchOne(listed, caller, true) !== 'none') return true;
  }
  return false;
}

/**
 * Deny + NotPrincipal: is the caller exempt? AWS checks every form of the caller (IAM User Guide,
 * "NotPrincipal with Deny"): the account, then the role, then the assumed-role session, so each must
 * be listed: a role session needs its account (id or root ARN), its role ARN and its session ARN; a
 * user its account and its ARN; the root user its account. Without a simulated session no listed
 * session can exempt the role (other sessions remain denied). A caller with a permissions boundary
 * is never exempt (IAM User Guide, "Permissions boundaries": Deny + NotPrincipal always denies it).
 * An unnamed principal of an account is never exempt.
 */
export function notPrincipalExempts(value: PrincipalValue, caller: Caller): boolean {
  const list = awsEntries(value);
  if (list === '*') return true;
  if (caller.hasBoundary === true || caller.kind === 'account') return false;
  let accountListed = false;
  let selfListed = false;
  let sessionListed = false;
  for (const listed of list) {
    if (listed === '*') return true;
    const match = matchOne(listed, caller, false);
    if (match === 'account') accountListed = true;
    else if (match === 'direct') selfListed = true;
    else if (match === 'session') sessionListed = true;
  }
  if (caller.kind === 'root') return accountListed || selfListed;
  if (caller.kind === 'user') return accountListed && selfListed;
  return accountListed && selfListed && sessionListed;
}
