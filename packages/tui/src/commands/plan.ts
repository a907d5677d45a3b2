import { runShareSession, userError } from '@secret-share-wizard/core';
import { refuseTogether, stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { writeOutputFile } from '../cli/output';
import { detailedExitCode, reportOutcome, sessionOptions } from '../cli/session-run';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, shareInputFromArgs } from '../cli/share-flags';
import { OFFLINE_FLAGS, OFFLINE_ONLY_FLAGS, runOfflinePlan } from './plan-offline';
import { EXPORT_FLAGS, runPlanExport } from './plan-export';
import { BATCH_FLAGS, MANIFEST_FLAGS, checkManifestFlags, runPlanManifest } from './plan-manifest';

export const spec: CommandSpec = {
  name: 'plan',
  summary: 'Show the three policy changes, the findings and "will it work?" before → after. Writes nothing to AWS.',
  usage: [
    'plan --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [--consumer-role <name|ARN>] [--consumer-policy managed|inline|none] [--version-stage AWSCURRENT|any] [--describe] [--no-context-condition] [--profile P] [--consumer-profile Q] [--region R] [--out plan.json] [--detailed-exitcode] [--json]',
    'plan <share flags> --export cli|terraform|cloudformation|cdk [--out DIR]',
    'plan -f shares.yaml [--prune] [--detailed-exitcode] [--json] [--export cli|terraform|cloudformation|cdk [--out DIR]] [--concurrency N] [--rate-limit 50]',
    'plan --offline --secret-arn <ARN> --key-arn <ARN> --consumer <...> [--secret-policy F] [--key-policy F] [--identity-policy F] [--boundary F] [--scp F…] [--rcp F…] [--session-policy F…] [--endpoint-policy F] [--write-dir D] [--json]',
  ],
  options: {
    ...SHARE_FLAGS,
    ...AWS_FLAGS,
    out: { type: 'string', placeholder: '<plan.json>', description: 'Save the plan for `apply --plan` (applied only if AWS still gives the same plan); with --export: the folder' },
    'detailed-exitcode': { type: 'boolean', description: 'Exit 10 when changes are pending, 0 when there is nothing to change (errors keep their codes)' },
    ...EXPORT_FLAGS,
    ...MANIFEST_FLAGS,
    ...BATCH_FLAGS,
    ...OFFLINE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Exit codes: 0 plan made (also when there is nothing to change), 1 AWS failure, 2 invalid input or plan blocked by error findings;',
    'with --detailed-exitcode, 10 when changes are pending.',
    '--export writes the change as code to commit instead of applying it (cli: an AWS CLI v2 script; terraform; cloudformation; cdk); a secret or key managed by IaC (IAC_MANAGED_RESOURCE) is exported, not blocked.',
    '--offline reads the current documents from files and calls no AWS API (a missing secret or identity policy file means: none yet).',
    '-f shares.yaml plans every share of the manifest: each secret, key and identity policy once, everything merged. With',
    '--detailed-exitcode it exits 10 when AWS differs from the manifest (a share missing, half-done, edited, or in AWS but not',
    'listed) and 0 when in sync; --prune adds the revokes of the recorded shares the manifest no longer lists.',
  ],
};

/** The flags `apply --plan` needs to reach the same accounts. */
function applyCommand(out: string, context: CommandContext): string {
  const flags = ['profile', 'consumer-profile', 'region'].flatMap((name) => {
    const value = stringOption(context.args, name);
    return value === undefined ? [] : [`--${name}`, value];
  });
  return ['secret-share-wizard apply --plan', out, ...flags].join(' ');
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io } = context;
  refuseTogether(args, 'offline', ['export'], 'Export a plan read from AWS: leave out --offline');
  checkManifestFlags(args, 'plan');
  if (args.options.file !== undefined) return runPlanManifest(context);
  if (args.options.offline === true) return runOfflinePlan(context);
  const offlineOnly = OFFLINE_ONLY_FLAGS.find((name) => args.options[name] !== undefined);
  if (offlineOnly) {
    throw userError('INPUT_CONFLICTING_FLAGS', `--${offlineOnly}`, 'is only for offline plans', 'Add --offline (then also --secret-arn, --key-arn, --consumer), or remove it');
  }
  const request = shareInputFromArgs(args);
  const exporting = args.options.export !== undefined;
  const outcome = await runShareSession({ request, mode: 'plan' }, sessionOptions(context));
  // --export: the change as code instead of a plan file (commands/plan-export.ts); a plan blocked only
  // because its secret or key is managed by IaC is exported (exportPlan refuses other blocked plans).
  if (exporting && outcome.plan && (outcome.ok || outcome.error?.code === 'PLAN_BLOCKED')) return runPlanExport(context, outcome.plan);
  const out = stringOption(args, 'out');
  if (out !== undefined && outcome.plan && !outcome.plan.blocked && outcome.ok) {
    await writeOutputFile(out, `${JSON.stringify(outcome.plan, null, 2)}\n`, '--out');
    if (args.options.json !== true) io.stdout.write(`Plan saved to ${out}. Apply it with: ${applyCommand(out, context)}\n`);
  }
  const code = reportOutcome(context, outcome);
  return args.options['detailed-exitcode'] === true ? detailedExitCode(outcome) : code;
}
