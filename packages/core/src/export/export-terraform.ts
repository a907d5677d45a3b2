import { exportHeader, iamPolicyPath, nth, type ExportIdentity, type ExportModel } from './export-model';
import { hclString, hclValue } from './hcl';
import type { ExportFile, ExportOptions, ExportResult } from './export-types';

type Block = string[];

function attribute(name: string, value: string, width: number): string {
  return `  ${name.padEnd(width)} = ${value}`;
}

function block(header: string, attributes: Array<[string, string]>): Block {
  const width = Math.max(...attributes.map(([name]) => name.length));
  return [`${header} {`, ...attributes.map(([name, value]) => attribute(name, value, width)), '}'];
}

function jsonencode(document: unknown): string {
  return `jsonencode(${hclValue(document, 2)})`;
}

/** The provider alias (and variable prefix) of an account: `owner`, `consumer` (the first consumer account), `consumer_<ACCOUNT>`. */
function alias(model: ExportModel, account: string | 'owner'): string {
  if (account === 'owner') return 'owner';
  return account === model.consumerAccounts[0] || model.consumerAccounts.length <= 1 ? 'consumer' : `consumer_${account}`;
}

function providerBlocks(model: ExportModel, options: ExportOptions, accounts: Array<string | 'owner'>): Block[] {
  const blocks: Block[] = [
    ['terraform {', '  required_providers {', '    aws = {', '      source  = "hashicorp/aws"', '      version = ">= 5.0"', '    }', '  }', '}'],
  ];
  const idOf = (account: string) => (account === 'owner' ? model.ownerAccount : account);
  for (const account of accounts) {
    const name = alias(model, account);
    const profile = account === 'owner' ? options.ownerProfile : name === 'consumer' ? options.consumerProfile : undefined;
    blocks.push(
      block(`variable "${name}_profile"`, [
        ['description', hclString(`AWS profile of the ${account === 'owner' ? 'owner' : 'consumer'} account (${idOf(account)})`)],
        ['type', 'string'],
        ...(profile ? ([['default', hclString(profile)]] as Array<[string, string]>) : []),
      ]),
    );
  }
  for (const account of accounts) {
    const name = alias(model, account);
    blocks.push(
      block('provider "aws"', [
        ['alias', hclString(name)],
        ['region', hclString(model.region)],
        ['profile', `var.${name}_profile`],
        ['allowed_account_ids', `[${hclString(idOf(account))}]`],
      ]),
    );
  }
  return blocks;
}

function identityBlocks(identity: ExportIdentity, provider: string, roleName: string, suffix: string): Block[] {
  const kind = identity.target?.principalKind ?? 'role';
  const name = `secret_share_identity${suffix}`;
  const blocks: Block[] = [];
  if (identity.mode === 'inline') {
    blocks.push(
      block(`resource "aws_iam_${kind}_policy" "${name}"`, [
        ['provider', provider],
        ['name', hclString(identity.policyName)],
        [kind, roleName],
        ['policy', jsonencode(identity.document)],
      ]),
    );
    return blocks;
  }
  if (identity.exists) {
    // Terraform 1.5+: adopt the policy that exists instead of failing on EntityAlreadyExists.
    blocks.push(block('import', [['provider', provider], ['to', `aws_iam_policy.${name}`], ['id', hclString(identity.policyArn)]]));
  }
  blocks.push(
    block(`resource "aws_iam_policy" "${name}"`, [
      ['provider', provider],
      ['name', hclString(identity.policyName)],
      ['path', hclString(iamPolicyPath(identity.policyArn))],
      ['description', hclString('Read shared secrets and decrypt them via Secrets Manager (secret-share-wizard)')],
      ['policy', jsonencode(identity.document)],
    ]),
    block(`resource "aws_iam_${kind}_policy_attachment" "${name}"`, [
      ['provider', provider],
      [kind, roleName],
      ['policy_arn', `aws_iam_policy.${name}.arn`],
    ]),
  );
  return blocks;
}

function render(header: string[], blocks: Block[]): string {
  return `${header.map((line) => (line ? `# ${line}` : '#')).join('\n')}\n\n${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

/**
 * Terraform (HCL, AWS provider ≥ 5): one provider alias per account (`aws.owner`, `aws.consumer`,
 * with `allowed_account_ids`; `aws.consumer_<ACCOUNT>` for further consumer accounts),
 * `aws_secretsmanager_secret_policy` (`block_public_policy = true`), `aws_kms_key_policy`,
 * `aws_iam_policy` + `aws_iam_role_policy_attachment` (or `aws_iam_role_policy` inline; `_user_` for a
 * user), each policy as `jsonencode({...})` of the whole `after` document in HCL object syntax, each
 * document once (`secret_share`, `secret_share_2`, ...). Every document is declared (action `none`
 * included: the code owns the desired state). An existing managed policy gets an `import` block. The
 * identity policies for a consumer's administrator go into `consumer-administrator/main.tf`.
 */
export function exportTerraform(model: ExportModel, options: ExportOptions): ExportResult {
  const notes: string[] = [];
  const resources: Block[] = [];
  const own = model.identities.filter((identity) => !identity.administrator);
  own.forEach((identity, index) => resources.push(...identityBlocks(identity, `aws.${alias(model, identity.account)}`, hclString(identity.target?.name ?? ''), nth(index, '_'))));
  model.keys.forEach((key, index) => {
    resources.push([
      '# The WHOLE key policy. If your code also defines this key (aws_kms_key with `policy`), put this',
      '# document there instead: two resources must not own one key policy.',
      ...block(`resource "aws_kms_key_policy" "secret_share${nth(index, '_')}"`, [
        ['provider', 'aws.owner'],
        ['key_id', hclString(key.keyArn)],
        ['policy', jsonencode(key.document)],
      ]),
    ]);
  });
  model.secrets.forEach((secret, index) => {
    resources.push([
      '# The WHOLE resource policy of the secret (with any statements that were there). Access opens here.',
      ...block(`resource "aws_secretsmanager_secret_policy" "secret_share${nth(index, '_')}"`, [
        ['provider', 'aws.owner'],
        ['secret_arn', hclString(secret.secretArn)],
        ['block_public_policy', 'true'],
        ['policy', jsonencode(secret.document)],
      ]),
    ]);
  });
  for (const keyMove of model.keyMoves) {
    if (keyMove.action === 'none') continue;
    notes.push(`The secret ${keyMove.target} moves to the key ${keyMove.after.KmsKeyId}: set kms_key_id = "${keyMove.after.KmsKeyId}" on the aws_secretsmanager_secret that defines it (or run aws secretsmanager update-secret --kms-key-id once); that is not a separate resource.`);
  }
  for (const identity of own) if (identity.exists && identity.mode === 'managed') notes.push(`The managed policy ${identity.policyArn} exists already: main.tf imports it (Terraform 1.5+ import block).`);
  const accounts: Array<string | 'owner'> = ['owner', ...new Set(own.map((identity) => identity.account))];
  const files: ExportFile[] = [
    {
      path: 'main.tf',
      content: render([...exportHeader(model), '', 'terraform init && terraform plan (then apply) with both accounts\' profiles.'], [...providerBlocks(model, options, accounts), ...resources]),
      description: `Terraform: ${resources.length} resource group${resources.length === 1 ? '' : 's'} over ${accounts.length} provider alias${accounts.length === 1 ? '' : 'es'}`,
    },
  ];
  const administrators = model.identities.filter((identity) => identity.administrator);
  const adminAccounts = [...new Set(administrators.map((identity) => identity.account))];
  for (const account of adminAccounts) {
    const mine = administrators.filter((identity) => identity.account === account);
    const roleVariable = mine.some((identity) => !identity.target) ? [block('variable "role_name"', [['description', hclString(`The role of account ${account} that reads the secret`)], ['type', 'string']])] : [];
    const folder = adminAccounts.length === 1 ? 'consumer-administrator' : `consumer-administrator-${account}`;
    const single: ExportModel = { ...model, consumerAccounts: [account] };
    files.push({
      path: `${folder}/main.tf`,
      content: render(
        [`FOR THE ADMINISTRATOR OF ACCOUNT ${account} (the consumer): the identity polic${mine.length === 1 ? 'y your role needs' : 'ies your roles need'}.`, ...exportHeader(model)],
        [...providerBlocks(single, options, [account]), ...roleVariable, ...mine.flatMap((identity, index) => identityBlocks(identity, 'aws.consumer', identity.target ? hclString(identity.target.name) : 'var.role_name', nth(index, '_')))],
      ),
      description: `Terraform for the administrator of account ${account}: the identity polic${mine.length === 1 ? 'y' : 'ies'}`,
      forAdministrator: true,
    });
    notes.push(`The identity polic${mine.length === 1 ? 'y is' : 'ies are'} for the administrator of account ${account}: give them ${folder}/main.tf (its own Terraform root).`);
  }
  return { format: 'terraform', files, notes };
}
