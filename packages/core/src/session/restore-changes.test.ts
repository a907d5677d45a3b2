import { describe, expect, it } from 'vitest';
import type { LoadedBackup } from '../backup/backup-store';
import type { BackupManifest } from '../backup/backup-types';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { restoreChanges } from './restore-session';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const OWNER: Statement = { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'secretsmanager:*', Resource: '*' };
const GRANT: Statement = { Sid: 'SecretShareWizardGrant', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/** A backup folder's content as the loader returns it: one secret-policy entry, from `before` to `written`. */
function backup(before: PolicyDocument, written: PolicyDocument): LoadedBackup {
  const files: Record<string, unknown> = { 'before.json': before, 'after.json': written };
  const manifest = {
    entries: [{ index: 1, kind: 'secret-policy', target: SECRET, account: '111111111111', action: 'update', beforeFile: 'before.json', afterFile: 'after.json', extraFiles: [], status: 'written', updatedAt: '2026-01-01T00:00:00Z' }],
  } as unknown as BackupManifest;
  return { folder: '/backups/x', manifest, document: async (file) => (file ? files[file] : null) };
}

describe('restoreChanges: what the review and the approval of a restore show', () => {
  it('restoring a revoke puts the grant back: added, a diff, and it broadens access', async () => {
    const [change] = await restoreChanges(backup(doc(OWNER, GRANT), doc(OWNER)));
    expect(change).toMatchObject({ kind: 'secret-policy', action: 'update', broadensAccess: true, added: [GRANT], removed: [] });
    expect(change!.diff).toContain('+');
    expect(change!.diff).toContain('222222222222');
  });

  it('undoing a share takes the grant out: removed, and it does not broaden access', async () => {
    const [change] = await restoreChanges(backup(doc(OWNER), doc(OWNER, GRANT)));
    expect(change).toMatchObject({ broadensAccess: false, added: [], removed: [GRANT] });
    expect(change!.diff).toContain('-');
  });
});
