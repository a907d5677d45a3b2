import { exportHeader, iamPolicyPath, nth, type ExportIdentity, type ExportModel } from './export-model';
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

function identityConstruct(identity: ExportIdentity, index: number, constant: string): string[] {
  const kind = identity.target?.principalKind ?? 'role';
  const name = identity.target ? JSON.stringify(identity.target.name) : 'props.roleName';
  const entity = kind === 'role' ? `iam.Role.fromRoleName(this, 'ConsumerRole${nth(index)}', ${name})` : `iam.User.fromUserName(this, 'ConsumerUser${nth(index)}', ${name})`;
  const list = kind === 'role' ? 'roles' : 'users';
  return identity.mode === 'inline'
    ? [
        `    new iam.Policy(this, 'SecretShareIdentityPolicy${nth(index)}', {`,
        `      policyName: ${JSON.stringify(identity.policyName)},`,
        `      document: iam.PolicyDocument.fromJson(${constant}),`,
        `      ${list}: [${entity}],`,
        '    });',
      ]
    : [
        `    new iam.ManagedPolicy(this, 'SecretShareIdentityPolicy${nth(index)}', {`,
        `      managedPolicyName: ${JSON.stringify(identity.policyName)},`,
        `      path: ${JSON.stringify(iamPolicyPath(identity.policyArn))},`,
        `      description: 'Read shared secrets and decrypt them via Secrets Manager (secret-share-wizard)',`,
        `      document: iam.PolicyDocument.fromJson(${constant}),`,
        `      ${list}: [${entity}],`,
        '    });',
      ];
}

function identityStack(model: ExportModel, account: string, identities: Array<{ identity: ExportIdentity; constant: string }>, className: string): string[] {
  const needsRole = identities.some(({ identity }) => !identity.target);
  const propsType = needsRole ? 'StackProps & { roleName: string }' : 'StackProps';
  const administrator = identities.some(({ identity }) => identity.administrator);
  return [
    ...(administrator ? comment(`FOR THE ADMINISTRATOR OF ACCOUNT ${account} (the consumer): the identity polic${identities.length === 1 ? 'y your role needs' : 'ies your roles need'}.`) : []),
    `/** Consumer account ${account}: the identity polic${identities.length === 1 ? 'y' : 'ies'}. */`,
    `export class ${className} extends Stack {`,
    `  constructor(scope: Construct, id: string, props: ${propsType}${needsRole ? '' : ' = {}'}) {`,
    `    super(scope, id, { ...props, env: { account: ${JSON.stringify(account)}, region: ${JSON.stringify(model.region)} } });`,
    ...comment('With the feature flag @aws-cdk/aws-iam:minimizePolicies the CDK may merge statements (same permissions); use iam.CfnManagedPolicy with policyDocument: IDENTITY_POLICY to keep the document verbatim.', '    '),
    ...identities.flatMap(({ identity, constant }, index) => [
      ...(identity.exists && identity.mode === 'managed' && !identity.administrator ? comment(`${identity.policyArn} exists already: import it (cdk import) or the deploy fails with "already exists".`, '    ') : []),
      ...identityConstruct(identity, index, constant),
    ]),
    '  }',
    '}',
  ];
}

/**
 * A CDK v2 TypeScript snippet (aws-cdk-lib): the documents as constants (each once), an owner stack
 * with `secretsmanager.CfnResourcePolicy` per secret (whole document, `blockPublicPolicy: true`; or
 * `secret.addToResourcePolicy` for a secret defined in the same app), a consumer stack per account
 * with `iam.ManagedPolicy` (or `iam.Policy` inline), and the key policy explained: `AWS::KMS::Key` owns
 * its whole key policy, and `grantRead` with an imported key does not change it (aws-cdk #10160).
 */
export function exportCdk(model: ExportModel): ExportResult {
  const groups = new Map<string, Array<{ identity: ExportIdentity; constant: string }>>();
  model.identities.forEach((identity, index) => {
    const key = `${identity.administrator ? 'admin' : 'own'}|${identity.account}`;
    groups.set(key, [...(groups.get(key) ?? []), { identity, constant: `IDENTITY_POLICY${nth(index, '_')}` }]);
  });
  const stacks = [...groups.values()].map((identities, index) => ({ identities, account: identities[0]!.identity.account, className: index === 0 ? 'SecretShareConsumerStack' : `SecretShareConsumerStack${index + 1}` }));
  const lines: string[] = [
    ...exportHeader(model).map((line) => `// ${line}`),
    '// aws-cdk-lib v2. Add the stacks to your app, e.g. in bin/app.ts:',
    '//   new SecretShareOwnerStack(app, "SecretShareOwner");',
    ...stacks.map((stack) => `//   new ${stack.className}(app, "${stack.className.replace(/Stack/, '')}");`),
    "import { Stack, type StackProps } from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';",
    "import type { Construct } from 'constructs';",
    '',
  ];
  model.secrets.forEach((secret, index) => lines.push(`/** The whole resource policy of ${secret.secretArn}. */`, `export const SECRET_POLICY${nth(index, '_')} = ${literal(secret.document)};`, ''));
  model.keys.forEach((key, index) => {
    lines.push(
      `/**`,
      ` * The whole key policy of ${key.keyArn}.`,
      ` * ${KMS_KEY_POLICY_NOTE}`,
      ' * In the CDK app that defines the key:',
      ` *   new kms.Key(this, "Key", { policy: iam.PolicyDocument.fromJson(KEY_POLICY${nth(index, '_')}) })`,
      ` * or add just the new statements: for (const s of KEY_POLICY${nth(index, '_')}.Statement) key.addToResourcePolicy(iam.PolicyStatement.fromJson(s)).`,
      ` * ${CDK_IMPORTED_KEY_NOTE}`,
      ' */',
      `export const KEY_POLICY${nth(index, '_')} = ${literal(key.document)};`,
      '',
    );
  });
  model.identities.forEach((identity, index) =>
    lines.push(`/** The identity policy ${identity.policyName} of ${identity.target?.arn ?? `a role of account ${identity.account}`}. */`, `export const IDENTITY_POLICY${nth(index, '_')} = ${literal(identity.document)};`, ''),
  );
  lines.push(
    `/** Owner account ${model.ownerAccount}: the secret${model.secrets.length === 1 ? "'s resource policy" : "s' resource policies"}. */`,
    'export class SecretShareOwnerStack extends Stack {',
    '  constructor(scope: Construct, id: string, props: StackProps = {}) {',
    `    super(scope, id, { ...props, env: { account: ${JSON.stringify(model.ownerAccount)}, region: ${JSON.stringify(model.region)} } });`,
  );
  if (model.secrets.length > 0) lines.push(...comment('For a secret this app defines, secret.addToResourcePolicy(iam.PolicyStatement.fromJson(statement)) per new statement does the same.', '    '));
  model.secrets.forEach((secret, index) => {
    lines.push(
      `    new secretsmanager.CfnResourcePolicy(this, 'SecretShareResourcePolicy${nth(index)}', {`,
      `      secretId: ${JSON.stringify(secret.secretArn)},`,
      `      resourcePolicy: SECRET_POLICY${nth(index, '_')},`,
      '      blockPublicPolicy: true,',
      '    });',
    );
  });
  for (const keyMove of model.keyMoves) {
    if (keyMove.action !== 'none') lines.push(...comment(`The secret ${keyMove.target} moves to the key ${keyMove.after.KmsKeyId}: pass encryptionKey for it on the secretsmanager.Secret that defines it.`, '    '));
  }
  lines.push('  }', '}', '');
  for (const stack of stacks) lines.push(...identityStack(model, stack.account, stack.identities, stack.className), '');
  const notes = [...(model.keys.length > 0 ? [`${KMS_KEY_POLICY_NOTE} ${CDK_IMPORTED_KEY_NOTE}`] : [])];
  for (const stack of stacks) if (stack.identities.some(({ identity }) => identity.administrator)) notes.push(`${stack.className} is for the administrator of account ${stack.account}.`);
  return {
    format: 'cdk',
    files: [{ path: 'secret-share-stacks.ts', content: lines.join('\n'), description: 'CDK v2 (TypeScript): an owner stack and a consumer stack per account, with the documents as constants' }],
    notes,
  };
}
