import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { editStatements, mergeStatements } from './merge';
import { DEFAULT_SHARE_OPTIONS } from './plan-types';
import { secretReadStatement } from './statements';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const ROOT = 'arn:aws:iam::222222222222:root';
const ours = secretReadStatement(SECRET, ROOT, DEFAULT_SHARE_OPTIONS);
const foreignDeny: Statement = { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const foreignAllow: Statement = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };

describe('mergeStatements', () => {
  it('creates a missing document with Version 2012-10-17', () => {
    const result = mergeStatements(null, [ours]);
    expect(result.document).toEqual({ Version: '2012-10-17', Statement: [ours] });
    expect(result.added).toEqual([ours]);
    expect(result.changed).toBe(true);
  });

  it('keeps foreign statements, their order and the document fields; appends ours', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Id: 'keep-me', Statement: [foreignDeny, foreignAllow] };
    const result = mergeStatements(doc, [ours]);
    expect(result.document.Id).toBe('keep-me');
    expect(result.document.Statement).toEqual([foreignDeny, foreignAllow, ours]);
    expect(result.document.Statement[0]).toBe(foreignDeny);
    expect(doc.Statement).toHaveLength(2); // input untouched
  });

  it('replaces our statement in place by Sid', () => {
    const old = { ...ours, Condition: undefined } as Statement;
    delete old.Condition;
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [foreignDeny, old, foreignAllow] };
    const result = mergeStatements(doc, [ours]);
    expect(result.document.Statement).toEqual([foreignDeny, ours, foreignAllow]);
    expect(result.removed).toEqual([old]);
    expect(result.added).toEqual([ours]);
  });

  it('recognises an existing equal grant written by someone else: no duplicate', () => {
    const handWritten: Statement = { Sid: 'ByHand', Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: ['secretsmanager:GetSecretValue'], Resource: ['*'], Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': ['AWSCURRENT'] } } };
    const result = mergeStatements({ Version: '2012-10-17', Statement: [handWritten] }, [ours]);
    expect(result.document.Statement).toEqual([handWritten]);
    expect(result.changed).toBe(false);
    expect(result.existingGrants).toEqual([{ statement: ours, coveredBy: 0 }]);
  });

  it('is idempotent: merging twice equals merging once', () => {
    const once = mergeStatements({ Statement: [foreignDeny] }, [ours]).document;
    const twice = mergeStatements(once, [ours]);
    expect(twice.document).toEqual(once);
    expect(twice.changed).toBe(false);
  });
});

describe('editStatements', () => {
  it('removes by Sid, keeps the rest, and deletes an empty document only when asked', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [foreignDeny, ours] };
    const result = editStatements(doc, new Map([[ours.Sid!, null]]), true);
    expect(result.document).toEqual({ Version: '2012-10-17', Statement: [foreignDeny] });
    expect(result.removed).toEqual([ours]);
    expect(editStatements({ Statement: [ours] }, new Map([[ours.Sid!, null]]), true).document).toBeNull();
    expect(editStatements({ Statement: [ours] }, new Map([[ours.Sid!, null]]), false).document).toEqual({ Statement: [] });
    expect(editStatements(doc, new Map([['Missing', null]]), true)).toMatchObject({ changed: false, document: doc });
  });
});
