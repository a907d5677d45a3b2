import { WizardError, bugError } from '../errors/wizard-error';
import type { PolicyDocument } from '../policy/policy-types';
import { exportHeader, iamPolicyPath, type ExportIdentity, type ExportModel } from './export-model';
import type { ExportFile, ExportOptions, ExportResult } from './export-types';

/** IAM keeps at most five versions of a managed policy (as apply/write-identity-policy). */
const MAX_POLICY_VERSIONS = 5;
const HEREDOC = 'SSW_POLICY_JSON';

/** A shell word: single-quoted, so nothing in it is ever expanded. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME="$(cat <<'SSW_POLICY_JSON' … SSW_POLICY_JSON)"`: the document verbatim, never interpolated. */
function documentVariable(name: string, document: PolicyDocument): string[] {
  const json = JSON.stringify(document, null, 2);
  if (json.split('\n').includes(HEREDOC)) throw bugError(`a policy document contains the line ${HEREDOC}`);
  return [`${name}="$(cat <<'${HEREDOC}'`, json, HEREDOC, ')"'];
}

function comment(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? '#' : `# ${line}`));
}

function profileLines(model: ExportModel, options: ExportOptions, consumer: boolean, owner: boolean): string[] {
  const lines: string[] = [];
  if (owner) {
    lines.push(`OWNER_PROFILE="\${OWNER_PROFILE:-${options.ownerProfile ?? 'default'}}"   # account ${model.ownerAccount}: the secret and its key`);
  }
  if (consumer) {
    lines.push(
      options.consumerProfile
        ? `CONSUMER_PROFILE="\${CONSUMER_PROFILE:-${options.consumerProfile}}"   # account ${model.consumerAccount}: the identity policy`
        : `CONSUMER_PROFILE="\${CONSUMER_PROFILE:?set CONSUMER_PROFILE to a profile of account ${model.consumerAccount}}"`,
    );
  }
  return lines;
}

const CHECK_ACCOUNT = [
  '# Refuse to write anything with a profile of the wrong account.',
  'check_account() {',
  '  local actual',
  '  actual="$(aws sts get-caller-identity --profile "$1" --query Account --output text)"',
  '  if [ "$actual" != "$2" ]; then',
  '    echo "error: profile $1 signs in to account $actual, not $2; set the right profile and run again" >&2',
  '    exit 2',
  '  fi',
  '}',
];

function identityCommands(identity: ExportIdentity, roleExpression: string): string[] {
  const { target } = identity;
  const kind = target?.principalKind ?? 'role';
  const entityFlag = kind === 'role' ? '--role-name' : '--user-name';
  const p = '--profile "$CONSUMER_PROFILE"';
  const lines = documentVariable('IDENTITY_POLICY', identity.document);
  if (identity.mode === 'inline') {
    lines.push(`aws iam put-${kind}-policy ${p} ${entityFlag} ${roleExpression} --policy-name ${shellQuote(identity.policyName)} --policy-document "$IDENTITY_POLICY"`);
    return lines;
  }
  const arn = shellQuote(identity.policyArn);
  if (!identity.exists || identity.administrator) {
    // The administrator's policy may or may not exist: create it, or add a version when it does.
    if (identity.administrator) lines.push(`if aws iam get-policy ${p} --policy-arn ${arn} >/dev/null 2>&1; then`, ...updateManaged(identity, p).map((line) => `  ${line}`), 'else', `  ${createManaged(identity, p)}`, 'fi');
    else lines.push(createManaged(identity, p));
  } else {
    lines.push(...updateManaged(identity, p));
  }
  // Attaching an attached policy changes nothing (IAM), so this is safe to run again.
  lines.push(`aws iam attach-${kind}-policy ${p} ${entityFlag} ${roleExpression} --policy-arn ${arn}`);
  return lines;
}

function createManaged(identity: ExportIdentity, p: string): string {
  const description = 'Written by secret-share-wizard: read one shared secret and decrypt it via Secrets Manager';
  return `aws iam create-policy ${p} --policy-name ${shellQuote(identity.policyName)} --path ${shellQuote(iamPolicyPath(identity.policyArn))} --description ${shellQuote(description)} --policy-document "$IDENTITY_POLICY" >/dev/null`;
}

/** CreatePolicyVersion --set-as-default; at 5 versions the oldest non-default goes first, as apply does after asking. */
function updateManaged(identity: ExportIdentity, p: string): string[] {
  const arn = shellQuote(identity.policyArn);
  return [
    `versions="$(aws iam list-policy-versions ${p} --policy-arn ${arn} --query 'length(Versions)' --output text)"`,
    `if [ "$versions" -ge ${MAX_POLICY_VERSIONS} ]; then`,
    `  oldest="$(aws iam list-policy-versions ${p} --policy-arn ${arn} --query 'sort_by(Versions[?IsDefaultVersion==\`false\`], &CreateDate)[0].VersionId' --output text)"`,
    '  if [ "${DELETE_OLDEST_POLICY_VERSION:-}" != yes ]; then',
    `    echo "error: ${identity.policyArn} has ${MAX_POLICY_VERSIONS} versions (the most IAM keeps); the oldest non-default one, $oldest, must be deleted first. Run again with DELETE_OLDEST_POLICY_VERSION=yes (it is saved next to this script first), or delete a version yourself." >&2`,
    '    exit 2',
    '  fi',
    `  aws iam get-policy-version ${p} --policy-arn ${arn} --version-id "$oldest" > "$HERE/deleted-policy-version-$oldest.json"`,
    `  aws iam delete-policy-version ${p} --policy-arn ${arn} --version-id "$oldest"`,
    'fi',
    `aws iam create-policy-version ${p} --policy-arn ${arn} --policy-document "$IDENTITY_POLICY" --set-as-default >/dev/null`,
  ];
}

function script(header: string[], body: string[]): string {
  return ['#!/usr/bin/env bash', ...comment(header), 'set -euo pipefail', 'HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"', '', ...body, ''].join('\n');
}

function describeIdentity(identity: ExportIdentity): string {
  const where = identity.target ? `${identity.target.principalKind} ${identity.target.name}` : 'the role $ROLE_NAME';
  return identity.mode === 'inline' ? `inline policy ${identity.policyName} of ${where}` : `managed policy ${identity.policyArn}, attached to ${where}`;
}

/**
 * A bash script of AWS CLI v2 calls that makes what the plan makes, in apply order (secret key move,
 * identity policy, key policy, secret policy last: access opens only at the last write). Changes with
 * action `none` are skipped. Documents are the plan's full `after` documents in quoted heredocs (never
 * expanded by the shell). The identity policy for the consumer's administrator (apply does not write
 * it) goes into its own script, `for-consumer-administrator.sh`.
 */
export function exportCli(model: ExportModel, options: ExportOptions): ExportResult {
  for (const [field, profile] of [['--profile', options.ownerProfile], ['--consumer-profile', options.consumerProfile]] as const) {
    if (profile !== undefined && !/^[\w.@+:/-]+$/.test(profile)) {
      throw new WizardError('INPUT_PROFILE', `"${profile}" is not a profile name the script can carry`, { field, fix: 'Use a profile name of letters, digits and ._@+:/- characters' });
    }
  }
  const { identity, key, secret, keyMove, region } = model;
  const ownerP = '--profile "$OWNER_PROFILE"';
  const writesIdentity = identity !== undefined && !identity.administrator && identity.change.action !== 'none';
  const steps: string[][] = [];
  if (keyMove && keyMove.action !== 'none') {
    steps.push([
      `# Move the secret to the customer managed key ${keyMove.after.KmsKeyId} (AWS re-encrypts AWSCURRENT, AWSPENDING, AWSPREVIOUS).`,
      `aws secretsmanager update-secret ${ownerP} --region ${region} --secret-id ${shellQuote(model.secretArn)} --kms-key-id ${shellQuote(keyMove.after.KmsKeyId)} >/dev/null`,
    ]);
  }
  if (writesIdentity && identity) {
    steps.push([`# Identity policy (account ${model.consumerAccount}): ${describeIdentity(identity)}.`, ...identityCommands(identity, shellQuote(identity.target?.name ?? ''))]);
  }
  if (key && key.change.action !== 'none') {
    steps.push([
      `# Key policy of ${key.keyArn} (the whole policy; the key administrators' statements are kept).`,
      ...documentVariable('KEY_POLICY', key.document),
      `aws kms put-key-policy ${ownerP} --region ${region} --key-id ${shellQuote(key.keyArn)} --policy-name default --policy "$KEY_POLICY"`,
    ]);
  }
  if (secret && secret.change.action !== 'none') {
    steps.push([
      '# Secret resource policy, last: access opens here. --block-public-policy refuses any public grant.',
      ...documentVariable('SECRET_POLICY', secret.document),
      `aws secretsmanager put-resource-policy ${ownerP} --region ${region} --secret-id ${shellQuote(model.secretArn)} --resource-policy "$SECRET_POLICY" --block-public-policy >/dev/null`,
    ]);
  }
  const ownerWrites = steps.length - (writesIdentity ? 1 : 0) > 0;
  const body: string[] = [...profileLines(model, options, true, true), '', ...CHECK_ACCOUNT];
  if (ownerWrites) body.push(`check_account "$OWNER_PROFILE" ${model.ownerAccount}`);
  if (writesIdentity) body.push(`check_account "$CONSUMER_PROFILE" ${model.consumerAccount}`);
  body.push('');
  if (steps.length === 0) body.push('echo "Nothing to change: every document already holds the share."');
  for (const step of steps) body.push(...step, '');
  if (steps.length > 0) body.push('echo "Done. Check it: secret-share-wizard plan (same flags) shows no change."');
  const files: ExportFile[] = [
    {
      path: 'share.sh',
      content: script([...exportHeader(model), '', `Run with AWS CLI v2. Profiles: OWNER_PROFILE (account ${model.ownerAccount}), CONSUMER_PROFILE (account ${model.consumerAccount}).`], body),
      executable: true,
      description: `AWS CLI v2 script: the writes apply would make (${steps.length} step${steps.length === 1 ? '' : 's'})`,
    },
  ];
  const notes: string[] = [];
  if (identity?.administrator) {
    files.push(administratorScript(model, identity, options));
    notes.push(`The identity policy is for the administrator of account ${model.consumerAccount}: give them for-consumer-administrator.sh.`);
  }
  return { format: 'cli', files, notes };
}

function administratorScript(model: ExportModel, identity: ExportIdentity, options: ExportOptions): ExportFile {
  const role = identity.target ? shellQuote(identity.target.name) : '"$ROLE_NAME"';
  const body = [
    ...profileLines(model, { ...(options.consumerProfile ? { consumerProfile: options.consumerProfile } : {}) }, true, false),
    ...(identity.target ? [] : [`ROLE_NAME="\${ROLE_NAME:?set ROLE_NAME to the role of account ${model.consumerAccount} that reads the secret}"`]),
    '',
    ...CHECK_ACCOUNT,
    `check_account "$CONSUMER_PROFILE" ${model.consumerAccount}`,
    '',
    `# Identity policy (account ${model.consumerAccount}): ${describeIdentity(identity)}.`,
    ...identityCommands({ ...identity, mode: identity.mode }, role),
    '',
    'echo "Done: the role may now read the secret (with its full ARN)."',
  ];
  return {
    path: 'for-consumer-administrator.sh',
    content: script(
      [
        `FOR THE ADMINISTRATOR OF ACCOUNT ${model.consumerAccount} (the consumer).`,
        ...exportHeader(model),
        '',
        `The owner account granted access on its side; this gives your role the identity policy it also needs.`,
      ],
      body,
    ),
    executable: true,
    description: `AWS CLI v2 script for the administrator of account ${model.consumerAccount}: the identity policy`,
    forAdministrator: true,
  };
}
