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

/** `CONSUMER_PROFILE` for the (first) consumer account, `CONSUMER_PROFILE_<ACCOUNT>` for others. */
function consumerVariable(model: ExportModel, account: string): string {
  return account === model.consumerAccounts[0] || model.consumerAccounts.length <= 1 ? 'CONSUMER_PROFILE' : `CONSUMER_PROFILE_${account}`;
}

function profileLines(model: ExportModel, options: ExportOptions, consumers: string[], owner: boolean): string[] {
  const lines: string[] = [];
  if (owner) {
    lines.push(`OWNER_PROFILE="\${OWNER_PROFILE:-${options.ownerProfile ?? 'default'}}"   # account ${model.ownerAccount}: the secret and its key`);
  }
  for (const account of consumers) {
    const variable = consumerVariable(model, account);
    const given = variable === 'CONSUMER_PROFILE' ? options.consumerProfile : undefined;
    lines.push(
      given
        ? `${variable}="\${${variable}:-${given}}"   # account ${account}: the identity policy`
        : `${variable}="\${${variable}:?set ${variable} to a profile of account ${account}}"`,
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

function identityCommands(identity: ExportIdentity, roleExpression: string, variable = 'CONSUMER_PROFILE'): string[] {
  const { target } = identity;
  const kind = target?.principalKind ?? 'role';
  const entityFlag = kind === 'role' ? '--role-name' : '--user-name';
  const p = `--profile "$${variable}"`;
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
 * A bash script of AWS CLI v2 calls that makes what the plan (or the manifest) makes, in apply order
 * (secret key moves, identity policies, key policies, secret policies last: access opens only at the
 * last write). Changes with action `none` are skipped. Documents are the plan's full `after`
 * documents in quoted heredocs (never expanded by the shell), each document once. The identity
 * policies for a consumer's administrator (apply does not write them) go into their own script,
 * `for-consumer-administrator.sh` (one per account when there are several).
 */
export function exportCli(model: ExportModel, options: ExportOptions): ExportResult {
  for (const [field, profile] of [['--profile', options.ownerProfile], ['--consumer-profile', options.consumerProfile]] as const) {
    if (profile !== undefined && !/^[\w.@+:/-]+$/.test(profile)) {
      throw new WizardError('INPUT_PROFILE', `"${profile}" is not a profile name the script can carry`, { field, fix: 'Use a profile name of letters, digits and ._@+:/- characters' });
    }
  }
  const { region } = model;
  const ownerP = '--profile "$OWNER_PROFILE"';
  const written = model.identities.filter((identity) => !identity.administrator && identity.change.action !== 'none');
  const consumers = [...new Set(written.map((identity) => identity.account))];
  const steps: string[][] = [];
  let ownerSteps = 0;
  for (const keyMove of model.keyMoves) {
    if (keyMove.action === 'none') continue;
    ownerSteps += 1;
    steps.push([
      `# Move the secret ${keyMove.target} to the customer managed key ${keyMove.after.KmsKeyId} (AWS re-encrypts AWSCURRENT, AWSPENDING, AWSPREVIOUS).`,
      `aws secretsmanager update-secret ${ownerP} --region ${region} --secret-id ${shellQuote(keyMove.target)} --kms-key-id ${shellQuote(keyMove.after.KmsKeyId)} >/dev/null`,
    ]);
  }
  for (const identity of written) {
    steps.push([`# Identity policy (account ${identity.account}): ${describeIdentity(identity)}.`, ...identityCommands(identity, shellQuote(identity.target?.name ?? ''), consumerVariable(model, identity.account))]);
  }
  for (const key of model.keys) {
    if (key.change.action === 'none') continue;
    ownerSteps += 1;
    steps.push([
      `# Key policy of ${key.keyArn} (the whole policy; the key administrators' statements are kept).`,
      ...documentVariable('KEY_POLICY', key.document),
      `aws kms put-key-policy ${ownerP} --region ${region} --key-id ${shellQuote(key.keyArn)} --policy-name default --policy "$KEY_POLICY"`,
    ]);
  }
  for (const secret of model.secrets) {
    if (secret.change.action === 'none') continue;
    ownerSteps += 1;
    steps.push([
      `# Secret resource policy of ${secret.secretArn}, after the key and identity policies: access opens here. --block-public-policy refuses any public grant.`,
      ...documentVariable('SECRET_POLICY', secret.document),
      `aws secretsmanager put-resource-policy ${ownerP} --region ${region} --secret-id ${shellQuote(secret.secretArn)} --resource-policy "$SECRET_POLICY" --block-public-policy >/dev/null`,
    ]);
  }
  const profileAccounts = consumers.length > 0 ? consumers : model.consumerAccounts.slice(0, 1);
  const body: string[] = [...profileLines(model, options, profileAccounts, true), '', ...CHECK_ACCOUNT];
  if (ownerSteps > 0) body.push(`check_account "$OWNER_PROFILE" ${model.ownerAccount}`);
  for (const account of consumers) body.push(`check_account "$${consumerVariable(model, account)}" ${account}`);
  body.push('');
  if (steps.length === 0) body.push('echo "Nothing to change: every document already holds the share."');
  for (const step of steps) body.push(...step, '');
  if (steps.length > 0) body.push('echo "Done. Check it: secret-share-wizard plan (same flags) shows no change."');
  const profileNote = [`OWNER_PROFILE (account ${model.ownerAccount})`, ...profileAccounts.map((account) => `${consumerVariable(model, account)} (account ${account})`)].join(', ');
  const files: ExportFile[] = [
    {
      path: 'share.sh',
      content: script([...exportHeader(model), '', `Run with AWS CLI v2. Profiles: ${profileNote}.`], body),
      executable: true,
      description: `AWS CLI v2 script: the writes apply would make (${steps.length} step${steps.length === 1 ? '' : 's'})`,
    },
  ];
  const notes: string[] = [];
  const administrators = model.identities.filter((identity) => identity.administrator);
  const adminAccounts = [...new Set(administrators.map((identity) => identity.account))];
  for (const account of adminAccounts) {
    const path = adminAccounts.length === 1 ? 'for-consumer-administrator.sh' : `for-consumer-administrator-${account}.sh`;
    files.push(administratorScript(model, account, administrators.filter((identity) => identity.account === account), options, path));
    notes.push(`The identity polic${administrators.length === 1 ? 'y is' : 'ies are'} for the administrator of account ${account}: give them ${path}.`);
  }
  return { format: 'cli', files, notes };
}

function administratorScript(model: ExportModel, account: string, identities: ExportIdentity[], options: ExportOptions, path: string): ExportFile {
  const needsRole = identities.some((identity) => !identity.target);
  const body = [
    `CONSUMER_PROFILE="\${CONSUMER_PROFILE:${options.consumerProfile && account === model.consumerAccounts[0] ? `-${options.consumerProfile}` : `?set CONSUMER_PROFILE to a profile of account ${account}`}}"${options.consumerProfile && account === model.consumerAccounts[0] ? `   # account ${account}: the identity policy` : ''}`,
    ...(needsRole ? [`ROLE_NAME="\${ROLE_NAME:?set ROLE_NAME to the role of account ${account} that reads the secret}"`] : []),
    '',
    ...CHECK_ACCOUNT,
    `check_account "$CONSUMER_PROFILE" ${account}`,
    '',
  ];
  for (const identity of identities) {
    const role = identity.target ? shellQuote(identity.target.name) : '"$ROLE_NAME"';
    body.push(`# Identity policy (account ${account}): ${describeIdentity(identity)}.`, ...identityCommands(identity, role), '');
  }
  body.push('echo "Done: the role may now read the secret (with its full ARN)."');
  return {
    path,
    content: script(
      [`FOR THE ADMINISTRATOR OF ACCOUNT ${account} (the consumer).`, ...exportHeader(model), '', `The owner account granted access on its side; this gives your role the identity policy it also needs.`],
      body,
    ),
    executable: true,
    description: `AWS CLI v2 script for the administrator of account ${account}: the identity polic${identities.length === 1 ? 'y' : 'ies'}`,
    forAdministrator: true,
  };
}
