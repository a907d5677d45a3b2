import { describe, expect, it } from 'vitest';
import { documentsEquivalent, normalisePrincipal, normaliseStatement, normaliseStatementShape, sortedUnique, statementsEqual } from './normalise-policy';
import type { Statement } from './policy-types';

describe('sortedUnique (string-or-array)', () => {
  it('turns a string into a one-element array and an array into a sorted array without duplicates', () => {
    expect(sortedUnique('kms:Decrypt')).toEqual(['kms:Decrypt']);
    expect(sortedUnique(['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(sortedUnique(undefined)).toEqual([]);
    expect(sortedUnique(['KMS:Decrypt', 'kms:decrypt'], true)).toEqual(['kms:decrypt']);
  });
});

describe('normalisePrincipal', () => {
  it('treats a bare account id as the account root ARN of the partition', () => {
    expect(normalisePrincipal({ AWS: '222222222222' })).toEqual({ AWS: ['arn:aws:iam::222222222222:root'] });
    expect(normalisePrincipal({ AWS: ['222222222222'] }, 'aws-cn')).toEqual({ AWS: ['arn:aws-cn:iam::222222222222:root'] });
  });

  it('treats "*" and {"AWS": "*"} the same', () => {
    expect(normalisePrincipal('*')).toEqual(normalisePrincipal({ AWS: '*' }));
  });

  it('sorts and de-duplicates values, keeps service principals apart', () => {
    expect(normalisePrincipal({ Service: 'secretsmanager.amazonaws.com', AWS: ['arn:aws:iam::2:role/b', 'arn:aws:iam::2:role/a', 'arn:aws:iam::2:role/a'] })).toEqual({
      AWS: ['arn:aws:iam::2:role/a', 'arn:aws:iam::2:role/b'],
      Service: ['secretsmanager.amazonaws.com'],
    });
  });
});

describe('statementsEqual (by value, Sid ignored)', () => {
  const base: Statement = {
    Sid: 'One',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::222222222222:root' },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } },
  };

  it('equal when only the form differs', () => {
    const other: Statement = {
      Sid: 'Two',
      Effect: 'Allow',
      Principal: { AWS: ['222222222222'] },
      Action: ['KMS:DescribeKey', 'kms:Decrypt', 'kms:Decrypt'],
      Resource: ['*'],
      Condition: { StringEquals: { 'KMS:ViaService': ['secretsmanager.us-east-2.amazonaws.com'] } },
    };
    expect(statementsEqual(base, other)).toBe(true);
  });

  it.each<[string, Partial<Statement>]>([
    ['effect', { Effect: 'Deny' }],
    ['principal', { Principal: { AWS: 'arn:aws:iam::333333333333:root' } }],
    ['action', { Action: 'kms:Decrypt' }],
    ['resource', { Resource: 'arn:aws:kms:us-east-2:111111111111:key/x' }],
    ['condition value', { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }],
    ['condition operator', { Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } } }],
    ['Resource vs NotResource', { Resource: undefined, NotResource: '*' }],
  ])('different when the %s differs', (_name, patch) => {
    const other = { ...base, ...patch } as Statement;
    if (patch.Resource === undefined && 'Resource' in patch) delete other.Resource;
    expect(statementsEqual(base, other)).toBe(false);
  });

  it('condition values: booleans and strings compare as strings; order does not matter', () => {
    const a: Statement = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } };
    const b: Statement = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(statementsEqual(a, b)).toBe(true);
    expect(normaliseStatement(a).condition).toEqual({ Bool: { 'aws:securetransport': ['false'] } });
  });
});

describe('documentsEquivalent and normaliseStatementShape', () => {
  it('documents with the same statements in another order and form are equivalent', () => {
    const a = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'a:B', Resource: 'x' }, { Effect: 'Deny' as const, Action: ['c:D'], Resource: ['y'] }] };
    const b = { Version: '2012-10-17', Statement: [{ Effect: 'Deny' as const, Action: 'c:D', Resource: 'y' }, { Effect: 'Allow' as const, Action: ['a:B'], Resource: 'x' }] };
    expect(documentsEquivalent(a, b)).toBe(true);
    expect(documentsEquivalent(a, null)).toBe(false);
    expect(documentsEquivalent(null, null)).toBe(true);
  });

  it('reshapes without changing the meaning (single values as strings, "*" principal)', () => {
    const statement: Statement = { Sid: 'S', Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['b', 'a', 'a'], Resource: ['r'] };
    const shaped = normaliseStatementShape(statement);
    expect(shaped).toEqual({ Sid: 'S', Effect: 'Allow', Principal: '*', Action: ['a', 'b'], Resource: 'r' });
    expect(statementsEqual(shaped, statement)).toBe(true);
  });
});
