import { join } from 'node:path';
import { makeDirs, parseKeyArn, planOffline, userError, type DocumentKind, type PolicyDocument } from '@secret-share-wizard/core';
import { requireOption, stringOption, type OptionSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { readPolicyFile } from '../cli/files';
import { printJson, writeOutputFile } from '../cli/output';
import { planJson } from '../cli/plan-json';
import { renderPlan } from '../cli/render-plan';
import { shareInputFromArgs } from '../cli/share-flags';
import { LAYER_FLAGS, layersFromArgs } from './layer-files';

/** Flags of `plan --offline` (no AWS call: the documents come from files). */
export const OFFLINE_FLAGS: Record<string, OptionSpec> = {
  offline: { type: 'boolean', description: 'Plan from local files: no AWS call (needs --secret-arn, --key-arn, --consumer)' },
  'secret-arn': { type: 'string', placeholder: '<ARN>', description: 'Offline: the full secret ARN (with its -XXXXXX suffix)' },
  'key-arn': { type: 'string', placeholder: '<ARN>', description: "Offline: the full ARN of the secret's customer managed KMS key" },
  'secret-policy': { type: 'string', placeholder: '<file>', description: 'Offline: current secret resource policy (JSON); absent = none yet' },
  'key-policy': { type: 'string', placeholder: '<file>', description: 'Offline: current key policy (JSON); without it the plan is blocked (a key always has a policy)' },
  'identity-policy': { type: 'string', placeholder: '<file>', description: 'Offline: current consumer identity policy (JSON); absent = none yet' },
  'write-dir': { type: 'string', placeholder: '<folder>', description: 'Offline: write the three resulting documents there as JSON files' },
  // The other layers of the path, for "will it work?" (see layer-files.ts for the file formats).
  ...LAYER_FLAGS,
};

export const OFFLINE_ONLY_FLAGS = ['secret-arn', 'key-arn', 'secret-policy', 'key-policy', 'identity-policy', 'write-dir', ...Object.keys(LAYER_FLAGS)] as const;

/** File names --write-dir uses, per change kind. */
export const WRITE_DIR_FILES: Record<string, string> = {
  'secret-policy': 'secret-policy.json',
  'key-policy': 'key-policy.json',
  'identity-policy': 'identity-policy.json',
};

async function optionalPolicy(context: CommandContext, name: DocumentKind): Promise<PolicyDocument | null> {
  const path = stringOption(context.args, name);
  return path === undefined ? null : readPolicyFile(path, `--${name}`, name);
}

export async function runOfflinePlan(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  for (const [flag, instead] of [
    ['secret', '--secret-arn'],
    ['profile', 'no profile (offline plans call no AWS API)'],
    ['consumer-profile', 'no profile (offline plans call no AWS API)'],
    ['region', 'no region (it comes from --secret-arn)'],
  ] as const) {
    if (args.options[flag] !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', `--${flag}`, 'cannot be combined with --offline', `Use ${instead}`);
  }
  const input = shareInputFromArgs(args, 'secret-arn');
  const keyArn = parseKeyArn(requireOption(args, 'key-arn', '<ARN>', ' with --offline'), '--key-arn').arn;
  const [secretPolicy, keyPolicy, identityPolicy, layers] = await Promise.all([
    optionalPolicy(context, 'secret-policy'),
    optionalPolicy(context, 'key-policy'),
    optionalPolicy(context, 'identity-policy'),
    layersFromArgs(args),
  ]);
  const plan = planOffline({
      secretArn: input.secret,
      keyArn,
      consumer: input.consumer,
      ...(input.consumerIdentity !== undefined ? { consumerIdentity: input.consumerIdentity } : {}),
      identityPolicy: input.identityPolicy === 'auto' ? 'managed' : input.identityPolicy,
      ...(input.policyName !== undefined ? { policyName: input.policyName } : {}),
      options: input.options,
      ...(input.moveToKey !== undefined ? { moveToKey: input.moveToKey } : {}),
      secretPolicy,
      keyPolicy,
      identityDocument: identityPolicy,
      ...(Object.keys(layers).length > 0 ? { layers } : {}),
  });

  const writeDir = stringOption(args, 'write-dir');
  const written: string[] = [];
  if (writeDir !== undefined && !plan.blocked) {
    try {
      await makeDirs(writeDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw userError('OUTPUT_FILE', '--write-dir', `cannot create "${writeDir}" (${code})`, 'Pass a folder you can write to');
    }
    for (const change of plan.changes) {
      const file = WRITE_DIR_FILES[change.kind];
      if (!file || change.after === null) continue;
      const path = join(writeDir, file);
      await writeOutputFile(path, `${JSON.stringify(change.after, null, 2)}\n`, '--write-dir');
      written.push(path);
    }
  }
  const out = stringOption(args, 'out');
  if (out !== undefined) await writeOutputFile(out, `${JSON.stringify(plan, null, 2)}\n`, '--out');

  if (args.options.json === true) printJson(io, { ...planJson(plan), ...(writeDir !== undefined ? { written } : {}) });
  else {
    io.stdout.write(renderPlan(plan, colors));
    for (const path of written) io.stdout.write(`Wrote ${path}\n`);
  }
  return plan.blocked ? EXIT.INVALID : EXIT.OK;
}
