import { loadIamSdk, loadKmsSdk, loadSecretsManagerSdk } from '../aws/sdk';
import { mapConcurrently } from '../batch/map-concurrently';
import type { PolicyDocument } from '../policy/policy-types';
import { DEMO_CONSUMER_ACCOUNT, DEMO_OWNER_ACCOUNT, DEMO_REGION, motoAccountCredentials } from './moto-accounts';

/**
 * The reference scenario (the AWS blog's CENTRAL_SECURITY / PRODUCTION accounts) seeded into a fresh
 * moto server, with the kind of existing policies a real account has, so that plans must merge.
 */
export interface DemoScenario {
  endpoint: string;
  region: string;
  partition: 'aws';
  owner: { account: string; label: 'CENTRAL_SECURITY' };
  consumer: { account: string; label: 'PRODUCTION' };
  key: { arn: string; id: string; alias: 'alias/MY_CMK'; aliasArn: string; policy: PolicyDocument; adminRoleArn: string };
  /** MY_TEST_SECRET: on MY_CMK, with an existing resource policy. */
  secret: { name: 'MY_TEST_SECRET'; arn: string; policy: PolicyDocument; auditorRoleArn: string };
  /** LEGACY_SECRET: on the AWS managed key `aws/secretsmanager` (no KmsKeyId), no resource policy. */
  legacySecret: { name: 'LEGACY_SECRET'; arn: string };
  /** `extraSecrets` more secrets on MY_CMK, without resource policies. */
  extraSecrets: Array<{ name: string; arn: string }>;
  /** PRODUCTION_SECRET_ROLE in the consumer account, with an unrelated managed policy and an inline policy. */
  role: {
    name: 'PRODUCTION_SECRET_ROLE';
    arn: string;
    attachedPolicyArn: string;
    attachedPolicy: PolicyDocument;
    inlinePolicyName: string;
    inlinePolicy: PolicyDocument;
  };
}

export interface SeedOptions {
  endpoint: string;
  region?: string;
  /** More secrets on MY_CMK (the 200-secret benchmark), created concurrently. */
  extraSecrets?: number;
}

const SECRET_VALUE = JSON.stringify({ username: 'app', password: 'demo-only-not-a-real-password' });

function keyPolicy(owner: string, adminRoleArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'key-consolepolicy-3',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow access for Key Administrators',
        Effect: 'Allow',
        Principal: { AWS: adminRoleArn },
        Action: [
          'kms:Create*',
          'kms:Describe*',
          'kms:Enable*',
          'kms:List*',
          'kms:Put*',
          'kms:Update*',
          'kms:Revoke*',
          'kms:Disable*',
          'kms:Get*',
          'kms:Delete*',
          'kms:TagResource',
          'kms:UntagResource',
          'kms:ScheduleKeyDeletion',
          'kms:CancelKeyDeletion',
        ],
        Resource: '*',
      },
    ],
  };
}

function secretPolicy(auditorRoleArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowSecurityAuditorDescribe',
        Effect: 'Allow',
        Principal: { AWS: auditorRoleArn },
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
        Resource: '*',
      },
    ],
  };
}

function trustPolicy(account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
  };
}

/** Seeds the reference scenario into a fresh moto server (names must not exist yet). */
export async function seedReferenceScenario(options: SeedOptions): Promise<DemoScenario> {
  const { endpoint } = options;
  const region = options.region ?? DEMO_REGION;
  const [{ IAMClient, CreateRoleCommand, CreatePolicyCommand, AttachRolePolicyCommand, PutRolePolicyCommand }, { KMSClient, CreateKeyCommand, CreateAliasCommand }, sm] =
    await Promise.all([loadIamSdk(), loadKmsSdk(), loadSecretsManagerSdk()]);
  const [ownerCredentials, consumerCredentials] = await Promise.all([
    motoAccountCredentials(endpoint, DEMO_OWNER_ACCOUNT, region),
    motoAccountCredentials(endpoint, DEMO_CONSUMER_ACCOUNT, region),
  ]);
  const ownerConfig = { endpoint, region, credentials: ownerCredentials };
  const consumerConfig = { endpoint, region, credentials: consumerCredentials };
  const ownerIam = new IAMClient(ownerConfig);
  const kms = new KMSClient(ownerConfig);
  const secrets = new sm.SecretsManagerClient({ ...ownerConfig, maxAttempts: 5 });
  const consumerIam = new IAMClient(consumerConfig);

  try {
    const owner = DEMO_OWNER_ACCOUNT;
    const consumer = DEMO_CONSUMER_ACCOUNT;
    const adminRoleArn = `arn:aws:iam::${owner}:role/KEY_ADMINISTRATORS`;
    const auditorRoleArn = `arn:aws:iam::${owner}:role/SECURITY_AUDITOR`;

    // Owner-side roles the existing policies refer to, and the whole consumer side, in parallel with the key.
    const ownerRoles = Promise.all(
      ['KEY_ADMINISTRATORS', 'SECURITY_AUDITOR'].map((RoleName) =>
        ownerIam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy(owner)) })),
      ),
    );
    const consumerSide = (async () => {
      const roleName = 'PRODUCTION_SECRET_ROLE' as const;
      const attachedPolicy: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'ReadAppConfig', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::production-app-config', 'arn:aws:s3:::production-app-config/*'] }],
      };
      const inlinePolicy: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'WriteAppLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${region}:${consumer}:log-group:/production/app:*` }],
      };
      const [role, policy] = await Promise.all([
        consumerIam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy(consumer)), Description: 'The production application' })),
        consumerIam.send(new CreatePolicyCommand({ PolicyName: 'PRODUCTION_APP_CONFIG_READ', PolicyDocument: JSON.stringify(attachedPolicy) })),
      ]);
      const attachedPolicyArn = policy.Policy?.Arn ?? `arn:aws:iam::${consumer}:policy/PRODUCTION_APP_CONFIG_READ`;
      const inlinePolicyName = 'PRODUCTION_APP_LOGS';
      await Promise.all([
        consumerIam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: attachedPolicyArn })),
        consumerIam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: inlinePolicyName, PolicyDocument: JSON.stringify(inlinePolicy) })),
      ]);
      return { name: roleName, arn: role.Role?.Arn ?? `arn:aws:iam::${consumer}:role/${roleName}`, attachedPolicyArn, attachedPolicy, inlinePolicyName, inlinePolicy };
    })();

    const policy = keyPolicy(owner, adminRoleArn);
    const created = await kms.send(new CreateKeyCommand({ Description: 'MY_CMK: secrets shared from CENTRAL_SECURITY', Policy: JSON.stringify(policy) }));
    const keyArn = created.KeyMetadata?.Arn;
    const keyId = created.KeyMetadata?.KeyId;
    if (!keyArn || !keyId) throw new Error('moto CreateKey returned no key ARN');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/MY_CMK', TargetKeyId: keyId }));

    const createSecret = async (Name: string, KmsKeyId: string | undefined) => {
      const result = await secrets.send(new sm.CreateSecretCommand({ Name, SecretString: SECRET_VALUE, ...(KmsKeyId ? { KmsKeyId } : {}) }));
      if (!result.ARN) throw new Error(`moto CreateSecret returned no ARN for ${Name}`);
      return { name: Name, arn: result.ARN };
    };
    const extraNames = Array.from({ length: options.extraSecrets ?? 0 }, (_, i) => `bench/secret-${String(i + 1).padStart(4, '0')}`);
    const [mainSecret, legacySecret, extraSecrets] = await Promise.all([
      createSecret('MY_TEST_SECRET', keyArn),
      createSecret('LEGACY_SECRET', undefined),
      mapConcurrently(extraNames, 16, (name) => createSecret(name, keyArn)),
    ]);
    const resourcePolicy = secretPolicy(auditorRoleArn);
    await secrets.send(new sm.PutResourcePolicyCommand({ SecretId: mainSecret.arn, ResourcePolicy: JSON.stringify(resourcePolicy) }));
    const [, role] = await Promise.all([ownerRoles, consumerSide]);

    return {
      endpoint,
      region,
      partition: 'aws',
      owner: { account: owner, label: 'CENTRAL_SECURITY' },
      consumer: { account: consumer, label: 'PRODUCTION' },
      key: { arn: keyArn, id: keyId, alias: 'alias/MY_CMK', aliasArn: `arn:aws:kms:${region}:${owner}:alias/MY_CMK`, policy, adminRoleArn },
      secret: { name: 'MY_TEST_SECRET', arn: mainSecret.arn, policy: resourcePolicy, auditorRoleArn },
      legacySecret: { name: 'LEGACY_SECRET', arn: legacySecret.arn },
      extraSecrets,
      role,
    };
  } finally {
    for (const client of [ownerIam, kms, secrets, consumerIam]) client.destroy();
  }
}
