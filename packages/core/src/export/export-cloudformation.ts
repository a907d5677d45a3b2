import { exportHeader, iamPolicyPath, nth, type ExportIdentity, type ExportModel } from './export-model';
import type { ExportFile, ExportResult } from './export-types';
import { formatCount } from '../text/locale-free';

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
      Description: 'Read shared secrets and decrypt them via Secrets Manager (secret-share-wizard)',
      PolicyDocument: identity.document,
      [kind === 'role' ? 'Roles' : 'Users']: [roleRef],
    },
  };
}

function consumerTemplate(model: ExportModel, account: string, identities: ExportIdentity[]): Template {
  const forAdministrator = identities.some((identity) => identity.administrator);
  const header = exportHeader(model).join(' ');
  const needsRole = identities.some((identity) => !identity.target);
  const readers = [...new Set(identities.map((identity) => identity.target?.arn ?? 'your role'))].join(', ');
  const resources: Record<string, unknown> = {};
  identities.forEach((identity, index) => (resources[`SecretShareIdentityPolicy${nth(index)}`] = identityResource(identity, identity.target ? identity.target.name : { Ref: 'RoleName' })));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description(`${forAdministrator ? `FOR THE ADMINISTRATOR OF ACCOUNT ${account}: ` : ''}secret-share-wizard, consumer account ${account}: the identity polic${identities.length === 1 ? 'y' : 'ies'} that let ${readers} read the shared secret${model.secrets.length === 1 ? ` ${model.secrets[0]!.secretArn}` : 's'}.`),
    Metadata: { SecretShareWizard: { about: header, account, plannedAt: model.plannedAt } },
    ...(needsRole ? { Parameters: { RoleName: { Type: 'String', Description: `The role of account ${account} that reads the secret` } } } : {}),
    Resources: resources,
  };
}

function ownerTemplate(model: ExportModel): Template {
  const resources: Record<string, unknown> = {};
  model.secrets.forEach((secret, index) => {
    resources[`SecretShareResourcePolicy${nth(index)}`] = {
      Type: 'AWS::SecretsManager::ResourcePolicy',
      Properties: { SecretId: secret.secretArn, ResourcePolicy: secret.document, BlockPublicPolicy: true },
    };
  });
  const metadata: Record<string, unknown> = { about: exportHeader(model).join(' '), account: model.ownerAccount, plannedAt: model.plannedAt };
  const keyPolicies = model.keys.map((key) => ({ KeyArn: key.keyArn, Note: KMS_KEY_POLICY_NOTE, KeyPolicy: key.document }));
  if (keyPolicies.length === 1) metadata.KeyPolicy = keyPolicies[0];
  else if (keyPolicies.length > 1) metadata.KeyPolicies = keyPolicies;
  const secrets = model.secrets.length === 1 ? `the resource policy of ${model.secrets[0]!.secretArn}` : `the resource policies of ${model.secrets.length} secrets`;
  const keys = model.keys.length === 0 ? '' : ` NOT the key polic${model.keys.length === 1 ? `y of ${model.keys[0]!.keyArn}` : 'ies of their keys'}: AWS::KMS::Key owns its whole key policy; see Metadata.SecretShareWizard.${model.keys.length === 1 ? 'KeyPolicy and key-policy.json' : 'KeyPolicies and key-policy*.json'}.`;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description(`secret-share-wizard, owner account ${model.ownerAccount}: ${secrets} (whole documents, BlockPublicPolicy).${keys}`),
    Metadata: { SecretShareWizard: metadata },
    Resources: resources,
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** CloudFormation takes a template body of at most 51,200 bytes directly (larger: from S3, up to 1 MB). */
const TEMPLATE_BODY_MAX = 51_200;

/**
 * CloudFormation, one template per account, in JSON: policy documents are JSON already, a JSON
 * template is also valid YAML for tools that want YAML, and JSON has none of YAML's implicit types
 * (an account id or a version date read as a number or a date).
 *
 * - owner: `AWS::SecretsManager::ResourcePolicy` per secret (whole document, `BlockPublicPolicy: true`).
 *   The key policy is not a resource: `AWS::KMS::Key` owns its whole key policy, so the exact
 *   `KeyPolicy` is given in the template's Metadata and in `key-policy.json` (`key-policy-2.json`,
 *   ... for more keys), for the stack that owns the key.
 * - consumer (one per account): `AWS::IAM::ManagedPolicy` with `Roles` (or `Users`), or
 *   `AWS::IAM::RolePolicy` / `AWS::IAM::UserPolicy` inline. For the consumer's administrator,
 *   labelled as theirs.
 */
export function exportCloudFormation(model: ExportModel): ExportResult {
  const files: ExportFile[] = [];
  const notes: string[] = [];
  if (model.secrets.length > 0 || model.keys.length > 0) {
    const content = json(ownerTemplate(model));
    files.push({
      path: `owner-${model.ownerAccount}.template.json`,
      content,
      description: `CloudFormation template for the owner account ${model.ownerAccount}: the secret${model.secrets.length === 1 ? "'s resource policy" : "s' resource policies"}`,
    });
    if (new TextEncoder().encode(content).length > TEMPLATE_BODY_MAX) notes.push(`owner-${model.ownerAccount}.template.json is over ${formatCount(TEMPLATE_BODY_MAX)} bytes: deploy it from S3 (--template-url), or split the manifest.`);
  }
  model.keys.forEach((key, index) => {
    const path = `key-policy${nth(index, '-')}.json`;
    files.push({ path, content: json(key.document), description: `The exact KeyPolicy of ${key.keyArn}, for the AWS::KMS::Key that owns it` });
    notes.push(`${KMS_KEY_POLICY_NOTE} (${key.keyArn}: ${path})`);
  });
  const groups = new Map<string, ExportIdentity[]>();
  for (const identity of model.identities) {
    const key = `${identity.administrator ? 'consumer-administrator' : 'consumer'}-${identity.account}`;
    groups.set(key, [...(groups.get(key) ?? []), identity]);
  }
  for (const [name, identities] of groups) {
    const account = identities[0]!.account;
    const administrator = identities[0]!.administrator;
    files.push({
      path: `${name}.template.json`,
      content: json(consumerTemplate(model, account, identities)),
      description: administrator ? `CloudFormation template for the administrator of account ${account}: the identity polic${identities.length === 1 ? 'y' : 'ies'}` : `CloudFormation template for the consumer account ${account}: the identity polic${identities.length === 1 ? 'y' : 'ies'}`,
      ...(administrator ? { forAdministrator: true } : {}),
    });
    for (const identity of identities) {
      if (identity.exists && identity.mode === 'managed' && !identity.administrator) {
        notes.push(`The managed policy ${identity.policyArn} exists already: import it into the stack (a change set of type IMPORT), or the stack fails with "already exists".`);
      }
    }
  }
  for (const keyMove of model.keyMoves) {
    if (keyMove.action !== 'none') notes.push(`The secret ${keyMove.target} moves to the key ${keyMove.after.KmsKeyId}: set KmsKeyId on the AWS::SecretsManager::Secret that defines it.`);
  }
  return { format: 'cloudformation', files, notes };
}
