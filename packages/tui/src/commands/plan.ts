import { createAwsContext, planShareFromAws, userError, type Plan } from '@secret-share-wizard/core';
import { stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { printJson, writeOutputFile } from '../cli/output';
import { planJson } from '../cli/plan-json';
import { renderPlan } from '../cli/render-plan';
import { AWS_FLAGS, JSON_FLAG, SHARE_FLAGS, awsSelection, shareRequestFromArgs } from '../cli/share-flags';
import { OFFLINE_FLAGS, OFFLINE_ONLY_FLAGS, runOfflinePlan } from './plan-offline';

export const spec: CommandSpec = {
  name: 'plan',
  summary: 'Show the three policy changes, the findings and "will it work?" before → after. Writes nothing to AWS.',
  usage: [
    'plan --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [--consumer-role <name|ARN>] [--consumer-policy managed|inline|none] [--version-stage AWSCURRENT|any] [--describe] [--no-context-condition] [--profile P] [--consumer-profile Q] [--region R] [--out plan.json] [--json]',
    'plan --offline --secret-arn <ARN> --key-arn <ARN> --consumer <...> [--secret-policy F] [--key-policy F] [--identity-policy F] [--boundary F] [--scp F…] [--rcp F…] [--session-policy F…] [--endpoint-policy F] [--write-dir D] [--json]',
  ],
  options: {
    ...SHARE_FLAGS,
    ...AWS_FLAGS,
    out: { type: 'string', placeholder: '<plan.json>', description: 'Save the plan for `apply --plan` (reviewed plan = applied plan)' },
    ...OFFLINE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Exit codes: 0 plan made (also when there is nothing to change), 1 AWS failure, 2 invalid input or plan blocked by error findings.',
    '--offline reads the current documents from files and calls no AWS API (a missing secret or identity policy file means: none yet).',
  ],
};

export async function planFromArgs(context: CommandContext): Promise<Plan> {
  const request = shareRequestFromArgs(context.args);
  const aws = createAwsContext(awsSelection(context.args));
  try {
    return await planShareFromAws(aws, request);
  } finally {
    aws.destroy();
  }
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  if (args.options.offline === true) return runOfflinePlan(context);
  const offlineOnly = OFFLINE_ONLY_FLAGS.find((name) => args.options[name] !== undefined);
  if (offlineOnly) {
    throw userError('INPUT_CONFLICTING_FLAGS', `--${offlineOnly}`, 'is only for offline plans', 'Add --offline (then also --secret-arn, --key-arn, --consumer), or remove it');
  }
  const plan = await planFromArgs(context);
  const out = stringOption(args, 'out');
  if (out !== undefined) await writeOutputFile(out, `${JSON.stringify(plan, null, 2)}\n`, '--out');
  if (args.options.json === true) printJson(io, planJson(plan));
  else {
    io.stdout.write(renderPlan(plan, colors));
    if (out !== undefined && !plan.blocked) io.stdout.write(`Plan saved to ${out}. Apply it with: secret-share-wizard apply --plan ${out}\n`);
  }
  return plan.blocked ? EXIT.INVALID : EXIT.OK;
}
