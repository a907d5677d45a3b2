import { runShareSession, verifyRoleOf } from '@secret-share-wizard/core';
import { stringOption, type CommandSpec, type OptionSpec } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { readPlanFile } from '../cli/files';
import { reportOutcome, sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, refusePlanWithShareFlags, shareInputFromArgs } from '../cli/share-flags';
import { snippetHints } from '../cli/render-manifest';
import { BATCH_FLAGS, MANIFEST_FLAGS, checkManifestFlags, runApplyManifest } from './plan-manifest';

export const WRITE_FLAGS: Record<string, OptionSpec> = {
  yes: { type: 'boolean', description: 'Do not ask for confirmation (required without a terminal or with CI set)' },
  'backup-dir': { type: 'string', placeholder: '<folder>', description: 'Where backup folders go (default ~/.secret-share-wizard/backups, or $SECRET_SHARE_WIZARD_HOME/backups)' },
};

export const spec: CommandSpec = {
  name: 'apply',
  summary: 'Plan and apply the share, or apply a saved plan: preflight before the first write, backup, rollback on failure, a record on the secret',
  usage: [
    'apply --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [<plan flags>] [--verify] [--yes] [--json]',
    'apply --plan <plan.json> [--profile P] [--consumer-profile Q] [--yes] [--json]',
    'apply -f shares.yaml [--prune] [--profile P] [--consumer-profile Q] [--concurrency N] [--rate-limit 50] [--yes] [--json]',
  ],
  options: {
    ...SHARE_FLAGS,
    ...AWS_FLAGS,
    plan: { type: 'string', placeholder: '<plan.json>', description: 'Apply a plan saved by `plan --out`: planned again now, applied only if the result is the same' },
    verify: { type: 'boolean', description: 'After the writes, read the secret as the consumer (needs --consumer-profile)' },
    ...MANIFEST_FLAGS,
    ...BATCH_FLAGS,
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Exit codes: 0 applied (or nothing to change) · 1 failed, everything written rolled back · 2 invalid input, blocked, stale or',
    'edited plan: nothing written · 3 --verify: access denied · 4 rollback incomplete (the restore command is printed) · 130 interrupted.',
    '-f shares.yaml applies the whole manifest in one transaction (one approval; every document written once); --prune also',
    'revokes the shares the tool recorded that the manifest no longer lists, closing their access first.',
  ],
};

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  checkManifestFlags(args, 'apply');
  if (args.options.file !== undefined) return runApplyManifest(context);
  refusePlanWithShareFlags(args);
  const planPath = stringOption(args, 'plan');
  // Everything the user typed is checked before anything else happens.
  const request = planPath === undefined ? shareInputFromArgs(args) : undefined;
  const planFile = planPath !== undefined ? await readPlanFile(planPath) : undefined;
  requireConfirmationChannel(context, 'apply');
  const outcome = await runShareSession(
    { request: request ?? planFile!.request, mode: 'apply', ...(planFile ? { planFile } : {}), verify: args.options.verify === true },
    sessionOptions(context),
  );
  const code = reportOutcome(context, outcome);
  // Where the consumer team gets what to paste (never the value).
  if (args.options.json !== true && outcome.plan && (outcome.status === 'applied' || outcome.status === 'no-changes')) {
    const role = verifyRoleOf(outcome.plan);
    io.stdout.write(snippetHints([{ secret: outcome.plan.secret.arn, ...(role ? { consumerRole: role } : {}) }], colors));
  }
  return code;
}
