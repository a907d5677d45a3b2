import * as vscode from 'vscode';
import { defaultBackupRoot, listBackups, listProfiles, parsePrincipal, runRestoreSession, type BackupSummary, type SessionOutcome } from '@secret-share-wizard/core';
import { pickProfile } from './aws-prompts';
import { answered } from './errors';
import { consumerLabel, type ReviewSubject } from './review-model';
import { SessionUi } from './session-ui';
import { TOOL, type AwsFlowDeps } from './share-aws';

const OPERATION_WORDS: Record<BackupSummary['operation'], string> = { apply: 'share', revoke: 'revoke', restore: 'restore' };

/** "2025-01-31 14:02 UTC · share". */
export function backupLabel(backup: Pick<BackupSummary, 'createdAt' | 'operation'>): string {
  return `${backup.createdAt.slice(0, 16).replace('T', ' ')} UTC · ${OPERATION_WORDS[backup.operation]}`;
}

export function backupSubject(backup: Pick<BackupSummary, 'secretArn' | 'consumerArn' | 'createdAt'>): ReviewSubject {
  const secret = backup.secretArn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? backup.secretArn;
  let consumer = backup.consumerArn;
  try {
    consumer = consumerLabel(parsePrincipal(backup.consumerArn, 'consumer'));
  } catch {
    // A consumer ARN the parser does not take is shown as it is.
  }
  return { operation: 'restore', secret, consumer, backupCreatedAt: backup.createdAt };
}

/**
 * "Restore a backup…": the backups of the default backup folder (newest first: date, operation,
 * secret, consumer), then the restore session with the VS Code host — one review of what is put
 * back (written ↔ saved before), Apply, progress, the result with its own backup folder.
 */
export async function restoreBackup(deps: AwsFlowDeps, folder?: string): Promise<SessionOutcome | undefined> {
  const title = 'Restore a backup';
  const root = defaultBackupRoot();
  const backups = await listBackups(root);
  let chosen = folder ? backups.find((b) => b.folder === folder) : undefined;
  if (!chosen) {
    if (backups.length === 0) {
      void vscode.window.showInformationMessage(`There are no backups in ${root}: every apply, revoke and restore writes one there.`);
      return undefined;
    }
    const items = backups.map((backup) => {
      const subject = backupSubject(backup);
      return {
        label: backupLabel(backup),
        description: `${subject.secret} → ${subject.consumer}`,
        detail: `${backup.written} of ${backup.entries} write${backup.entries === 1 ? '' : 's'} in place · ${backup.folder}`,
        backup,
      };
    });
    chosen = answered(await vscode.window.showQuickPick(items, { title: `${title}: which backup? (${root})`, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true })).backup;
  }
  const remembered = deps.answers.get();
  const profiles = await listProfiles();
  const ownerProfile = await pickProfile(`${title}: owner account profile (${chosen.secretArn.split(':')[4]})`, profiles, remembered.ownerProfile, profiles.length === 0 ? 'Default credentials (environment)' : undefined);
  const consumerProfile = await pickProfile(`${title}: consumer account profile (${chosen.consumerArn.split(':')[4]}; puts back its identity policy)`, profiles.filter((p) => p.name !== ownerProfile), remembered.consumerProfile, 'None: no access to the consumer account');
  await deps.answers.remember({ ...(ownerProfile ? { ownerProfile } : {}), consumerProfile: consumerProfile ?? '' });
  const aws = { ...(ownerProfile ? { ownerProfile } : {}), ...(consumerProfile ? { consumerProfile } : {}) };
  const subject = backupSubject(chosen);
  const backup = chosen;
  deps.log.info(`${title}: ${backup.folder} (${backupLabel(backup)}, ${backup.secretArn} → ${backup.consumerArn})`);
  const ui = new SessionUi(deps, { reading: `Reading the documents the backup of ${subject.secret} names`, writing: `Restoring ${subject.secret}` }, subject);
  const outcome = await ui.run((host, signal) => runRestoreSession({ folder: backup.folder, mode: 'apply' }, { host, aws, signal, tool: TOOL }));
  await ui.finish(outcome);
  return outcome;
}
