import { runRestoreSession } from '@secret-share-wizard/core';
import type { CommandSpec } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { reportOutcome, sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG } from '../cli/share-flags';
import { WRITE_FLAGS } from './apply';

export const spec: CommandSpec = {
  name: 'restore',
  summary: 'Put back the documents an apply or revoke overwrote, from its backup folder (guarded, preflighted, rolled back on failure)',
  usage: ['restore <backup-folder> [--profile P] [--consumer-profile Q] [--yes] [--json]'],
  positionals: [{ name: 'backup-folder', description: 'A folder under ~/.secret-share-wizard/backups (printed by apply and revoke)', required: true }],
  options: { ...AWS_FLAGS, ...WRITE_FLAGS, ...JSON_FLAG },
  notes: ['Exit codes: 0 restored · 1 failed, rolled back · 2 invalid input, refused or a document changed since the backup: nothing written · 4 rollback incomplete.'],
};

export async function run(context: CommandContext): Promise<number> {
  const folder = context.args.positionals[0]!;
  requireConfirmationChannel(context, 'restore');
  const outcome = await runRestoreSession({ folder, mode: 'apply' }, sessionOptions(context));
  return reportOutcome(context, outcome);
}
