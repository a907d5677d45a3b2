import type { RoleBinding } from '../arn/grantee';
import type { Severity } from '../plan/plan-types';
import type { GranteeKind } from '../policy/statement-grantees';

/**
 * What `audit` says about one cross-account grant:
 * - `complete`: the secret policy and the key policy both grant it (the consumer side is `unknown`
 *   unless its account could be read);
 * - `half-done`: one of the two grants, the other does not;
 * - `broken-principal`: the principal is a unique id (`AROA…`/`AIDA…`): its role or user was deleted;
 * - `public`: `*` without a condition restricting it to accounts or an organization;
 * - `unshareable-key`: a grant on a secret encrypted with `aws/secretsmanager` (no other account can decrypt);
 * - `org-wide`: an organization or OU grant (listed with its scope);
 * - `foreign-key`: the secret's key is in another account (its policy cannot be read from here);
 * - `drifted`: the tool's record of the share disagrees with the documents (a statement it wrote was
 *   edited or removed by hand).
 */
export type AuditStatus = 'complete' | 'half-done' | 'broken-principal' | 'public' | 'unshareable-key' | 'org-wide' | 'foreign-key' | 'drifted';

export const AUDIT_STATUSES: readonly AuditStatus[] = Object.freeze(['public', 'broken-principal', 'unshareable-key', 'foreign-key', 'drifted', 'half-done', 'org-wide', 'complete'] as const);

/** Statuses that need someone's attention (exit 10); `complete` and `org-wide` are as intended. */
export function needsAttention(status: AuditStatus): boolean {
  return status !== 'complete' && status !== 'org-wide';
}

/** The codes of audit findings, with their severity (one registry, like FINDING_CODES). */
export const AUDIT_FINDING_CODES = {
  /** `*` with no restricting condition. */
  AUDIT_PUBLIC_GRANT: 'error',
  /** A unique id as principal: the role or user was deleted (a recreated one does not match). */
  AUDIT_BROKEN_PRINCIPAL: 'error',
  /** A cross-account grant on a secret encrypted with aws/secretsmanager. */
  AUDIT_UNSHAREABLE_KEY: 'error',
  /** The secret policy grants, the key policy does not. */
  AUDIT_KEY_SIDE_MISSING: 'warning',
  /** The key policy grants (for this secret), the secret policy does not. */
  AUDIT_SECRET_SIDE_MISSING: 'warning',
  /** The key is in another account: its policy cannot be read from the secret's account. */
  AUDIT_FOREIGN_KEY: 'warning',
  /** The key policy could not be read (kms:GetKeyPolicy denied). */
  AUDIT_KEY_POLICY_UNREADABLE: 'warning',
  /** A statement the tool wrote was edited, or a recorded share's statements are gone. */
  AUDIT_RECORD_DRIFTED: 'warning',
  /** An organization or OU grant: who it reaches. */
  AUDIT_ORG_WIDE: 'info',
} as const satisfies Record<string, Severity>;

export type AuditFindingCode = keyof typeof AUDIT_FINDING_CODES;

export interface AuditFinding {
  code: AuditFindingCode;
  severity: Severity;
  message: string;
  /** The document the finding is about. */
  document?: 'secret-policy' | 'key-policy';
  /** Index of the statement in that document. */
  statementIndex?: number;
  sid?: string;
}

/**
 * How `--fix` repairs a grant, as data (the audit session turns it into a plan the share session
 * applies, with the approval, the preflight and the write guard):
 * - `complete`: share again with the same grantee (the missing side is added; the other is left as it is);
 * - `repoint-or-remove`: a broken principal whose record names the role: re-point the grant to the role
 *   (by condition, so that the next recreation does not break it) when it exists again, else remove it;
 * - `remove`: remove the broken principal from the statements that name it (and the share's record);
 * - `narrow`: add `StringEquals aws:PrincipalOrgID = <the owner's organization>` to the public statement;
 * - `manual`: no automatic fix; `description` says what to do.
 */
export type AuditFix =
  | { kind: 'complete'; description: string; secret: string; consumer: string; roleBinding?: RoleBinding; side: 'key-policy' | 'secret-policy' }
  | { kind: 'repoint-or-remove'; description: string; secret: string; uniqueId: string; roleArn: string; keyArn?: string; recordKey?: string }
  | { kind: 'remove'; description: string; secret: string; uniqueId: string; keyArn?: string; recordKey?: string }
  | { kind: 'narrow'; description: string; secret: string; document: 'secret-policy' | 'key-policy'; keyArn?: string; statementIndex: number; sid?: string; orgId: string }
  | { kind: 'manual'; description: string };

/** Which findings `--fix` repairs. */
export type AuditFixCategory = 'half-done' | 'broken-principal' | 'public';
export const AUDIT_FIX_CATEGORIES: readonly AuditFixCategory[] = Object.freeze(['half-done', 'broken-principal', 'public'] as const);

export type SideGrant = 'grants' | 'missing' | 'unknown' | 'not-applicable';

/** One cross-account grant, as `audit --json` prints it. */
export interface AuditGrant {
  account: string;
  region: string;
  /** The secret ARN; null for a key grant that serves no secret of the account. */
  secret: string | null;
  secretName?: string;
  /** The key ARN; undefined for aws/secretsmanager. */
  key?: string;
  /**
   * Who is granted: an account root, role or user ARN, `condition:<role ARN>` (the root bound to a
   * role by aws:PrincipalArn), an organization id, an OU path, `*` (public), or a unique id.
   */
  principal: string;
  principalKind: GranteeKind;
  status: AuditStatus;
  /** org-wide: the organization or OU the grant reaches. */
  scope?: string;
  sides: { secretPolicy: SideGrant; keyPolicy: SideGrant; consumer: SideGrant };
  /** True when the tool's own record names this share. */
  recorded: boolean;
  findings: AuditFinding[];
  fix: AuditFix | null;
}

/** An account (and region) the audit could not read: reported, never fatal. */
export interface AuditFailure {
  account: string;
  region?: string;
  code: string;
  message: string;
  fix?: string;
}

export interface AuditSummary {
  accounts: number;
  regions: number;
  secrets: number;
  grants: number;
  /** Grants per status (every status present, 0 when none). */
  byStatus: Record<AuditStatus, number>;
  /** Grants that need attention (every status but complete and org-wide). */
  attention: number;
  failedAccounts: number;
  /** Policy-API requests (GetResourcePolicy) made, and the seconds the audit took. */
  policyRequests: number;
  seconds: number;
}

/** One account × region: what was read. */
export interface AuditScope {
  account: string;
  region: string;
  secrets: number;
  grants: number;
}

export interface AuditReport {
  shares: AuditGrant[];
  summary: AuditSummary;
  failures: AuditFailure[];
  scopes: AuditScope[];
}

/** Progress for a bar: one tick per secret read, per account and region. */
export interface AuditProgress {
  account: string;
  region: string;
  /** Secrets read so far (all accounts and regions) and known so far (grows while listings arrive). */
  done: number;
  total: number;
  /** Accounts × regions finished, and in all. */
  scopesDone: number;
  scopes: number;
}
