import { describe, expect, it } from 'vitest';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import { consumerOfGrantee, granteeKey, granteeOf } from './grantee';
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

describe('parsePrincipal: organizations and OUs', () => {
  it('an organization id and an OU path (nested OUs too)', () => {
    expect(parsePrincipal('o-a1b2c3d4e5', 'consumer', 'aws-us-gov')).toEqual({ kind: 'organization', arn: 'o-a1b2c3d4e5', account: '', partition: 'aws-us-gov', orgId: 'o-a1b2c3d4e5' });
    expect(parsePrincipal('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/')).toEqual({
      kind: 'organizational-unit', arn: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/', account: '', partition: 'aws', orgId: 'o-a1b2c3d4e5',
    });
  });

  it.each([
    ['o-abc', 'INPUT_ORG_ID'],
    ['o-A1B2C3D4E5', 'INPUT_ORG_ID'],
    [`o-${'a'.repeat(33)}`, 'INPUT_ORG_ID'],
    ['o-a1b2c3d4e5/r-AB12/ou-ab12-11111111/', 'INPUT_ORG_PATH'],
    ['o-a1b2c3d4e5/r-ab12/ou-11111111/', 'INPUT_ORG_PATH'],
    ['arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-11111111', 'INPUT_PRINCIPAL'],
  ])('refuses %j with %s', (input, code) => {
    const error = thrownWizardError(() => parsePrincipal(input));
    expect(error.code).toBe(code);
    expect(error.fix).toBeTruthy();
  });
});

describe('grantees', () => {
  it('the key of each form, and back', () => {
    const role = parsePrincipal('arn:aws:iam::222222222222:role/app/APP');
    expect(granteeKey(role)).toBe(role.arn);
    expect(granteeKey(role, 'condition')).toBe('condition:arn:aws:iam::222222222222:role/app/APP');
    expect(granteeOf('condition:arn:aws:iam::222222222222:role/app/APP')).toEqual({ form: 'condition', roleArn: role.arn, principalArn: 'arn:aws:iam::222222222222:root' });
    expect(granteeKey(parsePrincipal('222222222222'), 'condition')).toBe('arn:aws:iam::222222222222:root');
    expect(granteeOf('o-a1b2c3d4e5')).toEqual({ form: 'organization', orgId: 'o-a1b2c3d4e5' });
    expect(granteeOf('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/')).toEqual({ form: 'organizational-unit', orgId: 'o-a1b2c3d4e5', orgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/' });
    expect(consumerOfGrantee('condition:arn:aws:iam::222222222222:role/APP')).toEqual({ consumer: 'arn:aws:iam::222222222222:role/APP', binding: 'condition' });
  });
});
