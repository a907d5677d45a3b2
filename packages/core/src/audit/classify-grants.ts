import { consumerOfGrantee, granteeOf } from '../arn/grantee';
import { accountRootArn, type ConsumerPrincipal } from '../arn/principal';
import { ORG_MEMBER_ACCOUNT } from '../plan/plan-share';
import { secretReadSid } from '../plan/sids';
import { contextSecretArns } from '../plan/statements';
import { asArray } from '../policy/parse-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { statementGrantees, type GranteeKind, type StatementGrantee } from '../policy/statement-grantees';
import { recordGrantee, recordsFromTags, type ShareRecord } from '../record/share-record';
import { shareSides } from '../record/share-sides';
import { simulateAccess } from '../simulate/simulate-access';
import type { SimulationInput } from '../simulate/simulate-types';
import { wildcardMatch } from '../simulate/wildcard';
import { AUDIT_FINDING_CODES, type AuditFinding, type AuditFindingCode, type AuditFix, type AuditGrant, type AuditStatus, type SideGrant } from './audit-types';

/** The key of a secret, as the audit could read it. */
export type AuditedKey =
  /** `aws/secretsmanager` (no KmsKeyId, the alias, or a key AWS manages). */
  | { kind: 'aws-managed' }
  /** A customer managed key of the secret's account; `policy` null when it could not be read. */
  | { kind: 'customer'; arn: string; policy: PolicyDocument | null }
  /** A key in another account: its policy cannot be read from here (GetKeyPolicy is not cross-account). */
  | { kind: 'foreign'; arn: string; account: string }
  /** The key could not be described (access denied, deleted). */
  | { kind: 'unknown'; id: string; reason: string };

export interface SecretToAudit {
  arn: string;
  name: string;
  key: AuditedKey;
  /** The resource policy; null when it has none. */
  secretPolicy: PolicyDocument | null;
  /** The secret's tags (the tool's share records among them). */
  tags: Record<string, string>;
}

export interface AccountAuditInput {
  account: string;
  region: string;
  partition: string;
  secrets: SecretToAudit[];
  /** The owner account's organization (for narrowing a public grant to it), when known. */
  ownerOrgId?: string;
}

const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
const KMS_DECRYPT = 'kms:Decrypt';
/** Stands for "anyone, in some other account" when a public grant is checked against the key. */
const ANY_ACCOUNT = 'ANY_ACCOUNT';
const DELETED_PRINCIPAL_ACCOUNT = 'UNKNOWN_ACCOUNT';

function finding(code: AuditFindingCode, message: string, where: Omit<AuditFinding, 'code' | 'severity' | 'message'> = {}): AuditFinding {
  return { code, severity: AUDIT_FINDING_CODES[code], message, ...where };
}

/** One grantee of one document, with the statements that grant it. */
interface Granted {
  grantee: StatementGrantee;
  statements: number[];
}

function allows(statement: Statement, action: string): boolean {
  return statement.Effect === 'Allow' && asArray(statement.Action).some((pattern) => pattern === '*' || wildcardMatch(pattern, action, true));
}

/** Is this grantee outside the owner's account (the ones an audit lists)? */
function crossAccount(grantee: StatementGrantee, owner: string): boolean {
  switch (grantee.kind) {
    case 'account':
    case 'role':
    case 'user':
    case 'condition':
      return grantee.account !== owner;
    case 'organization':
    case 'organizational-unit':
    case 'public':
    case 'unique-id':
      return true;
    default:
      return false;
  }
}

/** Cross-account grantees of the statements of `doc` that allow `action`, in statement order. */
function grantsIn(doc: PolicyDocument | null, action: string, owner: string, partition: string): Map<string, Granted> {
  const found = new Map<string, Granted>();
  doc?.Statement.forEach((statement, index) => {
    if (!allows(statement, action)) return;
    for (const grantee of statementGrantees(statement, partition)) {
      if (!crossAccount(grantee, owner)) continue;
      const entry = found.get(grantee.key) ?? { grantee, statements: [] };
      entry.statements.push(index);
      found.set(grantee.key, entry);
    }
  });
  return found;
}

/** The principal (and organization facts) the simulator reads as, for a grantee. */
function callerOf(grantee: StatementGrantee, partition: string): Pick<SimulationInput, 'principal' | 'callerArn' | 'principalOrgId' | 'principalOrgPaths' | 'callerUniqueId'> {
  const account = (id: string): ConsumerPrincipal => ({ kind: 'account', arn: accountRootArn(id, partition), account: id, partition });
  switch (grantee.kind) {
    case 'role':
    case 'user':
      return { principal: { kind: grantee.kind, arn: grantee.key, account: grantee.account!, partition } };
    case 'condition': {
      const arn = consumerOfGrantee(grantee.key).consumer;
      return { principal: { kind: arn.includes(':user/') ? 'user' : 'role', arn, account: grantee.account!, partition } };
    }
    case 'account':
      return { principal: account(grantee.account!) };
    case 'organization':
      return { principal: account(ORG_MEMBER_ACCOUNT), principalOrgId: grantee.orgId! };
    case 'organizational-unit':
      return { principal: account(ORG_MEMBER_ACCOUNT), principalOrgId: grantee.orgId!, principalOrgPaths: [grantee.orgPath!] };
    case 'unique-id':
      return { principal: { kind: 'role', arn: `arn:${partition}:iam::${DELETED_PRINCIPAL_ACCOUNT}:role/deleted`, account: DELETED_PRINCIPAL_ACCOUNT, partition }, callerUniqueId: grantee.key };
    default:
      return { principal: account(ANY_ACCOUNT) };
  }
}

/** Does the key policy let this caller decrypt the secret through Secrets Manager (the key policy's own decision)? */
function keyAllows(secretArn: string, keyArn: string, keyPolicy: PolicyDocument, caller: ReturnType<typeof callerOf>): boolean {
  const result = simulateAccess({
    ...caller,
    secretArn,
    keyArn,
    secretPolicy: null,
    keyPolicy,
    identityPolicies: [],
    unreadable: { 'identity-policy': 'the consumer account' },
  });
  const check = result.checks.find((c) => c.action === KMS_DECRYPT);
  return check?.layers.find((layer) => layer.layer === 'key-policy')?.decision === 'allow';
}

/**
 * The key side for a grantee of the secret policy: its own form, or (an account) any role, user or
 * condition-bound role of that account the key policy names.
 */
function keySide(secretArn: string, key: AuditedKey, grantee: StatementGrantee, keyGrants: Map<string, Granted>, partition: string): SideGrant {
  if (key.kind === 'aws-managed') return 'missing';
  if (key.kind !== 'customer' || key.policy === null) return 'unknown';
  const policy = key.policy;
  if (keyAllows(secretArn, key.arn, policy, callerOf(grantee, partition))) return 'grants';
  if (grantee.kind === 'account') {
    for (const { grantee: other } of keyGrants.values()) {
      if ((other.kind === 'role' || other.kind === 'user' || other.kind === 'condition') && other.account === grantee.account && keyAllows(secretArn, key.arn, policy, callerOf(other, partition))) return 'grants';
    }
  }
  return 'missing';
}

/** Could these two grantees be the same share seen from the two documents? */
function related(a: StatementGrantee, b: StatementGrantee): boolean {
  if (a.key === b.key) return true;
  if (a.account !== undefined && a.account === b.account) return true;
  if (a.orgId !== undefined && a.orgId === b.orgId) return true;
  return b.kind === 'public' || a.kind === 'public';
}

/** The secrets a key statement names in its encryption-context condition (exact ARNs or patterns); null: none named. */
function contextPatterns(statement: Statement): string[] | null {
  const named = contextSecretArns(statement);
  if (named !== null) return named;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (/Not|IfExists$/.test(operator)) continue;
    for (const [name, raw] of Object.entries(block)) if (name.toLowerCase() === 'kms:encryptioncontext:secretarn') return (Array.isArray(raw) ? raw : [raw]).map(String);
  }
  return null;
}

function scopeOf(grantee: StatementGrantee): string | undefined {
  if (grantee.kind === 'organization') return `every account of organization ${grantee.orgId}`;
  if (grantee.kind === 'organizational-unit') return `every account under ${grantee.orgPath}${grantee.subtree ? ' and its sub-OUs' : ' (directly in that OU)'}`;
  return undefined;
}

function where(statements: number[], doc: PolicyDocument | null, document: 'secret-policy' | 'key-policy'): Pick<AuditFinding, 'document' | 'statementIndex' | 'sid'> {
  const index = statements[0];
  if (index === undefined) return { document };
  const sid = doc?.Statement[index]?.Sid;
  return { document, statementIndex: index, ...(sid ? { sid } : {}) };
}

const ORDER: Record<AuditStatus, number> = { public: 0, 'broken-principal': 1, 'unshareable-key': 2, 'foreign-key': 3, drifted: 4, 'half-done': 5, 'org-wide': 6, complete: 7 };

function statusOf(candidates: AuditStatus[]): AuditStatus {
  return [...candidates].sort((a, b) => ORDER[a] - ORDER[b])[0] ?? 'complete';
}

/** How the share session names this grantee again (`--consumer`, `--role-binding`). */
function requestOf(grantee: StatementGrantee): { consumer: string; roleBinding?: 'condition' } | undefined {
  if (grantee.kind === 'public' || grantee.kind === 'unique-id' || grantee.kind === 'service' || grantee.kind === 'other') return undefined;
  const { consumer, binding } = consumerOfGrantee(grantee.key);
  // An OU written without the trailing "*" (directly in the OU only) is not the form the tool writes.
  if (grantee.kind === 'organizational-unit' && grantee.subtree === false) return undefined;
  return { consumer, ...(binding === 'condition' ? { roleBinding: 'condition' as const } : {}) };
}

function shareCommand(secret: string, request: { consumer: string; roleBinding?: string }): string {
  return `secret-share-wizard apply --secret ${secret} --consumer ${request.consumer}${request.roleBinding ? ` --role-binding ${request.roleBinding}` : ''} --consumer-policy none`;
}

interface SecretContext {
  input: AccountAuditInput;
  secret: SecretToAudit;
  records: Array<{ key: string; record: ShareRecord }>;
}

/** The record whose share wrote the statement with this Sid (how a unique id is traced back to its role). */
function recordOfSid(context: SecretContext, sid: string | undefined): { key: string; record: ShareRecord } | undefined {
  if (!sid) return undefined;
  return context.records.find(({ record }) => secretReadSid(context.secret.arn, recordGrantee(record)) === sid);
}

function grantFor(context: SecretContext, granted: Granted, keyGrants: Map<string, Granted>): AuditGrant {
  const { input, secret } = context;
  const { grantee, statements } = granted;
  const keyArn = secret.key.kind === 'customer' || secret.key.kind === 'foreign' ? secret.key.arn : undefined;
  const keyPolicy = secret.key.kind === 'customer' ? secret.key.policy : null;
  const keyGrant = keySide(secret.arn, secret.key, grantee, keyGrants, input.partition);
  const findings: AuditFinding[] = [];
  const statuses: AuditStatus[] = [];
  const at = where(statements, secret.secretPolicy, 'secret-policy');
  const record = context.records.find(({ record: r }) => recordGrantee(r) === grantee.key);
  let fix: AuditFix | null = null;

  if (grantee.kind === 'public') {
    statuses.push('public');
    findings.push(finding('AUDIT_PUBLIC_GRANT', `Statement ${at.statementIndex}${at.sid ? ` (${at.sid})` : ''} of the secret policy allows GetSecretValue to "*" without a condition restricting it to accounts or an organization: anyone in any AWS account whose key access allows it can read the secret.`, at));
    fix = input.ownerOrgId
      ? { kind: 'narrow', description: `Add StringEquals aws:PrincipalOrgID = ${input.ownerOrgId} (the owner's organization) to statement ${at.statementIndex} of the secret policy`, secret: secret.arn, document: 'secret-policy', statementIndex: at.statementIndex!, ...(at.sid ? { sid: at.sid } : {}), orgId: input.ownerOrgId }
      : { kind: 'manual', description: `Name the accounts (arn:aws:iam::ACCOUNT:root) in statement ${at.statementIndex} of the secret policy, or add "StringEquals": {"aws:PrincipalOrgID": "o-…"}: the owner account is in no organization the audit could read` };
  }
  if (grantee.kind === 'unique-id') {
    statuses.push('broken-principal');
    const what = grantee.key.startsWith('AIDA') ? 'user' : 'role';
    const traced = recordOfSid(context, at.sid);
    findings.push(finding('AUDIT_BROKEN_PRINCIPAL', `${grantee.key} is the unique id of a deleted ${what}${traced ? ` (${traced.record.consumer}, from the tool's record)` : ''}: the grant matches nobody, and a ${what} recreated with the same name does not match it.`, at));
    const base = { secret: secret.arn, uniqueId: grantee.key, ...(keyArn && secret.key.kind === 'customer' ? { keyArn } : {}), ...(traced ? { recordKey: traced.key } : {}) };
    fix = traced && /:(role|user)\//.test(traced.record.consumer)
      ? { kind: 'repoint-or-remove', description: `Re-point the grant to ${traced.record.consumer} by condition (ArnEquals aws:PrincipalArn: survives the next recreation) if it exists again, else remove ${grantee.key} from the policies`, roleArn: traced.record.consumer, ...base }
      : { kind: 'remove', description: `Remove ${grantee.key} from the statements that name it (secret and key policy)`, ...base };
  }
  if (secret.key.kind === 'aws-managed') {
    statuses.push('unshareable-key');
    findings.push(finding('AUDIT_UNSHAREABLE_KEY', `The secret is encrypted with the AWS managed key aws/secretsmanager, whose policy only allows its own account: ${grantee.key} cannot decrypt it ("Access to KMS is not allowed").`, at));
    fix ??= { kind: 'manual', description: `Move the secret to a customer managed key first: secret-share-wizard apply --secret ${secret.arn} --consumer ${requestOf(grantee)?.consumer ?? 'CONSUMER'} --move-to-key new` };
  } else if (secret.key.kind === 'foreign') {
    statuses.push('foreign-key');
    findings.push(finding('AUDIT_FOREIGN_KEY', `The secret's key ${secret.key.arn} is in account ${secret.key.account}: its key policy cannot be read from here; that account's key administrators must grant ${grantee.key} kms:Decrypt via Secrets Manager.`, { document: 'key-policy' }));
    fix ??= { kind: 'manual', description: `Ask the key administrators of account ${secret.key.account} to check the key policy of ${secret.key.arn}` };
  } else if (secret.key.kind === 'unknown' || keyPolicy === null) {
    findings.push(finding('AUDIT_KEY_POLICY_UNREADABLE', `The key policy of ${keyArn ?? (secret.key.kind === 'unknown' ? secret.key.id : 'the key')} could not be read${secret.key.kind === 'unknown' ? ` (${secret.key.reason})` : ''}: the key side is unknown.`, { document: 'key-policy' }));
  }
  if (record) {
    const sides = shareSides(secret.arn, record.record, { secretPolicy: secret.secretPolicy, ...(keyArn ? { keyArn, keyPolicy: keyPolicy ?? undefined } : {}) });
    if (sides.secretPolicy === 'drifted' || sides.keyPolicy === 'drifted') {
      statuses.push('drifted');
      const side = sides.secretPolicy === 'drifted' ? 'secret policy' : 'key policy';
      findings.push(finding('AUDIT_RECORD_DRIFTED', `The ${side} statements the tool wrote for ${record.record.consumer} (recorded ${record.record.createdAt || 'earlier'}) were edited by hand: they are not what the record says was shared.`, at));
      fix ??= { kind: 'manual', description: `Review the edit; to go back to the recorded share: secret-share-wizard revoke --secret ${secret.arn} --consumer ${record.record.consumer}, then apply it again` };
    }
  }
  if (keyGrant === 'missing' && secret.key.kind === 'customer' && grantee.kind !== 'public' && grantee.kind !== 'unique-id') {
    statuses.push('half-done');
    findings.push(finding('AUDIT_KEY_SIDE_MISSING', `The secret policy grants ${grantee.key} GetSecretValue, but the key policy of ${secret.key.arn} does not let it decrypt through Secrets Manager: the read fails with "Access to KMS is not allowed".`, { document: 'key-policy' }));
    const request = requestOf(grantee);
    fix ??= request
      ? { kind: 'complete', description: `Add the key-policy grant: ${shareCommand(secret.arn, request)}`, secret: secret.arn, ...request, side: 'key-policy' }
      : { kind: 'manual', description: `Add a key-policy statement allowing kms:Decrypt for ${grantee.key} with StringEquals kms:ViaService = secretsmanager.${input.region}.amazonaws.com` };
  }
  const scope = scopeOf(grantee);
  if (scope) {
    statuses.push('org-wide');
    findings.push(finding('AUDIT_ORG_WIDE', `The grant reaches ${scope}, including accounts that join later.`, at));
  }
  const status = statusOf(statuses);
  return {
    account: input.account,
    region: input.region,
    secret: secret.arn,
    secretName: secret.name,
    ...(keyArn ? { key: keyArn } : {}),
    principal: grantee.key,
    principalKind: grantee.kind,
    status,
    ...(scope ? { scope } : {}),
    sides: { secretPolicy: 'grants', keyPolicy: keyGrant, consumer: 'unknown' },
    recorded: record !== undefined,
    findings,
    fix: status === 'complete' || status === 'org-wide' ? null : fix,
  };
}

/** A key grant this secret's policy does not match: the secret side is missing (the key names this secret). */
function keyOnlyGrant(context: SecretContext, granted: Granted, keyArn: string): AuditGrant {
  const { input, secret } = context;
  const { grantee, statements } = granted;
  const request = requestOf(grantee);
  const scope = scopeOf(grantee);
  const policy = secret.key.kind === 'customer' ? secret.key.policy : null;
  const record = context.records.find(({ record: r }) => recordGrantee(r) === grantee.key);
  const findings = [finding('AUDIT_SECRET_SIDE_MISSING', `The key policy grants ${grantee.key} kms:Decrypt for this secret, but the secret policy grants it nothing: a share left half-done (or half-revoked).`, where(statements, policy, 'key-policy'))];
  if (record) findings.push(finding('AUDIT_RECORD_DRIFTED', `The tool's record says ${secret.arn} was shared with ${record.record.consumer}${record.record.createdAt ? ` on ${record.record.createdAt}` : ''}, but its secret-policy statement is gone.`, { document: 'secret-policy' }));
  return {
    account: input.account,
    region: input.region,
    secret: secret.arn,
    secretName: secret.name,
    key: keyArn,
    principal: grantee.key,
    principalKind: grantee.kind,
    status: grantee.kind === 'unique-id' ? 'broken-principal' : record ? 'drifted' : 'half-done',
    ...(scope ? { scope } : {}),
    sides: { secretPolicy: 'missing', keyPolicy: 'grants', consumer: 'unknown' },
    recorded: record !== undefined,
    findings,
    fix: request
      ? { kind: 'complete', description: `Add the secret-policy grant (this opens access): ${shareCommand(secret.arn, request)}; or remove the key statement if the share was meant to end`, secret: secret.arn, ...request, side: 'secret-policy' }
      : { kind: 'manual', description: `Remove statement ${statements[0]} of the key policy, or grant ${grantee.key} in the secret policy` },
  };
}

/** A recorded share whose statements are all gone from the secret policy. */
function orphanRecord(context: SecretContext, entry: { key: string; record: ShareRecord }, keyArn: string | undefined): AuditGrant {
  const { input, secret } = context;
  const grantee = recordGrantee(entry.record);
  const form = granteeOf(grantee);
  const kind: GranteeKind = form.form !== 'principal' ? form.form : /:root$/.test(grantee) ? 'account' : grantee.includes(':user/') ? 'user' : 'role';
  return {
    account: input.account,
    region: input.region,
    secret: secret.arn,
    secretName: secret.name,
    ...(keyArn ? { key: keyArn } : {}),
    principal: grantee,
    principalKind: kind,
    status: 'drifted',
    sides: { secretPolicy: 'missing', keyPolicy: 'unknown', consumer: 'unknown' },
    recorded: true,
    findings: [finding('AUDIT_RECORD_DRIFTED', `The tool's record says ${secret.arn} was shared with ${entry.record.consumer}${entry.record.createdAt ? ` on ${entry.record.createdAt}` : ''}, but the secret policy grants it nothing: removed by hand, or never finished.`, { document: 'secret-policy' })],
    fix: { kind: 'manual', description: `secret-share-wizard revoke --secret ${secret.arn} --consumer ${entry.record.consumer} removes what is left and the record; apply shares it again` },
  };
}

/** Every cross-account grant of one secret: its secret policy's, the key-only ones, and records that point at nothing. */
export function classifySecret(input: AccountAuditInput, secret: SecretToAudit): AuditGrant[] {
  const context: SecretContext = { input, secret, records: recordsFromTags(secret.tags, secret.arn) };
  const secretGrants = grantsIn(secret.secretPolicy, GET_SECRET_VALUE, input.account, input.partition);
  const keyPolicy = secret.key.kind === 'customer' ? secret.key.policy : null;
  const keyGrants = grantsIn(keyPolicy, KMS_DECRYPT, input.account, input.partition);
  const grants = [...secretGrants.values()].map((granted) => grantFor(context, granted, keyGrants));
  if (secret.key.kind === 'customer' && keyPolicy) {
    for (const granted of keyGrants.values()) {
      if (granted.grantee.kind === 'public') continue; // reported once per key (classifyKeys)
      const names = granted.statements.some((index) => contextPatterns(keyPolicy.Statement[index]!)?.some((pattern) => pattern === secret.arn || wildcardMatch(pattern, secret.arn)));
      if (!names) continue;
      if ([...secretGrants.values()].some((other) => related(other.grantee, granted.grantee))) continue;
      grants.push(keyOnlyGrant(context, granted, secret.key.arn));
    }
  }
  const keyArn = secret.key.kind === 'customer' || secret.key.kind === 'foreign' ? secret.key.arn : undefined;
  for (const entry of context.records) {
    const grantee = recordGrantee(entry.record);
    if (!grants.some((grant) => grant.principal === grantee)) grants.push(orphanRecord(context, entry, keyArn));
  }
  return grants;
}

/**
 * Key-level grants: a public key statement (once per key), and a grant no context condition ties to
 * a secret while no secret on the key grants that principal (a key left half-done).
 */
export function classifyKeys(input: AccountAuditInput): AuditGrant[] {
  const byKey = new Map<string, { policy: PolicyDocument; secrets: SecretToAudit[] }>();
  for (const secret of input.secrets) {
    if (secret.key.kind !== 'customer' || !secret.key.policy) continue;
    const entry = byKey.get(secret.key.arn) ?? { policy: secret.key.policy, secrets: [] };
    entry.secrets.push(secret);
    byKey.set(secret.key.arn, entry);
  }
  const grants: AuditGrant[] = [];
  for (const [keyArn, { policy, secrets }] of byKey) {
    const secretGrantees = secrets.flatMap((secret) => [...grantsIn(secret.secretPolicy, GET_SECRET_VALUE, input.account, input.partition).values()].map((g) => g.grantee));
    for (const { grantee, statements } of grantsIn(policy, KMS_DECRYPT, input.account, input.partition).values()) {
      const at = where(statements, policy, 'key-policy');
      const base = { account: input.account, region: input.region, secret: null, key: keyArn, principal: grantee.key, principalKind: grantee.kind, recorded: false } as const;
      if (grantee.kind === 'public') {
        grants.push({
          ...base,
          status: 'public',
          sides: { secretPolicy: 'not-applicable', keyPolicy: 'grants', consumer: 'unknown' },
          findings: [finding('AUDIT_PUBLIC_GRANT', `Statement ${at.statementIndex}${at.sid ? ` (${at.sid})` : ''} of the key policy of ${keyArn} allows kms:Decrypt to "*" without a condition restricting it to accounts or an organization.`, at)],
          fix: input.ownerOrgId
            ? { kind: 'narrow', description: `Add StringEquals aws:PrincipalOrgID = ${input.ownerOrgId} to statement ${at.statementIndex} of the key policy`, secret: secrets[0]!.arn, document: 'key-policy', keyArn, statementIndex: at.statementIndex!, ...(at.sid ? { sid: at.sid } : {}), orgId: input.ownerOrgId }
            : { kind: 'manual', description: `Name the accounts in statement ${at.statementIndex} of the key policy, or add "StringEquals": {"aws:PrincipalOrgID": "o-…"}` },
        });
        continue;
      }
      const scoped = statements.every((index) => contextPatterns(policy.Statement[index]!) !== null);
      if (scoped || secretGrantees.some((other) => related(other, grantee))) continue;
      const brokenElsewhere = grantee.kind === 'unique-id';
      grants.push({
        ...base,
        status: brokenElsewhere ? 'broken-principal' : 'half-done',
        sides: { secretPolicy: 'missing', keyPolicy: 'grants', consumer: 'unknown' },
        findings: [
          brokenElsewhere
            ? finding('AUDIT_BROKEN_PRINCIPAL', `${grantee.key} in the key policy of ${keyArn} is the unique id of a deleted role or user: the statement matches nobody.`, at)
            : finding('AUDIT_SECRET_SIDE_MISSING', `The key policy of ${keyArn} grants ${grantee.key} kms:Decrypt for every secret on the key, but no secret on it grants ${grantee.key} anything.`, at),
        ],
        fix: brokenElsewhere
          ? { kind: 'remove', description: `Remove ${grantee.key} from the key policy of ${keyArn}`, secret: secrets[0]!.arn, uniqueId: grantee.key, keyArn }
          : { kind: 'manual', description: `Remove statement ${at.statementIndex} of the key policy of ${keyArn} if no secret is meant to be shared with ${grantee.key}, or share the secret it was for` },
      });
    }
  }
  return grants;
}

/** Every cross-account grant of one account and region (pure: the documents were read before). */
export function classifyAccount(input: AccountAuditInput): AuditGrant[] {
  return [...input.secrets.flatMap((secret) => classifySecret(input, secret)), ...classifyKeys(input)];
}
