import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticSpecs, type DiagnosticSpec } from './diagnostic-model';
import { policyLenses } from './lens-model';
import { summarizeWorkspaceCheck } from './policy-workspace-summary';

const FIXTURES = join(__dirname, '../../../test/vscode/fixtures/workspace');

/** The text a diagnostic covers, read back through its line/character positions (as an editor places it). */
function covered(text: string, spec: DiagnosticSpec): string {
  const lines = text.split('\n');
  if (spec.start.line === spec.end.line) return lines[spec.start.line]!.slice(spec.start.character, spec.end.character);
  return [lines[spec.start.line]!.slice(spec.start.character), ...lines.slice(spec.start.line + 1, spec.end.line), lines[spec.end.line]!.slice(0, spec.end.character)].join('\n');
}

describe('diagnostic model: the checks worth the Problems panel', () => {
  it('a key policy with the review\'s mistakes: each problem on its own key or string, with the certain fixes named', () => {
    const text = readFileSync(join(FIXTURES, 'diagnostics/key-policy-mistakes.json'), 'utf8');
    const specs = diagnosticSpecs(policyLenses(text).analysis, text);
    expect(specs.map((s) => [s.code, covered(text, s), s.fix ?? null])).toEqual([
      ['STATEMENT_EFFECT', '"allow"', 'Write "Allow"'],
      ['ACTION_UNKNOWN', '"kms:DescribeKeys"', 'Change to kms:DescribeKey'],
      ['CONDITION_KEY_UNKNOWN', '"kms:ViaServices"', 'Rename to kms:ViaService'],
      ['KEY_ALIAS_ARN', '"arn:aws:kms:us-east-2:111111111111:alias/shared-secrets"', 'Write "*" (this key)'],
      ['KEY_ADMIN_LOCKOUT', '"Statement"', null],
    ]);
    expect(specs.every((s) => s.severity === 'error')).toBe(true);
    expect(specs.find((s) => s.code === 'KEY_ADMIN_LOCKOUT')?.message).toContain('arn:aws:iam::111111111111:root');
  });

  it('an identity policy with GetSecretValues, VersionsStages and a misspelt key', () => {
    const text = readFileSync(join(FIXTURES, 'diagnostics/identity-typos.json'), 'utf8');
    const specs = diagnosticSpecs(policyLenses(text).analysis, text);
    expect(specs.map((s) => [s.code, covered(text, s), s.fix ?? null])).toEqual([
      ['STATEMENT_UNKNOWN_KEY', '"Resources"', 'Rename to "Resource"'],
      ['ACTION_UNKNOWN', '"secretsmanager:GetSecretValues"', 'Change to secretsmanager:GetSecretValue'],
      ['CONDITION_KEY_UNKNOWN', '"secretsmanager:VersionsStages"', 'Rename to secretsmanager:VersionStage'],
    ]);
  });

  it('the first grammar error of an unreadable document is a diagnostic at its position', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "kms:Decrypt" "Resource": "*" }\n  ]\n}\n';
    const specs = diagnosticSpecs(policyLenses(text).analysis, text);
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ code: 'POLICY_JSON_SYNTAX', severity: 'error', start: { line: 3, character: 49 } });
    expect(covered(text, specs[0]!)).toBe('"Resource"');
  });

  it('JSON that is not a policy gets no diagnostics', () => {
    const text = readFileSync(join(FIXTURES, 'notes/package-like.json'), 'utf8');
    expect(diagnosticSpecs(policyLenses(text).analysis, text)).toEqual([]);
  });
});

describe('workspace check summary', () => {
  it('counts policy files, problems and skipped JSON', () => {
    expect(summarizeWorkspaceCheck([
      { path: 'a.json', isPolicy: true, severities: ['error', 'error', 'warning'] },
      { path: 'b.json', isPolicy: true, severities: [] },
      { path: 'package.json', isPolicy: false, severities: [] },
    ])).toBe('Checked 2 policy files: 2 errors, 1 warning in 1 file (1 other JSON file skipped).');
    expect(summarizeWorkspaceCheck([{ path: 'b.json', isPolicy: true, severities: [] }])).toBe('Checked 1 policy file: no findings.');
  });
});
