import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { describeSecret, readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { loadBackup } from '../../packages/core/src/backup/backup-store';
import { silentHost } from '../../packages/core/src/host/host';
import type { ShareRequest } from '../../packages/core/src/plan/plan-types';
import { type FaultKind } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { expectSameSnapshot, keyState, planFromAws, shareRequest, snapshot, tempBackupRoot, useProxiedContext } from './share-fixture';

/**
 * Fault injection for the writes made of several API calls: the move to a new key (CreateKey,
 * UpdateSecret, then the three documents) and a managed policy already at 5 versions
 * (DeletePolicyVersion, CreatePolicyVersion). Faults that never reach moto and faults whose answer
 * is lost after moto performed the write.
 */
const moto = seededMoto();
const KINDS: FaultKind[] = ['http-500', 'reset-after-forward'];
const MAX_ATTEMPTS = 2;
const proxied = useProxiedContext(moto, MAX_ATTEMPTS);


describe('fault injection on composite writes', () => {
  it('moving off aws/secretsmanager to a new key: for every write, the secret ends on its old key with nothing else left', async () => {
    const { scenario } = moto();
    const request: ShareRequest = shareRequest(scenario, 'managed', { secret: scenario.legacySecret.arn, consumer: '222222222222', consumerIdentity: scenario.role.arn, moveToKey: { createKey: true } });
    // Writes of one group run at once: each fault is aimed at one write by its action.
    const writes = ['CreateKey', 'UpdateSecret', 'CreatePolicy', 'AttachRolePolicy', 'PutKeyPolicy', 'PutResourcePolicy'];
    for (const kind of KINDS) {
      for (const k of writes) {
        const plan = await planFromAws(proxied().ctx, request);
        proxied().proxy.failWrites({ at: 1, kind, times: MAX_ATTEMPTS, action: k });
        const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
        proxied().proxy.failWrites(null);
        const label = `${kind} at write ${k}: ${outcome.results.map((r) => `${r.kind}=${r.status}`).join(', ')}`;
        expect(outcome.ok, label).toBe(false);
        expect(outcome.results.some((r) => r.status === 'rollback-failed'), label).toBe(false);
        const described = await describeSecret(proxied().ctx, scenario.legacySecret.arn);
        expect(described.kmsKeyId === undefined || /aws\/secretsmanager$/.test(described.kmsKeyId), label).toBe(true);
        expect(await readSecretPolicy(proxied().ctx, scenario.legacySecret.arn), label).toBeNull();
        expect((await readManagedPolicy(proxied().ctx.consumer!, plan.identity!.policyArn!)).document, label).toBeNull();
        if (outcome.createdKeyArn) expect(await keyState(moto(), outcome.createdKeyArn), label).toBe('PendingDeletion');
        const { manifest } = await loadBackup(outcome.backup!);
        expect(manifest.entries[0]?.kind, label).toBe('secret-key');
      }
    }
  });

  it('a managed policy at 5 versions: for every write, its documents, versions and attachment are as before', async () => {
    const harness = moto();
    const { scenario } = harness;
    const request = shareRequest(scenario);
    const policyName = (await planFromAws(proxied().ctx, request)).identity!.policyName;
    const { IAMClient, CreatePolicyCommand, CreatePolicyVersionCommand, AttachRolePolicyCommand } = (await loadAwsSdk()).iam;
    const iam = new IAMClient({ profile: harness.consumerProfile, region: harness.region });
    const doc = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `Old${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${n}/*` }] });
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: doc(1) }));
    const policyArn = created.Policy!.Arn!;
    for (let n = 2; n <= 5; n += 1) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc(n), SetAsDefault: n === 5 }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: scenario.role.name, PolicyArn: policyArn }));
    iam.destroy();

    // DeletePolicyVersion (oldest), CreatePolicyVersion, PutKeyPolicy, PutResourcePolicy: each in turn.
    const writes = ['DeletePolicyVersion', 'CreatePolicyVersion', 'PutKeyPolicy', 'PutResourcePolicy'];
    for (const kind of KINDS) {
      for (const k of writes) {
        const plan = await planFromAws(proxied().ctx, request);
        const original = await snapshot(proxied().ctx, scenario, plan);
        expect(original.managedVersions).toBe(5);
        proxied().proxy.failWrites({ at: 1, kind, times: MAX_ATTEMPTS, action: k });
        const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
        proxied().proxy.failWrites(null);
        const label = `${kind} at write ${k}: ${outcome.results.map((r) => `${r.kind}=${r.status}`).join(', ')}`;
        expect(outcome.ok, label).toBe(false);
        expect(outcome.results.some((r) => r.status === 'rollback-failed'), label).toBe(false);
        // Same documents, same attachment, still 5 versions (a deleted one comes back as a new version).
        expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), original);
        expect((await snapshot(proxied().ctx, scenario, plan)).managedVersions, label).toBe(5);
      }
    }
  });
});
