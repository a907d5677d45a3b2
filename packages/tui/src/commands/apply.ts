import {
  applyPlan,
  createAwsContext,
  isWizardError,
  planShareFromAws,
  userError,
  type ApplyOptions,
  type ApplyOutcome,
  type AwsContext,
  type Plan,
} from '@secret-share-wizard/core';
import { stringOption, type CommandSpec, type OptionSpec } from '../cli/args';
import { cliHost } from '../cli/cli-host';
import { confirmWrite, requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { readPlanFile } from '../cli/files';
import { printJson } from '../cli/output';
import { planJson } from '../cli/plan-json';
import { pendingChanges, renderPlan } from '../cli/render-plan';
import { outcomeJson, renderOutcome } from '../cli/render-results';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, awsSelection, refusePlanWithShareFlags, shareRequestFromArgs } from '../cli/share-flags';

export const WRITE_FLAGS: Record<string, OptionSpec> = {
  yes: { type: 'boolean', description: 'Do not ask for confirmation (required without a terminal or with CI set)' },
  'backup-dir': { type: 'string', placeholder: '<folder>', description: 'Where backup folders go (default ~/.secret-share-wizard/backups, or $SECRET_SHARE_WIZARD_HOME/backups)' },
};

export const spec: CommandSpec = {
  name: 'apply',
  summary: 'Plan and apply the share, or apply a saved plan: backup first, stale check before each write, rollback on failure',
  usage: ['apply --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [<plan flags>] [--yes] [--json]', 'apply --plan <plan.json> [--profile P] [--consumer-profile Q] [--yes] [--json]'],
  options: {
    ...SHARE_FLAGS,
    ...AWS_FLAGS,
    plan: { type: 'string', placeholder: '<plan.json>', description: 'Apply a plan saved by `plan --out` (refused if AWS changed since)' },
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: ['Exit codes: 0 applied (or nothing to change), 1 AWS failure (rolled back), 2 invalid input, plan blocked or changed since planned (nothing written).'],
};

/** Exit code of a finished apply/revoke/restore. */
export function outcomeExitCode(outcome: ApplyOutcome): number {
  if (outcome.ok) return EXIT.OK;
  if (outcome.error?.code === 'CANCELLED') return EXIT.INTERRUPTED;
  if (outcome.error && isWizardError(outcome.error) && outcome.error.source === 'user') return EXIT.INVALID;
  return EXIT.FAILURE;
}

/** Host, signal and backup folder for applyPlan / restoreBackup. */
export function applyOptions(context: CommandContext): ApplyOptions {
  const { args, io, errColors } = context;
  const backupRoot = stringOption(args, 'backup-dir');
  return {
    host: cliHost({ io, colors: errColors, quiet: args.options.json === true, yes: args.options.yes === true, interactive: context.interactive }),
    signal: context.signal,
    ...(backupRoot !== undefined ? { backupRoot } : {}),
  };
}

/** Shows the plan, asks, applies and reports. Shared by apply and revoke. */
export async function applyAndReport(context: CommandContext, aws: AwsContext, plan: Plan, verb: 'apply' | 'revoke'): Promise<number> {
  const { args, io, colors } = context;
  const json = args.options.json === true;
  const pending = pendingChanges(plan);
  if (plan.blocked || pending.length === 0) {
    if (json) printJson(io, { ...planJson(plan), ok: !plan.blocked, results: [], backup: null });
    else io.stdout.write(renderPlan(plan, colors));
    return plan.blocked ? EXIT.INVALID : EXIT.OK;
  }
  if (aws.consumer === undefined && pending.some((change) => change.kind === 'identity-policy')) {
    throw userError(
      'INPUT_MISSING_FLAG',
      '--consumer-profile',
      `is needed: the identity policy is written in the consumer account ${plan.consumer.account}`,
      'Pass --consumer-profile <profile> for that account, or --consumer-policy none to get the document for its administrator',
    );
  }
  if (!json) io.stdout.write(renderPlan(plan, colors));
  const broadens = pending.some((change) => change.broadensAccess);
  const question = `${verb === 'apply' ? 'Apply' : 'Revoke with'} these ${pending.length} change(s)${broadens ? ' (access is broadened)' : ''}?`;
  if (!(await confirmWrite(context, question))) {
    io.stderr.write('Nothing written.\n');
    return EXIT.OK;
  }
  const outcome = await applyPlan(aws, plan, applyOptions(context));
  if (json) printJson(io, { ...planJson({ ...plan, findings: outcome.findings }), ...outcomeJson(outcome) });
  else io.stdout.write(renderOutcome(outcome, colors, verb));
  return outcomeExitCode(outcome);
}

export async function run(context: CommandContext): Promise<number> {
  const { args } = context;
  refusePlanWithShareFlags(args);
  const planFile = stringOption(args, 'plan');
  // Everything the user typed is checked before anything else happens.
  const request = planFile === undefined ? shareRequestFromArgs(args) : undefined;
  const selection = awsSelection(args);
  const saved = planFile !== undefined ? await readPlanFile(planFile) : undefined;
  requireConfirmationChannel(context, 'apply');
  const aws = createAwsContext(selection);
  try {
    const plan = saved ?? (await planShareFromAws(aws, request!));
    return await applyAndReport(context, aws, plan, 'apply');
  } finally {
    aws.destroy();
  }
}
