import { describe, expect, it } from 'vitest';
import { parsePrincipal } from '../arn/principal';
import { identityTargetFor, keyArnFromKmsKeyId, newKeyPlaceholderArn, policyNameOf } from './share-context';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const ROOT = parsePrincipal('222222222222');
const ROLE = parsePrincipal('arn:aws:iam::222222222222:role/app/PRODUCTION_SECRET_ROLE');

describe('identityTargetFor', () => {
  it('uses the consumer role itself by default, with the default policy name and a policy ARN in its account', () => {
    expect(identityTargetFor(ROLE, { identityPolicy: 'managed' }, SECRET, 'MY_TEST_SECRET')).toEqual({
      mode: 'managed', principalKind: 'role', name: 'PRODUCTION_SECRET_ROLE', arn: ROLE.arn, account: '222222222222',
      policyName: expect.stringMatching(/^SecretShareWizard-MY_TEST_SECRET-[0-9a-f]{8}$/),
      policyArn: expect.stringMatching(/^arn:aws:iam::222222222222:policy\/SecretShareWizard-MY_TEST_SECRET-/),
    });
  });

  it('account root: nothing without consumerIdentity; a role name or user/NAME resolves in the consumer account', () => {
    expect(identityTargetFor(ROOT, { identityPolicy: 'managed' }, SECRET, 'MY_TEST_SECRET')).toBeUndefined();
    expect(identityTargetFor(ROOT, { identityPolicy: 'inline', consumerIdentity: 'Reader' }, SECRET, 'S')).toMatchObject({ principalKind: 'role', arn: 'arn:aws:iam::222222222222:role/Reader', mode: 'inline' });
    expect(identityTargetFor(ROOT, { identityPolicy: 'inline', consumerIdentity: 'user/alice' }, SECRET, 'S')).toMatchObject({ principalKind: 'user', arn: 'arn:aws:iam::222222222222:user/alice' });
    expect(identityTargetFor(ROOT, { identityPolicy: 'inline', consumerIdentity: 'Reader' }, SECRET, 'S')?.policyArn).toBeUndefined();
  });

  it('takes the NAME of a customer policy ARN given as the policy name', () => {
    expect(policyNameOf('arn:aws:iam::222222222222:policy/team/MyPolicy')).toBe('MyPolicy');
    expect(identityTargetFor(ROLE, { identityPolicy: 'managed', policyName: 'arn:aws:iam::222222222222:policy/MyPolicy' }, SECRET, 'S')?.policyArn).toBe('arn:aws:iam::222222222222:policy/MyPolicy');
  });
});

describe('keyArnFromKmsKeyId', () => {
  it('keeps a full ARN, builds one from a bare key id, gives up on aliases and the AWS managed key', () => {
    const arn = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(keyArnFromKmsKeyId(arn, 'aws', 'us-east-2', '111111111111')).toBe(arn);
    expect(keyArnFromKmsKeyId('1234abcd-12ab-34cd-56ef-1234567890ab', 'aws', 'us-east-2', '111111111111')).toBe(arn);
    expect(keyArnFromKmsKeyId('mrk-1234abcd12ab34cd56ef1234567890ab', 'aws', 'us-east-2', '111111111111')).toBe('arn:aws:kms:us-east-2:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab');
    expect(keyArnFromKmsKeyId('alias/my-key', 'aws', 'us-east-2', '111111111111')).toBeUndefined();
    expect(keyArnFromKmsKeyId('alias/aws/secretsmanager', 'aws', 'us-east-2', '111111111111')).toBeUndefined();
    expect(keyArnFromKmsKeyId(undefined, 'aws', 'us-east-2', '111111111111')).toBeUndefined();
  });

  it('the new-key placeholder is a well-formed key ARN of the secret account and region', () => {
    expect(newKeyPlaceholderArn('aws', 'us-east-2', '111111111111')).toMatch(/^arn:aws:kms:us-east-2:111111111111:key\/[0-9a-f-]{36}$/);
  });
});
