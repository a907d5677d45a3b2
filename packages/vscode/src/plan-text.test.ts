import { describe, expect, it } from 'vitest';
import { simulateAccess, parsePrincipal } from '@secret-share-wizard/core';
import { findingLines, simulationSentence } from './plan-text';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY_ARN = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('plan text', () => {
  it('says who cannot read the secret and which layer decides', () => {
    const principal = parsePrincipal('arn:aws:iam::222222222222:role/APP');
    const result = simulateAccess({ principal, secretArn: SECRET_ARN, keyArn: KEY_ARN, secretPolicy: null, keyPolicy: null, identityPolicies: [] });
    expect(simulationSentence(principal.arn, result)).toMatch(/^arn:aws:iam::222222222222:role\/APP CANNOT read the secret\. Decided by (the secret's resource policy|the KMS key policy|the consumer's identity policy)\./);
  });

  it('writes findings as one line each with code and path', () => {
    expect(findingLines([{ code: 'INPUT_ARN_WHITESPACE', severity: 'error', message: 'Remove the space.', path: 'Statement[0].Resource' }])).toEqual([
      'ERROR INPUT_ARN_WHITESPACE at Statement[0].Resource: Remove the space.',
    ]);
  });
});
