import { describe, expect, it } from 'vitest';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { seededMoto } from '../support/moto';

const moto = seededMoto({ extraSecrets: 3 });

describe('the moto harness: two accounts through named profiles', () => {
  it('points process.env at moto and the throwaway config', () => {
    const { endpoint, config } = moto();
    expect(process.env.AWS_ENDPOINT_URL).toBe(endpoint);
    expect(process.env.AWS_CONFIG_FILE).toBe(config.configFile);
    expect(process.env.AWS_SHARED_CREDENTIALS_FILE).toBe(config.credentialsFile);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(moto().vars).toEqual({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-2',
      AWS_DEFAULT_REGION: 'us-east-2',
      AWS_CONFIG_FILE: config.configFile,
      AWS_SHARED_CREDENTIALS_FILE: config.credentialsFile,
      AWS_PROFILE: 'central-security',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    // The child-process env carries no AWS_* variable from outside the harness.
    const outside = Object.keys(moto().env).filter((name) => name.startsWith('AWS_') && !(name in moto().vars));
    expect(outside).toEqual([]);
  });

  it('acts as 111111111111 with the central-security profile and 222222222222 with production', async () => {
    const { ownerProfile, consumerProfile } = moto();
    const { STSClient, GetCallerIdentityCommand } = (await loadAwsSdk()).sts;
    const owner = new STSClient({ profile: ownerProfile });
    const consumer = new STSClient({ profile: consumerProfile });
    const [a, b] = await Promise.all([owner.send(new GetCallerIdentityCommand({})), consumer.send(new GetCallerIdentityCommand({}))]);
    expect(a.Account).toBe('111111111111');
    expect(b.Account).toBe('222222222222');
  });

  it('seeds MY_TEST_SECRET on MY_CMK with a foreign resource policy, and LEGACY_SECRET on the AWS managed key', async () => {
    const { ownerProfile, scenario } = moto();
    const { sm: { SecretsManagerClient, DescribeSecretCommand, GetResourcePolicyCommand, ListSecretsCommand }, kms: { KMSClient, GetKeyPolicyCommand } } = await loadAwsSdk();
    const sm = new SecretsManagerClient({ profile: ownerProfile });
    const kms = new KMSClient({ profile: ownerProfile });
    const [secret, legacy, policy, keyPolicy] = await Promise.all([
      sm.send(new DescribeSecretCommand({ SecretId: 'MY_TEST_SECRET' })),
      sm.send(new DescribeSecretCommand({ SecretId: 'LEGACY_SECRET' })),
      sm.send(new GetResourcePolicyCommand({ SecretId: 'MY_TEST_SECRET' })),
      kms.send(new GetKeyPolicyCommand({ KeyId: scenario.key.arn, PolicyName: 'default' })),
    ]);
    expect(secret.ARN).toBe(scenario.secret.arn);
    expect(secret.ARN).toMatch(/^arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-[A-Za-z0-9]{6}$/);
    expect(secret.KmsKeyId).toBe(scenario.key.arn);
    expect(legacy.KmsKeyId).toBeUndefined();
    expect(JSON.parse(policy.ResourcePolicy ?? '{}').Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyInsecureTransport', 'AllowSecurityAuditorDescribe']);
    expect(JSON.parse(keyPolicy.Policy ?? '{}').Statement[0].Sid).toBe('Enable IAM User Permissions');
    const listed = await sm.send(new ListSecretsCommand({ MaxResults: 100 }));
    expect(listed.SecretList?.map((s) => s.Name).sort()).toEqual(['LEGACY_SECRET', 'MY_TEST_SECRET', 'bench/secret-0001', 'bench/secret-0002', 'bench/secret-0003']);
  });

  it('keeps the accounts apart: the consumer sees its role, the owner does not', async () => {
    const { ownerProfile, consumerProfile, scenario } = moto();
    const { IAMClient, GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } = (await loadAwsSdk()).iam;
    const consumer = new IAMClient({ profile: consumerProfile });
    const role = await consumer.send(new GetRoleCommand({ RoleName: 'PRODUCTION_SECRET_ROLE' }));
    expect(role.Role?.Arn).toBe('arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE');
    const [attached, inline] = await Promise.all([
      consumer.send(new ListAttachedRolePoliciesCommand({ RoleName: 'PRODUCTION_SECRET_ROLE' })),
      consumer.send(new ListRolePoliciesCommand({ RoleName: 'PRODUCTION_SECRET_ROLE' })),
    ]);
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([scenario.role.attachedPolicyArn]);
    expect(inline.PolicyNames).toEqual([scenario.role.inlinePolicyName]);
    const owner = new IAMClient({ profile: ownerProfile });
    await expect(owner.send(new GetRoleCommand({ RoleName: 'PRODUCTION_SECRET_ROLE' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
