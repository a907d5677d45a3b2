import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { loadBackup, restoreCommand } from '../../packages/core/src/backup/backup-store';
import { silentHost } from '../../packages/core/src/host/host';
import { seededMoto } from '../support/moto';
import { expectSameSnapshot, planFromAws, restoreBackup, shareRequest, snapshot, tempBackupRoot, useProxiedContext } from './share-fixture';

const moto = seededMoto();
const proxied = useProxiedContext(moto, 2);

describe('when the rollback itself cannot complete', () => {
  it('reports rollback-failed with the backup folder and the exact restore command, which then puts everything back', async () => {
    const { scenario } = moto();
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    // The key-policy write fails for good, and so does undoing the identity policy (DetachRolePolicy).
    proxied().proxy.failWrites({ at: 1, kind: 'http-500', times: 1_000, action: ['PutKeyPolicy', 'DetachRolePolicy'] });
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    proxied().proxy.failWrites(null);
    expect(outcome.ok).toBe(false);
    expect(outcome.results.map((r) => r.status)).toEqual(['rollback-failed', 'failed', 'not-started']);
    const folder = outcome.backup!;
    const { manifest } = await loadBackup(folder);
    // Every flag the restore needs: the consumer's identity policy is to be put back, so --consumer-profile.
    expect(outcome.results[0]!.restoreCommand).toBe(restoreCommand(folder, manifest));
    expect(outcome.results[0]!.restoreCommand).toBe(`secret-share-wizard restore '${folder}' --profile ${moto().ownerProfile} --consumer-profile ${moto().consumerProfile} --region ${moto().region}`);
    expect(outcome.results[0]!.message).toContain(folder);
    expect(manifest.entries.map((e) => e.status)).toEqual(['rollback-failed', 'failed']);

    // The restore command's work: the identity policy goes, everything is as before.
    const restored = await restoreBackup(proxied().ctx, folder, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(restored.error).toBeUndefined();
    expect(restored.results.map((r) => [r.kind, r.status])).toEqual([['identity-policy', 'applied']]);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), original);
  });

  it('leaves alone a document someone changed after it was written (rollback-failed, their change kept)', async () => {
    const harness = moto();
    const { scenario } = harness;
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    const policyArn = plan.identity!.policyArn!;
    const { IAMClient, CreatePolicyVersionCommand, DetachRolePolicyCommand, DeletePolicyCommand, ListPolicyVersionsCommand, DeletePolicyVersionCommand } = (await loadAwsSdk()).iam;
    const iam = new IAMClient({ profile: harness.consumerProfile, region: harness.region });
    const theirs = { Version: '2012-10-17', Statement: [{ Sid: 'Colleague', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::their-bucket' }] };
    // The key-policy write fails for good; just before AWS answers the first attempt, a colleague
    // edits the managed policy we have just written.
    proxied().proxy.failWrites({
      at: 1,
      kind: 'throttling',
      times: 1_000,
      action: 'PutKeyPolicy',
      beforeFirstFault: async () => void (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(theirs), SetAsDefault: true }))),
    });
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    proxied().proxy.failWrites(null);
    expect(outcome.ok).toBe(false);
    expect(outcome.results[0]).toMatchObject({ kind: 'identity-policy', status: 'rollback-failed', message: expect.stringMatching(/changed by someone else/) });
    expect(outcome.results[0]!.restoreCommand).toBe(restoreCommand(outcome.backup!, (await loadBackup(outcome.backup!)).manifest));
    const after = await snapshot(proxied().ctx, scenario, plan);
    expect(after.managedPolicy?.Statement.map((s) => s.Sid)).toEqual(['Colleague']);
    expectSameSnapshot({ ...after, managedPolicy: null, managedVersions: 0, attachedPolicies: original.attachedPolicies }, original);

    // A restore is refused too (stale: not what we wrote), and changes nothing.
    const restore = await restoreBackup(proxied().ctx, outcome.backup!, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(restore.error?.code).toBe('STALE_DOCUMENT');
    expect((await snapshot(proxied().ctx, scenario, plan)).managedPolicy?.Statement.map((s) => s.Sid)).toEqual(['Colleague']);

    // Clean up.
    await iam.send(new DetachRolePolicyCommand({ RoleName: scenario.role.name, PolicyArn: policyArn }));
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
    for (const v of versions.Versions ?? []) if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));
    iam.destroy();
  });
});
