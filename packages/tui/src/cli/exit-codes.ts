import { EXIT_CODES } from '@secret-share-wizard/core';

/**
 * The exit codes scripts rely on, under the CLI's names. The table itself lives in the core
 * (`EXIT_CODES`, documented in `--help` and both READMEs), so every front end uses the same codes.
 */
export const EXIT = {
  OK: EXIT_CODES.ok,
  /** Failed; everything written was rolled back. */
  FAILURE: EXIT_CODES.failed,
  /** Invalid input, a blocked, stale or refused plan: nothing written. */
  INVALID: EXIT_CODES.nothingWritten,
  /** verify or doctor: access denied. */
  DENIED: EXIT_CODES.denied,
  /** Failed and the rollback is incomplete. */
  ROLLBACK_INCOMPLETE: EXIT_CODES.rollbackIncomplete,
  /** `--detailed-exitcode`, audit: something needs attention. */
  CHANGES_PENDING: EXIT_CODES.changesPending,
  /** Interrupted (Ctrl+C) before finishing. */
  INTERRUPTED: EXIT_CODES.interrupted,
} as const;
