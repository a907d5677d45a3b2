import type { WizardError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { ChangeKind, Finding } from '../plan/plan-types';

export interface ApplyOptions {
  host: Host;
  /** Folder holding one backup folder per apply (default: `defaultBackupRoot()`). */
  backupRoot?: string;
  /** Checked between writes: when aborted, nothing more is written and what was written is rolled back. */
  signal?: AbortSignal;
  now?: () => Date;
  /** How long to keep retrying a write refused for an "Invalid principal" (IAM propagation); default 45 s. */
  invalidPrincipalRetryMs?: number;
}

export type ChangeStatus = 'applied' | 'unchanged' | 'rolled-back' | 'not-started' | 'rollback-failed' | 'failed';

export interface ChangeResult {
  kind: ChangeKind;
  target: string;
  status: ChangeStatus;
  message?: string;
  /** For a change left half-done: the command that puts back what the backup holds. */
  restoreCommand?: string;
}

export interface ApplyOutcome {
  ok: boolean;
  /** The backup folder of this run; null when nothing was written. */
  backup: string | null;
  /** One per change of the plan, in plan order. */
  results: ChangeResult[];
  /** The plan's findings plus what ValidateResourcePolicy reported. */
  findings: Finding[];
  /** Why it stopped (STALE_DOCUMENT, CANCELLED, APPLY_FAILED, SECRET_POLICY_INVALID, ...); absent when ok. */
  error?: WizardError;
  /** The command that undoes this run (when something was written and kept). */
  restoreCommand?: string;
  /** The KMS key created for a move off `aws/secretsmanager`, when one was created. */
  createdKeyArn?: string;
  /**
   * Documents another writer changed while this run applied: its statements were merged onto their
   * version and written again (optimistic concurrency). Empty when nobody else wrote.
   */
  remerged?: string[];
}
