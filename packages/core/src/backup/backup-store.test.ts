import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyChange } from '../plan/plan-types';
import { BackupFolder, defaultBackupRoot, listBackups, loadBackup, restoreCommand } from './backup-store';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';

function change(before: PolicyChange['before'], after: PolicyChange['after']): PolicyChange {
  return { kind: 'secret-policy', target: SECRET, account: '111111111111', action: 'update', before, after, added: [], removed: [], broadensAccess: true, diff: '' };
}

function folder(root: string, now = '2026-11-23T08:00:00.000Z') {
  return new BackupFolder(
    root,
    {
      createdAt: now,
      operation: 'apply',
      secret: { arn: SECRET, account: '111111111111', region: 'us-east-2', partition: 'aws' },
      consumer: { arn: 'arn:aws:iam::222222222222:root', account: '222222222222' },
      accounts: { owner: '111111111111', consumer: '222222222222' },
    },
    () => new Date(now),
  );
}

const DOC = { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };

describe('backup folders', () => {
  it('default root: SECRET_SHARE_WIZARD_HOME/backups, else ~/.secret-share-wizard/backups', () => {
    expect(defaultBackupRoot({ SECRET_SHARE_WIZARD_HOME: '/x/home' })).toBe('/x/home/backups');
    expect(defaultBackupRoot({})).toMatch(/\.secret-share-wizard\/backups$/);
  });

  it('creates nothing until the first record, then a 0700 folder with 0600 files and a manifest kept up to date', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'ssw-unit-')), 'nested', 'backups');
    const backup = folder(root);
    expect(backup.folder).toBeNull();
    expect(await listBackups(root)).toEqual([]);
    const entry = await backup.record(change(null, DOC), null, DOC);
    const path = backup.folder!;
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o700);
    expect(entry).toMatchObject({ index: 1, beforeFile: null, afterFile: '01-secret-policy.after.json', status: 'about-to-write' });
    await backup.recordExtra(entry, 'version-v1', DOC, 'old version');
    await backup.setStatus(entry, 'written');
    for (const file of ['manifest.json', '01-secret-policy.after.json', '01-secret-policy.version-v1.json']) {
      expect((await stat(join(path, file))).mode & 0o777).toBe(0o600);
    }
    const loaded = await loadBackup(path);
    expect(loaded.manifest.entries).toEqual([expect.objectContaining({ status: 'written', extraFiles: [{ file: '01-secret-policy.version-v1.json', description: 'old version' }] })]);
    expect(await loaded.document('01-secret-policy.after.json')).toEqual(DOC);
    expect(await loaded.document(null)).toBeNull();
    await expect(loaded.document('../manifest.json')).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(await listBackups(root)).toEqual([{ folder: path, createdAt: '2026-11-23T08:00:00.000Z', operation: 'apply', secretArn: SECRET, consumerArn: 'arn:aws:iam::222222222222:root', written: 1, entries: 1 }]);
  });

  it('lists newest first and skips folders that are not backups', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const older = folder(root, '2026-11-23T08:00:00.000Z');
    await older.record(change(DOC, DOC), DOC, DOC);
    const newer = folder(root, '2026-11-23T09:00:00.000Z');
    await newer.record(change(DOC, DOC), DOC, DOC);
    await mkdir(join(root, 'not-a-backup'));
    await writeFile(join(root, 'stray.txt'), 'x');
    expect((await listBackups(root)).map((b) => b.folder)).toEqual([newer.folder, older.folder]);
  });

  it('refuses a folder without a valid manifest, naming what to do', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    await expect(loadBackup(join(root, 'missing'))).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND', source: 'user' });
    await writeFile(join(root, 'manifest.json'), '{"schema":"other"}');
    await expect(loadBackup(root)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'))).toEqual({ schema: 'other' });
  });

  it('quotes the folder in the restore command', () => {
    expect(restoreCommand("/tmp/it's here")).toBe("secret-share-wizard restore '/tmp/it'\\''s here'");
  });
});
