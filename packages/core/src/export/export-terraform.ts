import { exportHeader, iamPolicyPath, type ExportIdentity, type ExportModel } from './export-model';
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

function providerBlocks(model: ExportModel, options: ExportOptions, accounts: Array<'owner' | 'consumer'>): Block[] {
  const blocks: Block[] = [
    ['terraform {', '  required_providers {', '    aws = {', '      source  = "hashicorp/aws"', '      version = ">= 5.0"', '    }', '  }', '}'],
  ];
  for (const account of accounts) {
    const id = account === 'owner' ? model.ownerAccount : model.consumerAccount;
    const profile = account === 'owner' ? options.ownerProfile : options.consumerProfile;
    blocks.push(
      block(`variable "${account}_profile"`, [
        ['description', hclString(`AWS profile of the ${account} account (${id})`)],
        ['type', 'string'],
        ...(profile ? ([['default', hclString(profile)]] as Array<[string, string]>) : []),
      ]),
    );
  }
  for (const account of accounts) {
    const id = account === 'owner' ? model.ownerAccount : model.consumerAccount;
    blocks.push(
      block('provider "aws"', [
        ['alias', hclString(account)],
        ['region', hclString(model.region)],
        ['profile', `var.${account}_profile`],
        ['allowed_account_ids', `[${hclString(id)}]`],
      ]),
    );
  }
  return blocks;
}

function identityBlocks(identity: ExportIdentity, provider: string, roleName: string): Block[] {
  const kind = identity.target?.principalKind ?? 'role';
  const blocks: Block[] = [];
  if (identity.mode === 'inline') {
    blocks.push(
      block(`resource "aws_iam_${kind}_policy" "secret_share_identity"`, [
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
    blocks.push(block('import', [['provider', provider], ['to', 'aws_iam_policy.secret_share_identity'], ['id', hclString(identity.policyArn)]]));
  }
  blocks.push(
    block('resource "aws_iam_policy" "secret_share_identity"', [
      ['provider', provider],
      ['name', hclString(identity.policyName)],
      ['path', hclString(iamPolicyPath(identity.policyArn))],
      ['description', hclString('Read one shared secret and decrypt it via Secrets Manager (secret-share-wizard)')],
      ['policy', jsonencode(identity.document)],
    ]),
    block(`resource "aws_iam_${kind}_policy_attachment" "secret_share_identity"`, [
      ['provider', provider],
      [kind, roleName],
      ['policy_arn', 'aws_iam_policy.secret_share_identity.arn'],
    ]),
  );
  return blocks;
}

function render(header: string[], blocks: Block[]): string {
  return `${header.map((line) => (line ? `# ${line}` : '#')).join('\n')}\n\n${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

/**
 * Terraform (HCL, AWS provider ≥ 5): one provider alias per account (`aws.owner`, `aws.consumer`,
 * with `allowed_account_ids`), `aws_secretsmanager_secret_policy` (`block_public_policy = true`),
 * `aws_kms_key_policy`, `aws_iam_policy` + `aws_iam_role_policy_attachment` (or `aws_iam_role_policy`
 * inline; `_user_` for a user), each policy as `jsonencode({...})` of the plan's whole `after`
 * document in HCL object syntax. Every document of the share is declared (action `none` included: the
 * code owns the desired state). An existing managed policy gets an `import` block. The identity
 * policy for the consumer's administrator goes into `consumer-administrator/main.tf`.
 */
export function exportTerraform(model: ExportModel, options: ExportOptions): ExportResult {
  const { identity, key, secret, keyMove } = model;
  const notes: string[] = [];
  const resources: Block[] = [];
  const ownIdentity = identity && !identity.administrator ? identity : undefined;
  if (ownIdentity) resources.push(...identityBlocks(ownIdentity, 'aws.consumer', hclString(ownIdentity.target?.name ?? '')));
  if (key) {
    resources.push([
      '# The WHOLE key policy. If your code also defines this key (aws_kms_key with `policy`), put this',
      '# document there instead: two resources must not own one key policy.',
      ...block('resource "aws_kms_key_policy" "secret_share"', [
        ['provider', 'aws.owner'],
        ['key_id', hclString(key.keyArn)],
        ['policy', jsonencode(key.document)],
      ]),
    ]);
  }
  if (secret) {
    resources.push([
      '# The WHOLE resource policy of the secret (with any statements that were there). Access opens here.',
      ...block('resource "aws_secretsmanager_secret_policy" "secret_share"', [
        ['provider', 'aws.owner'],
        ['secret_arn', hclString(model.secretArn)],
        ['block_public_policy', 'true'],
        ['policy', jsonencode(secret.document)],
      ]),
    ]);
  }
  if (keyMove && keyMove.action !== 'none') {
    notes.push(`The secret moves to the key ${keyMove.after.KmsKeyId}: set kms_key_id = "${keyMove.after.KmsKeyId}" on the aws_secretsmanager_secret that defines it (or run aws secretsmanager update-secret --kms-key-id once); that is not a separate resource.`);
  }
  if (ownIdentity?.exists && ownIdentity.mode === 'managed') notes.push(`The managed policy ${ownIdentity.policyArn} exists already: main.tf imports it (Terraform 1.5+ import block).`);
  const accounts: Array<'owner' | 'consumer'> = ownIdentity ? ['owner', 'consumer'] : ['owner'];
  const files: ExportFile[] = [
    {
      path: 'main.tf',
      content: render([...exportHeader(model), '', 'terraform init && terraform plan (then apply) with both accounts\' profiles.'], [...providerBlocks(model, options, accounts), ...resources]),
      description: `Terraform: ${resources.length} resource group${resources.length === 1 ? '' : 's'} over ${accounts.length} provider alias${accounts.length === 1 ? '' : 'es'}`,
    },
  ];
  if (identity?.administrator) {
    const roleVariable = identity.target ? [] : [block('variable "role_name"', [['description', hclString(`The role of account ${model.consumerAccount} that reads the secret`)], ['type', 'string']])];
    files.push({
      path: 'consumer-administrator/main.tf',
      content: render(
        [`FOR THE ADMINISTRATOR OF ACCOUNT ${model.consumerAccount} (the consumer): the identity policy your role needs.`, ...exportHeader(model)],
        [...providerBlocks(model, options, ['consumer']), ...roleVariable, ...identityBlocks(identity, 'aws.consumer', identity.target ? hclString(identity.target.name) : 'var.role_name')],
      ),
      description: `Terraform for the administrator of account ${model.consumerAccount}: the identity policy`,
      forAdministrator: true,
    });
    notes.push(`The identity policy is for the administrator of account ${model.consumerAccount}: give them consumer-administrator/main.tf (its own Terraform root).`);
  }
  return { format: 'terraform', files, notes };
}
