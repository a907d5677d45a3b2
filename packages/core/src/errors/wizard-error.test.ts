import { describe, expect, it } from 'vitest';
import { toAwsWizardError } from '../aws/aws-errors';
import { ERROR_CODES } from './error-codes';
import { WizardError, asWizardError, errorInfo, messageWithFix, userError } from './wizard-error';

describe('WizardError', () => {
  it('takes its source from the one registry of codes', () => {
    expect(new WizardError('PLAN_BLOCKED', 'blocked').source).toBe('user');
    expect(new WizardError('AWS_THROTTLED', 'slow').source).toBe('aws');
    expect(new WizardError('BUG', 'oops').source).toBe('bug');
    for (const source of Object.values(ERROR_CODES)) expect(['user', 'aws', 'bug']).toContain(source);
  });

  it('keeps the fix out of the message', () => {
    const error = userError('INPUT_REGION', '--region', '"eu-west-9" is not a region', 'Pass a region such as eu-west-1');
    expect(error.message).toBe('--region: "eu-west-9" is not a region');
    expect(error.fix).toBe('Pass a region such as eu-west-1');
    expect(error.field).toBe('--region');
  });

  it('keeps the fix out of the messages made from AWS errors', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::111111111111:user/x is not authorized to perform: kms:GetKeyPolicy'), { name: 'AccessDeniedException' });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'Error', code: 'ECONNREFUSED' });
    for (const raw of [denied, throttled, refused]) {
      const error = await toAwsWizardError(raw, 'owner', { service: 'kms', operation: 'GetKeyPolicy' });
      expect(error.fix).toBeTruthy();
      expect(error.message).not.toContain(error.fix!);
    }
  });

  it('turns anything unknown into a bug, with the original kept as its cause', () => {
    const original = new TypeError('x is not iterable');
    const error = asWizardError(original);
    expect(error).toMatchObject({ code: 'BUG', source: 'bug' });
    expect(error.cause).toBe(original);
    expect(error.message).not.toContain('at ');
    expect(errorInfo(original)).toMatchObject({ code: 'BUG', source: 'bug', fix: expect.stringContaining('SECRET_SHARE_WIZARD_DEBUG') });
  });

  it('joins a message and its fix into one line for one-line front ends', () => {
    expect(messageWithFix('--secret: needs a value.', 'Pass --secret <ARN>')).toBe('--secret: needs a value. Pass --secret <ARN>');
    expect(messageWithFix('Nothing to do', undefined)).toBe('Nothing to do.');
    expect(messageWithFix('two\n  lines', 'fix\nit')).toBe('two lines. fix it');
  });
});
