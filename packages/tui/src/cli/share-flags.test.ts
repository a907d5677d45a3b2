import { isWizardError } from '@secret-share-wizard/core';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandSpec } from './args';
import { AWS_FLAGS, SHARE_FLAGS, awsSelection, shareRequestFromArgs } from './share-flags';

const spec: CommandSpec = { name: 'plan', summary: '', usage: ['plan'], options: { ...SHARE_FLAGS, ...AWS_FLAGS } };
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';

function request(...argv: string[]) {
  return shareRequestFromArgs(parseCommandArgs(spec, argv));
}

function refusal(...argv: string[]) {
  try {
    request(...argv);
    awsSelection(parseCommandArgs(spec, argv));
  } catch (error) {
    if (isWizardError(error) && error.source === 'user') return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('shareRequestFromArgs', () => {
  it('builds the default request: account root consumer, identity policy only as a document', () => {
    expect(request('--secret', SECRET, '--consumer', '222222222222')).toEqual({
      secret: SECRET,
      consumer: '222222222222',
      identityPolicy: 'none',
      options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true },
    });
  });

  it('--allow-drift sets allowDrift (absent: the field is absent)', () => {
    expect(request('--secret', SECRET, '--consumer', '222222222222', '--allow-drift').allowDrift).toBe(true);
    expect('allowDrift' in request('--secret', SECRET, '--consumer', '222222222222')).toBe(false);
  });

  it('defaults to a managed policy when there is a role to attach it to', () => {
    expect(request('--secret', 'MY_TEST_SECRET', '--consumer', '222222222222', '--consumer-role', 'PRODUCTION_SECRET_ROLE')).toMatchObject({
      consumerIdentity: 'PRODUCTION_SECRET_ROLE',
      identityPolicy: 'managed',
    });
    expect(request('--secret', SECRET, '--consumer', ROLE)).toMatchObject({ consumer: ROLE, identityPolicy: 'managed' });
  });

  it('maps every option flag', () => {
    const built = request('--secret', SECRET, '--consumer', ROLE, '--consumer-policy', 'inline', '--policy-name', 'P', '--version-stage', 'any', '--describe', '--no-context-condition');
    expect(built).toMatchObject({ identityPolicy: 'inline', policyName: 'P', options: { versionStage: 'any', grantDescribe: true, contextCondition: false } });
  });

  it.each([
    [['--consumer', '222222222222'], '--secret', /is required/],
    [['--secret', SECRET], '--consumer', /is required/],
    [['--secret', SECRET, '--consumer', '22222222222'], '--consumer', /11 digits/],
    [['--secret', 'arn:aws:secretsmanager:us-east-2:111111111111:secret:X\u2013Y-abcdef', '--consumer', '222222222222'], '--secret', /U\+2013/],
    [['--secret', 'arn:aws:kms:us-east-2:111111111111:key/abc', '--consumer', '222222222222'], '--secret', /not a Secrets Manager secret ARN/],
    [['--secret', SECRET, '--consumer', '*'], '--consumer', /public/],
    [['--secret', SECRET, '--consumer', '222222222222', '--consumer-role', 'bad name!'], '--consumer-role', /not a valid role name/],
    [['--secret', SECRET, '--consumer', '222222222222', '--consumer-role', 'arn:aws:iam::333333333333:role/R'], '--consumer-role', /account 333333333333/],
    [['--secret', SECRET, '--consumer', ROLE, '--consumer-role', 'OTHER'], '--consumer-role', /differs from --consumer/],
    [['--secret', SECRET, '--consumer', '222222222222', '--consumer-policy', 'managed'], '--consumer-role', /is required with --consumer-policy managed/],
    [['--secret', SECRET, '--consumer', ROLE, '--consumer-policy', 'none', '--policy-name', 'P'], '--policy-name', /no effect/],
    [['--secret', SECRET, '--consumer', '222222222222', '--policy-name', 'P'], '--consumer-role', /is needed for --policy-name/],
    [['--secret', SECRET, '--consumer', ROLE, '--policy-name', 'arn:aws:iam::aws:policy/X'], '--policy-name', /AWS managed policies/],
    [['--secret', SECRET, '--consumer', ROLE, '--region', 'mars-1'], '--region', /not an AWS region/],
    [['--secret', SECRET, '--consumer', ROLE, '--profile', 'a b'], '--profile', /not a valid profile name/],
  ])('refuses %j naming %s', (argv, field, message) => {
    const error = refusal(...argv);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
