import { isWizardError } from '@secret-share-wizard/core';
import { describe, expect, it } from 'vitest';
import { formatCommandHelp, parseCommandArgs, refuseTogether, requireOption, suggest, type CommandSpec } from './args';

const spec: CommandSpec = {
  name: 'plan',
  summary: 'test',
  usage: ['plan --secret <ARN|name>'],
  options: {
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'the secret' },
    consumer: { type: 'string', placeholder: '<ACCOUNT_ID|ARN>', description: 'the consumer' },
    'version-stage': { type: 'string', choices: ['AWSCURRENT', 'any'], description: 'stage' },
    json: { type: 'boolean', description: 'json' },
    plan: { type: 'string', description: 'plan file' },
  },
};

function userFailure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isWizardError(error)) {
      expect(error.source).toBe('user');
      return error;
    }
    throw error;
  }
  throw new Error('expected a user error');
}

describe('parseCommandArgs', () => {
  it('reads string and boolean flags in both --flag value and --flag=value forms', () => {
    expect(parseCommandArgs(spec, ['--secret', 'S', '--consumer=222222222222', '--json'])).toEqual({
      options: { secret: 'S', consumer: '222222222222', json: true },
      positionals: [],
    });
  });

  it('accepts -h and --help even when other flags are incomplete', () => {
    expect(parseCommandArgs(spec, ['--help']).options.help).toBe(true);
    expect(parseCommandArgs(spec, ['-h', 'extra']).options.help).toBe(true);
  });

  it.each([
    [['\u2013secret', 'x'], '--secret', /U\+2013.*use --secret/],
    [['\u2014consumer', 'x'], '--consumer', /U\+2014.*use --consumer/],
    [['\u2013\u2013secret', 'x'], '--secret', /use --secret/],
    [['-secret', 'x'], '--secret', /single dash.*use --secret/],
    [['--secert', 'x'], '--secert', /unknown flag.*Did you mean --secret\?/],
    [['--bogus'], '--bogus', /unknown flag for "plan"/],
    [['-x'], '-x', /unknown flag/],
    [['--secret'], '--secret', /needs a value.*--secret <ARN\|name>/],
    [['--secret', '--consumer', '1'], '--secret', /needs a value/],
    [['--secret', ''], '--secret', /is empty/],
    [['--secret', 'a', '--secret', 'b'], '--secret', /more than once/],
    [['--json=yes'], '--json', /takes no value/],
    [['--version-stage', 'latest'], '--version-stage', /not one of AWSCURRENT, any/],
    [['stray'], '"stray"', /unexpected argument/],
  ])('refuses %j naming %s', (argv, field, message) => {
    const error = userFailure(() => parseCommandArgs(spec, argv));
    expect(error.field).toBe(field);
    expect(`${error.message}. ${error.fix}`).toMatch(message);
    expect(error.message).not.toContain('\n');
    if (error.fix) expect(error.message).not.toContain(error.fix);
  });

  it('requires declared positionals', () => {
    const restore: CommandSpec = { ...spec, name: 'restore', usage: ['restore <backup-folder>'], positionals: [{ name: 'backup-folder', description: 'd', required: true }] };
    expect(parseCommandArgs(restore, ['/tmp/b']).positionals).toEqual(['/tmp/b']);
    expect(userFailure(() => parseCommandArgs(restore, [])).field).toBe('<backup-folder>');
    expect(userFailure(() => parseCommandArgs(restore, ['a', 'b'])).message).toMatch(/unexpected argument/);
  });
});

describe('flag helpers', () => {
  it('requireOption names the missing flag and its placeholder', () => {
    const error = userFailure(() => requireOption({ options: {}, positionals: [] }, 'consumer', '<ACCOUNT_ID|ARN>'));
    expect(error.message).toBe('--consumer: is required');
    expect(error.fix).toBe('Pass --consumer <ACCOUNT_ID|ARN>');
  });

  it('refuseTogether names the conflicting flag', () => {
    const error = userFailure(() => refuseTogether({ options: { plan: 'p.json', secret: 's' }, positionals: [] }, 'plan', ['consumer', 'secret'], 'Pick one'));
    expect(error.code).toBe('INPUT_CONFLICTING_FLAGS');
    expect(error.message).toBe('--secret: cannot be combined with --plan');
    expect(error.fix).toBe('Pick one');
    expect(() => refuseTogether({ options: { plan: 'p.json' }, positionals: [] }, 'plan', ['secret'], 'x')).not.toThrow();
  });

  it('suggest finds close names only', () => {
    expect(suggest('consmer', ['consumer', 'secret'])).toBe('consumer');
    expect(suggest('aply', ['apply', 'plan'])).toBe('apply');
    expect(suggest('frobnicate', ['apply', 'plan'])).toBeUndefined();
  });

  it('help lists every option with its placeholder, plus --help and --no-color', () => {
    const help = formatCommandHelp(spec);
    expect(help).toContain('secret-share-wizard plan --secret <ARN|name>');
    for (const flag of ['--secret <ARN|name>', '--consumer <ACCOUNT_ID|ARN>', '--json', '--help', '--no-color']) expect(help).toContain(flag);
  });
});
