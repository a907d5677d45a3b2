import { createAwsContext, verifyAccess, type VerifyOutcome } from '@secret-share-wizard/core';
import { requireOption, stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { printJson } from '../cli/output';
import { AWS_FLAGS, JSON_FLAG, awsSelection } from '../cli/share-flags';

export const spec: CommandSpec = {
  name: 'verify',
  summary: 'Read the secret as the consumer (assume the role, GetSecretValue with the full ARN) to prove access works',
  usage: ['verify --secret <ARN> --consumer-role <ARN> [--consumer-profile Q] [--version-stage AWSCURRENT] [--show-value] [--json]'],
  options: {
    secret: { type: 'string', placeholder: '<ARN>', description: 'Full secret ARN (another account cannot use a name)' },
    'consumer-role': { type: 'string', placeholder: '<ARN>', description: 'Consumer role to assume; leave out to use the consumer credentials directly (a user)' },
    'version-stage': { type: 'string', placeholder: '<stage>', description: 'Version stage to read (default AWSCURRENT)' },
    'show-value': { type: 'boolean', description: 'Print the secret value itself (otherwise only its length and the first 8 hex digits of its SHA-256)' },
    ...AWS_FLAGS,
    ...JSON_FLAG,
  },
  notes: ['Exit codes: 0 the consumer can read the secret, 3 access was denied (the reason and the fix are printed), 1 AWS failure, 2 invalid input.'],
};

export function verifyExitCode(outcome: VerifyOutcome): number {
  if (outcome.ok) return EXIT.OK;
  return outcome.errorClass === 'other' ? EXIT.FAILURE : EXIT.DENIED;
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  const secretArn = requireOption(args, 'secret', '<ARN>');
  const consumerRole = stringOption(args, 'consumer-role');
  const selection = awsSelection(args);
  if (selection.consumerProfile === undefined) {
    requireOption(args, 'consumer-profile', '<profile>', ': verify reads the secret with the consumer account\'s credentials');
  }
  const versionStage = stringOption(args, 'version-stage');
  const aws = createAwsContext(selection);
  let outcome: VerifyOutcome;
  try {
    outcome = await verifyAccess(aws, {
      secretArn,
      ...(consumerRole !== undefined ? { consumerRole } : {}),
      ...(versionStage !== undefined ? { versionStage } : {}),
      showValue: args.options['show-value'] === true,
    });
  } finally {
    aws.destroy();
  }
  if (args.options.json === true) printJson(io, outcome);
  else if (outcome.ok) {
    io.stdout.write(`${colors.green('✔ Access works:')} ${outcome.principal} read ${outcome.secretArn} (${outcome.versionStage}, version ${outcome.versionId || '?'}).\n`);
    io.stdout.write(`  Value: ${outcome.value ?? `not shown (SHA-256 ${outcome.fingerprint}…; --show-value prints it)`} (${outcome.length} characters)\n`);
  } else {
    io.stdout.write(`${colors.red('✖ Access denied:')} ${outcome.message}\n`);
    if (outcome.missingLayer) io.stdout.write(`  Missing or denying layer: ${outcome.missingLayer}\n`);
    io.stdout.write(`  Fix: ${outcome.fix}\n`);
    io.stdout.write(colors.dim(`  AWS said: ${outcome.awsError.name}: ${outcome.awsError.message}\n`));
  }
  return verifyExitCode(outcome);
}
