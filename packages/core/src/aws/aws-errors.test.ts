import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWizardError } from '../errors/wizard-error';
import type { AccountClients } from './aws-context';
import { awsErrorName, isAwsNotFound, toAwsWizardError } from './aws-errors';

/** An error shaped like the SDK's ServiceException (name + message + $metadata). AccessDenied cannot be produced by moto. */
function sdkError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { $metadata: { httpStatusCode: 400 } });
}

const clients = (profile?: string) => ({ role: 'owner', ...(profile ? { profile } : {}) }) as AccountClients;
const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-errors-'));
  await writeFile(join(dir, 'config'), '[profile central-security]\nregion = us-east-2\n[profile corp-sso]\nsso_session = corp\n');
  await writeFile(join(dir, 'credentials'), '');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
});
afterAll(async () => {
  for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

const target = { service: 'secretsmanager' as const, operation: 'GetResourcePolicy', resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef' };

describe('toAwsWizardError', () => {
  it('AccessDenied names the missing permission and the resource', async () => {
    const error = await toAwsWizardError(sdkError('AccessDeniedException', 'User: x is not authorized to perform: secretsmanager:GetResourcePolicy'), 'owner', target, clients('central-security'));
    expect(error).toMatchObject({ code: 'AWS_ACCESS_DENIED', source: 'aws' });
    expect(error.message).toContain('secretsmanager:GetResourcePolicy on arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef');
    expect(error.fix).toContain('Grant secretsmanager:GetResourcePolicy');
    expect(error.fix).toContain('--profile central-security');
  });

  it('an IAM AccessDenied on the consumer side points at --consumer-profile', async () => {
    const error = await toAwsWizardError(sdkError('AccessDenied', 'not authorized'), 'consumer', { service: 'iam', operation: 'GetRole', resource: 'role/R' }, { role: 'consumer', profile: 'production' } as AccountClients);
    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.fix).toContain('iam:GetRole');
    expect(error.fix).toContain('--consumer-profile production');
  });

  it('ResourceNotFound says to check the name and region', async () => {
    const error = await toAwsWizardError(sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."), 'owner', { ...target, operation: 'DescribeSecret', resource: 'MY_SECRET' }, clients());
    expect(error).toMatchObject({ code: 'AWS_NOT_FOUND', source: 'aws' });
    expect(error.message).toContain('"MY_SECRET"');
    expect(error.fix).toMatch(/name or ARN, the region/);
  });

  it('an unknown profile is a user error on --profile listing the profiles found', async () => {
    const error = await toAwsWizardError(sdkError('CredentialsProviderError', 'Could not resolve credentials using profile: [typo] in configuration/credentials file(s).'), 'owner', target, clients('typo'));
    expect(error).toMatchObject({ code: 'AWS_PROFILE_UNKNOWN', source: 'user', field: '--profile' });
    expect(error.fix).toContain('central-security, corp-sso');
  });

  it('an SSO profile whose credentials fail says to sign in again', async () => {
    const error = await toAwsWizardError(sdkError('CredentialsProviderError', 'Token is expired'), 'owner', target, clients('corp-sso'));
    expect(error).toMatchObject({ code: 'AWS_CREDENTIALS', source: 'user' });
    expect(error.fix).toBe('Sign in again: aws sso login --profile corp-sso');
  });

  it('expired tokens, bad keys, throttling, network, missing region, and the rest', async () => {
    const cases: Array<[Error, string, 'user' | 'aws']> = [
      [sdkError('ExpiredTokenException', 'The security token included in the request is expired'), 'AWS_CREDENTIALS_EXPIRED', 'user'],
      [sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'), 'AWS_CREDENTIALS_INVALID', 'user'],
      [sdkError('ThrottlingException', 'Rate exceeded'), 'AWS_THROTTLED', 'aws'],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'AWS_UNREACHABLE', 'aws'],
      [new Error('Region is missing'), 'AWS_REGION_MISSING', 'user'],
      [sdkError('InternalServiceError', 'boom'), 'AWS_ERROR', 'aws'],
    ];
    for (const [raw, code, source] of cases) {
      const error = await toAwsWizardError(raw, 'owner', target, clients('central-security'));
      expect(isWizardError(error)).toBe(true);
      expect({ code: error.code, source: error.source }).toEqual({ code, source });
      expect(error.fix).toBeTruthy();
      expect(error.cause).toBe(raw);
    }
  });

  it('passes WizardErrors through and recognises not-found names', async () => {
    const first = await toAwsWizardError(sdkError('AccessDenied', 'x'), 'owner', target, clients());
    expect(await toAwsWizardError(first, 'owner', target, clients())).toBe(first);
    expect(isAwsNotFound(sdkError('NoSuchEntityException', 'x'))).toBe(true);
    expect(isAwsNotFound(sdkError('AccessDenied', 'x'))).toBe(false);
    expect(awsErrorName({ Code: 'NoSuchEntity' })).toBe('NoSuchEntity');
  });
});
