import { describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { getCallerIdentity, listRoles, listSecrets } from '../../packages/core/src/aws/list-resources';
import { listCustomerKeys } from '../../packages/core/src/aws/list-keys';
import { listProfiles } from '../../packages/core/src/aws/profiles';
import { loadKmsSdk } from '../../packages/core/src/aws/sdk';
import { readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { isWizardError } from '../../packages/core/src/errors/wizard-error';
import { seededMoto, useAwsContexts } from '../support/moto';

const moto = seededMoto({ extraSecrets: 12 });
const context = useAwsContexts(moto);

describe('front-end helpers against moto', () => {
  it('listProfiles finds the two demo profiles (role profiles with a region)', async () => {
    const profiles = await listProfiles();
    expect(profiles.map((p) => p.name)).toEqual(['central-security', 'moto-base', 'production']);
    expect(profiles.find((p) => p.name === 'production')).toMatchObject({ region: 'us-east-2', sso: false, roleArn: expect.stringContaining(':222222222222:role/') });
  });

  it('getCallerIdentity answers for each side, once per context', async () => {
    const ctx = context();
    const [owner, consumer] = await Promise.all([getCallerIdentity(ctx), getCallerIdentity(ctx, 'consumer')]);
    expect(owner.account).toBe('111111111111');
    expect(consumer.account).toBe('222222222222');
    await getCallerIdentity(ctx);
    expect(countCalls(ctx.calls)).toEqual({ 'sts:GetCallerIdentity': 2 });
  });

  it('listSecrets pages through the owner’s secrets with their key ids', async () => {
    const ctx = context();
    const first = await listSecrets(ctx, { maxResults: 5 });
    expect(first.secrets).toHaveLength(5);
    expect(first.nextToken).toBeTruthy();
    const names = first.secrets.map((s) => s.name);
    let token = first.nextToken;
    while (token) {
      const page = await listSecrets(ctx, { maxResults: 5, nextToken: token });
      names.push(...page.secrets.map((s) => s.name));
      token = page.nextToken;
    }
    expect(names).toHaveLength(14);
    expect(new Set(names).size).toBe(14);
    const all = await listSecrets(ctx, { maxResults: 100 });
    expect(all.secrets.find((s) => s.name === 'LEGACY_SECRET')?.kmsKeyId).toBeUndefined();
    expect(all.secrets.find((s) => s.name === 'MY_TEST_SECRET')?.kmsKeyId).toBe(moto().scenario.key.arn);
  });

  it('listSecrets searches by name', async () => {
    const result = await listSecrets(context(), { search: 'LEGACY' });
    expect(result.secrets.map((s) => s.name)).toEqual(['LEGACY_SECRET']);
  });

  it('listRoles lists the consumer’s roles; without a consumer profile it says which flag is missing', async () => {
    const { roles } = await listRoles(context());
    expect(roles.map((r) => r.arn)).toContain('arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE');
    const ownerOnly = context({ consumer: false });
    const error = await listRoles(ownerOnly).catch((e: unknown) => e);
    expect(isWizardError(error) && error.field).toBe('--consumer-profile');
  });

  it('listCustomerKeys lists the owner’s customer managed keys with their aliases, not the AWS managed ones', async () => {
    const ctx = context();
    const KMS = await loadKmsSdk();
    const kms = await ctx.owner.kms();
    // An AWS managed key as AWS names them (alias/aws/...): never offered.
    const managed = await kms.send(new KMS.CreateKeyCommand({ Description: 'stands in for aws/secretsmanager' }));
    await kms.send(new KMS.CreateAliasCommand({ AliasName: 'alias/aws/secretsmanager-test', TargetKeyId: managed.KeyMetadata!.KeyId! }));
    const keys = await listCustomerKeys(ctx);
    expect(keys.find((k) => k.arn === moto().scenario.key.arn)).toEqual({ arn: moto().scenario.key.arn, id: moto().scenario.key.id, aliases: ['alias/MY_CMK'] });
    expect(keys.some((k) => k.id === managed.KeyMetadata!.KeyId)).toBe(false);
    expect(countCalls(ctx.calls)).toMatchObject({ 'kms:ListKeys': 1, 'kms:ListAliases': 1 });
  });

  it('the Secrets Manager policy APIs honour the rate limit (10 reads at 5/s take ≥ 1 s)', async () => {
    const ctx = context({ secretsManagerRateLimit: 5 });
    const arn = moto().scenario.secret.arn;
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => readSecretPolicy(ctx, arn)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(countCalls(ctx.calls)).toEqual({ 'secretsmanager:GetResourcePolicy': 10 });
  });
});
