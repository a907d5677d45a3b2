import { describe, expect, it } from 'vitest';
import { analyzePolicyText } from './analyze-policy-file';
import { classifyPolicyText } from './classify-policy';
import { findingQuickFixes, fixAllText, minimalTextEdit } from './fix-all';
import { applyTextEdits } from './quick-fixes';

const KEY_ARN = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A key policy with the reviewer's mistakes: no account-root statement, "allow", an unknown action, an alias ARN, a misspelt condition key. */
const keyPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "KeyAdministrators",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:role/KeyAdmin" },
      "Action": ["kms:Create*", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
      "Resource": "*"
    },
    {
      "Sid": "ShareWithProduction",
      "Effect": "allow",
      "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
      "Action": ["kms:Decrypt", "kms:DescribeKeys"],
      "Resource": "arn:aws:kms:us-east-2:111111111111:alias/shared",
      "Condition": { "StringEquals": { "kms:ViaServices": "secretsmanager.us-east-2.amazonaws.com" } }
    }
  ]
}
`;

const spanOf = (text: string, located: { offset: number; length: number }) => text.slice(located.offset, located.offset + located.length);

describe('analyzePolicyText: grammar and catalogue findings at their exact ranges', () => {
  it('reads a document with "allow" (unreadable as a policy) and still places every finding', () => {
    const analysis = analyzePolicyText(keyPolicy);
    expect(analysis.kind).toBe('key-policy');
    expect(analysis.problem).toMatch(/Effect is "allow"/);
    expect(analysis.findings.map((f) => [f.finding.code, spanOf(keyPolicy, f)])).toEqual([
      ['STATEMENT_EFFECT', '"allow"'],
      ['ACTION_UNKNOWN', '"kms:DescribeKeys"'],
      ['CONDITION_KEY_UNKNOWN', '"kms:ViaServices"'],
      ['KEY_ALIAS_ARN', '"arn:aws:kms:us-east-2:111111111111:alias/shared"'],
      ['KEY_ADMIN_LOCKOUT', '"Statement"'],
    ]);
    expect(analysis.findings.every((f) => f.finding.severity === 'error')).toBe(true);
  });

  it('places a misspelt key on the key, and still classifies and checks a policy whose "Statement" is misspelt', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statements": [\n    { "Effect": "Allow", "Action": "secretsmanager:GetSecretValues", "Resource": "*", "Conditions": {} }\n  ]\n}\n';
    expect(classifyPolicyText(text)).toMatchObject({ isPolicy: true, kind: 'identity-policy' });
    const analysis = analyzePolicyText(text);
    expect(analysis.findings.map((f) => [f.finding.code, spanOf(text, f)])).toEqual([
      ['POLICY_UNKNOWN_KEY', '"Statements"'],
      ['STATEMENT_UNKNOWN_KEY', '"Conditions"'],
      ['ACTION_UNKNOWN', '"secretsmanager:GetSecretValues"'],
    ]);
    expect(classifyPolicyText('{"name":"pkg","version":"1.0.0","statements":"no"}').isPolicy).toBe(false);
  });

  it('gives the first JSON syntax error of an unreadable file a range', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "kms:Decrypt", "Resource": "*" }\n  ]\n}\n';
    const analysis = analyzePolicyText(text);
    expect(analysis.problem).toBe('the JSON has syntax errors');
    expect(analysis.findings).toHaveLength(1);
    expect(analysis.findings[0]!.finding.message).toMatch(/a comma is expected/);
    expect(spanOf(text, analysis.findings[0]!)).toBe('"Action"');
  });

  it('a Principal in an identity policy is an error only when the file is an identity policy', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }, null, 2);
    expect(analyzePolicyText(text).findings).toEqual([]);
    const asIdentity = analyzePolicyText(text, 'identity-policy').findings;
    expect(asIdentity.map((f) => [f.finding.code, spanOf(text, f)])).toEqual([['PRINCIPAL_IN_IDENTITY_POLICY', '"Principal"']]);
  });
});

describe('quick fixes and fix all', () => {
  it('offers each certain fix as an edit of exactly the string or key it concerns', () => {
    const analysis = analyzePolicyText(keyPolicy);
    const fixes = findingQuickFixes(keyPolicy, analysis);
    expect(fixes.map((f) => [f.finding.finding.code, f.title, f.certain])).toEqual([
      ['STATEMENT_EFFECT', 'Write "Allow"', true],
      ['ACTION_UNKNOWN', 'Change to kms:DescribeKey', true],
      ['CONDITION_KEY_UNKNOWN', 'Rename to kms:ViaService', true],
      ['KEY_ALIAS_ARN', 'Write "*" (this key)', true],
    ]);
    const renamed = applyTextEdits(keyPolicy, fixes[2]!.edits);
    expect(renamed).toBe(keyPolicy.replace('"kms:ViaServices"', '"kms:ViaService"'));
  });

  it('fix all applies every certain fix and leaves the rest (the lock-out needs a person)', () => {
    const { text, applied } = fixAllText(keyPolicy);
    expect(applied).toEqual(['Write "Allow"', 'Change to kms:DescribeKey', 'Rename to kms:ViaService', 'Write "*" (this key)']);
    expect(text).toBe(keyPolicy.replace('"allow"', '"Allow"').replace('"kms:DescribeKeys"', '"kms:DescribeKey"').replace('"kms:ViaServices"', '"kms:ViaService"').replace('"arn:aws:kms:us-east-2:111111111111:alias/shared"', '"*"'));
    expect(analyzePolicyText(text).findings.map((f) => f.finding.code)).toEqual(['KEY_ADMIN_LOCKOUT']);
  });

  it('fix all goes pass after pass: a renamed "Statements" reveals the fixes inside it; ARN whitespace and the -?????? suffix are certain', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statements: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValues', Resource: ' arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET', Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionsStages': 'AWSCURRENT' } } }, { Effect: 'allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-2:111111111111:alias/shared' }] }, null, 2);
    const { text: fixed } = fixAllText(text, undefined, { keyArn: KEY_ARN });
    expect(JSON.parse(fixed)).toEqual({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????', Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
    ] });
    expect(analyzePolicyText(fixed, undefined, { keyArn: KEY_ARN }).findings).toEqual([]);
  });
});

describe('minimalTextEdit', () => {
  it('replaces only what changed, so an editor keeps the rest of the file (and its markers) as it was', () => {
    const before = '{ "Effect": "allow", "Action": "kms:Decrypt" }';
    const after = '{ "Effect": "Allow", "Action": "kms:Decrypt" }';
    expect(minimalTextEdit(before, after)).toEqual({ offset: 13, length: 1, newText: 'A' });
    expect(applyTextEdits(before, [minimalTextEdit(before, after)!])).toBe(after);
    expect(minimalTextEdit(before, before)).toBeUndefined();
    expect(applyTextEdits('aaa', [minimalTextEdit('aaa', 'aaaa')!])).toBe('aaaa');
  });
});
