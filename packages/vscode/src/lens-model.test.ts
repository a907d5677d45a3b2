import { describe, expect, it } from 'vitest';
import { diagnosticSpecs } from './diagnostic-model';
import { lensSpecs, policyLenses } from './lens-model';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';

const identityWithMistakes = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": " ${SECRET_ARN}"
    },
    {
      "Effect": "Allow",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET"
    }
  ]
}
`;

describe('lens model', () => {
  it('draws share, simulate and a findings summary on a recognised policy', () => {
    const { lenses } = policyLenses(identityWithMistakes);
    expect(lenses.map((l) => [l.title, l.command])).toEqual([
      ['Share cross-account…', 'secretShareWizard.shareCrossAccount'],
      ['Simulate access…', 'secretShareWizard.simulateAccess'],
      ['identity policy: 2 findings (2 errors)', 'secretShareWizard.showFindings'],
    ]);
  });

  it('counts no findings on a clean file', () => {
    const clean = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }] }, null, 2);
    expect(policyLenses(clean).lenses.at(-1)?.title).toBe('identity policy: no findings');
  });

  it('asks what an ambiguous policy is, and draws nothing on other JSON', () => {
    const ambiguous = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: '*', Resource: '*' }] });
    expect(policyLenses(ambiguous).lenses[0]).toMatchObject({ title: 'Which policy is this?', command: 'secretShareWizard.setPolicyKind' });
    // Once the user answered, the stored kind is used and the question lens is gone.
    expect(policyLenses(ambiguous, 'secret-policy').lenses.map((l) => l.command)).not.toContain('secretShareWizard.setPolicyKind');
    expect(policyLenses('{"name":"pkg","version":"1.0.0"}').lenses).toEqual([]);
  });

  it('says when the text cannot be read as a policy', () => {
    const { analysis } = policyLenses('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt",]');
    expect(lensSpecs(analysis).at(-1)?.title).toBe('Not readable as a policy: 1 error');
    const allow = policyLenses('{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"kms:Decrypts","Resource":"*"}]}');
    expect(allow.lenses.at(-1)).toMatchObject({ title: 'Not readable as a policy: 2 errors', command: 'secretShareWizard.showFindings' });
  });
});

describe('diagnostic model', () => {
  it('puts each finding on the ARN string it names', () => {
    const { analysis } = policyLenses(identityWithMistakes);
    const specs = diagnosticSpecs(analysis, identityWithMistakes);
    expect(specs.map((s) => s.code)).toEqual(['INPUT_ARN_WHITESPACE', 'INPUT_ARN_SECRET_SUFFIX']);
    expect(specs.map((s) => identityWithMistakes.slice(s.offset, s.offset + s.length))).toEqual([
      `" ${SECRET_ARN}"`,
      '"arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET"',
    ]);
    expect(specs.every((s) => s.severity === 'error')).toBe(true);
  });
});
