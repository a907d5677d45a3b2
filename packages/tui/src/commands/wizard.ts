import { userError } from '@secret-share-wizard/core';
import type { CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';

export const spec: CommandSpec = {
  name: 'wizard',
  summary: 'The interactive wizard: guided, step by step, with a preview before anything is written',
  usage: ['[wizard] [--plain] [--profile P] [--consumer-profile Q] [--region R] [--secret S] [--consumer C] [--consumer-role R]'],
  options: {
    plain: { type: 'boolean', description: 'Line-by-line prompts instead of the full-screen UI (screen readers, dumb terminals)' },
    profile: { type: 'string', placeholder: '<profile>', description: 'AWS profile of the owner account (default: AWS_PROFILE)' },
    'consumer-profile': { type: 'string', placeholder: '<profile>', description: 'AWS profile of the consumer account (to list its roles, apply and verify there)' },
    region: { type: 'string', placeholder: '<region>', description: "The secret's region (default: the profile's)" },
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'Skip the secret step' },
    consumer: { type: 'string', placeholder: '<ACCOUNT_ID|ARN>', description: 'Skip the consumer step' },
    'consumer-role': { type: 'string', placeholder: '<name|ARN>', description: 'Role in the consumer account that gets the identity policy' },
  },
  notes: ['Each flag given skips its step. For scripts and CI use `plan` and `apply --yes` instead.'],
};

export async function run(context: CommandContext): Promise<number> {
  const { args, io, interactive } = context;
  if (!interactive) {
    throw userError(
      'INPUT_NOT_INTERACTIVE',
      'wizard',
      io.env.CI ? 'no prompts are shown when CI is set' : 'needs an interactive terminal (stdin and stdout are not both a TTY)',
      'Use `secret-share-wizard plan ...` and `secret-share-wizard apply ... --yes` in scripts',
    );
  }
  const option = (name: string) => (typeof args.options[name] === 'string' ? (args.options[name] as string) : undefined);
  const { runWizard } = await import('../wizard/run-wizard');
  const code = await runWizard({
    profile: option('profile'),
    consumerProfile: option('consumer-profile'),
    region: option('region'),
    secret: option('secret'),
    consumer: option('consumer'),
    consumerRole: option('consumer-role'),
    plain: args.options.plain === true,
    noColor: !context.colors.enabled,
  });
  return code ?? EXIT.OK;
}
