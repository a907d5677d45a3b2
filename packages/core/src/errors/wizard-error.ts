import { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorSource } from './error-codes';

export type { ErrorCode, ErrorSource } from './error-codes';

/**
 * One error type for everything the core raises on purpose. The code comes from one registry
 * (`ERROR_CODES`), which also says who must act (`source`: user / aws / bug).
 *
 * `message` says what happened; `fix` says what to do next. They are kept apart — a message never
 * contains its fix — so each front end can place them (one line on stderr, two lines in the wizard,
 * `{"message","fix"}` in JSON).
 *
 * Front ends never use `instanceof` (bundles may carry two copies of this class): they call
 * `isWizardError`, which checks the brand.
 */
const BRAND = 'secret-share-wizard/error';

export interface WizardErrorOptions {
  /** Which input field is wrong, e.g. `--consumer` or `secret`. */
  field?: string;
  /** What to do next, one line. */
  fix?: string;
  /** Supporting text shown under the message (e.g. the diff of a document that changed). */
  details?: string;
  cause?: unknown;
}

export class WizardError extends Error {
  readonly brand = BRAND;
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly field?: string;
  readonly fix?: string;
  readonly details?: string;

  constructor(code: ErrorCode, message: string, options: WizardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WizardError';
    this.code = code;
    this.source = ERROR_CODES[code];
    if (options.field !== undefined) this.field = options.field;
    if (options.fix !== undefined) this.fix = options.fix;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isWizardError(value: unknown): value is WizardError {
  return typeof value === 'object' && value !== null && (value as { brand?: unknown }).brand === BRAND;
}

/** A mistake in what the user typed or passed: names the field; the fix is kept apart. */
export function userError(code: ErrorCode, field: string, message: string, fix: string): WizardError {
  return new WizardError(code, `${field}: ${message}`, { field, fix });
}

export function bugError(message: string, cause?: unknown): WizardError {
  return new WizardError('BUG', `${message} (this is a bug in secret-share-wizard)`, { fix: 'Please report it, with the output of the same command run with SECRET_SHARE_WIZARD_DEBUG=1', cause });
}

/** The JSON shape of an error (`--json`, the extension's log, the wizard's error screen). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  fix?: string;
  source: ErrorSource;
  field?: string;
  details?: string;
}

/**
 * Anything thrown, as a WizardError: ours as they are; anything else is a bug of ours (code `BUG`),
 * its original kept as `cause` for a debug log — never shown to the user as a stack trace.
 */
export function asWizardError(error: unknown): WizardError {
  if (isWizardError(error)) return error;
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return bugError(`Unexpected error: ${text}`, error);
}

/** The message and its fix as one line, `<message>. <fix>`, for front ends that show one line. */
export function messageWithFix(message: string, fix?: string): string {
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
  const head = oneLine(message).replace(/[.\s]+$/, '');
  return fix ? `${head}. ${oneLine(fix)}` : `${head}.`;
}

export function errorInfo(error: unknown): ErrorInfo {
  const e = asWizardError(error);
  return {
    code: isErrorCode(e.code) ? e.code : 'BUG',
    message: e.message,
    source: e.source,
    ...(e.fix ? { fix: e.fix } : {}),
    ...(e.field ? { field: e.field } : {}),
    ...(e.details ? { details: e.details } : {}),
  };
}
