import { runVerifySession } from '@secret-share-wizard/core';
import { requireOption, stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { printJson } from '../cli/output';
import { outcomeJson, renderError } from '../cli/render-results';
import { sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG } from '../cli/share-flags';

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

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors, errColors } = context;
  const secretArn = requireOption(args, 'secret', '<ARN>');
  const consumerRole = stringOption(args, 'consumer-role');
  if (stringOption(args, 'consumer-profile') === undefined) {
    requireOption(args, 'consumer-profile', '<profile>', ": verify reads the secret with the consumer account's credentials");
  }
  const versionStage = stringOption(args, 'version-stage');
  const outcome = await runVerifySession(
    {
      secretArn,
      ...(consumerRole !== undefined ? { consumerRole } : {}),
      ...(versionStage !== undefined ? { versionStage } : {}),
      showValue: args.options['show-value'] === true,
    },
    sessionOptions(context),
  );
  if (args.options.json === true) printJson(io, outcomeJson(outcome));
  else if (outcome.verify?.ok) {
    const v = outcome.verify;
    io.stdout.write(`${colors.green('✔ Access works:')} ${v.principal} read ${v.secretArn} (${v.versionStage}, version ${v.versionId || '?'}).\n`);
    io.stdout.write(`  Value: ${v.value ?? `not shown (SHA-256 ${v.fingerprint}…; --show-value prints it)`} (${v.length} characters)\n`);
  } else if (outcome.verify && !outcome.verify.ok) {
    const v = outcome.verify;
    io.stdout.write(`${colors.red('✖ Access denied:')} ${v.message}\n`);
    if (v.missingLayer) io.stdout.write(`  Missing or denying layer: ${v.missingLayer}\n`);
    if (v.diagnosis) io.stdout.write(`  Doctor (every layer read): ${v.diagnosis.explanation}\n`);
    if (v.diagnosis?.message) io.stdout.write(`  ${v.diagnosis.message.agrees ? 'Agrees with AWS' : 'AWS says otherwise'}: ${v.diagnosis.message.text}\n`);
    io.stdout.write(`  Fix: ${v.fix}\n`);
    io.stdout.write(colors.dim(`  AWS said: ${v.awsError.name}: ${v.awsError.message}\n`));
  } else if (outcome.error) io.stderr.write(renderError(outcome.error, errColors));
  return outcome.exitCode;
}
