import { exportHeader, iamPolicyPath, type ExportIdentity, type ExportModel } from './export-model';
import { KMS_KEY_POLICY_NOTE } from './export-cloudformation';
import type { ExportResult } from './export-types';

/** aws/aws-cdk issue 10160: grantRead across accounts with an imported key leaves the key policy unchanged. */
export const CDK_IMPORTED_KEY_NOTE =
  'aws-cdk #10160: secret.grantRead(role) for a role of another account, with a key imported into the stack (kms.Key.fromKeyArn), silently does not change the key policy; the consumer then gets "Access to KMS is not allowed". Put the key policy in the stack that owns the key, as below.';

function literal(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function comment(text: string, indent = ''): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length + word.length + 1 > 96 && line) {
      lines.push(`${indent}// ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}// ${line}`);
  return lines;
}

function identityStack(model: ExportModel, identity: ExportIdentity, className: string): string[] {
  const kind = identity.target?.principalKind ?? 'role';
  const name = identity.target ? JSON.stringify(identity.target.name) : 'props.roleName';
  const entity = kind === 'role' ? `iam.Role.fromRoleName(this, 'ConsumerRole', ${name})` : `iam.User.fromUserName(this, 'ConsumerUser', ${name})`;
  const list = kind === 'role' ? 'roles' : 'users';
  const propsType = identity.target ? 'StackProps' : 'StackProps & { roleName: string }';
  const construct =
    identity.mode === 'inline'
      ? [
          `    new iam.Policy(this, 'SecretShareIdentityPolicy', {`,
          `      policyName: ${JSON.stringify(identity.policyName)},`,
          '      document: iam.PolicyDocument.fromJson(IDENTITY_POLICY),',
          `      ${list}: [${entity}],`,
          '    });',
        ]
      : [
          `    new iam.ManagedPolicy(this, 'SecretShareIdentityPolicy', {`,
          `      managedPolicyName: ${JSON.stringify(identity.policyName)},`,
          `      path: ${JSON.stringify(iamPolicyPath(identity.policyArn))},`,
          `      description: 'Read one shared secret and decrypt it via Secrets Manager (secret-share-wizard)',`,
          '      document: iam.PolicyDocument.fromJson(IDENTITY_POLICY),',
          `      ${list}: [${entity}],`,
          '    });',
        ];
  return [
    ...(identity.administrator ? comment(`FOR THE ADMINISTRATOR OF ACCOUNT ${model.consumerAccount} (the consumer): the identity policy your role needs.`) : []),
    `/** Consumer account ${model.consumerAccount}: the identity policy. */`,
    `export class ${className} extends Stack {`,
    `  constructor(scope: Construct, id: string, props: ${propsType}${identity.target ? ' = {}' : ''}) {`,
    `    super(scope, id, { ...props, env: { account: ${JSON.stringify(model.consumerAccount)}, region: ${JSON.stringify(model.region)} } });`,
    ...comment('With the feature flag @aws-cdk/aws-iam:minimizePolicies the CDK may merge statements (same permissions); use iam.CfnManagedPolicy with policyDocument: IDENTITY_POLICY to keep the document verbatim.', '    '),
    ...(identity.exists && identity.mode === 'managed' && !identity.administrator ? comment(`${identity.policyArn} exists already: import it (cdk import) or the deploy fails with "already exists".`, '    ') : []),
    ...construct,
    '  }',
    '}',
  ];
}

/**
 * A CDK v2 TypeScript snippet (aws-cdk-lib): the documents as constants, an owner stack with
 * `secretsmanager.CfnResourcePolicy` (whole document, `blockPublicPolicy: true`; or
 * `secret.addToResourcePolicy` for a secret defined in the same app), a consumer stack with
 * `iam.ManagedPolicy` (or `iam.Policy` inline), and the key policy explained: `AWS::KMS::Key` owns its
 * whole key policy, and `grantRead` with an imported key does not change it (aws-cdk #10160).
 */
export function exportCdk(model: ExportModel): ExportResult {
  const { identity, key, secret, keyMove } = model;
  const lines: string[] = [
    ...exportHeader(model).map((line) => `// ${line}`),
    '// aws-cdk-lib v2. Add the stacks to your app, e.g. in bin/app.ts:',
    '//   new SecretShareOwnerStack(app, "SecretShareOwner");',
    ...(identity ? ['//   new SecretShareConsumerStack(app, "SecretShareConsumer");'] : []),
    "import { Stack, type StackProps } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';",
    "import type { Construct } from 'constructs';",
    '',
  ];
  if (secret) lines.push(`/** The whole resource policy of ${model.secretArn}. */`, `export const SECRET_POLICY = ${literal(secret.document)};`, '');
  if (key) {
    lines.push(
      `/**`,
      ` * The whole key policy of ${key.keyArn}.`,
      ` * ${KMS_KEY_POLICY_NOTE}`,
      ' * In the CDK app that defines the key:',
      ' *   new kms.Key(this, "Key", { policy: iam.PolicyDocument.fromJson(KEY_POLICY) })',
      ' * or add just the new statements: for (const s of KEY_POLICY.Statement) key.addToResourcePolicy(iam.PolicyStatement.fromJson(s)).',
      ` * ${CDK_IMPORTED_KEY_NOTE}`,
      ' */',
      `export const KEY_POLICY = ${literal(key.document)};`,
      '',
    );
  }
  if (identity) lines.push(`/** The identity policy of ${identity.target?.arn ?? `a role of account ${model.consumerAccount}`}. */`, `export const IDENTITY_POLICY = ${literal(identity.document)};`, '');
  lines.push(
    `/** Owner account ${model.ownerAccount}: the secret's resource policy. */`,
    'export class SecretShareOwnerStack extends Stack {',
    '  constructor(scope: Construct, id: string, props: StackProps = {}) {',
    `    super(scope, id, { ...props, env: { account: ${JSON.stringify(model.ownerAccount)}, region: ${JSON.stringify(model.region)} } });`,
  );
  if (secret) {
    lines.push(
      ...comment('For a secret this app defines, secret.addToResourcePolicy(iam.PolicyStatement.fromJson(statement)) per new statement does the same.', '    '),
      "    new secretsmanager.CfnResourcePolicy(this, 'SecretShareResourcePolicy', {",
      `      secretId: ${JSON.stringify(model.secretArn)},`,
      '      resourcePolicy: SECRET_POLICY,',
      '      blockPublicPolicy: true,',
      '    });',
    );
  }
  if (keyMove && keyMove.action !== 'none') lines.push(...comment(`The secret moves to the key ${keyMove.after.KmsKeyId}: pass encryptionKey for it on the secretsmanager.Secret that defines it.`, '    '));
  lines.push('  }', '}', '');
  if (identity) lines.push(...identityStack(model, identity, 'SecretShareConsumerStack'), '');
  const notes = [...(key ? [`${KMS_KEY_POLICY_NOTE} ${CDK_IMPORTED_KEY_NOTE}`] : [])];
  if (identity?.administrator) notes.push(`SecretShareConsumerStack is for the administrator of account ${model.consumerAccount}.`);
  return {
    format: 'cdk',
    files: [{ path: 'secret-share-stacks.ts', content: lines.join('\n'), description: 'CDK v2 (TypeScript): an owner stack and a consumer stack, with the documents as constants' }],
    notes,
  };
}
