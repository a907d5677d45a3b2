import { describe, expect, it } from 'vitest';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import { planOffline } from './plan-offline';
import { buildShareRequest, normaliseRequest } from './share-request';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('buildShareRequest', () => {
  it('fills defaults and keeps what the user typed', () => {
    expect(buildShareRequest({ secret: 'MY_TEST_SECRET', consumer: '222222222222' })).toEqual({
      secret: 'MY_TEST_SECRET', consumer: '222222222222', identityPolicy: 'managed',
      options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true },
    });
    expect(buildShareRequest({ secret: SECRET, consumer: '222222222222', moveToKey: 'new', consumerIdentity: 'PRODUCTION_SECRET_ROLE' })).toMatchObject({ moveToKey: { createKey: true }, consumerIdentity: 'PRODUCTION_SECRET_ROLE' });
    expect(buildShareRequest({ secret: SECRET, consumer: '222222222222', moveToKey: KEY }).moveToKey).toEqual({ keyArn: KEY });
  });

  it.each([
    [{ secret: ` ${SECRET}`, consumer: '222222222222' }, '--secret', 'INPUT_PASTED_TEXT'],
    [{ secret: SECRET, consumer: '22222222222' }, '--consumer', 'INPUT_ACCOUNT_ID'],
    [{ secret: SECRET, consumer: 'arn:aws:iam::222222222222:role/A\u2013B' }, '--consumer', 'INPUT_PASTED_TEXT'],
    [{ secret: SECRET, consumer: '222222222222', identityPolicy: 'attached' }, '--consumer-policy', 'INPUT_IDENTITY_MODE'],
    [{ secret: SECRET, consumer: '222222222222', consumerIdentity: 'arn:aws:iam::222222222222:root' }, '--consumer-role', 'INPUT_CONSUMER_IDENTITY'],
    [{ secret: SECRET, consumer: '222222222222', policyName: 'arn:aws:iam::aws:policy/SECRETS_MANAGER_PERMISSIONS_POLICY' }, '--policy-name', 'INPUT_ARN_AWS_MANAGED_POLICY'],
    [{ secret: SECRET, consumer: '222222222222', policyName: 'has space' }, '--policy-name', 'INPUT_PASTED_TEXT'],
    [{ secret: SECRET, consumer: '222222222222', moveToKey: 'alias/my-key' }, '--move-to-key', 'INPUT_ARN_MALFORMED'],
    [{ secret: SECRET, consumer: '222222222222', options: { versionStage: 'AWSPREVIOUS' as never } }, '--version-stage', 'INPUT_VERSION_STAGE'],
  ])('refuses %j naming %s', (input, field, code) => {
    const error = thrownWizardError(() => buildShareRequest(input));
    expect(error.field).toBe(field);
    expect(error.code).toBe(code);
    expect(error.source).toBe('user');
    expect(error.message.startsWith(`${field}:`)).toBe(true);
  });

  it('normaliseRequest validates a saved request the same way', () => {
    const request = buildShareRequest({ secret: SECRET, consumer: '222222222222' });
    expect(normaliseRequest(request)).toEqual(request);
    expect(thrownWizardError(() => normaliseRequest({ ...request, consumer: '*' })).code).toBe('INPUT_PUBLIC_PRINCIPAL');
  });
});

describe('planOffline input errors', () => {
  it('refuses a secret ARN without its suffix and a key alias, naming the field', () => {
    expect(thrownWizardError(() => planOffline({ secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET', consumer: '222222222222' })).field).toBe('--secret-arn');
    expect(thrownWizardError(() => planOffline({ secretArn: SECRET, keyArn: 'arn:aws:kms:us-east-2:111111111111:alias/x', consumer: '222222222222' })).field).toBe('--key-arn');
  });
});
