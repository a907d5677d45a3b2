import { describe, expect, it } from 'vitest';
import { lintPolicyDocument } from './lint-policy-document';
import { parsePolicyPath, policyPath } from './policy-path';

describe('policy paths', () => {
  it('write identifiers with dots, indexes in brackets and other keys as JSON strings; parse back', () => {
    const cases: Array<Array<string | number>> = [
      ['Statement', 1, 'Resource'],
      ['Statement', 1, 'Resource', 0],
      ['Statement', 0, 'Principal', 'AWS', 2],
      ['Statement', 3, 'Condition', 'StringLike', 'kms:EncryptionContext:SecretARN', 0],
      ['Statement', 0, 'Condition', 'ForAnyValue:StringEquals', 'weird "key"'],
    ];
    expect(policyPath('Statement', 1, 'Resource', 0)).toBe('Statement[1].Resource[0]');
    expect(policyPath('Statement', 3, 'Condition', 'StringLike', 'kms:EncryptionContext:SecretARN', 0)).toBe('Statement[3].Condition.StringLike["kms:EncryptionContext:SecretARN"][0]');
    for (const segments of cases) expect(parsePolicyPath(policyPath(...segments))).toEqual(segments);
  });

  it('lint points into condition values', () => {
    const findings = lintPolicyDocument('key-policy', {
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:SecretARN': ['arn:aws:secretsmanager:us-east-2:111111111111:secret:A-a1b2c3', ' arn:aws:secretsmanager:us-east-2:111111111111:secret:B-a1b2c3'] } } },
      ],
    }, { account: '111111111111', region: 'us-east-2' });
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['INPUT_ARN_REGION', 'Statement[1].Condition.StringEquals["kms:ViaService"]'],
      ['INPUT_ARN_WHITESPACE', 'Statement[1].Condition.StringLike["kms:EncryptionContext:SecretARN"][1]'],
    ]);
  });
});
