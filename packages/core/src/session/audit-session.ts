import { accountOf } from '../arn/arn';
import { createAwsContext } from '../aws/aws-context';
import type { AuditFix, AuditFixCategory, AuditGrant, AuditReport } from '../audit/audit-types';
import { AUDIT_FIX_CATEGORIES } from '../audit/audit-types';
import { runAudit, type AuditRunInput } from '../audit/run-audit';
import { asWizardError, errorInfo, userError, type ErrorInfo } from '../errors/wizard-error';
import { runAuditFixSession } from './audit-fix-session';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { SessionOptions, SessionStatus } from './session-types';

export interface AuditSessionInput extends AuditRunInput {
  /** `--fix`: the findings to repair, each as a plan the share session applies (approval first). */
  fix?: AuditFixCategory[];
}

/** One `--fix` attempt. */
export interface AuditFixResult {
  account: string;
  region: string;
  secret: string | null;
  principal: string;
  fix: AuditFix;
  status: SessionStatus;
  exitCode: ExitCode;
  error?: ErrorInfo;
  backup?: string | null;
}

export interface AuditOutcome {
  operation: 'audit';
  ok: boolean;
  /** 0: nothing needs attention; 10: something does (or an account could not be read); 2/1 as usual. */
  exitCode: ExitCode;
  report?: AuditReport;
  fixes: AuditFixResult[];
  error?: ErrorInfo;
}

/** The fix categories each status belongs to. */
const CATEGORY: Partial<Record<AuditGrant['status'], AuditFixCategory>> = { 'half-done': 'half-done', 'broken-principal': 'broken-principal', public: 'public' };

/** The grants `--fix` repairs: of a chosen category, with an automatic fix. */
export function fixableGrants(report: AuditReport, categories: readonly AuditFixCategory[]): Array<AuditGrant & { fix: Exclude<AuditFix, { kind: 'manual' }> }> {
  return report.shares.filter((grant): grant is AuditGrant & { fix: Exclude<AuditFix, { kind: 'manual' }> } => {
    const category = CATEGORY[grant.status];
    return category !== undefined && categories.includes(category) && grant.fix !== null && grant.fix.kind !== 'manual';
  });
}

function checkInput(input: AuditSessionInput): void {
  const rate = input.rateLimit;
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0 || rate > 50)) {
    throw userError('INPUT_AUDIT', '--rate-limit', `${rate} is not a rate between 1 and 50 requests per second`, 'AWS allows 50 Get/Put/Delete/ValidateResourcePolicy requests per second per account and region: pass 1 to 50 (default 50)');
  }
  for (const category of input.fix ?? []) {
    if (!AUDIT_FIX_CATEGORIES.includes(category)) throw userError('INPUT_AUDIT', '--fix', `"${String(category)}" is not one of ${AUDIT_FIX_CATEGORIES.join(', ')}, all`, `Pass --fix ${AUDIT_FIX_CATEGORIES.join('|')} (repeatable) or --fix all`);
  }
  if (input.org && !/^[\w+=,.@-]{1,64}$/.test(input.org.roleName)) {
    throw userError('INPUT_AUDIT', '--role-name', `"${input.org.roleName}" is not an IAM role name`, 'Pass the name of the role to assume in every member account, e.g. OrganizationAccountAccessRole');
  }
}

/**
 * `audit`: every cross-account grant of an account (or, with `org`, of every account of the
 * organization) and its status, then, with `fix`, each chosen finding repaired through its own
 * session (approval, preflight, guard, rollback), one after the other. The exit code is 10 when a
 * grant still needs attention or an account could not be read, 0 when nothing does.
 */
export async function runAuditSession(input: AuditSessionInput, options: SessionOptions): Promise<AuditOutcome> {
  const { host } = options;
  try {
    checkInput(input);
    host.notify({ type: 'stage', stage: 'read', message: input.org ? `Listing the organization's accounts (role ${input.org.roleName} in each)` : 'Reading every secret, its key and its policy' });
    const createContext = options.createContext ?? createAwsContext;
    const run = await runAudit(options.aws, { ...input, ...(options.signal ? { signal: options.signal } : {}) }, createContext);
    const { report } = run;
    const fixes: AuditFixResult[] = [];
    const fixed = new Set<AuditGrant>();
    for (const grant of fixableGrants(report, input.fix ?? [])) {
      if (options.signal?.aborted) break;
      const access = run.access.get(grant.account) ?? options.aws;
      // A role re-pointed in another audited account: its credentials tell whether it exists again.
      const roleAccount = grant.fix.kind === 'repoint-or-remove' ? accountOf(grant.fix.roleArn) : undefined;
      const consumerAccess = roleAccount !== undefined ? run.access.get(roleAccount) : undefined;
      const contextOptions = { ...access, region: grant.region, ...(consumerAccess?.ownerCredentials ? { consumerCredentials: consumerAccess.ownerCredentials } : consumerAccess?.ownerProfile ? { consumerProfile: consumerAccess.ownerProfile } : {}) };
      host.notify({ type: 'info', message: `Fixing ${grant.status} ${grant.principal} on ${grant.secret ?? grant.key}: ${grant.fix.description}` });
      const outcome = await runAuditFixSession({ fix: grant.fix, mode: 'apply' }, { ...options, aws: contextOptions, context: undefined });
      if (outcome.status === 'applied' || outcome.status === 'no-changes') fixed.add(grant);
      fixes.push({
        account: grant.account,
        region: grant.region,
        secret: grant.secret,
        principal: grant.principal,
        fix: grant.fix,
        status: outcome.status,
        exitCode: outcome.exitCode,
        ...(outcome.error ? { error: outcome.error } : {}),
        backup: outcome.backup,
      });
    }
    const broken = fixes.map((f) => f.exitCode).filter((code) => code !== EXIT_CODES.ok && code !== EXIT_CODES.nothingWritten);
    const open = report.shares.filter((grant) => grant.status !== 'complete' && grant.status !== 'org-wide' && !fixed.has(grant)).length;
    const exitCode: ExitCode = broken.includes(EXIT_CODES.rollbackIncomplete) ? EXIT_CODES.rollbackIncomplete : broken.length > 0 ? (broken[0] as ExitCode) : open > 0 || report.failures.length > 0 ? EXIT_CODES.changesPending : EXIT_CODES.ok;
    return { operation: 'audit', ok: exitCode === EXIT_CODES.ok || exitCode === EXIT_CODES.changesPending, exitCode, report, fixes };
  } catch (error) {
    const wizardError = asWizardError(error);
    const info = errorInfo(wizardError);
    host.notify({ type: 'error', error: info });
    return { operation: 'audit', ok: false, exitCode: wizardError.code === 'CANCELLED' ? EXIT_CODES.interrupted : wizardError.source === 'user' ? EXIT_CODES.nothingWritten : EXIT_CODES.failed, fixes: [], error: info };
  }
}
