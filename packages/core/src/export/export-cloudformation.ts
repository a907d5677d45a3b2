import { exportHeader, iamPolicyPath, type ExportIdentity, type ExportModel } from './export-model';
import type { ExportFile, ExportResult } from './export-types';

/** CloudFormation allows 1,024 bytes of Description. */
const DESCRIPTION_MAX = 1024;

export const KMS_KEY_POLICY_NOTE =
  'AWS::KMS::Key owns its whole key policy (its KeyPolicy property): CloudFormation has no standalone key-policy resource. Put the KeyPolicy document below into the AWS::KMS::Key of the stack that owns the key, or, for a key no stack owns, write it with aws kms put-key-policy (plan --export cli).';

type Template = Record<string, unknown>;

function description(text: string): string {
  return new TextEncoder().encode(text).length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 3)}...`;
}

function identityResource(identity: ExportIdentity, roleRef: unknown): Record<string, unknown> {
  const kind = identity.target?.principalKind ?? 'role';
  if (identity.mode === 'inline') {
    return kind === 'role'
      ? { Type: 'AWS::IAM::RolePolicy', Properties: { PolicyName: identity.policyName, RoleName: roleRef, PolicyDocument: identity.document } }
      : { Type: 'AWS::IAM::UserPolicy', Properties: { PolicyName: identity.policyName, UserName: roleRef, PolicyDocument: identity.document } };
  }
  return {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      ManagedPolicyName: identity.policyName,
      Path: iamPolicyPath(identity.policyArn),
      Description: 'Read one shared secret and decrypt it via Secrets Manager (secret-share-wizard)',
      PolicyDocument: identity.document,
      [kind === 'role' ? 'Roles' : 'Users']: [roleRef],
    },
  };
}

function consumerTemplate(model: ExportModel, identity: ExportIdentity): Template {
  const forAdministrator = identity.administrator;
  const roleRef = identity.target ? identity.target.name : { Ref: 'RoleName' };
  const header = exportHeader(model).join(' ');
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description(
      `${forAdministrator ? `FOR THE ADMINISTRATOR OF ACCOUNT ${model.consumerAccount}: ` : ''}secret-share-wizard, consumer account ${model.consumerAccount}: the identity policy that lets ${identity.target?.arn ?? 'your role'} read ${model.secretArn}.`,
    ),
    Metadata: { SecretShareWizard: { about: header, account: model.consumerAccount, plannedAt: model.plan.createdAt } },
    ...(identity.target ? {} : { Parameters: { RoleName: { Type: 'String', Description: `The role of account ${model.consumerAccount} that reads the secret` } } }),
    Resources: { SecretShareIdentityPolicy: identityResource(identity, roleRef) },
  };
}

function ownerTemplate(model: ExportModel): Template {
  const { key, secret } = model;
  const resources: Record<string, unknown> = {};
  if (secret) {
    resources.SecretShareResourcePolicy = {
      Type: 'AWS::SecretsManager::ResourcePolicy',
      Properties: { SecretId: model.secretArn, ResourcePolicy: secret.document, BlockPublicPolicy: true },
    };
  }
  const metadata: Record<string, unknown> = { about: exportHeader(model).join(' '), account: model.ownerAccount, plannedAt: model.plan.createdAt };
  if (key) metadata.KeyPolicy = { KeyArn: key.keyArn, Note: KMS_KEY_POLICY_NOTE, KeyPolicy: key.document };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description(
      `secret-share-wizard, owner account ${model.ownerAccount}: the resource policy of ${model.secretArn} (whole document, BlockPublicPolicy).${key ? ` NOT the key policy of ${key.keyArn}: AWS::KMS::Key owns its whole key policy; see Metadata.SecretShareWizard.KeyPolicy and key-policy.json.` : ''}`,
    ),
    Metadata: { SecretShareWizard: metadata },
    Resources: resources,
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * CloudFormation, one template per account, in JSON: policy documents are JSON already, a JSON
 * template is also valid YAML for tools that want YAML, and JSON has none of YAML's implicit types
 * (an account id or a version date read as a number or a date).
 *
 * - owner: `AWS::SecretsManager::ResourcePolicy` (whole document, `BlockPublicPolicy: true`). The key
 *   policy is not a resource: `AWS::KMS::Key` owns its whole key policy, so the exact `KeyPolicy`
 *   is given in the template's Metadata and in `key-policy.json`, for the stack that owns the key.
 * - consumer: `AWS::IAM::ManagedPolicy` with `Roles` (or `Users`), or `AWS::IAM::RolePolicy` /
 *   `AWS::IAM::UserPolicy` inline. For the consumer's administrator, labelled as theirs.
 */
export function exportCloudFormation(model: ExportModel): ExportResult {
  const { identity, key, keyMove } = model;
  const files: ExportFile[] = [];
  const notes: string[] = [];
  if (model.secret || key) {
    files.push({
      path: `owner-${model.ownerAccount}.template.json`,
      content: json(ownerTemplate(model)),
      description: `CloudFormation template for the owner account ${model.ownerAccount}: the secret's resource policy`,
    });
  }
  if (key) {
    files.push({ path: 'key-policy.json', content: json(key.document), description: `The exact KeyPolicy of ${key.keyArn}, for the AWS::KMS::Key that owns it` });
    notes.push(`${KMS_KEY_POLICY_NOTE} (${key.keyArn}: key-policy.json)`);
  }
  if (identity) {
    files.push({
      path: `${identity.administrator ? 'consumer-administrator' : 'consumer'}-${model.consumerAccount}.template.json`,
      content: json(consumerTemplate(model, identity)),
      description: identity.administrator
        ? `CloudFormation template for the administrator of account ${model.consumerAccount}: the identity policy`
        : `CloudFormation template for the consumer account ${model.consumerAccount}: the identity policy`,
      ...(identity.administrator ? { forAdministrator: true } : {}),
    });
    if (identity.exists && identity.mode === 'managed' && !identity.administrator) {
      notes.push(`The managed policy ${identity.policyArn} exists already: import it into the stack (a change set of type IMPORT), or the stack fails with "already exists".`);
    }
  }
  if (keyMove && keyMove.action !== 'none') notes.push(`The secret moves to the key ${keyMove.after.KmsKeyId}: set KmsKeyId on the AWS::SecretsManager::Secret that defines it.`);
  return { format: 'cloudformation', files, notes };
}
