import { describe, expect, it } from 'vitest';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import { parsePrincipal } from './principal';

describe('parsePrincipal', () => {
  it('turns a bare account id into the account root ARN of the given partition', () => {
    expect(parsePrincipal('222222222222', 'consumer', 'aws-cn')).toEqual({ kind: 'account', arn: 'arn:aws-cn:iam::222222222222:root', account: '222222222222', partition: 'aws-cn' });
  });

  it('parses role and user ARNs with paths', () => {
    expect(parsePrincipal('arn:aws:iam::222222222222:role/app/PRODUCTION_SECRET_ROLE')).toMatchObject({ kind: 'role', name: 'PRODUCTION_SECRET_ROLE', path: '/app/', account: '222222222222' });
    expect(parsePrincipal('arn:aws:iam::222222222222:user/alice')).toMatchObject({ kind: 'user', name: 'alice', path: '/' });
  });

  it.each([
    ['22222222222', 'INPUT_ACCOUNT_ID', /11 digits/],
    [' arn:aws:iam::222222222222:root', 'INPUT_PASTED_TEXT', /whitespace/],
    ['arn:aws:iam::222222222222:role/A\u2013B', 'INPUT_PASTED_TEXT', /U\+2013/],
    ['*', 'INPUT_PUBLIC_PRINCIPAL', /public/],
    ['arn:aws:sts::222222222222:assumed-role/R/session', 'INPUT_PRINCIPAL', /role\/R/],
    ['arn:aws:iam:us-east-1:222222222222:role/R', 'INPUT_PRINCIPAL', /no region/],
  ])('refuses %j with %s', (input, code, message) => {
    const error = thrownWizardError(() => parsePrincipal(input));
    expect(error.code).toBe(code);
    expect(error.source).toBe('user');
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('consumer:')).toBe(true);
  });
});
