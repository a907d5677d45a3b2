import type { ApplyOutcome, ChangeResult } from '../apply/apply-types';
import { createAwsContext, type AwsContext, type AwsContextOptions } from '../aws/aws-context';
import type { ErrorInfo } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { Plan } from '../plan/plan-types';
import type { ShareRequestInput } from '../plan/share-request';
import type { RecordRestoreResult } from '../record/restore-records';
import type { ShareRecord } from '../record/share-record';
import type { VerifyOutcome } from '../verify/verify-types';
import type { ExitCode } from './exit-codes';

/** The context a session uses: the one given, else a new one it destroys at the end. */
export function sessionContext(options: SessionOptions, aws: AwsContextOptions): { ctx: AwsContext; release(): void } {
  if (options.context) return { ctx: options.context, release: () => undefined };
  const ctx = (options.createContext ?? createAwsContext)(aws);
  return { ctx, release: () => ctx.destroy() };
}

/** How a session reaches AWS and talks to its front end. */
export interface SessionOptions {
  host: Host;
  /** Profiles, region and endpoint (the SDK's standard chain fills in what is absent). */
  aws: AwsContextOptions;
  /** Makes the AWS context (default `createAwsContext`); tests point it at a proxy. */
  createContext?: (options: AwsContextOptions) => AwsContext;
  /**
   * An AWS context to use as it is (a batch of sessions, tests): the session neither makes nor
   * destroys one, and `aws` only names the profiles for messages and restore commands.
   */
  context?: AwsContext;
  /** Folder holding one backup folder per run (default `~/.secret-share-wizard/backups`). */
  backupRoot?: string;
  /** Aborted on Ctrl+C / SIGTERM: nothing more is written and what was written is rolled back. */
  signal?: AbortSignal;
  now?: () => Date;
  /** How long to keep retrying a write refused for an "Invalid principal" (default 45 s). */
  invalidPrincipalRetryMs?: number;
  /** Who writes the share record, `name/version` (default `secret-share-wizard`). */
  tool?: string;
}

/**
 * Identity policy mode as the user gives it: `auto` (the default) writes a managed policy when the
 * consumer account's credentials are available and hands the document to its administrator when
 * they are not; `managed`/`inline` need those credentials; `none` never writes it.
 */
export type IdentityModeInput = 'auto' | 'managed' | 'inline' | 'none';

export interface ShareSessionInput {
  /** The share as typed (flags, wizard answers, extension inputs). */
  request: Omit<ShareRequestInput, 'identityPolicy'> & { identityPolicy?: IdentityModeInput | string };
  /** `plan`: stop after the plan (nothing is written); `apply`: review, approve, write. */
  mode: 'plan' | 'apply';
  /**
   * A saved plan (`plan --out`): the session plans again from the request it holds, against AWS now,
   * and applies only if the result equals the changes it shows.
   */
  planFile?: Plan;
  /** Read the secret as the consumer after the writes (needs the consumer's credentials). */
  verify?: boolean;
}

export type SessionStatus =
  /** mode `plan`: the plan is made. */
  | 'planned'
  /** Nothing to change. */
  | 'no-changes'
  /** Refused before anything was written (input, blocked plan, stale or edited plan, guard). */
  | 'refused'
  /** The user did not approve. */
  | 'declined'
  /** Everything written (and verified present). */
  | 'applied'
  /** A write failed; what was written was rolled back. */
  | 'failed';

/** How a plan file differs from the plan made again now. */
export interface PlanFileDifference {
  kind: string;
  target: string;
  /** `before`: AWS changed since the plan was made; `after`/`action`: the file's change is not what the tool plans; `missing`/`extra`: a change only one side has. */
  what: 'before' | 'after' | 'action' | 'missing' | 'extra';
  /** Unified diff (file → now) of the document concerned. */
  diff: string;
}

export interface SessionOutcome {
  operation: 'share' | 'revoke' | 'restore' | 'verify' | 'list';
  ok: boolean;
  status: SessionStatus;
  exitCode: ExitCode;
  /** The plan reviewed (share, revoke). */
  plan?: Plan;
  /** Writes the plan makes (after re-planning); for `--detailed-exitcode`. */
  pending: number;
  /** One per change, in plan order, once the writes started. */
  results: ChangeResult[];
  backup: string | null;
  restoreCommand?: string;
  /** The apply's own report (findings from ValidateResourcePolicy, re-merges). */
  apply?: ApplyOutcome;
  verify?: VerifyOutcome;
  /** The record written (share) or removed (revoke). */
  record?: ShareRecord;
  /** Restore: each share record tag the backup saved, set back to its value before the run. */
  records?: RecordRestoreResult[];
  /** Documents another writer changed during the run; this run's statements were merged onto them. */
  remerged: string[];
  planFileDifferences?: PlanFileDifference[];
  error?: ErrorInfo;
  /** AWS API calls the session made. */
  calls: number;
}
