/** The exit codes scripts rely on (documented in --help and the README). */
export const EXIT = {
  OK: 0,
  /** AWS or runtime failure. */
  FAILURE: 1,
  /** Invalid input, or a plan blocked by error findings (nothing written). */
  INVALID: 2,
  /** verify ran and access was denied (doctor: a layer denies). */
  DENIED: 3,
  /** doctor: allowed only if the layers that could not be read allow. */
  UNDETERMINED: 4,
  /** Interrupted (Ctrl+C) before finishing. */
  INTERRUPTED: 130,
} as const;
