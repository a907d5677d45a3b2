import { describe, expect, it } from 'vitest';
import type { ConditionBlock } from '../policy/policy-types';
import { conditionsHold, failedCondition } from './conditions';
import { RequestContext } from './request-context';

type Row = [string, ConditionBlock, Record<string, string | string[]>, boolean];

function holds(block: ConditionBlock, context: Record<string, string | string[]>): boolean {
  return conditionsHold(block, new RequestContext(context));
}

// Rows follow the examples of AWS's IAM User Guide ("Condition operators", "Single-valued vs.
// multivalued context keys", "...IfExists", "Condition with multiple keys or values").
describe('condition operators (AWS IAM User Guide examples)', () => {
  const rows: Row[] = [
    // String
    ['StringEquals matches exactly', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
    ['StringEquals is case-sensitive', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'IAMUSER-ADMIN' }, false],
    ['StringEquals on a key missing from the request is false', { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, {}, false],
    ['StringNotEquals on a missing key is true', { StringNotEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, {}, true],
    ['StringNotEquals with another value', { StringNotEquals: { 'aws:PrincipalTag/role': 'audit' } }, { 'aws:PrincipalTag/role': 'dev' }, true],
    ['StringEqualsIgnoreCase ignores case', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/role': 'Audit' } }, { 'aws:PrincipalTag/role': 'AUDIT' }, true],
    ['StringNotEqualsIgnoreCase ignores case', { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/role': 'Audit' } }, { 'aws:PrincipalTag/role': 'audit' }, false],
    ['StringLike with *', { StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice/notes' }, true],
    ['StringLike with ?', { StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-??????' } }, { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3' }, true],
    ['StringLike ? needs exactly one character', { StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-??????' } }, { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-other-a1b2c3' }, false],
    ['StringNotLike on a missing key is true', { StringNotLike: { 's3:prefix': 'home/*' } }, {}, true],
    ['StringNotLike with a matching value is false', { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/x' }, false],
    ['StringEquals is not a wildcard match', { StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/x' }, false],
    // Several values: OR; negated operators: none may match (reads as AND)
    ['several values are ORed', { StringEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } }, { 'aws:PrincipalTag/role': 'security' }, true],
    ['StringNotEquals with several values: a listed value fails', { StringNotEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } }, { 'aws:PrincipalTag/role': 'audit' }, false],
    ['StringNotEquals with several values: an unlisted value holds', { StringNotEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } }, { 'aws:PrincipalTag/role': 'dev' }, true],
    // Several keys and several operators: AND
    ['several keys are ANDed (both hold)', { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:CallerAccount': '222222222222' } }, { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:CallerAccount': '222222222222' }, true],
    ['several keys are ANDed (one fails)', { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:CallerAccount': '222222222222' } }, { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:CallerAccount': '333333333333' }, false],
    ['several operators are ANDed', { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:SecretARN': '*:secret:OTHER-??????' } }, { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3' }, false],
    ['condition keys are case-insensitive', { StringEquals: { 'KMS:VIASERVICE': 'secretsmanager.us-east-2.amazonaws.com' } }, { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' }, true],
    ['an unknown key is treated as missing', { StringEquals: { 'custom:madeUp': 'x' } }, { 'kms:ViaService': 'x' }, false],
    // ARN
    ['ArnLike with a wildcard role path', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/APP' }, true],
    ['ArnEquals also takes wildcards', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:my_topic' } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:my_topic' }, true],
    ['ArnLike does not match another account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/APP' }, false],
    ['ArnNotEquals on the named principal is false', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/APP' } }, { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/APP' }, false],
    ['ArnNotLike on a missing key is true', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, {}, true],
    ['ArnLike on a missing key is false', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, {}, false],
    // Bool
    ['Bool aws:SecureTransport false (the deny-without-TLS example) on a TLS request', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, false],
    ['Bool accepts a JSON boolean value', { Bool: { 'aws:SecureTransport': true } as never }, { 'aws:SecureTransport': 'true' }, true],
    ['Bool on a missing key is false', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, false],
    ['BoolIfExists on a missing key is true', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, true],
    // Null
    ['Null true: key absent (aws:TokenIssueTime, long-term credentials)', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
    ['Null true: key present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, false],
    ['Null false: key present', { Null: { 'aws:PrincipalOrgID': 'false' } }, { 'aws:PrincipalOrgID': 'o-abc' }, true],
    ['Null false: key absent', { Null: { 'aws:PrincipalOrgID': 'false' } }, {}, false],
    // ...IfExists (the ec2:InstanceType example)
    ['StringLikeIfExists: present and matching', { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 't2.micro' }, true],
    ['StringLikeIfExists: present and not matching', { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 'm4.large' }, false],
    ['StringLikeIfExists: absent', { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, {}, true],
    ['StringNotEqualsIfExists: absent', { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } }, {}, true],
    ['ArnLikeIfExists: present and not matching', { ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/bob' }, false],
    ['NumericLessThanIfExists: absent', { NumericLessThanIfExists: { 's3:max-keys': '10' } }, {}, true],
    // Set operators (the aws:TagKeys examples)
    ['ForAllValues: every request value is listed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'cost-center'] }, true],
    ['ForAllValues: a subset is fine', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment'] }, true],
    ['ForAllValues: one unlisted value fails', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'dept'] }, false],
    ['ForAllValues: a missing key is (vacuously) true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, {}, true],
    ['ForAllValues: an empty list is (vacuously) true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': [] }, true],
    ['ForAnyValue: one listed value is enough', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'dept'] }, true],
    ['ForAnyValue: no listed value fails', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['dept'] }, false],
    ['ForAnyValue: a missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, {}, false],
    ['ForAnyValue:StringEquals VersionStage AWSCURRENT (Secrets Manager docs)', { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } }, { 'secretsmanager:VersionStage': ['AWSCURRENT'] }, true],
    ['ForAnyValue:StringEquals VersionStage AWSCURRENT, asking AWSPREVIOUS', { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } }, { 'secretsmanager:VersionStage': ['AWSPREVIOUS'] }, false],
    ['ForAnyValue:StringLike', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'env*' } }, { 'aws:TagKeys': ['dept', 'environment'] }, true],
    ['ForAllValues:StringLike', { 'ForAllValues:StringLike': { 'aws:TagKeys': 'env*' } }, { 'aws:TagKeys': ['dept', 'environment'] }, false],
    ['ForAllValues:StringNotEquals: no request value is listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'b'] }, true],
    ['ForAllValues:StringNotEquals: one listed value fails', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'secret'] }, false],
    ['ForAnyValue:StringNotEquals: one unlisted value is enough', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['secret', 'b'] }, true],
    ['ForAnyValue:StringEqualsIfExists on a missing key is false', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {}, false],
    // Numeric and Date
    ['NumericLessThanEquals s3:max-keys 10 with 10', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, true],
    ['NumericLessThanEquals s3:max-keys 10 with 11', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }, false],
    ['NumericGreaterThan', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 } as never }, { 'aws:MultiFactorAuthAge': '3601' }, true],
    ['NumericEquals with a non-number is false', { NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, false],
    ['NumericNotEquals', { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }, true],
    ['DateGreaterThan aws:TokenIssueTime', { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, { 'aws:TokenIssueTime': '2024-05-01T12:00:00Z' }, true],
    ['DateLessThan with epoch seconds', { DateLessThan: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': '1600000000' }, true],
    // Policy variables
    ['a policy variable resolves from the request', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }, true],
    ['a policy variable for another user does not match', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }, false],
    ['an unresolved variable matches nothing', { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }, { 'aws:PrincipalAccount': '' }, false],
    ['a variable with a default value', { StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/owner, 'none'}" } }, { 'aws:PrincipalTag/team': 'none' }, true],
    ['aws:PrincipalAccount = ${aws:ResourceAccount}: same account', { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }, { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' }, true],
    // Unknown operator
    ['an unknown operator never holds', { StringSortOf: { 'aws:PrincipalAccount': '1' } }, { 'aws:PrincipalAccount': '1' }, false],
    ['an empty condition block holds', {}, {}, true],
  ];

  it.each(rows)('%s', (_name, block, context, expected) => {
    expect(holds(block, context)).toBe(expected);
  });
});

describe('failedCondition', () => {
  it('names the first operator and key that failed, with both sides', () => {
    const context = new RequestContext({ 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com', 'kms:CallerAccount': '222222222222' });
    expect(failedCondition({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' }, Bool: { 'aws:SecureTransport': 'true' } }, context)).toEqual({
      operator: 'Bool',
      key: 'aws:SecureTransport',
      values: ['true'],
      context: undefined,
    });
    expect(failedCondition({ StringEquals: { 'kms:CallerAccount': ['333333333333'] } }, context)).toMatchObject({ context: ['222222222222'] });
    expect(failedCondition(undefined, context)).toBeUndefined();
  });
});
