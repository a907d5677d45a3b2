import { cleanPastedText, pastedTextProblem, tryParseArn } from '../../arn/arn';
import { normalisePrincipal } from '../../policy/normalise-policy';
import { asArray } from '../../policy/parse-policy';
import { measurePolicy, USER_INLINE_POLICY_LIMIT, type SizeLimitKind } from '../../policy/policy-size';
import type { DocumentKind, PolicyDocument, PrincipalValue, Statement } from '../../policy/policy-types';
import { wildcardMatch } from '../../simulate/wildcard';
import type { ChangeKind, Finding } from '../plan-types';
import { catalogueFindings } from './catalogue-findings';
import { finding, type FindingCode } from './finding-codes';
import { policyPath } from './policy-path';
import { formatCount } from '../../text/locale-free';

export interface LintContext {
  /** The secret the document is about: ARNs naming the same secret must match its region/account/suffix. */
  secretArn?: string;
  /** The key the document is about. */
  keyArn?: string;
  /** Account the document lives in (key policy: the key's account, for the lock-out check). */
  account?: string;
  /** Every ARN in the document must be in this partition. */
  partition?: string;
  region?: string;
  /** Identity policies: managed (6,144) or inline (10,240) size limit. Default managed. */
  identityPolicyType?: 'managed' | 'inline';
  /** Inline policies on a user share 2,048 characters (10,240 on a role). */
  identityPrincipalKind?: 'role' | 'user';
}

const UNIQUE_ID = /^A(RO|ID)A[A-Z0-9]{12,}$/;
/**
 * Condition keys that limit a `"*"` principal to an organization or to named accounts/principals
 * (e.g. the `kms:CallerAccount` statement of key policies copied from aws/secretsmanager).
 */
const LIMITING_KEYS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'kms:calleraccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];

interface Value {
  value: string;
  segments: Array<string | number>;
  field: 'Action' | 'Resource' | 'Principal' | 'Condition';
}

/** Every string of a statement that is compared against requests, with its JSON path. */
function statementValues(statement: Statement, index: number): Value[] {
  const values: Value[] = [];
  const push = (raw: unknown, field: Value['field'], base: Array<string | number>) => {
    if (Array.isArray(raw)) raw.forEach((item, i) => typeof item === 'string' && values.push({ value: item, segments: [...base, i], field }));
    else if (typeof raw === 'string') values.push({ value: raw, segments: base, field });
  };
  const root = [`Statement`, index];
  for (const key of ['Action', 'NotAction'] as const) push(statement[key], 'Action', [...root, key]);
  for (const key of ['Resource', 'NotResource'] as const) push(statement[key], 'Resource', [...root, key]);
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const principal = statement[key];
    if (typeof principal === 'string') push(principal, 'Principal', [...root, key]);
    else if (principal) for (const [type, raw] of Object.entries(principal)) push(raw, 'Principal', [...root, key, type]);
  }
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, raw] of Object.entries(block)) push(raw, 'Condition', [...root, 'Condition', operator, key]);
  }
  return values;
}

function isPublic(principal: PrincipalValue | undefined): boolean {
  return normalisePrincipal(principal)?.AWS?.includes('*') ?? false;
}

function hasOrgCondition(statement: Statement): boolean {
  return Object.entries(statement.Condition ?? {}).some(([operator, block]) => !/Not|IfExists$|^ForAllValues:/.test(operator) && Object.keys(block).some((key) => LIMITING_KEYS.includes(key.toLowerCase())));
}

/**
 * An Allow for the principal `"*"` (or `{"AWS": "*"}`) without a condition that limits it to an
 * organization or to accounts (aws:PrincipalOrgID, aws:PrincipalAccount, kms:CallerAccount, …):
 * anyone in any AWS account.
 */
export function isPublicGrant(statement: Statement): boolean {
  return statement.Effect === 'Allow' && isPublic(statement.Principal) && !hasOrgCondition(statement);
}

function pastedFinding(v: Value, problem: string, change: ChangeKind, statementIndex: number): Finding {
  const code: FindingCode = /whitespace/.test(problem) ? 'INPUT_ARN_WHITESPACE' : 'INPUT_ARN_TYPOGRAPHIC';
  const what = v.field === 'Action' ? 'action' : v.field === 'Principal' ? 'principal' : 'ARN';
  return finding(code, `The ${what} ${JSON.stringify(v.value)} ${problem}, so it matches nothing. Write it as ${JSON.stringify(cleanPastedText(v.value))}.`, {
    change, statementIndex, path: policyPath(...v.segments),
  });
}

function secretFindings(v: Value, kind: DocumentKind, context: LintContext, index: number): Finding[] {
  if (v.field !== 'Resource' || !v.value.includes(':secretsmanager:')) return [];
  const arn = tryParseArn(v.value);
  if (!arn || arn.service !== 'secretsmanager' || !arn.resource.startsWith('secret:')) return [];
  const where = { change: kind, statementIndex: index, path: policyPath(...v.segments) };
  const findings: Finding[] = [];
  const name = arn.resource.slice('secret:'.length);
  const ours = context.secretArn ? tryParseArn(context.secretArn) : undefined;
  const oursName = ours?.resource.slice('secret:'.length).replace(/-[A-Za-z0-9]{6}$/, '');
  const sameSecret = oursName !== undefined && (name === oursName || name.startsWith(`${oursName}-`) && /^-(\?{6}|[A-Za-z0-9]{6}|\*)$/.test(name.slice(oursName.length)));
  if (sameSecret && ours) {
    if (arn.region !== ours.region) findings.push(finding('INPUT_ARN_REGION', `${v.value} names the secret in region "${arn.region}", but the secret is in "${ours.region}". Use ${context.secretArn}.`, where));
    if (arn.account !== ours.account) findings.push(finding('INPUT_ARN_ACCOUNT', `${v.value} names the secret in account ${arn.account}, but the secret is in ${ours.account}. Use ${context.secretArn}.`, where));
  }
  if (kind !== 'identity-policy' || name.endsWith('*') && !name.endsWith('-*')) return findings;
  if (name.endsWith('-*')) {
    const pattern = `${v.value.slice(0, -1)}??????`;
    findings.push(finding('SECRET_ARN_BROAD_WILDCARD', `${v.value} also matches other secrets whose name starts the same way (NAME-other-XXXXXX). Use ${sameSecret && context.secretArn ? context.secretArn : pattern}.`, where));
  } else if (!/-(\?{6}|[A-Za-z0-9]{6})$/.test(name)) {
    const fix = sameSecret && context.secretArn ? context.secretArn : `${v.value}-??????`;
    findings.push(finding('INPUT_ARN_SECRET_SUFFIX', `${v.value} has no six-character suffix: real secret ARNs end in -XXXXXX, so this Resource matches nothing. Use the full ARN ${fix}.`, where));
  }
  return findings;
}

function keyFindings(v: Value, kind: DocumentKind, context: LintContext, index: number): Finding[] {
  if (v.field !== 'Resource' || !context.keyArn || !v.value.includes(':kms:')) return [];
  const arn = tryParseArn(v.value);
  const ours = tryParseArn(context.keyArn);
  if (!arn || !ours || arn.service !== 'kms' || arn.resource !== ours.resource) return [];
  const where = { change: kind, statementIndex: index, path: policyPath(...v.segments) };
  const findings: Finding[] = [];
  if (arn.region !== ours.region) findings.push(finding('INPUT_ARN_REGION', `${v.value} names the key in region "${arn.region}", but the key is in "${ours.region}". Use ${context.keyArn}.`, where));
  if (arn.account !== ours.account) findings.push(finding('INPUT_ARN_ACCOUNT', `${v.value} names the key in account ${arn.account}, but the key is in ${ours.account}. Use ${context.keyArn}.`, where));
  return findings;
}

function valueFindings(v: Value, kind: DocumentKind, context: LintContext, index: number, statement: Statement): Finding[] {
  const where = { change: kind, statementIndex: index, path: policyPath(...v.segments) };
  if (v.field === 'Condition' && !v.value.includes('arn:')) {
    const key = String(v.segments[v.segments.length - (typeof v.segments[v.segments.length - 1] === 'number' ? 2 : 1)]).toLowerCase();
    const via = /^secretsmanager\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(v.value);
    if (key === 'kms:viaservice' && via && context.region && via[1] !== context.region) {
      return [finding('INPUT_ARN_REGION', `kms:ViaService ${v.value} names Secrets Manager in ${via[1]}, but the secret is in ${context.region}: this grant never matches. Use secretsmanager.${context.region}.amazonaws.com.`, where)];
    }
    return [];
  }
  const problem = pastedTextProblem(v.value);
  if (problem && v.value.length > 0) return [pastedFinding(v, problem, kind, index)];
  const findings: Finding[] = [];
  if (v.field === 'Principal' && UNIQUE_ID.test(v.value)) {
    const what = v.value.startsWith('AROA') ? 'role' : 'user';
    findings.push(finding('UNIQUE_ID_PRINCIPAL', `${v.value} is the unique id of a deleted ${what}: IAM shows the id when the ${what} a statement named no longer exists. The statement grants nobody; a ${what} recreated with the same name does not match it. Remove the statement, or grant the account root (arn:aws:iam::ACCOUNT:root) or the new ${what} ARN.`, where));
  }
  if (!v.value.startsWith('arn:')) return findings;
  if (v.field === 'Condition') {
    const partition = v.value.split(':', 2)[1];
    if (context.partition && partition !== context.partition) findings.push(finding('INPUT_ARN_PARTITION', `${v.value} is in partition "${partition}", but this document lives in "${context.partition}": ARNs never match across partitions.`, where));
    return findings;
  }
  const arn = tryParseArn(v.value);
  if (arn && v.field === 'Resource' && /[*?]/.test(arn.service)) {
    findings.push(finding('RESOURCE_SERVICE_WILDCARD', `${v.value} has a wildcard in its service segment ("${arn.service}"): AWS does not allow wildcards there, so this Resource matches nothing. Name the service (e.g. arn:${arn.partition}:secretsmanager:... or arn:${arn.partition}:kms:...).`, where));
  }
  if (arn && context.partition && arn.partition !== context.partition) {
    findings.push(finding('INPUT_ARN_PARTITION', `${v.value} is in partition "${arn.partition}", but this document lives in "${context.partition}": ARNs never match across partitions. Use arn:${context.partition}:${v.value.slice(`arn:${arn.partition}:`.length)}.`, where));
  }
  if (arn && v.field === 'Resource' && /^policy\//.test(arn.resource) && arn.service === 'iam' && arn.account === 'aws' && statement.Effect === 'Allow' && kind === 'identity-policy') {
    findings.push(finding('INPUT_ARN_AWS_MANAGED_POLICY', `${v.value} is in the namespace of AWS managed policies (iam::aws:policy/). If this is your own (customer managed) policy, its ARN is arn:${arn.partition}:iam::ACCOUNT:policy/${arn.resource.slice(7)}.`, { ...where }));
  }
  findings.push(...secretFindings(v, kind, context, index), ...keyFindings(v, kind, context, index));
  return findings;
}

/** Index of the statement that lets the account root administer the key (kms:PutKeyPolicy without conditions), or -1. */
export function keyAdminIndex(doc: PolicyDocument, account: string, partition = 'aws', keyArn?: string): number {
  const root = `arn:${partition}:iam::${account}:root`;
  return doc.Statement.findIndex((statement) => {
    if (statement.Effect !== 'Allow' || statement.Condition || statement.NotAction || statement.NotResource) return false;
    const principals = normalisePrincipal(statement.Principal, partition)?.AWS ?? [];
    if (!principals.includes(root) && !principals.includes('*')) return false;
    const actions = asArray(statement.Action);
    const resources = asArray(statement.Resource);
    return actions.some((a) => wildcardMatch(a, 'kms:PutKeyPolicy', true)) && resources.some((r) => r === '*' || (keyArn !== undefined && wildcardMatch(r, keyArn)));
  });
}

/** The accounts whose root (or bare account id) a statement of the document names as an AWS principal. */
function rootAccounts(doc: PolicyDocument, partition: string): string[] {
  const accounts = new Set<string>();
  for (const statement of doc.Statement) {
    for (const principal of normalisePrincipal(statement.Principal, partition)?.AWS ?? []) {
      const match = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal);
      if (match) accounts.add(match[1]!);
    }
  }
  return [...accounts];
}

/**
 * The key's account as the document shows it, when nothing else says: the account of a KMS ARN in a
 * Resource, else of the principals allowed to change the key policy (its administrators).
 */
function inferredKeyAccount(doc: PolicyDocument, partition: string): string | undefined {
  const one = (accounts: Set<string>) => (accounts.size === 1 ? [...accounts][0] : undefined);
  const kms = new Set(doc.Statement.flatMap((statement) => asArray(statement.Resource)).map((r) => tryParseArn(r)).filter((arn) => arn?.service === 'kms' && /^\d{12}$/.test(arn.account)).map((arn) => arn!.account));
  const admins = new Set(doc.Statement.filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).some((a) => wildcardMatch(a, 'kms:PutKeyPolicy', true)))
    .flatMap((statement) => normalisePrincipal(statement.Principal, partition)?.AWS ?? []).map((p) => tryParseArn(p)?.account).filter((a): a is string => a !== undefined && /^\d{12}$/.test(a)));
  return one(kms) ?? one(admins);
}

function sizeKind(kind: DocumentKind, context: LintContext): SizeLimitKind {
  if (kind !== 'identity-policy') return kind;
  return context.identityPolicyType === 'inline' ? 'inline-policy' : 'managed-policy';
}

const SIZE_CODES: Record<SizeLimitKind, FindingCode> = {
  'secret-policy': 'SIZE_LIMIT_SECRET_POLICY',
  'key-policy': 'SIZE_LIMIT_KEY_POLICY',
  'managed-policy': 'SIZE_LIMIT_MANAGED_POLICY',
  'inline-policy': 'SIZE_LIMIT_INLINE_POLICY',
};

/** The size finding for a document, or undefined when it fits. */
export function sizeFinding(kind: DocumentKind, doc: PolicyDocument, context: LintContext = {}): Finding | undefined {
  const limitKind = sizeKind(kind, context);
  const measured = measurePolicy(limitKind, doc);
  const userInline = limitKind === 'inline-policy' && context.identityPrincipalKind === 'user';
  const max = userInline ? USER_INLINE_POLICY_LIMIT : measured.limit.limit;
  if (measured.size <= max) return undefined;
  const advice = kind === 'identity-policy'
    ? 'Put the statements in a second policy (pass --policy-name) or share with the account root and let its administrator grant access.'
    : kind === 'key-policy'
      ? 'Remove unused statements or share more secrets through the account root (one statement per consumer).'
      : 'Remove unused statements or merge grants to the same principal.';
  const what = userInline ? 'inline policies of a user' : limitKind.replace('-', ' ');
  return finding(SIZE_CODES[limitKind], `The ${what} would be ${formatCount(measured.size)} ${measured.limit.unit}, over the AWS limit of ${formatCount(max)}. ${advice}`, { change: kind });
}

/**
 * Findings about one policy document on its own: ARNs with whitespace or typographic characters,
 * ARNs in the wrong partition/region/account, secret ARNs without their suffix (identity policies),
 * public principals, unique-id principals, a key policy that locks its administrators out (the
 * key's account from `context`, else from the document), size; and the IAM catalogue's checks
 * (unknown actions and condition keys, alias ARNs where a key ARN is needed: catalogue-findings.ts).
 * Each finding carries `change` (= kind), `statementIndex` and a precise `path`.
 */
export function lintPolicyDocument(kind: DocumentKind, doc: PolicyDocument, context: LintContext = {}): Finding[] {
  const findings: Finding[] = [];
  doc.Statement.forEach((statement, index) => {
    for (const v of statementValues(statement, index)) findings.push(...valueFindings(v, kind, context, index, statement));
    if (statement.Effect === 'Allow' && statement.NotPrincipal !== undefined) {
      findings.push(finding('ALLOW_WITH_NOT_PRINCIPAL', `Statement ${index}${statement.Sid ? ` (${statement.Sid})` : ''} combines "Effect": "Allow" with NotPrincipal: it grants every principal except those listed, anonymous callers included, and a listed account excludes all of its principals. AWS recommends against it: name the principals in Principal instead.`, { change: kind, statementIndex: index, path: policyPath('Statement', index, 'NotPrincipal') }));
    }
    if (isPublicGrant(statement)) {
      const path = typeof statement.Principal === 'string' ? policyPath('Statement', index, 'Principal') : policyPath('Statement', index, 'Principal', 'AWS');
      findings.push(finding('PUBLIC_PRINCIPAL', `Statement ${index}${statement.Sid ? ` (${statement.Sid})` : ''} allows the principal "*" without an organization or account condition: anyone in any AWS account gets this access. Name the account (arn:aws:iam::ACCOUNT:root) or the role instead, or add "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:PrincipalAccount / kms:CallerAccount).`, { change: kind, statementIndex: index, path }));
    }
  });
  findings.push(...catalogueFindings(kind, doc, context.keyArn));
  if (kind === 'key-policy') {
    const keyArn = context.keyArn ? tryParseArn(context.keyArn) : undefined;
    const account = context.account ?? keyArn?.account;
    const partition = context.partition ?? keyArn?.partition ?? 'aws';
    // The key's account unknown (a file on its own): a lock-out when no account root administers the key.
    const lockedOut = account ? keyAdminIndex(doc, account, partition, context.keyArn) < 0 : !rootAccounts(doc, partition).some((root) => keyAdminIndex(doc, root, partition) >= 0);
    if (lockedOut) {
      const who = account ?? inferredKeyAccount(doc, partition);
      const named = who ?? 'ACCOUNT';
      findings.push(finding('KEY_ADMIN_LOCKOUT', `The key policy has no statement that lets the key's own account (arn:${partition}:iam::${named}:root${who ? '' : ', ACCOUNT being the key\'s account'}) administer the key: IAM policies in ${who ?? 'that account'} stop working for this key and administrators can be locked out. Keep (or restore) the default statement {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:${partition}:iam::${named}:root"}, "Action": "kms:*", "Resource": "*"}.`, { change: kind, path: 'Statement', at: 'key' }));
    }
  }
  const size = sizeFinding(kind, doc, context);
  if (size) findings.push(size);
  return findings;
}
