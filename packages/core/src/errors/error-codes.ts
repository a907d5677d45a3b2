/**
 * Every error code the product raises, with who must act (`source`). One registry, like
 * FINDING_CODES: front ends, scripts (`--json` → `error.code`) and tests key on these.
 *
 * - `user`: the input, the environment or a refusal the user can act on (exit 2 when nothing was written).
 * - `aws`:  AWS (or the emulator) refused or failed.
 * - `bug`:  an invariant of this product broke.
 */
export type ErrorSource = 'user' | 'aws' | 'bug';

export const ERROR_CODES = {
  // What the user typed or passed.
  INPUT_ACCOUNT_ID: 'user',
  INPUT_ARN_AWS_MANAGED_POLICY: 'user',
  INPUT_ARN_MALFORMED: 'user',
  INPUT_ARN_PARTITION_REGION: 'user',
  INPUT_BATCH_MOVE: 'user',
  INPUT_CONCURRENCY: 'user',
  INPUT_CONFIRMATION_REQUIRED: 'user',
  INPUT_CONFLICTING_FLAGS: 'user',
  INPUT_CONSUMER_IDENTITY: 'user',
  INPUT_CONSUMER_IS_OWNER: 'user',
  INPUT_CONSUMER_ROLE: 'user',
  INPUT_EMPTY_VALUE: 'user',
  INPUT_FILE: 'user',
  INPUT_FILE_TOO_LARGE: 'user',
  INPUT_FLAG_CHOICE: 'user',
  INPUT_FLAG_VALUE: 'user',
  INPUT_IDENTITY_MODE: 'user',
  INPUT_KEY_ALIAS: 'user',
  INPUT_KEY_ARN: 'user',
  INPUT_MISSING_ARGUMENT: 'user',
  INPUT_MISSING_FLAG: 'user',
  INPUT_MISSING_VALUE: 'user',
  INPUT_NOT_INTERACTIVE: 'user',
  INPUT_NO_SECRETS: 'user',
  INPUT_NUMBER: 'user',
  INPUT_OPTION: 'user',
  INPUT_PASTED_TEXT: 'user',
  INPUT_PLAN_FILE: 'user',
  INPUT_PLAN_JSON: 'user',
  INPUT_POLICY_JSON: 'user',
  INPUT_POLICY_NAME: 'user',
  INPUT_POLICY_RESERVED_KEY: 'user',
  INPUT_POLICY_TOO_DEEP: 'user',
  INPUT_POLICY_TOO_LARGE: 'user',
  INPUT_POLICY_SHAPE: 'user',
  INPUT_PRINCIPAL: 'user',
  INPUT_PROFILE: 'user',
  INPUT_PUBLIC_PRINCIPAL: 'user',
  INPUT_REGION: 'user',
  INPUT_REGION_UNKNOWN: 'user',
  INPUT_REPEATED_FLAG: 'user',
  INPUT_SECRET_ARN: 'user',
  INPUT_SECRET_NAME: 'user',
  INPUT_SECRET_SUFFIX: 'user',
  INPUT_SINGLE_DASH: 'user',
  INPUT_TYPOGRAPHIC_DASH: 'user',
  INPUT_UNEXPECTED_ARGUMENT: 'user',
  INPUT_UNKNOWN_COMMAND: 'user',
  INPUT_UNKNOWN_FLAG: 'user',
  INPUT_VERSION_STAGE: 'user',
  OUTPUT_FILE: 'user',
  INPUT_SESSION_NAME: 'user',
  INPUT_ORG_PATH: 'user',
  INPUT_ORG_ID: 'user',
  INPUT_ROLE_BINDING: 'user',
  INPUT_AUDIT: 'user',
  INPUT_ERROR_MESSAGE: 'user',
  INPUT_ENDPOINT: 'user',

  // Credentials and the AWS environment.
  AWS_CREDENTIALS: 'user',
  AWS_CREDENTIALS_EXPIRED: 'user',
  AWS_CREDENTIALS_INVALID: 'user',
  AWS_NO_CONSUMER_PROFILE: 'user',
  AWS_PROFILE_UNKNOWN: 'user',
  AWS_PROFILE_WRONG_ACCOUNT: 'user',
  AWS_REGION_MISSING: 'user',
  CONSUMER_CREDENTIALS_MISSING: 'user',
  OWNER_CREDENTIALS_WRONG_ACCOUNT: 'user',
  KEY_ACCOUNT_NOT_WRITABLE: 'user',

  // AWS refused or failed.
  AWS_ACCESS_DENIED: 'aws',
  AWS_ERROR: 'aws',
  AWS_NOT_FOUND: 'aws',
  AWS_POLICY_UNPARSEABLE: 'aws',
  AWS_THROTTLED: 'aws',
  AWS_UNREACHABLE: 'aws',
  APPLY_FAILED: 'aws',
  BATCH_INCOMPLETE: 'aws',
  BATCH_READ_FAILED: 'aws',
  CONVERGENCE_FAILED: 'aws',
  INVALID_PRINCIPAL: 'aws',
  ROLLBACK_INCOMPLETE: 'aws',
  /** `audit --org`: the role could not be assumed in a member account (reported for that account). */
  AWS_ASSUME_ROLE_FAILED: 'aws',
  /** `audit --org`: the assumed credentials sign in to another account than the one listed. */
  AWS_ASSUMED_WRONG_ACCOUNT: 'aws',

  // Refusals before anything is written.
  PLAN_BLOCKED: 'user',
  PLAN_FILE_STALE: 'user',
  PLAN_FILE_EDITED: 'user',
  STALE_DOCUMENT: 'user',
  SECRET_POLICY_INVALID: 'user',
  POLICY_VERSIONS_FULL: 'user',
  WRITE_REFUSED: 'user',
  WRITE_REFUSED_ACCOUNT: 'user',
  WRITE_REFUSED_GRANT: 'user',
  WRITE_REFUSED_KEY_ADMIN: 'user',
  WRITE_REFUSED_MALFORMED: 'user',
  WRITE_REFUSED_PUBLIC: 'user',
  WRITE_REFUSED_SIZE: 'user',
  WRITE_REFUSED_TARGET: 'user',
  SHARE_NOT_FOUND: 'user',
  SHARE_AMBIGUOUS: 'user',

  AWS_NO_ORGANIZATION_PROFILE: 'user',
  // Shares as code.
  MANIFEST_INVALID: 'user',
  EXPORT_NEW_KEY: 'user',
  EXPORT_UNSUPPORTED: 'user',

  // Backups.
  BACKUP_CORRUPT: 'user',
  BACKUP_NOT_FOUND: 'user',
  BACKUP_FOLDER_UNSAFE: 'user',
  BACKUP_INCOMPLETE: 'user',

  // The user stopped it.
  CANCELLED: 'user',
  DECLINED: 'user',

  // verify ran and AWS denied the read.
  VERIFY_DENIED: 'aws',

  // Local tools (the demo's emulator).
  MOTO_NOT_INSTALLED: 'user',
  MOTO_PORT_BUSY: 'user',
  MOTO_START_FAILED: 'user',
  MOTO_START_TIMEOUT: 'user',

  // The VS Code extension.
  VSCODE_NOT_A_POLICY: 'user',
  VSCODE_PLAN_BLOCKED: 'user',

  // Ours.
  BUG: 'bug',
} as const satisfies Record<string, ErrorSource>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
