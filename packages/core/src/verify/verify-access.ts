import { createHash } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parsePrincipal } from '../arn/principal';
import { parseSecretArn } from '../arn/secret-arn';
import type { AwsContext } from '../aws/aws-context';
import { awsErrorName } from '../aws/aws-errors';
import { describeSecret } from '../aws/read-secret';
import { loadSecretsManagerSdk, loadStsSdk } from '../aws/sdk';
import { userError } from '../errors/wizard-error';
import { diagnoseAccess } from '../doctor/diagnose-access';
import { parseAccessDenied } from '../doctor/parse-access-denied';
import { classifyVerifyError } from './classify-verify-error';
import type { TemporaryCredentials, VerifyDiagnosis, VerifyFailure, VerifyOptions, VerifyOutcome } from './verify-types';

/**
 * A fingerprint to compare a value without seeing any character of it: the first 8 hex digits of
 * the SHA-256 of its bytes (UTF-8 for a string). Compare with
 * `printf %s "$VALUE" | sha256sum | cut -c1-8`. (Eight hex digits narrow down a short, guessable
 * value such as a 4-digit PIN; anything worth sharing as a secret is far beyond that.)
 */
export function valueFingerprint(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

async function assumeConsumerRole(ctx: AwsContext, roleArn: string): Promise<{ credentials: TemporaryCredentials; principal: string } | { error: unknown }> {
  const { AssumeRoleCommand } = await loadStsSdk();
  try {
    const sts = await ctx.consumer!.sts();
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'secret-share-wizard-verify', DurationSeconds: 900 }));
    const c = result.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) return { error: new Error(`AssumeRole returned no credentials for ${roleArn}`) };
    return {
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}) },
      principal: result.AssumedRoleUser?.Arn ?? roleArn,
    };
  } catch (error) {
    return { error };
  }
}

async function defaultClient(ctx: AwsContext, credentials: TemporaryCredentials, region: string): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await loadSecretsManagerSdk();
  return new SecretsManagerClient({ region, credentials, ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}), maxAttempts: 3 });
}

/** Is the secret on `aws/secretsmanager`? Asked of the owner account when it can be read; undefined otherwise. */
async function ownerSaysAwsManaged(ctx: AwsContext, secretArn: string): Promise<boolean | undefined> {
  try {
    const described = await describeSecret(ctx, secretArn);
    return described.kmsKeyId === undefined || /alias\/aws\/secretsmanager$/.test(described.kmsKeyId);
  } catch {
    return undefined;
  }
}

/**
 * The doctor behind a denial: every layer of the path, read with the context's credentials. Any
 * failure of its own (credentials that cannot read, AWS errors) leaves the classification as it is.
 */
async function diagnoseDenial(ctx: AwsContext, secretArn: string, callerArn: string, versionStage: string, message: string | undefined): Promise<VerifyDiagnosis | undefined> {
  try {
    const result = await diagnoseAccess(ctx, { secret: secretArn, consumerRole: callerArn, versionStage, ...(message !== undefined ? { error: message } : {}) });
    const diagnosis: VerifyDiagnosis = { verdict: result.verdict, explanation: result.explanation, unknownLayers: result.unknownLayers.map((u) => u.layer) };
    if (result.decidingLayer) diagnosis.decidingLayer = result.decidingLayer;
    if (result.statement) diagnosis.statement = result.statement;
    if (result.fix) diagnosis.fix = result.fix.text;
    if (result.message) diagnosis.message = { agrees: result.message.agrees, text: result.message.text };
    return diagnosis;
  } catch {
    return undefined;
  }
}

/**
 * Reads the secret as the consumer: assumes `consumerRole` with the consumer credentials (or uses
 * them directly, for a user), then GetSecretValue with the full ARN and the version stage. Success
 * reports the version, the length and a fingerprint (no character of the value) (the value only with `showValue`); failure
 * is classified (access denied on the secret or on KMS with the missing layer, not found, the AWS
 * managed key, other) with the fix; an AccessDenied is parsed and explained by the doctor (every
 * layer of the path, `diagnosis`), whose deciding layer becomes `missingLayer`. Never throws for an AWS refusal; throws a user error for bad input.
 */
export async function verifyAccess(ctx: AwsContext, options: VerifyOptions): Promise<VerifyOutcome> {
  const secret = parseSecretArn(options.secretArn, '--secret');
  const versionStage = options.versionStage ?? 'AWSCURRENT';
  if (!ctx.consumer) {
    throw userError('CONSUMER_CREDENTIALS_MISSING', '--consumer-profile', 'verify reads the secret as the consumer, but no consumer credentials were given', 'Pass --consumer-profile with credentials of the consumer account');
  }
  let callerArn: string | undefined;
  if (options.consumerRole) {
    const role = parsePrincipal(options.consumerRole, '--consumer-role', secret.partition);
    if (role.kind !== 'role') throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `${options.consumerRole} is not a role ARN`, 'Pass the ARN of the consumer role that reads the secret, or leave it out to use the consumer credentials directly');
    callerArn = role.arn;
  }
  const base = { secretArn: secret.arn, versionStage };

  let client: SecretsManagerClient;
  let principal: string | undefined;
  let ownClient = false;
  if (options.consumerRole && callerArn) {
    const assumed = await assumeConsumerRole(ctx, callerArn);
    if ('error' in assumed) {
      const name = awsErrorName(assumed.error) || 'Error';
      const message = assumed.error instanceof Error ? assumed.error.message : String(assumed.error);
      return {
        ok: false,
        ...base,
        errorClass: 'other',
        message: `The consumer credentials could not assume ${callerArn}: ${name}: ${message}`,
        fix: `Allow the consumer credentials sts:AssumeRole on ${callerArn} (its trust policy must trust them), or pass --consumer-role for a role they can assume`,
        awsError: { name, message },
      };
    }
    principal = assumed.principal;
    client = await (options.secretsManagerFor ?? ((credentials, region) => defaultClient(ctx, credentials, region)))(assumed.credentials, secret.region);
    ownClient = options.secretsManagerFor === undefined;
  } else {
    client = await ctx.consumer.secretsManager(secret.region);
    principal = await ctx.consumer
      .identity()
      .then((identity) => identity.arn)
      .catch(() => undefined);
    if (principal && /:user\//.test(principal)) callerArn = principal;
  }

  try {
    const { GetSecretValueCommand } = await loadSecretsManagerSdk();
    const result = await client.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionStage: versionStage }));
    const value = result.SecretString ?? (result.SecretBinary ? Buffer.from(result.SecretBinary).toString('base64') : '');
    const length = result.SecretString !== undefined ? [...result.SecretString].length : (result.SecretBinary?.byteLength ?? 0);
    return {
      ok: true,
      ...base,
      principal: principal ?? 'consumer credentials',
      versionId: result.VersionId ?? '',
      length,
      fingerprint: valueFingerprint(result.SecretString ?? result.SecretBinary ?? ''),
      ...(options.showValue ? { value } : {}),
    };
  } catch (error) {
    const kmsDenied = /KMS|kms:/i.test(`${awsErrorName(error)} ${error instanceof Error ? error.message : ''}`);
    const awsManagedKey = kmsDenied && !options.plan ? await ownerSaysAwsManaged(ctx, secret.arn) : undefined;
    const classified = classifyVerifyError({
      error,
      secretArn: secret.arn,
      versionStage,
      ...(callerArn ? { callerArn } : {}),
      ...(options.plan ? { plan: options.plan } : {}),
      ...(awsManagedKey !== undefined ? { awsManagedKey } : {}),
    });
    const failure: VerifyFailure = { ok: false, ...base, ...(principal ? { principal } : {}), ...classified };
    const parsed = parseAccessDenied(classified.awsError.message);
    if (parsed) failure.parsedMessage = parsed;
    const denied = classified.errorClass === 'access-denied-secret' || classified.errorClass === 'access-denied-kms';
    if (denied && callerArn && options.diagnose !== false) {
      const diagnosis = await diagnoseDenial(ctx, secret.arn, callerArn, versionStage, parsed ? classified.awsError.message : undefined);
      if (diagnosis) {
        failure.diagnosis = diagnosis;
        // The doctor read every layer: its deciding layer beats a guess from the plan's documents.
        if (diagnosis.decidingLayer) failure.missingLayer = diagnosis.decidingLayer;
      }
    }
    return failure;
  } finally {
    if (ownClient) client.destroy();
  }
}
