import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { broadensAccess } from './broadens-access';
import { policyDiff, textDiff } from './policy-diff';
import { identityPolicySize, keyPolicySize, measurePolicy, secretPolicySize, SIZE_LIMITS } from './policy-size';
import type { PolicyDocument } from './policy-types';
import { coveringStatements, statementCovers } from './statement-covers';

describe('canonicalJson', () => {
  it('orders keys AWS-style and pretty-prints with 2 spaces', () => {
    const doc = {
      Statement: [{ Condition: { StringLike: { b: '1', a: '2' }, Bool: { c: 'true' } }, Resource: '*', Action: 'x:Y', Principal: { Service: 's', AWS: 'a' }, Effect: 'Allow', Sid: 'S', Extra: 1 }],
      Id: 'id',
      Version: '2012-10-17',
    } as unknown as PolicyDocument;
    const text = canonicalJson(doc);
    expect(Object.keys(JSON.parse(text))).toEqual(['Version', 'Id', 'Statement']);
    const statement = JSON.parse(text).Statement[0];
    expect(Object.keys(statement)).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition', 'Extra']);
    expect(Object.keys(statement.Principal)).toEqual(['AWS', 'Service']);
    expect(Object.keys(statement.Condition)).toEqual(['Bool', 'StringLike']);
    expect(Object.keys(statement.Condition.StringLike)).toEqual(['a', 'b']);
    expect(text).toContain('\n  "Id": "id"');
  });

  it('is stable: a different key order gives the same text', () => {
    const a: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'r' }] };
    const b = JSON.parse('{"Statement":[{"Resource":"r","Action":"a","Effect":"Allow"}],"Version":"2012-10-17"}') as PolicyDocument;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });
});

describe('policy sizes', () => {
  const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-2:111111111111:key/é' }] };
  it('secret policy counts characters, key policy UTF-8 bytes (of the compact JSON apply writes), IAM ignores whitespace', () => {
    expect(secretPolicySize(doc)).toBe(JSON.stringify(doc).length);
    expect(keyPolicySize(doc)).toBe(JSON.stringify(doc).length + 1); // é is two bytes
    const spaced = { ...doc, Statement: [{ ...doc.Statement[0]!, Resource: 'arn:aws:s3:::a b' }] };
    expect(identityPolicySize(spaced)).toBe(JSON.stringify(spaced).length - 1);
    expect(secretPolicySize(spaced)).toBe(JSON.stringify(spaced).length);
  });

  it('knows the AWS limits', () => {
    expect(SIZE_LIMITS['secret-policy'].limit).toBe(20_480);
    expect(SIZE_LIMITS['key-policy'].limit).toBe(32_768);
    expect(SIZE_LIMITS['managed-policy'].limit).toBe(6_144);
    expect(SIZE_LIMITS['inline-policy'].limit).toBe(10_240);
    const big: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'x'.repeat(6_200) }] };
    expect(measurePolicy('managed-policy', big).fits).toBe(false);
    expect(measurePolicy('inline-policy', big).fits).toBe(true);
  });
});

describe('policyDiff', () => {
  it('is a unified diff of canonical JSON', () => {
    const before: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'r' }] };
    const after: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'r' }, { Effect: 'Allow', Action: 'b', Resource: 'r' }] };
    const diff = policyDiff('secret-policy.json', before, after);
    expect(diff).toContain('--- a/secret-policy.json');
    expect(diff).toContain('+++ b/secret-policy.json');
    expect(diff).toContain('+      "Action": "b",');
    expect(diff).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(policyDiff('x.json', before, before)).toBe('');
    expect(policyDiff('x.json', null, after)).toContain('--- /dev/null');
    expect(policyDiff('x.json', before, null)).toContain('+++ /dev/null');
    expect(textDiff('k.txt', 'a', 'b')).toContain('-a\n+b');
  });
});

describe('statementCovers and broadensAccess', () => {
  const consumer = 'arn:aws:iam::222222222222:root';
  const narrow = { Effect: 'Allow' as const, Principal: { AWS: consumer }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } };

  it('a wider statement covers a narrower one; not the other way round', () => {
    const wide = { Effect: 'Allow' as const, Principal: { AWS: '222222222222' }, Action: 'secretsmanager:*', Resource: '*' };
    expect(statementCovers(wide, narrow)).toBe(true);
    expect(statementCovers(narrow, wide)).toBe(false);
    expect(statementCovers({ ...narrow, Principal: { AWS: 'arn:aws:iam::333333333333:root' } }, narrow)).toBe(false);
    expect(statementCovers({ ...narrow, Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': ['AWSCURRENT', 'AWSPREVIOUS'] } } }, narrow)).toBe(true);
    expect(coveringStatements({ Statement: [narrow, wide] }, narrow)).toEqual([0, 1]);
  });

  it('adding an Allow broadens; removing one does not; removing a Deny does', () => {
    const deny = { Effect: 'Deny' as const, Principal: '*' as const, Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    const before: PolicyDocument = { Statement: [deny] };
    expect(broadensAccess(before, { Statement: [deny, narrow] })).toBe(true);
    expect(broadensAccess({ Statement: [deny, narrow] }, before)).toBe(false);
    expect(broadensAccess({ Statement: [deny, narrow] }, { Statement: [narrow] })).toBe(true);
    expect(broadensAccess(null, { Statement: [narrow] })).toBe(true);
    expect(broadensAccess({ Statement: [narrow] }, { Statement: [{ ...narrow, Sid: 'renamed' }] })).toBe(false);
  });
});
