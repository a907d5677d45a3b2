import { WizardError, isWizardError } from '../errors/wizard-error';
import type { AccountClients, AccountRole, AwsService } from './aws-context';
import { listProfiles } from './profiles';

/** What was being called, for the error message. */
export interface AwsCallTarget {
  service: AwsService;
  /** Operation name without `Command`, e.g. `GetResourcePolicy`. */
  operation: string;
  /** ARN or name of what the call was about. */
  resource?: string;
}

const PROFILE_FIELD: Record<AccountRole, string> = { owner: '--profile', consumer: '--consumer-profile', organization: '--org-profile' };
const ACCOUNT_WORD: Record<AccountRole, string> = { owner: 'owner (secret) account', consumer: 'consumer account', organization: "organization's management account" };

export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const value of [e.name, e.Code, e.code]) if (typeof value === 'string' && value && value !== 'Error') return value;
  return '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError', 'AuthorizationErrorException']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired']);
const INVALID_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSignatureException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

export function isAwsNotFound(error: unknown): boolean {
  return NOT_FOUND.has(awsErrorName(error));
}

export function isAwsAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorName(error)) || /not authorized to perform/i.test(messageOf(error));
}

function profileOf(clients: AccountClients | undefined): string | undefined {
  return clients?.profile ?? process.env.AWS_PROFILE ?? undefined;
}

async function profileProblem(account: AccountRole, profile: string | undefined, error: unknown): Promise<WizardError | undefined> {
  const name = awsErrorName(error);
  const message = messageOf(error);
  const credentialFailure = name === 'CredentialsProviderError' || /could not (load|resolve) credentials|profile .* could not be found/i.test(message);
  if (!credentialFailure) return undefined;
  const field = PROFILE_FIELD[account];
  const profiles = await listProfiles().catch(() => []);
  const names = profiles.map((p) => p.name);
  const found = names.length ? `Profiles found: ${names.join(', ')}` : 'No profiles found in ~/.aws/config or ~/.aws/credentials (run `aws configure` or `aws configure sso`)';
  if (profile && !names.includes(profile)) {
    const fix = `Pass an existing profile with ${field}. ${found}`;
    return new WizardError('AWS_PROFILE_UNKNOWN', `${field}: the AWS profile "${profile}" does not exist`, { field, fix, cause: error });
  }
  const info = profiles.find((p) => p.name === profile);
  const fix = info?.sso
    ? `Sign in again: aws sso login --profile ${profile}`
    : profile
      ? `Check the credentials of profile "${profile}" (aws sts get-caller-identity --profile ${profile})`
      : `Pass a profile with ${field}, or configure credentials (aws configure). ${found}`;
  return new WizardError('AWS_CREDENTIALS', `${field}: no usable AWS credentials for the ${ACCOUNT_WORD[account]}${profile ? ` (profile "${profile}")` : ''}: ${message}`, {
    field,
    fix,
    cause: error,
  });
}

/**
 * Turns an SDK error into a WizardError that says what to do next. Credential and profile problems
 * are the user's (source 'user', field `--profile` / `--consumer-profile`); the rest are 'aws'.
 */
export async function toAwsWizardError(error: unknown, account: AccountRole, target: AwsCallTarget, clients?: AccountClients): Promise<WizardError> {
  if (isWizardError(error)) return error;
  const profile = profileOf(clients);
  const profileError = await profileProblem(account, profile, error);
  if (profileError) return profileError;

  const name = awsErrorName(error);
  const message = messageOf(error);
  const permission = `${target.service}:${target.operation}`;
  const on = target.resource ? ` on ${target.resource}` : '';
  const who = `the ${ACCOUNT_WORD[account]}${profile ? ` (profile "${profile}")` : ''}`;
  const field = PROFILE_FIELD[account];

  if (/region is missing/i.test(message)) {
    const fix = `Pass --region, or set region in the profile${profile ? ` "${profile}"` : ''} or AWS_REGION`;
    return new WizardError('AWS_REGION_MISSING', `--region: no AWS region for ${who}`, { field: '--region', fix, cause: error });
  }
  if (isAwsAccessDenied(error)) {
    const fix = `Grant ${permission}${on} to the identity behind ${field}${profile ? ` ${profile}` : ''}, or use a profile that has it`;
    return new WizardError('AWS_ACCESS_DENIED', `Access denied: ${who} may not call ${permission}${on} (AWS said: ${message})`, { fix, cause: error });
  }
  if (NOT_FOUND.has(name)) {
    const what = target.service === 'secretsmanager' ? 'secret' : target.service === 'kms' ? 'KMS key' : 'IAM entity';
    const fix = `Check the ${what} name or ARN, the region (${target.service === 'iam' ? 'IAM is global' : 'a name resolves in the profile\'s region'}) and that ${field} points at the account that owns it`;
    return new WizardError('AWS_NOT_FOUND', `${target.operation}: ${what}${target.resource ? ` "${target.resource}"` : ''} not found in ${who}`, { fix, cause: error });
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(message)) {
    const fix = profile ? `Refresh the credentials: aws sso login --profile ${profile} (or renew the session keys)` : 'Refresh the session credentials';
    return new WizardError('AWS_CREDENTIALS_EXPIRED', `${field}: the credentials of ${who} have expired`, { field, fix, cause: error });
  }
  if (INVALID_CREDENTIALS.has(name)) {
    const fix = `Check the access keys of ${profile ? `profile "${profile}"` : 'the default credentials'} (aws sts get-caller-identity${profile ? ` --profile ${profile}` : ''})`;
    return new WizardError('AWS_CREDENTIALS_INVALID', `${field}: AWS rejected the credentials of ${who} (${name})`, { field, fix, cause: error });
  }
  if (THROTTLED.has(name)) {
    const fix = 'Wait a minute and run again, or lower the request rate';
    return new WizardError('AWS_THROTTLED', `${permission}${on} was still throttled after the SDK's retries`, { fix, cause: error });
  }
  const code = (error as { code?: unknown }).code;
  if (NETWORK.has(name) || (typeof code === 'string' && NETWORK.has(code))) {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    const fix = endpoint ? `Check that the endpoint ${endpoint} (AWS_ENDPOINT_URL) is running` : 'Check the network connection and proxy settings';
    return new WizardError('AWS_UNREACHABLE', `Could not reach AWS for ${permission}: ${message}`, { fix, cause: error });
  }
  const fix = 'Check the message above; run again with the same options once it is resolved';
  return new WizardError('AWS_ERROR', `${permission}${on} failed for ${who}: ${name ? `${name}: ` : ''}${message}`, { fix, cause: error });
}

/** Runs one AWS call and maps its failure to a WizardError. */
export async function awsCall<T>(clients: AccountClients, target: AwsCallTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw await toAwsWizardError(error, clients.role, target, clients);
  }
}

/** Like awsCall, but a "not found" answer returns `undefined` instead of failing. */
export async function awsCallOrMissing<T>(clients: AccountClients, target: AwsCallTarget, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isAwsNotFound(error)) return undefined;
    throw await toAwsWizardError(error, clients.role, target, clients);
  }
}
