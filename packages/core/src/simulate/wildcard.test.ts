import { describe, expect, it } from 'vitest';
import { arnMatch, wildcardMatch } from './wildcard';

describe('wildcardMatch (IAM * and ?)', () => {
  it.each([
    ['*', 'anything at all', false, true],
    ['secretsmanager:*', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:Get*', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:Get*', 'secretsmanager:PutSecretValue', false, false],
    ['*:GetSecretValue', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:*Secret*', 'secretsmanager:DescribeSecret', false, true],
    ['kms:?ecrypt', 'kms:Decrypt', false, true],
    ['kms:?ecrypt', 'kms:ReDecrypt', false, false],
    ['MY_SECRET-??????', 'MY_SECRET-a1b2c3', false, true],
    ['MY_SECRET-??????', 'MY_SECRET-a1b2c', false, false],
    ['MY_SECRET-??????', 'MY_SECRET-other-a1b2c3', false, false],
    ['MY_SECRET-*', 'MY_SECRET-other-a1b2c3', false, true],
    ['a.b+c(d)', 'a.b+c(d)', false, true],
    ['a.b', 'axb', false, false],
    ['line*', 'line1\nline2', false, true],
    ['SecretsManager:getsecretvalue', 'secretsmanager:GetSecretValue', true, true],
    ['SecretsManager:getsecretvalue', 'secretsmanager:GetSecretValue', false, false],
    ['KMS:De*', 'kms:Decrypt', true, true],
    ['', '', false, true],
    ['', 'x', false, false],
  ])('%j vs %j (ignoreCase %s) → %s', (pattern, value, ignoreCase, expected) => {
    expect(wildcardMatch(pattern, value, ignoreCase)).toBe(expected);
    // The cached matcher answers the same the second time.
    expect(wildcardMatch(pattern, value, ignoreCase)).toBe(expected);
  });
});

describe('arnMatch (ArnEquals / ArnLike: six parts matched separately)', () => {
  it.each([
    ['arn:aws:iam::222222222222:role/*', 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE', true],
    ['arn:aws:iam::222222222222:role/*', 'arn:aws:iam::333333333333:role/PRODUCTION_SECRET_ROLE', false],
    ['arn:aws:iam::*:role/APP', 'arn:aws:iam::222222222222:role/APP', true],
    ['arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:123456789012:my_topic', true],
    // A wildcard in one part does not run into the next: `*` in the region cannot swallow the account.
    ['arn:aws:sns:*:my_topic', 'arn:aws:sns:us-east-1:123456789012:my_topic', false],
    // In the resource part colons are ordinary characters.
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????', 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3', true],
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:*', 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3', true],
    ['arn:aws:iam::222222222222:role/app', 'arn:aws:iam::222222222222:role/APP', false],
    ['arn:aws:iam::222222222222:root', 'not-an-arn', false],
    ['*', 'not-an-arn', true],
  ])('%j vs %j → %s', (pattern, value, expected) => {
    expect(arnMatch(pattern, value)).toBe(expected);
  });
});
