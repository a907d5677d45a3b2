import { createAwsContext, planRevoke, readShareState } from '@secret-share-wizard/core';
import type { CommandSpec } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, awsSelection, shareRequestFromArgs } from '../cli/share-flags';
import { WRITE_FLAGS, applyAndReport } from './apply';

const { secret, consumer, 'consumer-role': consumerRole, 'consumer-policy': consumerPolicy, 'policy-name': policyName } = SHARE_FLAGS;

export const spec: CommandSpec = {
  name: 'revoke',
  summary: 'Remove exactly the statements the tool added for a consumer (by their Sids) and the consumer policy it created',
  usage: ['revoke --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [--consumer-role <name|ARN>] [--profile P] [--consumer-profile Q] [--yes] [--json]'],
  options: {
    secret: secret!,
    consumer: consumer!,
    'consumer-role': consumerRole!,
    'consumer-policy': consumerPolicy!,
    'policy-name': policyName!,
    ...AWS_FLAGS,
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Shows the removal as a plan first, then goes through the same safe apply (stale check, backup, rollback).',
    'Exit codes: 0 revoked (or nothing to remove), 1 AWS failure (rolled back), 2 invalid input, or a document changed meanwhile (nothing written).',
  ],
};

export async function run(context: CommandContext): Promise<number> {
  const request = shareRequestFromArgs(context.args);
  const selection = awsSelection(context.args);
  requireConfirmationChannel(context, 'revoke');
  const aws = createAwsContext(selection);
  try {
    const plan = planRevoke(await readShareState(aws, request), request);
    return await applyAndReport(context, aws, plan, 'revoke');
  } finally {
    aws.destroy();
  }
}
