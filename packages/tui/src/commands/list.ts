import { runListSession, type ShareListing } from '@secret-share-wizard/core';
import { stringOption, type CommandSpec } from '../cli/args';
import type { Colors } from '../cli/color';
import type { CommandContext } from '../cli/context';
import { printJson } from '../cli/output';
import { renderError } from '../cli/render-results';
import { sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG } from '../cli/share-flags';

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

const STATE: Record<ShareListing['state'], (c: Colors) => string> = {
  complete: (c) => c.green('complete'),
  partial: (c) => c.yellow('partial '),
  drifted: (c) => c.red('drifted '),
};

export function renderShares(shares: ShareListing[], secrets: number, c: Colors): string {
  if (shares.length === 0) return `No shares found in ${secrets} secret${secrets === 1 ? '' : 's'}.\n`;
  const lines: string[] = [];
  for (const share of shares) {
    lines.push(`${STATE[share.state](c)}  ${share.secret}`);
    lines.push(`          → ${share.consumer}${share.binding === 'condition' ? c.dim(' (account root + aws:PrincipalArn)') : ''}${share.consumerRole && share.consumerRole !== share.consumer ? ` via ${share.consumerRole}` : ''}${share.recorded ? '' : c.dim('  (no record: found by its Sids)')}`);
    lines.push(c.dim(`          secret policy: ${share.sides.secretPolicy} · key policy: ${share.sides.keyPolicy} · identity policy: ${share.sides.identityPolicy}${share.identityPolicy ? ` (${share.identityPolicy})` : ''}`));
  }
  lines.push('', `${shares.length} share${shares.length === 1 ? '' : 's'} in ${secrets} secret${secrets === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

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
