import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyChange } from '../plan/plan-types';
import { BackupFolder, defaultBackupRoot, listBackups, loadBackup, removeStrayTempFiles, restoreCommand } from './backup-store';
import type { BackupEntry } from './backup-types';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';

function change(before: PolicyChange['before'], after: PolicyChange['after']): PolicyChange {
  return { kind: 'secret-policy', target: SECRET, account: '111111111111', action: 'update', before, after, added: [], removed: [], broadensAccess: true, diff: '' };
}

function folder(root: string, now = '2026-11-23T08:00:00.000Z', extra: { profiles?: { owner?: string; consumer?: string }; region?: string } = {}) {
  return new BackupFolder(
    root,
    {
      ...extra,
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

  it('prints every flag the restore needs: the profiles and region the run was given, --consumer-profile for an identity policy', () => {
    const entry = (kind: BackupEntry['kind'], status: BackupEntry['status']): BackupEntry => ({ index: 1, kind, target: 't', account: 'a', action: 'update', beforeFile: null, afterFile: null, extraFiles: [], status, updatedAt: '' });
    const profiles = { owner: 'central-security', consumer: 'production' };
    expect(restoreCommand('/b/f', { entries: [entry('secret-policy', 'written'), entry('identity-policy', 'written')], profiles, region: 'us-east-2' }))
      .toBe("secret-share-wizard restore '/b/f' --profile central-security --consumer-profile production --region us-east-2");
    // Only the owner side to put back: no consumer profile needed.
    expect(restoreCommand('/b/f', { entries: [entry('secret-policy', 'written'), entry('identity-policy', 'rolled-back')], profiles })).toBe("secret-share-wizard restore '/b/f' --profile central-security");
    // The consumer side was written with the default chain: the flag is still printed, as a placeholder.
    expect(restoreCommand('/b/f', { entries: [entry('identity-policy', 'written')] })).toBe("secret-share-wizard restore '/b/f' --consumer-profile <consumer-profile>");
    expect(restoreCommand('/b/f', { entries: [], profiles: { owner: "it's" } })).toBe("secret-share-wizard restore '/b/f' --profile 'it'\\''s'");
  });

  it('the run folder knows its own restore command (profiles recorded by name in the manifest)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const backup = folder(root, undefined, { profiles: { owner: 'central-security', consumer: 'production' } });
    expect(backup.restoreCommand()).toBeNull();
    await backup.record({ ...change(null, DOC), kind: 'identity-policy' }, null, DOC);
    expect(backup.restoreCommand()).toBe(`secret-share-wizard restore '${backup.folder}' --profile central-security --consumer-profile production`);
    expect((await loadBackup(backup.folder!)).manifest.profiles).toEqual({ owner: 'central-security', consumer: 'production' });
  });
});

describe('backup folders on a hostile file system', () => {
  it('--backup-dir on a shared 1777 folder: the folder keeps its mode; the run folder inside is 0700', async () => {
    const shared = join(await mkdtemp(join(tmpdir(), 'ssw-unit-')), 'shared');
    await mkdir(shared);
    await chmod(shared, 0o1777);
    const backup = folder(shared);
    await backup.record(change(DOC, DOC), DOC, DOC);
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
    expect((await lstat(backup.folder!)).mode & 0o777).toBe(0o700);
  });

  it('--backup-dir that is a symbolic link: the link and its target are left as they were', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const target = join(base, 'target');
    await mkdir(target);
    await chmod(target, 0o755);
    const link = join(base, 'link');
    await symlink(target, link);
    const backup = folder(link);
    await backup.record(change(DOC, DOC), DOC, DOC);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect((await stat(target)).mode & 0o7777).toBe(0o755);
    // The run folder is a real private folder inside the target.
    const [name] = await readdir(target);
    expect((await lstat(join(target, name!))).isDirectory()).toBe(true);
    expect((await lstat(join(target, name!))).mode & 0o777).toBe(0o700);
  });

  it('a run stopped before its first document leaves a folder with a manifest (never one without), and no .tmp file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const backup = folder(root);
    // A document that cannot be written (BigInt): the record stops after the folder exists.
    await expect(backup.record(change(DOC, DOC), { n: 1n }, DOC)).rejects.toThrow();
    const names = await readdir(root);
    expect(names).toEqual([expect.not.stringMatching(/^\./)]);
    expect(await readdir(join(root, names[0]!))).toEqual(['manifest.json']);
    expect((await loadBackup(join(root, names[0]!))).manifest.entries).toEqual([]);
  });

  it('a folder without manifest.json (left by an older version) gets a clear message; stray .tmp files are removed and never read', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const half = join(root, 'half');
    await mkdir(half);
    await writeFile(join(half, '01-secret-policy.before.json.0123abcd.tmp'), '{"Version"');
    await expect(loadBackup(half)).rejects.toMatchObject({ code: 'BACKUP_INCOMPLETE', source: 'user', message: expect.stringMatching(/has no manifest\.json: it is not a complete backup/) });
    const backup = folder(root);
    await backup.record(change(DOC, DOC), DOC, DOC);
    await writeFile(join(backup.folder!, 'manifest.json.89abcdef.tmp'), '{');
    expect(await removeStrayTempFiles(backup.folder!)).toEqual(['manifest.json.89abcdef.tmp']);
    expect((await readdir(backup.folder!)).sort()).toEqual(['01-secret-policy.after.json', '01-secret-policy.before.json', 'manifest.json']);
  });

  it('a hostile manifest or document is refused naming the file, not parsed into objects', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssw-unit-'));
    const backup = folder(root);
    await backup.record(change(DOC, DOC), DOC, DOC);
    const path = backup.folder!;
    const manifest = await readFile(join(path, 'manifest.json'), 'utf8');
    await writeFile(join(path, '01-secret-policy.before.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    await expect((await loadBackup(path)).document('01-secret-policy.before.json')).rejects.toMatchObject({ code: 'BACKUP_CORRUPT', message: expect.stringContaining('01-secret-policy.before.json is 200,000 bytes') });
    await writeFile(join(path, 'manifest.json'), manifest.replace('"entries": [', '"entries": [{"__proto__": {"status": "written"}},'));
    await expect(loadBackup(path)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT', message: expect.stringContaining('"__proto__" at entries[0]') });
    await writeFile(join(path, 'manifest.json'), manifest.replace('"entries": [', '"entries": [{"index": 1, "kind": "secret-policy", "status": "written"},'));
    await expect(loadBackup(path)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT', message: expect.stringContaining('entries[0].action') });
  });
});
