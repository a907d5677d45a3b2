import { describe, expect, it } from 'vitest';
import type { Statement } from './policy-types';
import { orgScopeBroader, statementGrantees } from './statement-grantees';

const allow = (Principal: Statement['Principal'], Condition?: Statement['Condition']): Statement => ({ Effect: 'Allow', Principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...(Condition ? { Condition } : {}) });
const kinds = (statement: Statement) => statementGrantees(statement).map((g) => [g.kind, g.key]);

describe('statementGrantees', () => {
  it('ARN principals: account (id or root), role, user, unique id, service', () => {
    expect(kinds(allow({ AWS: ['222222222222', 'arn:aws:iam::333333333333:role/R', 'arn:aws:iam::444444444444:user/U', 'AROAEXAMPLEEXAMPLE01'], Service: 'lambda.amazonaws.com' }))).toEqual([
      ['account', 'arn:aws:iam::222222222222:root'],
      ['role', 'arn:aws:iam::333333333333:role/R'],
      ['user', 'arn:aws:iam::444444444444:user/U'],
      ['unique-id', 'AROAEXAMPLEEXAMPLE01'],
      ['service', 'lambda.amazonaws.com'],
    ]);
  });

  it('"*" narrowed by the organization keys, accounts or ARNs; public otherwise', () => {
    expect(kinds(allow('*'))).toEqual([['public', '*']]);
    expect(kinds(allow({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))).toEqual([['organization', 'o-a1b2c3d4e5']]);
    expect(kinds(allow({ AWS: '*' }, { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }))).toEqual([['public', '*']]);
    expect(kinds(allow({ AWS: '*' }, { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))).toEqual([['public', '*']]);
    expect(statementGrantees(allow('*', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] } }))).toEqual([
      { kind: 'organizational-unit', key: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/', orgId: 'o-a1b2c3d4e5', orgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/', subtree: true },
    ]);
    expect(kinds(allow('*', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } }))).toEqual([['organization', 'o-a1b2c3d4e5']]);
    expect(kinds(allow('*', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-*' } }))).toEqual([['public', '*']]);
    expect(kinds(allow('*', { StringEquals: { 'aws:PrincipalAccount': '222222222222', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))).toEqual([['account', 'arn:aws:iam::222222222222:root']]);
    expect(kinds(allow('*', { StringEquals: { 'kms:CallerAccount': '222222222222' } }))).toEqual([['account', 'arn:aws:iam::222222222222:root']]);
  });

  it('an account root with ArnEquals aws:PrincipalArn: the condition form', () => {
    expect(kinds(allow({ AWS: 'arn:aws:iam::222222222222:root' }, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/APP' } }))).toEqual([['condition', 'condition:arn:aws:iam::222222222222:role/APP']]);
    expect(kinds(allow({ AWS: 'arn:aws:iam::222222222222:root' }, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } }))).toEqual([['account', 'arn:aws:iam::222222222222:root']]);
  });

  it('orgScopeBroader: an organization covers its OUs; an OU subtree covers the OUs below it', () => {
    const ou = { orgId: 'o-a1b2c3d4e5', orgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/' };
    expect(orgScopeBroader({ kind: 'organization', key: 'o-a1b2c3d4e5', orgId: 'o-a1b2c3d4e5' }, ou)).toBe(true);
    expect(orgScopeBroader({ kind: 'organization', key: 'o-zzzzzzzzzz', orgId: 'o-zzzzzzzzzz' }, ou)).toBe(false);
    expect(orgScopeBroader({ kind: 'organization', key: 'o-a1b2c3d4e5', orgId: 'o-a1b2c3d4e5' }, { orgId: 'o-a1b2c3d4e5' })).toBe(false);
    const parent = { kind: 'organizational-unit' as const, key: 'p', orgId: 'o-a1b2c3d4e5', orgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/', subtree: true };
    expect(orgScopeBroader(parent, ou)).toBe(true);
    expect(orgScopeBroader({ ...parent, subtree: false }, ou)).toBe(false);
    expect(orgScopeBroader(parent, { orgId: 'o-a1b2c3d4e5', orgPath: parent.orgPath })).toBe(false);
  });
});
