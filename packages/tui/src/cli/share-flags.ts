import { DEFAULT_SHARE_OPTIONS, buildShareRequest, checkRoleBinding, isOrgConsumer, isRegion, parsePrincipal, partitionOf, parseSecretArn, parseSecretRef, userError, type IdentityModeInput, type IdentityPolicyMode, type ShareOptions, type ShareRequest, type ShareRequestInput } from '@secret-share-wizard/core';
import { flag, refuseTogether, requireOption, stringOption, type OptionSpec, type ParsedArgs } from './args';

/** The flags that describe a share (plan, apply, revoke). */
export const SHARE_FLAGS: Record<string, OptionSpec> = {
  secret: { type: 'string', placeholder: '<ARN|name>', description: 'The secret: full ARN, or its name in the owner account' },
  consumer: {
    type: 'string',
    placeholder: '<ACCOUNT_ID|ARN|o-…|OU path>',
    description: 'Who may read it: account id or root ARN (recommended), a role/user ARN, an organization o-xxxxxxxxxx, or an OU path o-…/r-…/ou-…/ (with its sub-OUs)',
  },
  'role-binding': {
    type: 'string',
    placeholder: 'principal|condition',
    choices: ['principal', 'condition'],
    description: 'Role/user consumer: its ARN as the principal (default), or the account root with ArnEquals aws:PrincipalArn (survives a recreated role)',
  },
  'consumer-role': { type: 'string', placeholder: '<name|ARN>', description: 'Role (or user ARN) in the consumer account that gets the identity policy' },
  'consumer-policy': {
    type: 'string',
    placeholder: 'managed|inline|none',
    choices: ['managed', 'inline', 'none'],
    description: 'Identity policy: customer managed (default with a role), inline, or none (printed for the consumer admin)',
  },
  'policy-name': { type: 'string', placeholder: '<name>', description: 'Name of the consumer policy (default: derived from the secret)' },
  'version-stage': { type: 'string', placeholder: 'AWSCURRENT|any', choices: ['AWSCURRENT', 'any'], description: 'Limit the grant to AWSCURRENT (default) or any version' },
  describe: { type: 'boolean', description: 'Also grant secretsmanager:DescribeSecret' },
  'no-context-condition': { type: 'boolean', description: 'Do not tie the key grant to this secret (kms:EncryptionContext:SecretARN)' },
  'move-to-key': {
    type: 'string',
    placeholder: '<key ARN|new>',
    description: 'Secret on aws/secretsmanager: first move it to this customer managed key (or a new one)',
  },
  'allow-drift': { type: 'boolean', description: 'Write a secret or key that CloudFormation/Terraform/CDK manages (else: blocked; see --export)' },
};

/** Which AWS credentials to use. */
export const AWS_FLAGS: Record<string, OptionSpec> = {
  profile: { type: 'string', placeholder: '<profile>', description: 'AWS profile of the owner account (default: AWS_PROFILE / the default chain)' },
  'consumer-profile': { type: 'string', placeholder: '<profile>', description: 'AWS profile of the consumer account (to read and write its side)' },
  region: { type: 'string', placeholder: '<region>', description: "Region (default: the secret ARN's, then the profile's)" },
};

export const JSON_FLAG: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print one JSON object on stdout (nothing else)' },
};

const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

export interface AwsSelection {
  ownerProfile?: string;
  consumerProfile?: string;
  region?: string;
}

export function awsSelection(args: ParsedArgs): AwsSelection {
  const region = stringOption(args, 'region');
  if (region !== undefined && !isRegion(region)) {
    throw userError('INPUT_REGION', '--region', `"${region}" is not an AWS region`, 'Pass a region code such as us-east-2 or eu-west-1');
  }
  for (const name of ['profile', 'consumer-profile']) {
    const value = stringOption(args, name);
    if (value !== undefined && !/^[\w.@+:/-]+$/.test(value)) {
      throw userError('INPUT_PROFILE', `--${name}`, `"${value}" is not a valid profile name`, 'Pass a profile name from ~/.aws/config (aws configure list-profiles)');
    }
  }
  return {
    ...(stringOption(args, 'profile') !== undefined ? { ownerProfile: stringOption(args, 'profile') } : {}),
    ...(stringOption(args, 'consumer-profile') !== undefined ? { consumerProfile: stringOption(args, 'consumer-profile') } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** Validates the consumer-role flag against the consumer; returns it unchanged (name or ARN). */
function checkConsumerRole(role: string, consumer: ReturnType<typeof parsePrincipal>, partition: string): string {
  const organization = isOrgConsumer(consumer);
  if (organization && !role.startsWith('arn:')) {
    throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `"${role}" is a name, but ${consumer.arn} has many accounts`, 'Pass the role ARN in the member account that will read (arn:aws:iam::ACCOUNT:role/NAME): the plan simulates it');
  }
  if (role.startsWith('arn:')) {
    const identity = parsePrincipal(role, '--consumer-role', partition);
    if (identity.kind !== 'role' && identity.kind !== 'user') {
      throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `"${role}" is an account root, not a role or user`, 'Pass a role name or role ARN, e.g. PRODUCTION_SECRET_ROLE');
    }
    if (organization) return role;
    if (identity.account !== consumer.account) {
      throw userError('INPUT_CONFLICTING_FLAGS', '--consumer-role', `is in account ${identity.account} but --consumer is account ${consumer.account}`, 'Both must name the same consumer account');
    }
    if (consumer.kind !== 'account' && identity.arn !== consumer.arn) {
      throw userError('INPUT_CONFLICTING_FLAGS', '--consumer-role', `differs from --consumer ${consumer.arn}`, 'Pass only --consumer with the role ARN, or --consumer with the account id and --consumer-role');
    }
    return role;
  }
  if (!IAM_NAME.test(role)) {
    throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `"${role}" is not a valid role name`, 'Role names use letters, digits and +=,.@_- (up to 64), or pass the role ARN');
  }
  if (consumer.kind !== 'account' && consumer.name !== role) {
    throw userError('INPUT_CONFLICTING_FLAGS', '--consumer-role', `"${role}" differs from --consumer ${consumer.arn}`, 'Pass only --consumer with the role ARN, or --consumer with the account id and --consumer-role');
  }
  return role;
}

/** What the share flags say, checked for the CLI's own rules (flag combinations); values are checked by the core. */
export type ShareInput = ShareRequestInput & { identityPolicy: IdentityModeInput; options: ShareOptions; moveToKey?: string };

export function shareInputFromArgs(args: ParsedArgs, secretFlag: 'secret' | 'secret-arn' = 'secret'): ShareInput {
  const secret = requireOption(args, secretFlag, secretFlag === 'secret' ? '<ARN|name>' : '<ARN>');
  if (secretFlag === 'secret') parseSecretRef(secret, '--secret');
  else parseSecretArn(secret, '--secret-arn');
  const consumerText = requireOption(args, 'consumer', '<ACCOUNT_ID|ARN>');
  const partition = partitionOf(secret);
  const consumer = parsePrincipal(consumerText, '--consumer', partition);
  const roleText = stringOption(args, 'consumer-role');
  const consumerIdentity = roleText === undefined ? undefined : checkConsumerRole(roleText, consumer, partition);
  const hasIdentity = consumerIdentity !== undefined || consumer.kind !== 'account';
  const modeText = stringOption(args, 'consumer-policy') as IdentityPolicyMode | undefined;
  if ((modeText === 'managed' || modeText === 'inline') && !hasIdentity) {
    throw userError(
      'INPUT_MISSING_FLAG',
      '--consumer-role',
      `is required with --consumer-policy ${modeText} when --consumer is an account`,
      'Pass --consumer-role <name|ARN>, or --consumer-policy none to get the identity policy as a document',
    );
  }
  // Without the flag the session decides: managed with the consumer's credentials, else for its administrator.
  const identityPolicy: IdentityModeInput = modeText ?? (hasIdentity ? 'auto' : 'none');
  const policyName = stringOption(args, 'policy-name');
  if (policyName !== undefined && identityPolicy === 'none') {
    if (modeText === 'none') throw userError('INPUT_CONFLICTING_FLAGS', '--policy-name', 'has no effect with --consumer-policy none', 'Remove --policy-name or pick --consumer-policy managed|inline');
    throw userError('INPUT_MISSING_FLAG', '--consumer-role', 'is needed for --policy-name (the consumer is an account: there is no role to attach the policy to)', 'Pass --consumer-role <name|ARN>, or remove --policy-name');
  }
  const versionStage = stringOption(args, 'version-stage');
  const moveToKey = stringOption(args, 'move-to-key');
  const roleBinding = stringOption(args, 'role-binding');
  if (roleBinding !== undefined) checkRoleBinding(roleBinding, consumer);
  return {
    secret,
    consumer: consumerText,
    ...(roleBinding !== undefined ? { roleBinding } : {}),
    ...(consumerIdentity !== undefined ? { consumerIdentity } : {}),
    identityPolicy,
    ...(policyName !== undefined ? { policyName } : {}),
    options: {
      ...DEFAULT_SHARE_OPTIONS,
      ...(versionStage !== undefined ? { versionStage: versionStage as ShareOptions['versionStage'] } : {}),
      grantDescribe: flag(args, 'describe'),
      contextCondition: !flag(args, 'no-context-condition'),
    },
    ...(moveToKey !== undefined ? { moveToKey } : {}),
    ...(flag(args, 'allow-drift') ? { allowDrift: true } : {}),
  };
}

/**
 * The share flags as a ShareRequest without AWS (offline plans): `auto` writes a managed policy,
 * since the documents go to files. Every mistake names the flag.
 */
export function shareRequestFromArgs(args: ParsedArgs, secretFlag: 'secret' | 'secret-arn' = 'secret'): ShareRequest {
  const input = shareInputFromArgs(args, secretFlag);
  return buildShareRequest({ ...input, identityPolicy: input.identityPolicy === 'auto' ? 'managed' : input.identityPolicy });
}

/** `--plan file` replaces the share flags. */
export function refusePlanWithShareFlags(args: ParsedArgs): void {
  refuseTogether(args, 'plan', Object.keys(SHARE_FLAGS), 'A saved plan already holds the request: pass either --plan or the share flags');
}
