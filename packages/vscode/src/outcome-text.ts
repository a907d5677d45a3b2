import { changeKindTitle, recordRestoreLines, type SessionOutcome } from '@secret-share-wizard/core';
import { reviewBaseTitle, type ReviewSubject } from './review-model';
import { errorText } from './vscode-wording';

/** What the extension says when a session ends: one notification, its severity, and the backup folder. */
export interface OutcomeText {
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** The run's backup folder (the notification offers "Reveal backup folder"). */
  backup?: string;
  /** True when the verify read the secret as the consumer. */
  verified?: boolean;
}

const DONE: Record<ReviewSubject['operation'], string> = { share: 'Shared', revoke: 'Revoked', restore: 'Restored' };

function subjectWords(subject: ReviewSubject | undefined, outcome: SessionOutcome): string {
  if (subject) return reviewBaseTitle(subject).replace(/^(Share|Revoke|Restore) /, '');
  return outcome.plan ? `${outcome.plan.secret.name}` : 'the secret';
}

/** The notification for a session's outcome, in the extension's words (no CLI flags or commands). */
export function outcomeText(outcome: SessionOutcome, subject: ReviewSubject | undefined): OutcomeText {
  const backup = outcome.backup ?? undefined;
  const backupWords = backup ? ` Backup: ${backup}` : '';
  const what = subjectWords(subject, outcome);
  const operation = subject?.operation ?? (outcome.operation === 'revoke' || outcome.operation === 'restore' ? outcome.operation : 'share');
  switch (outcome.status) {
    case 'no-changes':
      return { severity: 'info', message: operation === 'share' ? `${what}: already shared, nothing to change.` : `${reviewBaseTitle(subject ?? { operation, secret: what, consumer: '' })}: nothing to change.` };
    case 'declined':
      return { severity: 'info', message: `Not applied: the review of ${what} was discarded. Nothing was written.` };
    case 'planned':
      return { severity: 'info', message: `Planned ${what}: nothing was written.` };
    case 'refused':
      return { severity: 'error', message: `Nothing was written. ${outcome.error ? errorText(outcome.error) : ''}`.trim() };
    case 'failed': {
      const rolledBack = outcome.results.filter((r) => r.status === 'rolled-back').map((r) => changeKindTitle(r.kind));
      const stillWritten = outcome.results.filter((r) => r.status === 'rollback-failed' || (r.status === 'applied' && outcome.exitCode === 4)).map((r) => changeKindTitle(r.kind));
      const reason = outcome.error ? errorText(outcome.error) : 'A write failed.';
      const parts = [reason];
      if (rolledBack.length > 0) parts.push(`Rolled back: ${rolledBack.join(', ')}.`);
      if (stillWritten.length > 0) parts.push(`Still written (rollback failed): ${stillWritten.join(', ')}; "Restore a backup…" puts them back.`);
      return { severity: 'error', message: `${parts.join(' ')}${backupWords}`, ...(backup ? { backup } : {}) };
    }
    case 'applied': {
      const verify = outcome.verify;
      const records = recordRestoreLines(outcome.records ?? []);
      const recordWords = records.length > 0 ? ` ${records.map((line) => line.text).join('; ')}.` : '';
      const done = `${DONE[operation]} ${what}.${recordWords}`;
      if (records.some((line) => line.failed)) return { severity: 'warning', message: `${done}${backupWords}`, ...(backup ? { backup } : {}) };
      if (!verify) return { severity: 'info', message: `${done}${operation === 'share' ? ' Not verified (no consumer profile).' : ''}${backupWords}`, ...(backup ? { backup } : {}) };
      if (verify.ok) return { severity: 'info', message: `${done} Verified: ${verify.principal} read ${verify.versionStage} (${verify.length} characters, SHA-256 ${verify.fingerprint}…).${backupWords}`, verified: true, ...(backup ? { backup } : {}) };
      return { severity: 'warning', message: `${done} But verify failed: ${errorText({ message: verify.message, fix: verify.fix })}${backupWords}`, verified: false, ...(backup ? { backup } : {}) };
    }
  }
}
