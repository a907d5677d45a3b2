import { runListSession } from '@secret-share-wizard/core';
import { stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { printJson } from '../cli/output';
import { renderError } from '../cli/render-results';
import { sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG } from '../cli/share-flags';
import { renderShares } from './list-render';

export const spec: CommandSpec = {
  name: 'list',
  summary: 'List the shares of a secret (or of every secret in the region) with their state, from the records in AWS',
  usage: ['list [--secret <ARN|name>] [--profile P] [--consumer-profile Q] [--region R] [--json]'],
  options: {
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'One secret (default: every secret in the region)' },
    ...AWS_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Each share is found from its record (a tag on the secret) or, for shares made before records, from the tool\'s Sids.',
    'States: complete (every side in place), partial (a side missing), drifted (a statement the tool wrote was edited).',
    'The consumer side is read with --consumer-profile (a profile of that account); otherwise it is "unknown".',
    'Exit codes: 0 listed, 1 AWS failure, 2 invalid input.',
  ],
};

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors, errColors } = context;
  const secret = stringOption(args, 'secret');
  const outcome = await runListSession(secret !== undefined ? { secret } : {}, sessionOptions(context));
  if (args.options.json === true) {
    printJson(io, outcome.ok ? { ok: true, shares: outcome.shares, secrets: outcome.secrets } : { ok: false, error: outcome.error, shares: [] });
  } else if (outcome.ok) io.stdout.write(renderShares(outcome.shares, outcome.secrets, colors));
  else if (outcome.error) io.stderr.write(renderError(outcome.error, errColors));
  return outcome.exitCode;
}
