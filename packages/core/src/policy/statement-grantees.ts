import { isAccountId, tryParseArn } from '../arn/arn';
import { ORG_ID_PATTERN } from '../arn/principal';
import { isUniqueIdPrincipal } from '../simulate/principal-match';
import { asArray } from './parse-policy';
import type { Statement } from './policy-types';

/**
 * Who one statement grants, read the way an auditor reads it: the Principal, narrowed by the
 * conditions that restrict a principal (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
 * `aws:PrincipalAccount`, `kms:CallerAccount`, `aws:PrincipalArn`). Pure.
 *
 * - `account`: an account root (bare id or `:root` ARN), or `*` restricted to that account;
 * - `role` / `user`: an exact role or user ARN;
 * - `condition`: an account root restricted to one role or user by `aws:PrincipalArn`;
 * - `organization`: `*` restricted to one organization (`aws:PrincipalOrgID`, or a path of its root);
 * - `organizational-unit`: `*` restricted to an OU path (`aws:PrincipalOrgPaths`); `subtree` when the
 *   value ends in `*` (the OU and every OU below it);
 * - `public`: `*` with no such restriction (or one whose value is a wildcard): anyone in any account;
 * - `unique-id`: `AROA…`/`AIDA…`: IAM's rewrite of a role or user that was deleted;
 * - `service` / `other`: a service principal, a federated or canonical user (not a cross-account grant).
 */
export type GranteeKind = 'account' | 'role' | 'user' | 'condition' | 'organization' | 'organizational-unit' | 'public' | 'unique-id' | 'service' | 'other';

export interface StatementGrantee {
  kind: GranteeKind;
  /**
   * One string per grantee, the same as the tool's grantee key (arn/grantee.ts) for the forms the tool
   * writes: the root/role/user ARN, `condition:<role ARN>`, the org id, the OU path; `*` for public;
   * the unique id.
   */
  key: string;
  /** account, role, user, condition: the account granted. */
  account?: string;
  orgId?: string;
  /** organizational-unit: the path without its trailing `*`. */
  orgPath?: string;
  /** organizational-unit: the grant covers the OU's sub-OUs too (the value ends in `*`). */
  subtree?: boolean;
}

const ORG_PATH = /^(o-[a-z0-9]{10,32})\/r-[0-9a-z]{4,32}\/((ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*)$/;
const WILDCARD = /[*?]/;
/** Condition operators whose values name who matches (the negated, IfExists and ForAllValues forms do not restrict). */
const RESTRICTING = (operator: string) => !/Not|IfExists$|^ForAllValues:/.test(operator);

/** The values of one restricting condition key (case-insensitive), across operators; undefined when absent. */
function restriction(statement: Statement, key: string): string[] | undefined {
  let values: string[] | undefined;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!RESTRICTING(operator)) continue;
    for (const [name, raw] of Object.entries(block)) {
      if (name.toLowerCase() !== key) continue;
      const list = (Array.isArray(raw) ? raw : [raw]).map(String);
      // Two operators on one key are ANDed: keep the narrower (fewer values).
      values = values === undefined || list.length < values.length ? list : values;
    }
  }
  return values;
}

const PUBLIC: StatementGrantee = Object.freeze({ kind: 'public', key: '*' });

function accountGrantee(account: string, partition: string): StatementGrantee {
  return { kind: 'account', key: `arn:${partition}:iam::${account}:root`, account };
}

/** An IAM ARN (or account id, or unique id) listed as a principal. */
function principalEntry(value: string, partition: string): StatementGrantee {
  if (isAccountId(value)) return accountGrantee(value, partition);
  if (isUniqueIdPrincipal(value)) return { kind: 'unique-id', key: value };
  const arn = tryParseArn(value);
  if (!arn || arn.service !== 'iam' || WILDCARD.test(value)) return { kind: 'other', key: value };
  if (arn.resource === 'root') return { kind: 'account', key: value, account: arn.account };
  if (arn.resource.startsWith('role/')) return { kind: 'role', key: value, account: arn.account };
  if (arn.resource.startsWith('user/')) return { kind: 'user', key: value, account: arn.account };
  return { kind: 'other', key: value };
}

/** `aws:PrincipalArn` values: exact ARNs; a pattern with a fixed account counts as that account. */
function arnGrantees(values: string[], partition: string): StatementGrantee[] {
  return values.map((value) => {
    const arn = tryParseArn(value.replace(/\*/g, 'X'));
    const account = arn?.account;
    if (!account || !isAccountId(account) || !value.startsWith('arn:')) return PUBLIC;
    if (WILDCARD.test(value)) return accountGrantee(account, partition);
    return principalEntry(value, partition);
  });
}

function orgPathGrantee(value: string): StatementGrantee {
  const subtree = value.endsWith('*');
  const path = value.replace(/\*$/, '');
  const match = ORG_PATH.exec(path);
  if (!match || WILDCARD.test(path)) {
    // A pattern within one organization (o-x/*, o-x/r-ab12/*/...): the whole organization at least.
    const org = /^(o-[a-z0-9]{10,32})\//.exec(value)?.[1];
    return org ? { kind: 'organization', key: org, orgId: org } : PUBLIC;
  }
  const orgId = match[1]!;
  if (!match[2]) return subtree ? { kind: 'organization', key: orgId, orgId } : { kind: 'organizational-unit', key: path, orgId, orgPath: path, subtree: false };
  return { kind: 'organizational-unit', key: path, orgId, orgPath: path, subtree };
}

/** `*` as the principal: who the conditions leave (the narrowest restriction wins: they are ANDed). */
function wildcardGrantees(statement: Statement, partition: string): StatementGrantee[] {
  const arns = restriction(statement, 'aws:principalarn');
  if (arns) return arnGrantees(arns, partition);
  const accounts = restriction(statement, 'aws:principalaccount') ?? restriction(statement, 'kms:calleraccount');
  if (accounts) return accounts.map((account) => (isAccountId(account) ? accountGrantee(account, partition) : PUBLIC));
  const paths = restriction(statement, 'aws:principalorgpaths');
  if (paths) return paths.map(orgPathGrantee);
  const orgs = restriction(statement, 'aws:principalorgid');
  if (orgs) return orgs.map((org) => (ORG_ID_PATTERN.test(org) ? { kind: 'organization', key: org, orgId: org } : PUBLIC));
  return [PUBLIC];
}

/** Who a statement grants (or denies), one entry per grantee; see the file comment. */
export function statementGrantees(statement: Statement, partition = 'aws'): StatementGrantee[] {
  const principal = statement.Principal;
  if (principal === undefined) return [];
  if (principal === '*') return wildcardGrantees(statement, partition);
  const found: StatementGrantee[] = [];
  const aws = asArray(principal.AWS);
  if (aws.includes('*')) found.push(...wildcardGrantees(statement, partition));
  const arns = restriction(statement, 'aws:principalarn');
  for (const entry of aws) {
    if (entry === '*') continue;
    const grantee = principalEntry(entry, partition);
    // A root restricted to role/user ARNs of its own account: the condition form.
    if (grantee.kind === 'account' && arns && arns.length > 0) {
      for (const arn of arns) {
        const named = principalEntry(arn, partition);
        if ((named.kind === 'role' || named.kind === 'user') && named.account === grantee.account) found.push({ kind: 'condition', key: `condition:${arn}`, account: grantee.account! });
        else found.push(grantee);
      }
      continue;
    }
    found.push(grantee);
  }
  for (const service of asArray(principal.Service)) found.push({ kind: 'service', key: service });
  for (const other of [...asArray(principal.Federated), ...asArray(principal.CanonicalUser)]) found.push({ kind: 'other', key: other });
  const seen = new Set<string>();
  return found.filter((grantee) => (seen.has(grantee.key) ? false : (seen.add(grantee.key), true)));
}

/**
 * Does grantee `wide` include every principal `narrow` covers, and more? Only for the organization
 * forms (an org covers its OUs; an OU subtree covers the OUs below it).
 */
export function orgScopeBroader(wide: StatementGrantee, narrow: { orgId: string; orgPath?: string }): boolean {
  if (wide.orgId !== narrow.orgId) return false;
  if (wide.kind === 'organization') return narrow.orgPath !== undefined;
  if (wide.kind !== 'organizational-unit' || !wide.subtree || !narrow.orgPath || !wide.orgPath) return false;
  return narrow.orgPath !== wide.orgPath && narrow.orgPath.startsWith(wide.orgPath);
}
