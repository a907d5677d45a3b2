import type { Finding, Severity } from '../plan-types';

/**
 * Every finding code the planner emits, with its severity. Front ends and tests key on the code;
 * errors block apply.
 */
export const FINDING_CODES = {
  SECRET_AWS_MANAGED_KEY: 'error',
  SECRET_KEY_MOVE: 'warning',
  KEY_UNKNOWN: 'error',
  KEY_POLICY_UNREADABLE: 'error',
  KEY_ID_NOT_ARN: 'warning',
  KEY_ADMIN_LOCKOUT: 'error',
  KEY_GRANT_NOT_SCOPED: 'info',
  PUBLIC_PRINCIPAL: 'error',
  SIZE_LIMIT_SECRET_POLICY: 'error',
  SIZE_LIMIT_KEY_POLICY: 'error',
  SIZE_LIMIT_MANAGED_POLICY: 'error',
  SIZE_LIMIT_INLINE_POLICY: 'error',
  INPUT_ARN_WHITESPACE: 'error',
  INPUT_ARN_TYPOGRAPHIC: 'error',
  INPUT_ARN_PARTITION: 'error',
  INPUT_ARN_REGION: 'error',
  INPUT_ARN_ACCOUNT: 'error',
  INPUT_ARN_SECRET_SUFFIX: 'error',
  INPUT_ARN_AWS_MANAGED_POLICY: 'error',
  INPUT_POLICY_NAME: 'error',
  SECRET_ARN_BROAD_WILDCARD: 'warning',
  SECRET_UNREADABLE: 'error',
  PRINCIPAL_NOT_FOUND: 'error',
  PRINCIPAL_ROLE_RECREATE_TRAP: 'warning',
  /** An organization or OU consumer: who the grant reaches. */
  ORG_GRANT_SCOPE: 'info',
  /** An existing statement already grants a wider part of the organization than the OU asked for. */
  ORG_GRANT_BROADER: 'warning',
  UNIQUE_ID_PRINCIPAL: 'warning',
  CONSUMER_SAME_ACCOUNT: 'info',
  POLICY_VERSION_LIMIT: 'warning',
  POLICY_NOT_ATTACHED: 'info',
  IDENTITY_FOR_ADMINISTRATOR: 'info',
  EXISTING_GRANT: 'info',
  WIZARD_SID_FOREIGN: 'error',
  REVOKE_WIZARD_SID_FOREIGN: 'warning',
  ACCESS_STILL_DENIED: 'warning',
  ALLOW_WITH_NOT_PRINCIPAL: 'warning',
  RESOURCE_SERVICE_WILDCARD: 'warning',
  REVOKE_NOTHING_TO_REMOVE: 'info',
  REVOKE_OTHER_GRANT_REMAINS: 'warning',
  REVOKE_KEY_GRANT_UNSCOPED: 'warning',
  SECRET_POLICY_VALIDATION: 'error',
  SECRET_POLICY_NOT_VALIDATED: 'warning',
  IAM_ATTACHED_POLICY_LIMIT: 'error',
  /** A warning instead with `request.allowDrift`. */
  IAC_MANAGED_RESOURCE: 'error',
  // The policy grammar (grammar-findings.ts): AWS rejects the document, or reads it otherwise than meant.
  POLICY_JSON_SYNTAX: 'error',
  POLICY_SHAPE: 'error',
  POLICY_UNKNOWN_KEY: 'error',
  POLICY_VERSION: 'error',
  STATEMENT_UNKNOWN_KEY: 'error',
  STATEMENT_EFFECT: 'error',
  STATEMENT_FIELD_TYPE: 'error',
  STATEMENT_MISSING_FIELD: 'error',
  STATEMENT_CONFLICTING_FIELDS: 'error',
  PRINCIPAL_IN_IDENTITY_POLICY: 'error',
  PRINCIPAL_MISSING: 'error',
  CONDITION_OPERATOR_UNKNOWN: 'error',
  // The IAM catalogue (catalogue-findings.ts): names AWS does not know match nothing.
  ACTION_UNKNOWN: 'error',
  CONDITION_KEY_UNKNOWN: 'error',
  KEY_ALIAS_ARN: 'error',
} as const satisfies Record<string, Severity>;

export type FindingCode = keyof typeof FINDING_CODES;

/** A finding with the severity of its code. */
export function finding(code: FindingCode, message: string, where: Omit<Finding, 'code' | 'severity' | 'message'> = {}): Finding {
  return { code, severity: FINDING_CODES[code], message, ...where };
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
