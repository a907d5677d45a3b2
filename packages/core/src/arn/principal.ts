import { userError } from '../errors/wizard-error';
import { PARTITIONS, checkAccountId, isAccountId, pastedTextProblem, tryParseArn } from './arn';

/**
 * Who may read a shared secret: an account (its root: the account's administrators delegate), one
 * role or user, every account of an AWS Organization, or every account under one organizational
 * unit (and its sub-OUs).
 */
export type PrincipalKind = 'account' | 'role' | 'user' | 'organization' | 'organizational-unit';

/** The consumer principal, always as a full ARN (or, for an organization or OU, its id or path). */
export interface ConsumerPrincipal {
  kind: PrincipalKind;
  /**
   * `arn:aws:iam::ACCOUNT:root`, `...:role/PATH/NAME` or `...:user/PATH/NAME`. For an organization:
   * its id `o-…`; for an OU: its path `o-…/r-…/ou-…/` (these are not ARNs: the policies name them in
   * conditions on `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths`, with the principal `*`).
   */
  arn: string;
  /** The 12-digit account; '' for an organization or OU (any of its member accounts). */
  account: string;
  partition: string;
  /** Role or user name (no path); undefined for the account root. */
  name?: string;
  /** IAM path, `/` when none. */
  path?: string;
  /** Organization and OU consumers: the organization id `o-…`. */
  orgId?: string;
}

const EXAMPLES = '222222222222, arn:aws:iam::222222222222:root, arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE, o-a1b2c3d4e5, o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/** An organization id (AWS Organizations API reference: `^o-[a-z0-9]{10,32}$`). */
export const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ORG_ID_FIX = 'Organization ids are o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5 (aws organizations describe-organization)';
const ORG_PATH_FIX = 'Write an OU as its path, as AWS documents it: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ (organization id, root id, each OU id down to the one to share with, and a trailing slash)';

/** Is this an organization or OU consumer (granted with `*` and an organization condition)? */
export function isOrgConsumer(principal: Pick<ConsumerPrincipal, 'kind'>): boolean {
  return principal.kind === 'organization' || principal.kind === 'organizational-unit';
}

/** A role or user consumer (named by its ARN, or by the account root with `aws:PrincipalArn`). */
export function isIamConsumer(principal: Pick<ConsumerPrincipal, 'kind'>): boolean {
  return principal.kind === 'role' || principal.kind === 'user';
}

/**
 * `o-…` or `o-…/r-…/ou-…/…/` as a consumer. An OU grant covers the accounts directly in that OU
 * and in every OU below it (`aws:PrincipalOrgPaths` with a trailing `*`): how AWS documents OU
 * grants, and how SCPs attached to an OU apply.
 */
function parseOrgConsumer(value: string, field: string, partition: string): ConsumerPrincipal {
  if (!value.includes('/')) {
    if (!ORG_ID_PATTERN.test(value)) throw userError('INPUT_ORG_ID', field, `"${value}" is not an organization id`, ORG_ID_FIX);
    return { kind: 'organization', arn: value, account: '', partition, orgId: value };
  }
  const parts = value.split('/');
  const orgId = parts[0]!;
  if (!ORG_ID_PATTERN.test(orgId)) throw userError('INPUT_ORG_ID', field, `"${orgId}" (in the OU path "${value}") is not an organization id`, ORG_ID_FIX);
  if (value.endsWith('*')) throw userError('INPUT_ORG_PATH', field, `"${value}" ends with "*"`, `Pass the path without it (${value.replace(/\*+$/, '')}): the grant covers the OU and its sub-OUs, and the tool writes the trailing "*" itself`);
  if (!value.endsWith('/')) throw userError('INPUT_ORG_PATH', field, `the OU path "${value}" has no trailing slash`, `Write it as ${value}/ (AWS's organization paths end with "/")`);
  const ids = parts.slice(1, -1);
  const root = ids[0];
  if (root === undefined || !ROOT_ID.test(root)) throw userError('INPUT_ORG_PATH', field, `"${value}" has no root id (r-…) after the organization id`, ORG_PATH_FIX);
  const ous = ids.slice(1);
  if (ous.length === 0) throw userError('INPUT_ORG_PATH', field, `"${value}" names the root, that is the whole organization`, `Pass the organization id ${orgId} to share with every account of the organization, or the path of one OU`);
  const bad = ous.find((id) => !OU_ID.test(id));
  if (bad !== undefined) throw userError('INPUT_ORG_PATH', field, `"${bad}" in "${value}" is not an OU id`, `${ORG_PATH_FIX}; OU ids look like ou-ab12-11111111`);
  return { kind: 'organizational-unit', arn: value, account: '', partition, orgId };
}

/**
 * Accepts a 12-digit account id, an account root ARN, a role ARN, a user ARN, an organization id
 * (`o-…`) or an OU path (`o-…/r-…/ou-…/`). `partition` is used for a bare account id and for an
 * organization (it comes from the secret's ARN).
 */
export function parsePrincipal(value: string, field = 'consumer', partition = 'aws'): ConsumerPrincipal {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', field, `"${value}" ${problem}`, `Retype it as plain ASCII: ${EXAMPLES}`);
  if (/^\d+$/.test(value)) {
    const account = checkAccountId(value, field);
    return { kind: 'account', arn: `arn:${partition}:iam::${account}:root`, account, partition };
  }
  if (value === '*') {
    throw userError('INPUT_PUBLIC_PRINCIPAL', field, 'a principal of "*" would make the secret public', 'Name the consumer account id or role ARN, or an organization (o-…) or OU path to share with its accounts');
  }
  if (/^o-/i.test(value)) return parseOrgConsumer(value, field, partition);
  const arn = tryParseArn(value);
  if (!arn) throw userError('INPUT_PRINCIPAL', field, `"${value}" is neither an account id nor an IAM ARN`, `Use one of: ${EXAMPLES}`);
  if (!(PARTITIONS as readonly string[]).includes(arn.partition)) {
    throw userError('INPUT_PRINCIPAL', field, `unknown partition "${arn.partition}"`, `Use one of: ${EXAMPLES}`);
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const role = arn.resource.split('/')[1] ?? 'ROLE';
    throw userError('INPUT_PRINCIPAL', field, `"${value}" is an assumed-role session, not a role`, `Use the role ARN: arn:${arn.partition}:iam::${arn.account}:role/${role}`);
  }
  if (arn.service === 'organizations') {
    throw userError('INPUT_PRINCIPAL', field, `"${value}" is an Organizations ARN`, 'Pass the organization id (o-…) or the OU path (o-…/r-…/ou-…/), as aws:PrincipalOrgID and aws:PrincipalOrgPaths use them');
  }
  if (arn.service !== 'iam' || arn.region !== '') {
    throw userError('INPUT_PRINCIPAL', field, `"${value}" is not an IAM principal ARN (IAM ARNs have no region)`, `Use one of: ${EXAMPLES}`);
  }
  if (!isAccountId(arn.account)) checkAccountId(arn.account, field);
  if (arn.resource === 'root') return { kind: 'account', arn: value, account: arn.account, partition: arn.partition };
  const match = /^(role|user)(\/(?:[\x21-\x7E]*\/)?)?([^/]+)$/.exec(arn.resource);
  if (!match || !IAM_NAME.test(match[3]!)) {
    throw userError('INPUT_PRINCIPAL', field, `"${value}" is not a root, role or user ARN`, `Use one of: ${EXAMPLES}`);
  }
  const kind = match[1] as 'role' | 'user';
  return { kind, arn: value, account: arn.account, partition: arn.partition, name: match[3]!, path: match[2] ?? '/' };
}

export function accountRootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}
