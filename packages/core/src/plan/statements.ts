import { granteeOf, type Grantee } from '../arn/grantee';
import { bugError } from '../errors/wizard-error';
import type { ConditionBlock, Statement } from '../policy/policy-types';
import type { ShareOptions } from './plan-types';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretDescribeSid, secretReadSid } from './sids';

/**
 * The statements secret-share-wizard writes, built exactly one way so that a re-plan finds them
 * equal. `grantee` is the grantee key (arn/grantee.ts): an IAM ARN (account root, role or user) as
 * the Principal; `condition:<role ARN>` for the account root restricted by `ArnEquals
 * aws:PrincipalArn`; an organization id or OU path for `*` restricted by `aws:PrincipalOrgID` /
 * `aws:PrincipalOrgPaths`. Never a bare `*`.
 */
export const ACTION_GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
export const ACTION_DESCRIBE_SECRET = 'secretsmanager:DescribeSecret';
export const VERSION_STAGE_KEY = 'secretsmanager:VersionStage';
export const VIA_SERVICE_KEY = 'kms:ViaService';
export const SECRET_ARN_CONTEXT_KEY = 'kms:EncryptionContext:SecretARN';
export const PRINCIPAL_ORG_ID_KEY = 'aws:PrincipalOrgID';
export const PRINCIPAL_ORG_PATHS_KEY = 'aws:PrincipalOrgPaths';
export const PRINCIPAL_ARN_KEY = 'aws:PrincipalArn';

export function viaSecretsManager(region: string, partition = 'aws'): string {
  // China regions use the amazonaws.com.cn domain.
  return partition === 'aws-cn' ? `secretsmanager.${region}.amazonaws.com.cn` : `secretsmanager.${region}.amazonaws.com`;
}

/** The Principal and the restricting condition a grantee is written with. */
export interface GranteeParts {
  principal: NonNullable<Statement['Principal']>;
  /** The condition that restricts the principal (none for an ARN principal). */
  condition?: ConditionBlock;
}

/** How the secret and key policies name a grantee (see the file comment). */
export function granteeParts(grantee: string | Grantee): GranteeParts {
  const parsed = typeof grantee === 'string' ? granteeOf(grantee) : grantee;
  switch (parsed.form) {
    case 'principal':
      if (parsed.principalArn.trim() === '*' || parsed.principalArn.includes('*')) throw bugError('refusing to build a statement with a wildcard principal');
      return { principal: { AWS: parsed.principalArn } };
    case 'condition':
      if (parsed.roleArn.includes('*')) throw bugError('refusing to build a statement with a wildcard principal ARN');
      return { principal: { AWS: parsed.principalArn }, condition: { ArnEquals: { [PRINCIPAL_ARN_KEY]: parsed.roleArn } } };
    case 'organization':
      return { principal: { AWS: '*' }, condition: { StringEquals: { [PRINCIPAL_ORG_ID_KEY]: parsed.orgId } } };
    case 'organizational-unit':
      return { principal: { AWS: '*' }, condition: { 'ForAnyValue:StringLike': { [PRINCIPAL_ORG_PATHS_KEY]: [`${parsed.orgPath}*`] } } };
  }
}

/** Conditions joined operator by operator (keys of one operator are ANDed, as AWS reads them). */
export function joinConditions(...blocks: Array<ConditionBlock | undefined>): ConditionBlock | undefined {
  const joined: ConditionBlock = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block ?? {})) joined[operator] = { ...joined[operator], ...keys };
  }
  return Object.keys(joined).length > 0 ? joined : undefined;
}

function granted(statement: Omit<Statement, 'Principal'>, grantee: string, condition?: ConditionBlock): Statement {
  const parts = granteeParts(grantee);
  const { Sid, Effect, Action, Resource } = statement;
  const joined = joinConditions(condition, parts.condition);
  return { ...(Sid !== undefined ? { Sid } : {}), Effect, Principal: parts.principal, ...(Action !== undefined ? { Action } : {}), ...(Resource !== undefined ? { Resource } : {}), ...(joined ? { Condition: joined } : {}) };
}

/**
 * Secret resource policy: GetSecretValue on `*` (in a resource policy `*` is the secret itself),
 * limited to AWSCURRENT unless `versionStage` is `any`.
 */
export function secretReadStatement(secretArn: string, grantee: string, options: ShareOptions): Statement {
  const stage: ConditionBlock | undefined = options.versionStage === 'AWSCURRENT' ? { 'ForAnyValue:StringEquals': { [VERSION_STAGE_KEY]: 'AWSCURRENT' } } : undefined;
  return granted({ Sid: secretReadSid(secretArn, grantee), Effect: 'Allow', Action: ACTION_GET_SECRET_VALUE, Resource: '*' }, grantee, stage);
}

/**
 * DescribeSecret in its own statement: the request carries no version stage, so under the
 * AWSCURRENT condition of the read statement it would never be allowed.
 */
export function secretDescribeStatement(secretArn: string, grantee: string): Statement {
  return granted({ Sid: secretDescribeSid(secretArn, grantee), Effect: 'Allow', Action: ACTION_DESCRIBE_SECRET, Resource: '*' }, grantee);
}

/** The statements of the secret policy for one share. */
export function secretPolicyStatements(secretArn: string, grantee: string, options: ShareOptions): Statement[] {
  const statements = [secretReadStatement(secretArn, grantee, options)];
  if (options.grantDescribe) statements.push(secretDescribeStatement(secretArn, grantee));
  return statements;
}

function kmsCondition(region: string, partition: string, secretArns: string[] | null): ConditionBlock {
  const condition: ConditionBlock = { StringEquals: { [VIA_SERVICE_KEY]: viaSecretsManager(region, partition) } };
  if (secretArns) condition.StringLike = { [SECRET_ARN_CONTEXT_KEY]: [...new Set(secretArns)].sort() };
  return condition;
}

/**
 * Key policy: kms:Decrypt and kms:DescribeKey for the consumer, only through Secrets Manager in the
 * secret's region. `secretArns` (the encryption-context condition) lists every secret on this key
 * shared with this consumer; null when the context condition is off.
 */
export function keyPolicyStatement(keyArn: string, grantee: string, region: string, partition: string, secretArns: string[] | null): Statement {
  return granted({ Sid: keyGrantSid(keyArn, grantee), Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }, grantee, kmsCondition(region, partition, secretArns));
}

/** Identity policy: GetSecretValue (and DescribeSecret) on the exact, suffixed secret ARN. */
export function identityGetSecretStatement(secretArn: string, grantee: string, options: ShareOptions): Statement {
  return {
    Sid: identityGetSecretSid(secretArn, grantee),
    Effect: 'Allow',
    Action: options.grantDescribe ? [ACTION_DESCRIBE_SECRET, ACTION_GET_SECRET_VALUE] : ACTION_GET_SECRET_VALUE,
    Resource: secretArn,
  };
}

/** Identity policy: kms:Decrypt on the exact key ARN, through Secrets Manager (+ the secret list). */
export function identityDecryptStatement(keyArn: string, grantee: string, region: string, partition: string, secretArns: string[] | null): Statement {
  return {
    Sid: identityDecryptSid(keyArn, grantee),
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: keyArn,
    Condition: kmsCondition(region, partition, secretArns),
  };
}

/** The secret ARNs listed in a statement's `kms:EncryptionContext:SecretARN` condition; null when it has none. */
export function contextSecretArns(statement: Statement | undefined): string[] | null {
  const raw = statement?.Condition?.StringLike?.[SECRET_ARN_CONTEXT_KEY];
  if (raw === undefined) return null;
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/**
 * The account-root administrator statement of a default key policy ("Enable IAM User Permissions"):
 * it lets IAM policies in the key's account work and keeps administrators from being locked out.
 */
export function keyAdminStatement(account: string, partition = 'aws'): Statement {
  return { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
}
