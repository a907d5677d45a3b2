import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy';
import { policyShapeProblem } from './policy-shape';

const statement = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const doc = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ ...statement, ...s }] });

describe('policyShapeProblem: the types AWS refuses, with the path', () => {
  it.each([
    ['not a document', '(document)', 'not a policy document'],
    [{ Statement: [] }, undefined, undefined],
    [doc({}), undefined, undefined],
    [{ Version: 2012, Statement: [statement] }, 'Version', 'not a string'],
    [doc({ Action: 5 }), 'Statement[0].Action', 'not a string or a non-empty list of strings'],
    [doc({ Action: [] }), 'Statement[0].Action', 'non-empty'],
    [doc({ Action: undefined }), 'Statement[0].Action', 'exactly one'],
    [doc({ NotAction: 's3:*' }), 'Statement[0].Action', 'exactly one'],
    [doc({ Principal: 'everyone' }), 'Statement[0].Principal', 'not "*" or an object'],
    [doc({ Principal: { Robots: 'x' } }), 'Statement[0].Principal.Robots', 'not a principal type'],
    [doc({ Condition: { StringEquals: { 'aws:SourceAccount': { nested: 1 } } } }), 'Statement[0].Condition.StringEquals["aws:SourceAccount"]', 'not a value or a list of values'],
    [doc({ Condition: 'x' }), 'Statement[0].Condition', 'not an object of operators'],
    [doc({ Effect: 'Maybe' }), 'Statement[0].Effect', 'not "Allow" or "Deny"'],
    [doc({ Extra: 1 }), 'Statement[0].Extra', 'not a statement element'],
  ])('%j → %s', (value, path, problem) => {
    const found = policyShapeProblem(value);
    if (path === undefined) expect(found).toBeUndefined();
    else expect(found).toEqual({ path, problem: expect.stringContaining(problem!) });
  });

  it('parsePolicy reports the first problem as a user error naming the field and path', () => {
    expect(() => parsePolicy(JSON.stringify(doc({ Action: 5 })), '--key-policy k.json')).toThrow(/^--key-policy k\.json: Statement\[0\]\.Action is 5, not a string/);
  });
});
