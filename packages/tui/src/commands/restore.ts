import { createAwsContext, loadBackup, restoreBackup, type ApplyOutcome } from '@secret-share-wizard/core';
import type { CommandSpec } from '../cli/args';
import { confirmWrite, requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { printJson } from '../cli/output';
import { outcomeJson, renderOutcome } from '../cli/render-results';
import { AWS_FLAGS, JSON_FLAG, awsSelection } from '../cli/share-flags';
import { WRITE_FLAGS, applyOptions, outcomeExitCode } from './apply';

export const spec: CommandSpec = {
  name: 'restore',
  summary: 'Put back the documents an apply or revoke overwrote, from its backup folder (same stale check)',
  usage: ['restore <backup-folder> [--profile P] [--consumer-profile Q] [--yes] [--json]'],
  positionals: [{ name: 'backup-folder', description: 'A folder under ~/.secret-share-wizard/backups (printed by apply and revoke)', required: true }],
  options: { ...AWS_FLAGS, ...WRITE_FLAGS, ...JSON_FLAG },
  notes: ['Exit codes: 0 restored, 1 AWS failure (rolled back), 2 invalid input or a document changed since the backup (nothing written).'],
};

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  const folder = context.args.positionals[0]!;
  const selection = awsSelection(args);
  const backup = await loadBackup(folder);
  requireConfirmationChannel(context, 'restore');
  const json = args.options.json === true;
  if (!json) {
    const { manifest } = backup;
    io.stdout.write(`Backup of ${manifest.operation} at ${manifest.createdAt}: ${manifest.secret.arn} ↔ ${manifest.consumer.arn}\n`);
    for (const entry of manifest.entries) io.stdout.write(`  ${entry.kind.padEnd(15)} ${entry.status.padEnd(15)} ${colors.dim(entry.target)}\n`);
  }
  if (!(await confirmWrite(context, 'Put these documents back as they were before?'))) {
    io.stderr.write('Nothing written.\n');
    return EXIT.OK;
  }
  const aws = createAwsContext(selection);
  let outcome: ApplyOutcome;
  try {
    outcome = await restoreBackup(aws, folder, applyOptions(context));
  } finally {
    aws.destroy();
  }
  if (json) printJson(io, { operation: 'restore', folder, findings: outcome.findings, ...outcomeJson(outcome) });
  else io.stdout.write(renderOutcome(outcome, colors, 'restore'));
  return outcomeExitCode(outcome);
}
