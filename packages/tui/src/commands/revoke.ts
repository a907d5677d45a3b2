import { runRevokeSession } from '@secret-share-wizard/core';
import { requireOption, stringOption, type CommandSpec } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { reportOutcome, sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS } from '../cli/share-flags';
import { WRITE_FLAGS } from './apply';

const { secret, consumer, 'consumer-role': consumerRole, 'consumer-policy': consumerPolicy, 'policy-name': policyName, 'role-binding': roleBinding } = SHARE_FLAGS;

export const spec: CommandSpec = {
  name: 'revoke',
  summary: 'Remove exactly what a share granted, in both accounts, from its record on the secret',
  usage: ['revoke --secret <ARN|name> --consumer <ACCOUNT_ID|ARN|o-…|OU path> [--consumer-role <name|ARN>] [--role-binding principal|condition] [--profile P] [--consumer-profile Q] [--yes] [--json]'],
  options: {
    secret: secret!,
    consumer: consumer!,
    'consumer-role': { ...consumerRole!, description: 'Which share, when the consumer account has several (one per role)' },
    'role-binding': { ...roleBinding!, description: 'Which share of a role, when it was shared both by principal and by condition (or, without a record, how it was shared)' },
    'consumer-policy': { ...consumerPolicy!, description: 'Only for shares made before records existed: how the identity policy was written' },
    'policy-name': { ...policyName!, description: 'Only for shares made before records existed: the identity policy name' },
    ...AWS_FLAGS,
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'The share record (a tag on the secret) says which role got which identity policy: --secret and --consumer are enough.',
    'Removes the statements, the consumer policy (or only this secret\'s statements from a shared batch policy) and the record,',
    'closing access first, through the same preflight, backup and rollback as apply.',
    'Exit codes: 0 revoked (or nothing to remove) · 1 failed, rolled back · 2 invalid input, ambiguous, stale: nothing written · 4 rollback incomplete.',
  ],
};

export async function run(context: CommandContext): Promise<number> {
  const { args } = context;
  const request = {
    secret: requireOption(args, 'secret', '<ARN|name>'),
    consumer: requireOption(args, 'consumer', '<ACCOUNT_ID|ARN>'),
    ...(stringOption(args, 'consumer-role') !== undefined ? { consumerIdentity: stringOption(args, 'consumer-role')! } : {}),
    ...(stringOption(args, 'consumer-policy') !== undefined ? { identityPolicy: stringOption(args, 'consumer-policy')! } : {}),
    ...(stringOption(args, 'policy-name') !== undefined ? { policyName: stringOption(args, 'policy-name')! } : {}),
    ...(stringOption(args, 'role-binding') !== undefined ? { roleBinding: stringOption(args, 'role-binding')! } : {}),
  };
  requireConfirmationChannel(context, 'revoke');
  const outcome = await runRevokeSession({ request, mode: 'apply' }, sessionOptions(context));
  return reportOutcome(context, outcome);
}
