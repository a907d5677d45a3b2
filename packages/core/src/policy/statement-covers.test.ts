import { describe, expect, it } from 'vitest';
import type { Statement } from './policy-types';
import { coveringStatements, statementCovers } from './statement-covers';

const grant = (Action: string | string[], Resource: string | string[] = '*'): Statement => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action, Resource });

describe('statementCovers compares patterns with patterns', () => {
  it('a `?` never covers what a `*` stands for (the wider statement is not "already granted")', () => {
    expect(statementCovers(grant('s?cretsmanager:GetSecretValue'), grant('s*cretsmanager:GetSecretValue'))).toBe(false);
    expect(statementCovers(grant('*', 'MY_SECRET-??????'), grant('*', 'MY_SECRET-*'))).toBe(false);
    expect(statementCovers(grant('*', 'MY_SECRET-*'), grant('*', 'MY_SECRET-??????'))).toBe(true);
    expect(statementCovers(grant('secretsmanager:*'), grant(['secretsmanager:Get*', 'SecretsManager:DescribeSecret']))).toBe(true);
  });

  it('a statement full of wildcards is compared quickly and correctly', () => {
    const hostile = grant(`secretsmanager:${'*a'.repeat(45)}`);
    const ours = grant('secretsmanager:GetSecretValue');
    expect(statementCovers(hostile, ours)).toBe(false);
    expect(statementCovers(hostile, hostile)).toBe(true);
    expect(coveringStatements({ Statement: [hostile, ours] }, ours)).toEqual([1]);
  });
});
