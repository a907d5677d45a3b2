/**
 * The exit codes every command and front end uses. They never lie: 2 means nothing was written.
 * Documented in both READMEs and in `--help`.
 */
export const EXIT_CODES = {
  /** Success (for `plan`: also when there is nothing to change, unless --detailed-exitcode). */
  ok: 0,
  /** Failed; everything that was written was rolled back. */
  failed: 1,
  /** Invalid input, a blocked plan, a stale or edited plan, a refused write: nothing was written. */
  nothingWritten: 2,
  /** verify (or doctor) ran and access is denied. */
  denied: 3,
  /** Failed and the rollback is incomplete: the message names the restore command. */
  rollbackIncomplete: 4,
  /** `plan --detailed-exitcode` (and `audit`): changes are pending / something needs attention. */
  changesPending: 10,
  /** Interrupted (Ctrl+C, SIGTERM); whatever was written was rolled back. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The table for help texts and READMEs, in code order. */
export const EXIT_CODE_MEANINGS: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: 0, meaning: 'success (plan: also nothing to change)' },
  { code: 1, meaning: 'failed; everything written was rolled back' },
  { code: 2, meaning: 'invalid input, blocked, stale or refused: nothing was written' },
  { code: 3, meaning: 'verify/doctor: access denied' },
  { code: 4, meaning: 'failed and the rollback is incomplete (the message names the restore command)' },
  { code: 10, meaning: 'plan --detailed-exitcode / audit: changes pending, something needs attention' },
  { code: 130, meaning: 'interrupted; whatever was written was rolled back' },
];
