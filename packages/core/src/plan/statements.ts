import { bugError } from '../errors/wizard-error';
import type { Statement } from '../policy/policy-types';
import type { ShareOptions } from './plan-types';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretDescribeSid, secretReadSid } from './sids';

/**
 * The statements secret-share-wizard writes, built exactly one way so that a re-plan finds them
 * equal. The principal is always one IAM ARN (account root, role or user), never `*`.
 */
export const ACTION_GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
export const ACTION_DESCRIBE_SECRET = 'secretsmanager:DescribeSecret';
export const VERSION_STAGE_KEY = 'secretsmanager:VersionStage';
export const VIA_SERVICE_KEY = 'kms:ViaService';
export const SECRET_ARN_CONTEXT_KEY = 'kms:EncryptionContext:SecretARN';

export function viaSecretsManager(region: string, partition = 'aws'): string {
  // China regions use the amazonaws.com.cn domain.
  return partition === 'aws-cn' ? `secretsmanager.${region}.amazonaws.com.cn` : `secretsmanager.${region}.amazonaws.com`;
}

function principalOf(consumerArn: string): Statement['Principal'] {
  if (consumerArn.trim() === '*' || consumerArn.includes('*')) throw bugError('refusing to build a statement with a wildcard principal');
  return { AWS: consumerArn };
}

/**
 * Secret resource policy: GetSecretValue on `*` (in a resource policy `*` is the secret itself),
 * limited to AWSCURRENT unless `versionStage` is `any`.
 */
export function secretReadStatement(secretArn: string, consumerArn: string, options: ShareOptions): Statement {
  const statement: Statement = {
    Sid: secretReadSid(secretArn, consumerArn),
    Effect: 'Allow',
    Principal: principalOf(consumerArn),
    Action: ACTION_GET_SECRET_VALUE,
    Resource: '*',
  };
  if (options.versionStage === 'AWSCURRENT') statement.Condition = { 'ForAnyValue:StringEquals': { [VERSION_STAGE_KEY]: 'AWSCURRENT' } };
  return statement;
}

/**
 * DescribeSecret in its own statement: the request carries no version stage, so under the
 * AWSCURRENT condition of the read statement it would never be allowed.
 */
export function secretDescribeStatement(secretArn: string, consumerArn: string): Statement {
  return { Sid: secretDescribeSid(secretArn, consumerArn), Effect: 'Allow', Principal: principalOf(consumerArn), Action: ACTION_DESCRIBE_SECRET, Resource: '*' };
}

/** The statements of the secret policy for one share. */
export function secretPolicyStatements(secretArn: string, consumerArn: string, options: ShareOptions): Statement[] {
  const statements = [secretReadStatement(secretArn, consumerArn, options)];
  if (options.grantDescribe) statements.push(secretDescribeStatement(secretArn, consumerArn));
  return statements;
}

function kmsCondition(region: string, partition: string, secretArns: string[] | null): Statement['Condition'] {
  const condition: NonNullable<Statement['Condition']> = { StringEquals: { [VIA_SERVICE_KEY]: viaSecretsManager(region, partition) } };
  if (secretArns) condition.StringLike = { [SECRET_ARN_CONTEXT_KEY]: [...new Set(secretArns)].sort() };
  return condition;
}

/**
 * Key policy: kms:Decrypt and kms:DescribeKey for the consumer, only through Secrets Manager in the
 * secret's region. `secretArns` (the encryption-context condition) lists every secret on this key
 * shared with this consumer; null when the context condition is off.
 */
export function keyPolicyStatement(keyArn: string, consumerArn: string, region: string, partition: string, secretArns: string[] | null): Statement {
  return {
    Sid: keyGrantSid(keyArn, consumerArn),
    Effect: 'Allow',
    Principal: principalOf(consumerArn),
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
    Condition: kmsCondition(region, partition, secretArns),
  };
}

/** Identity policy: GetSecretValue (and DescribeSecret) on the exact, suffixed secret ARN. */
export function identityGetSecretStatement(secretArn: string, consumerArn: string, options: ShareOptions): Statement {
  return {
    Sid: identityGetSecretSid(secretArn, consumerArn),
    Effect: 'Allow',
    Action: options.grantDescribe ? [ACTION_DESCRIBE_SECRET, ACTION_GET_SECRET_VALUE] : ACTION_GET_SECRET_VALUE,
    Resource: secretArn,
  };
}

/** Identity policy: kms:Decrypt on the exact key ARN, through Secrets Manager (+ the secret list). */
export function identityDecryptStatement(keyArn: string, consumerArn: string, region: string, partition: string, secretArns: string[] | null): Statement {
  return {
    Sid: identityDecryptSid(keyArn, consumerArn),
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
