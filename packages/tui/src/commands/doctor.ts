import { basename } from 'node:path';
import { createAwsContext, diagnoseAccess, diagnoseOffline, parseKeyArn, userError, type DiagnoseResult, type NamedPolicy } from '@secret-share-wizard/core';
import { listOption, requireOption, stringOption, type CommandSpec, type OptionSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { readPolicyFile } from '../cli/files';
import { printJson } from '../cli/output';
import { AWS_FLAGS, JSON_FLAG, awsSelection } from '../cli/share-flags';
import { doctorJson, renderDoctor } from './doctor-render';
import { LAYER_FLAGS, OFFLINE_LAYER_FLAGS, endpointFile, layersFromArgs, sessionPolicyFiles } from './layer-files';

const OFFLINE_FLAGS: Record<string, OptionSpec> = {
  offline: { type: 'boolean', description: 'Diagnose from local files: no AWS call (needs --secret-arn, --key-arn, --consumer-role)' },
  'secret-arn': { type: 'string', placeholder: '<ARN>', description: 'Offline: the full secret ARN' },
  'key-arn': { type: 'string', placeholder: '<ARN|aws/secretsmanager>', description: "Offline: the secret's KMS key ARN, or aws/secretsmanager for the AWS managed key" },
  'secret-policy': { type: 'string', placeholder: '<file>', description: "Offline: the secret's resource policy (absent: none)" },
  'key-policy': { type: 'string', placeholder: '<file>', description: 'Offline: the key policy (needed with a key ARN)' },
  'identity-policy': { type: 'string', placeholder: '<file>', repeatable: true, description: "Offline: one of the consumer role's identity policies (repeat for each; absent: none)" },
};
const OFFLINE_ONLY = ['secret-arn', 'key-arn', 'secret-policy', 'key-policy', 'identity-policy', ...OFFLINE_LAYER_FLAGS] as const;

export const spec: CommandSpec = {
  name: 'doctor',
  summary: 'Why AccessDenied? Read every layer on the path (both accounts, SCPs, RCPs), name the one that denies, and the fix',
  usage: [
    'doctor --secret <ARN> --consumer-role <ROLE_ARN> [--profile P] [--consumer-profile Q] [--org-profile M] [--region R] [--error "<AccessDenied message>"] [--session-name S] [--session-policy F] [--endpoint-policy F] [--json]',
    'doctor --offline --secret-arn <ARN> --key-arn <ARN|aws/secretsmanager> --consumer-role <ROLE_ARN> [--secret-policy F] [--key-policy F] [--identity-policy F…] [--boundary F] [--scp F…] [--rcp F…] [--session-policy F…] [--endpoint-policy F] [--json]',
  ],
  options: {
    secret: { type: 'string', placeholder: '<ARN>', description: 'The secret (full ARN, or its name in the owner account)' },
    'consumer-role': { type: 'string', placeholder: '<ROLE_ARN>', description: 'The consumer role (or user) ARN that reads the secret' },
    'org-profile': { type: 'string', placeholder: '<profile>', description: "Profile of the organization's management account or a delegated administrator (to read SCPs and RCPs)" },
    error: { type: 'string', placeholder: '"<message>"', description: 'The AccessDenied message the consumer got: checked against the diagnosis' },
    'session-name': { type: 'string', placeholder: '<name>', description: 'Simulate one role session (default: the one in --error, else the role)' },
    'version-stage': { type: 'string', placeholder: '<stage>', description: 'Version stage asked for (default AWSCURRENT)' },
    ...AWS_FLAGS,
    ...OFFLINE_FLAGS,
    ...LAYER_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Layers: identity-policy, permissions-boundary, session-policy, scp, rcp, secret-policy, key-policy, vpc-endpoint-policy. A layer that cannot be read is "unknown" (never assumed to allow), with who can read it.',
    'SCPs and RCPs are read through AWS Organizations with --org-profile, else the owner or consumer profile if it is the management account or a delegated administrator. Session policies and VPC endpoint policies are not stored in IAM: pass them as files.',
    '--scp / --rcp: one flag per level of the organization path, in order root → OUs → account; each file holds the policies attached at that level (a policy document, a JSON array of them, or `aws organizations describe-policy` output).',
    'Exit codes: 0 allowed, 3 denied (the deciding layer and the fix are printed), 10 allowed only if the layers that could not be read allow (attention needed), 2 invalid input, 1 AWS failure.',
  ],
};

/** 0 allowed, 3 denied, 10 allowed only if the unknown layers allow (the verdict needs attention). */
export function doctorExitCode(result: DiagnoseResult): number {
  if (result.verdict === 'allowed') return EXIT.OK;
  return result.verdict === 'denied' ? EXIT.DENIED : EXIT.CHANGES_PENDING;
}

async function identityFiles(context: CommandContext): Promise<NamedPolicy[]> {
  const files = listOption(context.args, 'identity-policy');
  return Promise.all(files.map(async (path) => ({ name: basename(path), document: await readPolicyFile(path, '--identity-policy') })));
}

async function runOffline(context: CommandContext): Promise<DiagnoseResult> {
  const { args } = context;
  for (const [flag, instead] of [
    ['secret', '--secret-arn'],
    ['profile', 'no profile (offline calls no AWS API)'],
    ['consumer-profile', 'no profile (offline calls no AWS API)'],
    ['org-profile', 'no profile (offline calls no AWS API)'],
    ['region', 'no region (it comes from --secret-arn)'],
  ] as const) {
    if (args.options[flag] !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', `--${flag}`, 'cannot be combined with --offline', `Use ${instead}`);
  }
  const secretArn = requireOption(args, 'secret-arn', '<ARN>', ' with --offline');
  const consumerRole = requireOption(args, 'consumer-role', '<ROLE_ARN>');
  const keyText = requireOption(args, 'key-arn', '<ARN|aws/secretsmanager>', ' with --offline (aws/secretsmanager for the AWS managed key)');
  const managedKey = keyText === 'aws/secretsmanager' || keyText === 'alias/aws/secretsmanager';
  const keyArn = managedKey ? undefined : parseKeyArn(keyText, '--key-arn').arn;
  const secretPolicyPath = stringOption(args, 'secret-policy');
  const keyPolicyPath = stringOption(args, 'key-policy');
  if (managedKey && keyPolicyPath !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', '--key-policy', 'has no effect with the AWS managed key (its policy is fixed by AWS)', 'Remove --key-policy, or pass the customer managed key ARN with --key-arn');
  const [secretPolicy, keyPolicy, identityPolicies, layers] = await Promise.all([
    secretPolicyPath === undefined ? null : readPolicyFile(secretPolicyPath, '--secret-policy'),
    keyPolicyPath === undefined ? null : readPolicyFile(keyPolicyPath, '--key-policy'),
    identityFiles(context),
    layersFromArgs(args),
  ]);
  const error = stringOption(args, 'error');
  const sessionName = stringOption(args, 'session-name');
  const versionStage = stringOption(args, 'version-stage');
  return diagnoseOffline({
    secretArn,
    ...(keyArn ? { keyArn } : {}),
    consumerRole,
    secretPolicy,
    keyPolicy,
    identityPolicies,
    ...layers,
    ...(error !== undefined ? { error } : {}),
    ...(sessionName !== undefined ? { sessionName } : {}),
    ...(versionStage !== undefined ? { versionStage } : {}),
  });
}

async function runOnline(context: CommandContext): Promise<DiagnoseResult> {
  const { args } = context;
  const offlineOnly = OFFLINE_ONLY.find((name) => args.options[name] !== undefined);
  if (offlineOnly) throw userError('INPUT_CONFLICTING_FLAGS', `--${offlineOnly}`, 'is only for --offline (online, the doctor reads that layer from AWS)', 'Add --offline (with --secret-arn, --key-arn), or remove it');
  const secret = requireOption(args, 'secret', '<ARN>');
  const consumerRole = requireOption(args, 'consumer-role', '<ROLE_ARN>');
  const selection = awsSelection(args);
  const orgProfile = stringOption(args, 'org-profile');
  if (orgProfile !== undefined && !/^[\w.@+:/-]+$/.test(orgProfile)) {
    throw userError('INPUT_PROFILE', '--org-profile', `"${orgProfile}" is not a valid profile name`, 'Pass a profile name from ~/.aws/config (aws configure list-profiles)');
  }
  const [sessionPolicies, vpcEndpoint] = await Promise.all([sessionPolicyFiles(args), endpointFile(args)]);
  const error = stringOption(args, 'error');
  const sessionName = stringOption(args, 'session-name');
  const versionStage = stringOption(args, 'version-stage');
  const aws = createAwsContext({ ...selection, ...(orgProfile !== undefined ? { organizationProfile: orgProfile } : {}) });
  try {
    return await diagnoseAccess(aws, {
      secret,
      consumerRole,
      ...(error !== undefined ? { error } : {}),
      ...(sessionName !== undefined ? { sessionName } : {}),
      ...(versionStage !== undefined ? { versionStage } : {}),
      ...(sessionPolicies ? { sessionPolicies } : {}),
      ...(vpcEndpoint ? { vpcEndpoint } : {}),
    });
  } finally {
    aws.destroy();
  }
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors } = context;
  const result = args.options.offline === true ? await runOffline(context) : await runOnline(context);
  if (args.options.json === true) printJson(io, doctorJson(result));
  else io.stdout.write(renderDoctor(result, colors));
  return doctorExitCode(result);
}
