/**
 * `restore <backup-folder>` puts back the share record (the tag on the secret) as well as the
 * documents: undoing a share removes the record it wrote; undoing a revoke brings back the record it
 * removed, so `list` and the next revoke find the share by its record again. Against moto, through
 * the loopback proxy that counts writes and fails the ones a test aims at.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSecret } from '../../packages/core/src/aws/read-secret';
import { loadBackup } from '../../packages/core/src/backup/backup-store';
import { silentHost, type ProgressEvent } from '../../packages/core/src/host/host';
import { listShares } from '../../packages/core/src/record/list-shares';
import { isRecordTagKey } from '../../packages/core/src/record/share-record';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { writesDuring } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { approvingHost, expectSameSnapshot, planFromAws, restoreBackup, revokeShare, shareRequest, snapshot, tempBackupRoot, useProxiedContext } from './share-fixture';

const moto = seededMoto();
const proxied = useProxiedContext(moto, 2);

/** The share records on the reference secret (tag key → value). */
async function recordTags(): Promise<Record<string, string>> {
  const { tags } = await describeSecret(proxied().ctx, moto().scenario.secret.arn);
  return Object.fromEntries(Object.entries(tags).filter(([key]) => isRecordTagKey(key)));
}

/** The reference share (managed identity policy on the consumer role), through the share session. */
async function share() {
  const request = shareRequest(moto().scenario);
  const outcome = await runShareSession({ request: { secret: request.secret, consumer: request.consumer, identityPolicy: 'managed' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: proxied().ctx, backupRoot: await tempBackupRoot() });
  expect(outcome.error).toBeUndefined();
  expect(outcome.status).toBe('applied');
  return { request, outcome };
}

describe('restore puts back the share record', () => {
  it("restoring a share's backup (an undo) removes the record the share wrote; restoring that restore writes it again", async () => {
    const { scenario } = moto();
    expect(await recordTags()).toEqual({});
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    const { outcome } = await share();
    const written = await recordTags();
    const [key] = Object.keys(written);
    expect(key).toBeDefined();
    // The backup knows the tag was absent before the share.
    expect((await loadBackup(outcome.backup!)).manifest.records).toEqual([{ secretArn: scenario.secret.arn, key, before: null }]);

    const restored = await restoreBackup(proxied().ctx, outcome.backup!, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(restored.error).toBeUndefined();
    expect(restored.status).toBe('applied');
    expect(restored.records).toEqual([{ secretArn: scenario.secret.arn, key, action: 'removed', status: 'restored' }]);
    expect(await recordTags()).toEqual({});
    expect((await listShares(proxied().ctx, { secret: scenario.secret.arn })).shares).toEqual([]);
    // The documents are as before the share too.
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), original);

    // The restore's own backup kept the record it removed: restoring the restore is the share again.
    expect((await loadBackup(restored.backup!)).manifest.records).toEqual([{ secretArn: scenario.secret.arn, key, before: written[key!] }]);
    const redone = await restoreBackup(proxied().ctx, restored.backup!, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(redone.records).toEqual([{ secretArn: scenario.secret.arn, key, action: 'written', status: 'restored' }]);
    expect(await recordTags()).toEqual(written);
    const cleanup = await revokeShare(proxied().ctx, shareRequest(scenario), { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(cleanup.status).toBe('applied');
    expect(await recordTags()).toEqual({});
  });

  it("restoring a revoke's backup brings the record back: list shows the share with its record, and revoke finds it", async () => {
    const { scenario } = moto();
    const { request, outcome: shared } = await share();
    const sharedDocuments = await snapshot(proxied().ctx, scenario, shared.plan!);
    const record = await recordTags();
    const [key] = Object.keys(record);
    const revoked = await revokeShare(proxied().ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.status).toBe('applied');
    expect(await recordTags()).toEqual({});
    expect((await loadBackup(revoked.backup!)).manifest.records).toEqual([{ secretArn: scenario.secret.arn, key, before: record[key!] }]);

    const restored = await restoreBackup(proxied().ctx, revoked.backup!, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(restored.error).toBeUndefined();
    expect(restored.records).toEqual([{ secretArn: scenario.secret.arn, key, action: 'written', status: 'restored' }]);
    // The very tag the share wrote, and the documents as the share left them.
    expect(await recordTags()).toEqual(record);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, shared.plan!), sharedDocuments);
    const { shares } = await listShares(proxied().ctx, { secret: scenario.secret.arn });
    expect(shares).toEqual([expect.objectContaining({ consumer: scenario.role.arn, recorded: true, state: 'complete', consumerRole: scenario.role.arn })]);

    // Revoke reads the share from its record again (not the legacy flags), and removes it.
    const events: ProgressEvent[] = [];
    const again = await revokeShare(proxied().ctx, request, { host: approvingHost(events), backupRoot: await tempBackupRoot() });
    expect(again.status).toBe('applied');
    expect(events).toContainEqual(expect.objectContaining({ type: 'info', message: expect.stringContaining('Found the record of this share') }));
    expect(await recordTags()).toEqual({});
  });

  it('a record tag that cannot be put back after the documents are restored is a warning, not a rollback', async () => {
    const { scenario } = moto();
    const { request, outcome: shared } = await share();
    const sharedDocuments = await snapshot(proxied().ctx, scenario, shared.plan!);
    const revoked = await revokeShare(proxied().ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.status).toBe('applied');

    const events: ProgressEvent[] = [];
    proxied().proxy.failWrites({ at: 1, kind: 'http-500', times: 1_000, action: 'TagResource' });
    const restored = await restoreBackup(proxied().ctx, revoked.backup!, { host: approvingHost(events), backupRoot: await tempBackupRoot() });
    proxied().proxy.failWrites(null);
    expect(restored).toMatchObject({ ok: true, status: 'applied', exitCode: 0 });
    expect(restored.records).toEqual([expect.objectContaining({ action: 'written', status: 'failed', message: expect.any(String) })]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', message: expect.stringContaining('was not put back') }));
    // The documents stay restored; the share is there without its record.
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, shared.plan!), sharedDocuments);
    expect(await recordTags()).toEqual({});
    const cleanup = await revokeShare(proxied().ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(cleanup.status).toBe('applied');
  });

  it('a re-share that fails and rolls back leaves the record that was there (not removed, not replaced)', async () => {
    const { request } = await share();
    const recorded = await recordTags();
    expect(Object.keys(recorded)).toHaveLength(1);
    // The same share with DescribeSecret granted too: every document changes; its last write fails.
    proxied().proxy.failWrites({ at: 1, kind: 'http-500', times: 100, action: 'PutResourcePolicy' });
    try {
      const again = await runShareSession(
        { request: { secret: request.secret, consumer: request.consumer, identityPolicy: 'managed', options: { ...request.options, grantDescribe: true } }, mode: 'apply' },
        { host: approvingHost(), aws: {}, context: proxied().ctx, backupRoot: await tempBackupRoot() },
      );
      expect(again).toMatchObject({ ok: false, exitCode: 1 });
    } finally {
      proxied().proxy.failWrites(null);
    }
    expect(await recordTags()).toEqual(recorded);
    const cleanup = await revokeShare(proxied().ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(cleanup.status).toBe('applied');
    expect(await recordTags()).toEqual({});
  });

  it.each<[string, (record: Record<string, unknown>) => void, string]>([
    ['a key outside the record prefix', (record) => void (record.key = 'aws:cloudformation:stack-name'), 'is not a share record tag key'],
    ['a secret the manifest does not name', (record) => void (record.secretArn = moto().scenario.legacySecret.arn), 'is not a secret of this manifest'],
    ['a value outside the tag alphabet', (record) => void (record.before = 'v=1 c=<script>'), 'is neither null nor a tag value'],
  ])('a tampered manifest record (%s): refused, exit 2, nothing written', async (_what, edit, problem) => {
    const { request, outcome: shared } = await share();
    const revoked = await revokeShare(proxied().ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    const file = join(revoked.backup!, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { records: Array<Record<string, unknown>> };
    edit(manifest.records[0]!);
    await writeFile(file, JSON.stringify(manifest, null, 2));
    const documents = await snapshot(proxied().ctx, moto().scenario, shared.plan!);
    const backupRoot = await tempBackupRoot();

    const { result, writes } = await writesDuring(proxied().proxy, () => restoreBackup(proxied().ctx, revoked.backup!, { host: silentHost(), backupRoot }));
    expect(writes).toEqual([]);
    expect(result).toMatchObject({ ok: false, exitCode: 2, error: { code: 'BACKUP_CORRUPT', message: expect.stringContaining(problem) } });
    expect(result.error?.message).toContain('records[0]');
    expectSameSnapshot(await snapshot(proxied().ctx, moto().scenario, shared.plan!), documents);
    expect(await recordTags()).toEqual({});
  });
});
