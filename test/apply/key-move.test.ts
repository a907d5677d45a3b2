import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { describeSecret, readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { loadBackup } from '../../packages/core/src/backup/backup-store';
import { scriptedHost, silentHost } from '../../packages/core/src/host/host';
import { runShareSession } from '../../packages/core/src/session/share-session';
import type { ShareRequest } from '../../packages/core/src/plan/plan-types';
import { seededMoto } from '../support/moto';
import { keyState, planFromAws, shareRequest, tempBackupRoot, useProxiedContext } from './share-fixture';

const moto = seededMoto();
const proxied = useProxiedContext(moto, 2);

function legacyRequest(moveToKey: ShareRequest['moveToKey']): ShareRequest {
  const { scenario } = moto();
  return shareRequest(scenario, 'managed', { secret: scenario.legacySecret.arn, consumer: '222222222222', consumerIdentity: scenario.role.arn, moveToKey });
}


describe('moving a secret off aws/secretsmanager (opt-in)', () => {
  it('a failure after CreateKey + UpdateSecret puts the secret back on the AWS managed key and schedules the new key for deletion', async () => {
    const { scenario } = moto();
    const plan = await planFromAws(proxied().ctx, legacyRequest({ createKey: true }));
    expect(plan.blocked).toBe(false);
    expect(plan.changes.map((c) => [c.kind, c.action])).toEqual([
      ['secret-key', 'update'],
      ['identity-policy', 'create'],
      ['key-policy', 'create'],
      ['secret-policy', 'create'],
    ]);
    // Writes: CreateKey, UpdateSecret, CreatePolicy, AttachRolePolicy, PutKeyPolicy, PutResourcePolicy: the 6th fails for good.
    proxied().proxy.failWrites({ at: 6, kind: 'http-500', times: 2 });
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    proxied().proxy.failWrites(null);
    expect(outcome.ok).toBe(false);
    expect(outcome.results.map((r) => [r.kind, r.status])).toEqual([
      ['secret-key', 'rolled-back'],
      ['identity-policy', 'rolled-back'],
      ['key-policy', 'rolled-back'],
      ['secret-policy', 'failed'],
    ]);
    const createdKey = outcome.createdKeyArn!;
    expect(createdKey).toMatch(/^arn:aws:kms:us-east-2:111111111111:key\//);
    // The later changes were bound to the real key ARN.
    expect(outcome.results[2]!.target).toBe(createdKey);
    const described = await describeSecret(proxied().ctx, scenario.legacySecret.arn);
    expect(described.kmsKeyId === undefined || /aws\/secretsmanager$/.test(described.kmsKeyId)).toBe(true);
    expect(await keyState(moto(), createdKey)).toBe('PendingDeletion');
    expect(await readSecretPolicy(proxied().ctx, scenario.legacySecret.arn)).toBeNull();
    const { manifest } = await loadBackup(outcome.backup!);
    expect(manifest.entries[0]).toMatchObject({ kind: 'secret-key', createdKeyArn: createdKey, status: 'rolled-back' });
  });

  it('creates a key that keeps the owner admin statement, moves the secret, writes the final Sids; re-planning shows no change', async () => {
    const { scenario } = moto();
    const plan = await planFromAws(proxied().ctx, legacyRequest({ createKey: true }));
    proxied().proxy.failWrites(null);
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect(outcome.results.every((r) => r.status === 'applied')).toBe(true);
    const keyArn = outcome.createdKeyArn!;
    expect((await describeSecret(proxied().ctx, scenario.legacySecret.arn)).kmsKeyId).toBe(keyArn);
    const keyPolicy = await readKeyPolicy(proxied().ctx, keyArn);
    expect(keyPolicy.Statement.some((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('arn:aws:iam::111111111111:root') && JSON.stringify(s.Action).includes('kms:*'))).toBe(true);
    expect(JSON.stringify(keyPolicy)).not.toContain('00000000-0000-0000-0000-000000000000');
    // Planning again (the secret is now on that key) shows no change at all.
    const again = await planFromAws(proxied().ctx, legacyRequest({ keyArn }));
    expect(again.changes.map((c) => c.action)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('the share session with moveToKey createKey: the preflight skips the key not created yet; the key is created, the secret moved, the grant written', async () => {
    const { scenario } = moto();
    const { SecretsManagerClient, CreateSecretCommand } = (await loadAwsSdk()).sm;
    const sm = new SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    const created = await sm.send(new CreateSecretCommand({ Name: 'SESSION_LEGACY_SECRET', SecretString: 'demo-only' }));
    sm.destroy();
    const request = shareRequest(scenario, 'managed', { secret: created.ARN!, consumer: '222222222222', consumerIdentity: scenario.role.arn, moveToKey: { createKey: true }, policyName: 'SessionLegacyRead' });
    const outcome = await runShareSession({ request, mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: proxied().ctx, backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect(outcome).toMatchObject({ ok: true, status: 'applied', exitCode: 0 });
    const keyArn = (await describeSecret(proxied().ctx, created.ARN!)).kmsKeyId!;
    expect(keyArn).toMatch(/^arn:aws:kms:[^:]+:111111111111:key\/(?!00000000-)/);
    const keyPolicy = await readKeyPolicy(proxied().ctx, keyArn);
    expect(JSON.stringify(keyPolicy)).toContain('arn:aws:iam::222222222222:root');
    expect((await planFromAws(proxied().ctx, { ...request, moveToKey: { keyArn } })).changes.map((c) => c.action)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('moves a secret to an existing customer managed key (full ARN) and grants on it', async () => {
    const { scenario } = moto();
    const { SecretsManagerClient, CreateSecretCommand } = (await loadAwsSdk()).sm;
    const sm = new SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    const created = await sm.send(new CreateSecretCommand({ Name: 'ANOTHER_LEGACY_SECRET', SecretString: 'demo-only' }));
    sm.destroy();
    const request = shareRequest(scenario, 'managed', { secret: created.ARN!, consumer: '222222222222', consumerIdentity: scenario.role.arn, moveToKey: { keyArn: scenario.key.arn }, policyName: 'AnotherLegacyRead' });
    const plan = await planFromAws(proxied().ctx, request);
    expect(plan.blocked).toBe(false);
    proxied().ctx.calls.length = 0;
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect(outcome.createdKeyArn).toBeUndefined();
    // The move first, then the identity and key policies together, the secret policy last.
    const writes = proxied().ctx.calls.map((c) => c.operation).filter((op) => /^(Update|Put|Create|Attach)/.test(op));
    expect(writes[0]).toBe('UpdateSecret');
    expect([...writes.slice(1, 4)].sort()).toEqual(['AttachRolePolicy', 'CreatePolicy', 'PutKeyPolicy']);
    expect(writes.slice(4)).toEqual(['PutResourcePolicy']);
    expect((await describeSecret(proxied().ctx, created.ARN!)).kmsKeyId).toBe(scenario.key.arn);
    expect((await planFromAws(proxied().ctx, request)).changes.map((c) => c.action)).toEqual(['none', 'none', 'none', 'none']);
  });
});
