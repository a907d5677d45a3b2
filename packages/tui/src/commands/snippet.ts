import { SNIPPET_KINDS, consumerSnippets, createAwsContext, parseSecretRef, resolveSecret, userError, type SnippetKind } from '@secret-share-wizard/core';
import { requireOption, stringOption, type CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { printJson } from '../cli/output';
import { AWS_FLAGS, JSON_FLAG, awsSelection } from '../cli/share-flags';

export const spec: CommandSpec = {
  name: 'snippet',
  summary: 'Print what the consumer team pastes to read a shared secret (ECS, Lambda, EKS, SDKs, AWS CLI)',
  usage: [`snippet --secret <ARN|name> --for ${SNIPPET_KINDS.join('|')}|all [--consumer-role <ARN>] [--version-stage AWSCURRENT] [--profile P] [--region R] [--json]`],
  options: {
    secret: { type: 'string', placeholder: '<ARN|name>', description: 'The secret: full ARN, or its name in the owner account (resolved with DescribeSecret)' },
    for: { type: 'string', placeholder: `${SNIPPET_KINDS.join('|')}|all`, choices: [...SNIPPET_KINDS, 'all'], description: 'Which snippet (all: every one)' },
    'consumer-role': { type: 'string', placeholder: '<ARN>', description: 'The consumer role with the identity policy (the External Secrets SecretStore assumes it)' },
    'version-stage': { type: 'string', placeholder: '<stage>', description: 'Version stage the consumer reads (default AWSCURRENT)' },
    ...AWS_FLAGS,
    ...JSON_FLAG,
  },
  notes: ['With a full ARN nothing is called; with a name, DescribeSecret (owner profile) finds the full ARN. Exit codes: 0 printed, 1 AWS failure, 2 invalid input.'],
};

/** The full ARN of `--secret`: as given, or DescribeSecret of the name with the owner credentials. */
async function fullArn(context: CommandContext, secret: string): Promise<string> {
  const ref = parseSecretRef(secret, '--secret');
  if (ref.kind === 'arn') return ref.secret.arn;
  const aws = createAwsContext(awsSelection(context.args));
  try {
    return (await resolveSecret(aws, secret)).arn;
  } finally {
    aws.destroy();
  }
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  const secret = requireOption(args, 'secret', '<ARN|name>');
  const which = requireOption(args, 'for', `${SNIPPET_KINDS.join('|')}|all`);
  const role = stringOption(args, 'consumer-role');
  if (role !== undefined && !/^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) {
    throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `"${role}" is not a role ARN`, 'Pass the role ARN, e.g. arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE');
  }
  const versionStage = stringOption(args, 'version-stage');
  const kinds: readonly SnippetKind[] = which === 'all' ? SNIPPET_KINDS : [which as SnippetKind];
  const arn = await fullArn(context, secret);
  const result = consumerSnippets({ secretArn: arn, ...(role ? { consumerRoleArn: role } : {}), ...(versionStage ? { versionStage } : {}) }, kinds);
  if (args.options.json === true) {
    printJson(io, result);
    return EXIT.OK;
  }
  io.stdout.write(`${colors.bold('Secret:')} ${result.secretArn}\n${colors.bold('Version stage:')} ${result.versionStage}\n`);
  for (const snippet of result.snippets) {
    io.stdout.write(`\n${colors.bold(`── ${snippet.title} (${snippet.kind})`)}\n${colors.dim(snippet.note)}\n\n${snippet.text}\n`);
  }
  return EXIT.OK;
}
