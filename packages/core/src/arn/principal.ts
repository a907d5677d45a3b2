import { userError } from '../errors/wizard-error';
import { PARTITIONS, checkAccountId, isAccountId, pastedTextProblem, tryParseArn } from './arn';

export type PrincipalKind = 'account' | 'role' | 'user';

/** The consumer principal, always as a full ARN. */
export interface ConsumerPrincipal {
  kind: PrincipalKind;
  /** `arn:aws:iam::ACCOUNT:root`, `...:role/PATH/NAME` or `...:user/PATH/NAME`. */
  arn: string;
  account: string;
  partition: string;
  /** Role or user name (no path); undefined for the account root. */
  name?: string;
  /** IAM path, `/` when none. */
  path?: string;
}

const EXAMPLES = '222222222222, arn:aws:iam::222222222222:root, arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Accepts a 12-digit account id, an account root ARN, a role ARN or a user ARN.
 * `partition` is used for a bare account id (it comes from the secret's ARN).
 */
export function parsePrincipal(value: string, field = 'consumer', partition = 'aws'): ConsumerPrincipal {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', field, `"${value}" ${problem}`, `Retype it as plain ASCII: ${EXAMPLES}`);
  if (/^\d+$/.test(value)) {
    const account = checkAccountId(value, field);
    return { kind: 'account', arn: `arn:${partition}:iam::${account}:root`, account, partition };
  }
  if (value === '*') {
    throw userError('INPUT_PUBLIC_PRINCIPAL', field, 'a principal of "*" would make the secret public', 'Name the consumer account id or role ARN');
  }
  const arn = tryParseArn(value);
  if (!arn) throw userError('INPUT_PRINCIPAL', field, `"${value}" is neither an account id nor an IAM ARN`, `Use one of: ${EXAMPLES}`);
  if (!(PARTITIONS as readonly string[]).includes(arn.partition)) {
    throw userError('INPUT_PRINCIPAL', field, `unknown partition "${arn.partition}"`, `Use one of: ${EXAMPLES}`);
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const role = arn.resource.split('/')[1] ?? 'ROLE';
    throw userError('INPUT_PRINCIPAL', field, `"${value}" is an assumed-role session, not a role`, `Use the role ARN: arn:${arn.partition}:iam::${arn.account}:role/${role}`);
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
