import { describe, expect, it } from 'vitest';
import { sameKeyId } from '../apply/write-secret-key';
import { classifyVerifyError } from './classify-verify-error';
import { valueFingerprint } from './verify-access';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';

function error(name: string, message: string) {
  return Object.assign(new Error(message), { name });
}

describe('verify helpers', () => {
  it('valueFingerprint: 8 hex digits of the SHA-256 (as `sha256sum | cut -c1-8` prints), no character of the value', () => {
    expect(valueFingerprint('correct horse battery staple')).toBe('c4bbcb1f');
    expect(valueFingerprint('')).toBe('e3b0c442');
    expect(valueFingerprint(new TextEncoder().encode('short'))).toBe(valueFingerprint('short'));
    for (const value of ['correct horse battery staple', 'ab', 'x']) expect(valueFingerprint(value)).not.toContain(value.slice(0, 2));
  });

  it('classifies ResourceNotFound as not-found with the full-ARN and region fix', () => {
    const result = classifyVerifyError({ error: error('ResourceNotFoundException', "Secrets Manager can't find the specified secret."), secretArn: SECRET, versionStage: 'AWSCURRENT' });
    expect(result.errorClass).toBe('not-found');
    expect(result.fix).toMatch(/FULL secret ARN/);
    expect(result.fix).toMatch(/us-east-2/);
  });

  it('reads the layer from AWS words: identity-based vs resource-based policy', () => {
    const identity = classifyVerifyError({ error: error('AccessDeniedException', 'User: x is not authorized to perform: secretsmanager:GetSecretValue on resource: y because no identity-based policy allows the secretsmanager:GetSecretValue action'), secretArn: SECRET, versionStage: 'AWSCURRENT' });
    expect(identity).toMatchObject({ errorClass: 'access-denied-secret', missingLayer: 'identity-policy' });
    const resource = classifyVerifyError({ error: error('AccessDeniedException', 'User: x is not authorized to perform: secretsmanager:GetSecretValue on resource: y with an explicit deny in a resource-based policy'), secretArn: SECRET, versionStage: 'AWSCURRENT' });
    expect(resource).toMatchObject({ errorClass: 'access-denied-secret', missingLayer: 'secret-policy' });
  });

  it('KMS denial on a secret known to use aws/secretsmanager is the aws-managed-key class', () => {
    const result = classifyVerifyError({ error: error('AccessDeniedException', 'Access to KMS is not allowed'), secretArn: SECRET, versionStage: 'AWSCURRENT', awsManagedKey: true });
    expect(result.errorClass).toBe('aws-managed-key');
    expect(result.fix).toMatch(/--move-to-key/);
    const customer = classifyVerifyError({ error: error('AccessDeniedException', 'Access to KMS is not allowed'), secretArn: SECRET, versionStage: 'AWSCURRENT', awsManagedKey: false });
    expect(customer.errorClass).toBe('access-denied-kms');
  });

  it('sameKeyId: id vs ARN, and every spelling of the AWS managed key', () => {
    expect(sameKeyId('arn:aws:kms:us-east-2:111111111111:key/abc', 'abc')).toBe(true);
    expect(sameKeyId('alias/aws/secretsmanager', '')).toBe(true);
    expect(sameKeyId('arn:aws:kms:us-east-2:111111111111:alias/aws/secretsmanager', 'alias/aws/secretsmanager')).toBe(true);
    expect(sameKeyId('alias/aws/secretsmanager', 'arn:aws:kms:us-east-2:111111111111:key/abc')).toBe(false);
    expect(sameKeyId('arn:aws:kms:us-east-2:111111111111:key/abc', 'arn:aws:kms:us-east-2:111111111111:key/def')).toBe(false);
  });
});
