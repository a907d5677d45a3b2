/**
 * One error type for everything the core throws on purpose.
 *
 * - `source: 'user'`  the input is wrong; the message says which field and how to fix it.
 * - `source: 'aws'`   AWS (or the emulator) refused or failed; the message says what to do next.
 * - `source: 'bug'`   an invariant broke; please report it.
 *
 * Front ends never use `instanceof` (bundles may carry two copies of this class): they call
 * `isWizardError`, which checks the brand.
 */
export type ErrorSource = 'user' | 'aws' | 'bug';

const BRAND = 'secret-share-wizard/error';

export interface WizardErrorOptions {
  /** Which input field is wrong, e.g. `--consumer` or `secret`. */
  field?: string;
  /** What to do next, one line. */
  fix?: string;
  cause?: unknown;
}

export class WizardError extends Error {
  readonly brand = BRAND;
  readonly code: string;
  readonly source: ErrorSource;
  readonly field?: string;
  readonly fix?: string;

  constructor(code: string, source: ErrorSource, message: string, options: WizardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WizardError';
    this.code = code;
    this.source = source;
    if (options.field !== undefined) this.field = options.field;
    if (options.fix !== undefined) this.fix = options.fix;
  }
}

export function isWizardError(value: unknown): value is WizardError {
  return typeof value === 'object' && value !== null && (value as { brand?: unknown }).brand === BRAND;
}

/** A mistake in what the user typed or passed: always names the field and the fix. */
export function userError(code: string, field: string, message: string, fix: string): WizardError {
  return new WizardError(code, 'user', `${field}: ${message}. ${fix}`, { field, fix });
}

export function bugError(message: string, cause?: unknown): WizardError {
  return new WizardError('BUG', 'bug', `${message} (this is a bug in secret-share-wizard; please report it)`, { cause });
}
