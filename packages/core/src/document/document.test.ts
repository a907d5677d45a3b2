import { describe, expect, it } from 'vitest';
import { analyzePolicyText } from './analyze-policy-file';
import { classifyPolicyText } from './classify-policy';
import { locateJsonPath, offsetToPosition, parseJsonPath } from './locate-path';
import { applyTextEdits, dominantAccount, locateFindings, quickFixesInSpan, valueFixes } from './quick-fixes';
import { policyFileEdit, policyFileText, shareArnsIn, siblingPolicyFiles } from './file-share';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY_ARN = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const secretPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
}, null, 2);
const keyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
  ],
}, null, 2);
const identityPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
  ],
}, null, 2);

describe('classifyPolicyText', () => {
  it('recognises the three documents of a share by actions and principals', () => {
    expect(classifyPolicyText(secretPolicy)).toMatchObject({ isPolicy: true, kind: 'secret-policy' });
    expect(classifyPolicyText(keyPolicy)).toMatchObject({ isPolicy: true, kind: 'key-policy' });
    expect(classifyPolicyText(identityPolicy)).toMatchObject({ isPolicy: true, kind: 'identity-policy' });
  });

  it('accepts a single statement object, comments and trailing commas', () => {
    const text = '{ // exported\n "Version": "2012-10-17", "Statement": {"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"kms:Decrypt","Resource":"*",}, }';
    expect(classifyPolicyText(text).kind).toBe('key-policy');
  });

  it('reports ambiguity with candidates instead of guessing', () => {
    const both = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
    const result = classifyPolicyText(both);
    expect(result.isPolicy).toBe(true);
    expect(result.kind).toBeUndefined();
    expect(result.candidates).toEqual(['secret-policy', 'key-policy']);
    const empty = classifyPolicyText('{"Version":"2012-10-17","Statement":[]}');
    expect(empty.kind).toBeUndefined();
    expect(empty.candidates).toHaveLength(3);
  });

  it('says no for JSON that is not a policy', () => {
    expect(classifyPolicyText('{"name":"x","version":"1.0.0"}').isPolicy).toBe(false);
    expect(classifyPolicyText('[1,2]').isPolicy).toBe(false);
    expect(classifyPolicyText('not json').isPolicy).toBe(false);
  });
});

describe('locateJsonPath', () => {
  it('parses finding paths', () => {
    expect(parseJsonPath('Statement[1].Resource[0]')).toEqual(['Statement', 1, 'Resource', 0]);
    expect(parseJsonPath('Statement[0].Condition["StringEquals"]')).toEqual(['Statement', 0, 'Condition', 'StringEquals']);
  });

  it('finds the exact string of an ARN, quotes included', () => {
    const located = locateJsonPath(keyPolicy, 'Statement[1].Action[1]')!;
    expect(located.exact).toBe(true);
    expect(keyPolicy.slice(located.offset, located.offset + located.length)).toBe('"kms:DescribeKey"');
    expect(offsetToPosition(keyPolicy, located.offset).line).toBe(keyPolicy.slice(0, located.offset).split('\n').length - 1);
  });

  it('treats a single value as index 0 and falls back to the deepest ancestor', () => {
    const resource = locateJsonPath(secretPolicy, 'Statement[0].Resource[0]')!;
    expect(secretPolicy.slice(resource.offset, resource.offset + resource.length)).toBe('"*"');
    const missing = locateJsonPath(secretPolicy, 'Statement[0].Condition')!;
    expect(missing.exact).toBe(false);
    expect(missing.type).toBe('object');
    expect(secretPolicy.slice(missing.offset, missing.offset + missing.length)).toMatch(/^\{[\s\S]*"Effect"[\s\S]*\}$/);
  });
});

describe('quick fixes', () => {
  it('strips whitespace and typographic dashes from an ARN', () => {
    expect(valueFixes(` ${SECRET_ARN}`).map((f) => [f.id, f.value])).toEqual([['strip-whitespace', SECRET_ARN]]);
    const dashed = SECRET_ARN.replace('MY_TEST_SECRET-a1b2c3', 'MY_TEST_SECRET\u2013a1b2c3');
    expect(valueFixes(dashed).find((f) => f.id === 'ascii-dashes')?.value).toBe(SECRET_ARN);
  });

  it('adds the -?????? suffix to a name-only secret ARN and leaves full ARNs alone', () => {
    const partial = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET';
    expect(valueFixes(partial)).toEqual([expect.objectContaining({ id: 'secret-suffix', value: `${partial}-??????` })]);
    expect(valueFixes(SECRET_ARN)).toEqual([]);
    expect(valueFixes(`${partial}-??????`)).toEqual([]);
    expect(valueFixes('secretsmanager:GetSecretValue')).toEqual([]);
  });

  it('replaces iam::aws:policy with the owning account for a customer managed policy', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:GetPolicy', Resource: ['arn:aws:iam::aws:policy/ShareMySecret', 'arn:aws:iam::222222222222:role/app'] }] }, null, 2);
    expect(dominantAccount(text)).toBe('222222222222');
    const located = locateJsonPath(text, 'Statement[0].Resource[0]')!;
    const fixes = quickFixesInSpan(text, located);
    expect(fixes.map((f) => f.id)).toEqual(['customer-policy-account']);
    const fixed = JSON.parse(applyTextEdits(text, fixes[0]!.edits));
    expect(fixed.Statement[0].Resource[0]).toBe('arn:aws:iam::222222222222:policy/ShareMySecret');
  });

  it('edits only the string inside the span and keeps the rest of the file byte for byte', () => {
    const text = identityPolicy.replace(SECRET_ARN, ` ${SECRET_ARN.replace('-a1b2c3', '')}`);
    const located = locateJsonPath(text, 'Statement[0].Resource')!;
    const fixes = quickFixesInSpan(text, located);
    expect(fixes.map((f) => f.id)).toEqual(['strip-whitespace', 'secret-suffix']);
    const after = applyTextEdits(text, fixes[1]!.edits);
    expect(after).toBe(identityPolicy.replace(SECRET_ARN, `${SECRET_ARN.replace('-a1b2c3', '')}-??????`));
    // The statement span (a finding on the whole statement) offers the same fixes.
    const statement = locateJsonPath(text, 'Statement[0]')!;
    expect(quickFixesInSpan(text, statement).map((f) => f.id)).toEqual(['strip-whitespace', 'secret-suffix']);
  });

  it('places findings by path, else by statement', () => {
    const located = locateFindings(keyPolicy, [
      { code: 'EXISTING_GRANT', severity: 'warning', message: 'a', path: 'Statement[1].Principal.AWS' },
      { code: 'PUBLIC_PRINCIPAL', severity: 'error', message: 'b', statementIndex: 0 },
    ]);
    expect(keyPolicy.slice(located[0]!.offset, located[0]!.offset + located[0]!.length)).toBe('"arn:aws:iam::222222222222:root"');
    expect(keyPolicy.slice(located[1]!.offset, located[1]!.offset + located[1]!.length)).toContain('Enable IAM User Permissions');
  });
});

describe('policyFileEdit', () => {
  const current = '{\n    "Version": "2012-10-17",\n    "Statement": [\n        { "Sid": "Keep", "Effect": "Deny", "Principal": { "AWS": "*" }, "Action": "secretsmanager:DeleteSecret", "Resource": "*" }\n    ]\n}\n';
  const added = { Sid: 'SecretShareWizardRead', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
  const after = { Version: '2012-10-17', Statement: [{ Sid: 'Keep', Effect: 'Deny' as const, Principal: { AWS: '*' }, Action: 'secretsmanager:DeleteSecret', Resource: '*' }, added] };

  it('keeps unchanged statements as the user wrote them and appends new ones in the file indentation', () => {
    const text = policyFileEdit(current, after);
    expect(text.startsWith('{\n    "Version": "2012-10-17",\n    "Statement": [\n        { "Sid": "Keep", "Effect": "Deny", "Principal": { "AWS": "*" }, "Action": "secretsmanager:DeleteSecret", "Resource": "*" },\n')).toBe(true);
    expect(text).toContain('\n        {\n            "Sid": "SecretShareWizardRead",\n');
    expect(JSON.parse(text)).toEqual(after);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('replaces a changed statement in place and removes dropped ones', () => {
    const changed = { ...after, Statement: [{ ...added, Sid: 'Keep' }] };
    expect(JSON.parse(policyFileEdit(current, changed))).toEqual(changed);
  });

  it('falls back to canonical JSON when the file cannot be edited in place', () => {
    expect(policyFileEdit('{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}', after)).toBe(policyFileText(after));
    expect(policyFileEdit('not json', after)).toBe(policyFileText(after));
  });
});

describe('sibling files and ARNs for file mode', () => {
  it('finds the one file of each other kind, and leaves out a kind held by two files', () => {
    const files = [
      { name: 'key.json', text: keyPolicy },
      { name: 'identity.json', text: identityPolicy },
      { name: 'secret-copy.json', text: secretPolicy },
      { name: 'package.json', text: '{"name":"x"}' },
    ];
    const found = siblingPolicyFiles(files, 'secret-policy');
    expect(Object.fromEntries(Object.entries(found).map(([kind, file]) => [kind, file!.name]))).toEqual({ 'key-policy': 'key.json', 'identity-policy': 'identity.json' });
    const twoKeys = siblingPolicyFiles([...files, { name: 'key2.json', text: keyPolicy }], 'secret-policy');
    expect(twoKeys['key-policy']).toBeUndefined();
    // The user's answer for an ambiguous file counts.
    const answered = siblingPolicyFiles([{ name: 'odd.json', text: '{"Statement":[]}' }], 'secret-policy', () => 'key-policy');
    expect(answered['key-policy']?.name).toBe('odd.json');
  });

  it('collects full secret and key ARNs written in the files (to pre-fill the questions)', () => {
    const partial = identityPolicy.replace(SECRET_ARN, 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER');
    expect(shareArnsIn([identityPolicy, partial, keyPolicy])).toEqual({ secretArns: [SECRET_ARN], keyArns: [KEY_ARN] });
  });
});

describe('hostile editor buffers (any JSON file a user opens)', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const deepWithinSize = `{"Version":"2012-10-17","Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const proto = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}]}';

  it('100,000 nested arrays, or 10,000 within the size: not a policy, no stack overflow, in every entry point', () => {
    for (const text of [deep, deepWithinSize]) {
      expect(analyzePolicyText(text)).toMatchObject({ classification: { isPolicy: false }, findings: [] });
      expect(classifyPolicyText(text).isPolicy).toBe(false);
      expect(locateJsonPath(text, 'Statement[0]')).toBeUndefined();
      expect(quickFixesInSpan(text, { offset: 0, length: text.length })).toEqual([]);
      expect(policyFileEdit(text, JSON.parse(secretPolicy))).toBe(policyFileText(JSON.parse(secretPolicy)));
    }
  });

  it('a text larger than any policy is not analysed', () => {
    const huge = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 3_000 }, () => JSON.parse(keyPolicy).Statement[1]) });
    expect(analyzePolicyText(huge)).toMatchObject({ classification: { isPolicy: false, reason: expect.stringMatching(/more than the 131,072 characters read for a policy/) } });
  });

  it('"__proto__" as a key: a problem naming its path, shown as one diagnostic there, no TypeError', () => {
    const analysis = analyzePolicyText(proto);
    expect(analysis.classification.isPolicy).toBe(true);
    expect(analysis.problem).toMatch(/"__proto__" at Statement\[0\]\.Condition\.StringEquals/);
    expect(analysis.findings.map((f) => [f.finding.code, f.finding.path])).toEqual([['POLICY_SHAPE', 'Statement[0].Condition.StringEquals']]);
    expect(proto.slice(analysis.findings[0]!.offset, analysis.findings[0]!.offset + analysis.findings[0]!.length)).toMatch(/^\{/);
  });
});
