import { applyPlan } from '../apply/apply-plan';
import { skipReason } from '../apply/run-changes';
import { accountOf } from '../arn/arn';
import { accountRootArn } from '../arn/principal';
import type { AwsContext } from '../aws/aws-context';
import { readShareState } from '../aws/read-share-state';
import type { AuditFix } from '../audit/audit-types';
import { planAuditFix, type PlannedAuditFix } from '../audit/plan-audit-fix';
import { userError } from '../errors/wizard-error';
import type { Plan } from '../plan/plan-types';
import { buildShareRequest } from '../plan/share-request';
import { recordsFromTags } from '../record/share-record';
import { removeRecord } from '../record/write-record';
import { approvalPayload, approvalQuestion } from './approval';
import { EXIT_CODES } from './exit-codes';
import { preflight } from './preflight';
import { checkOwnerAccount, provedAccounts, writeGuard } from './session-guards';
import { applyExitCode, refusedOutcome } from './session-outcome';
import { applyOptionsOf, runShareSession } from './share-session';
import { sessionContext, type SessionOptions, type SessionOutcome } from './session-types';

export interface AuditFixSessionInput {
  fix: AuditFix;
  mode: 'plan' | 'apply';
}

/** What the state is read for: the consumer the fix names (the role, the organization, or no one). */
function stateRequest(fix: PlannedAuditFix, ownerAccount: string, partition: string) {
  const consumer = fix.kind === 'narrow' ? fix.orgId : fix.kind === 'repoint-or-remove' ? fix.roleArn : accountRootArn(ownerAccount, partition);
  return buildShareRequest({ secret: fix.secret, consumer, identityPolicy: 'none' });
}

/**
 * `audit --fix`, one finding at a time, through the same steps as a share: read the documents →
 * plan (notify `plan`) → approval → preflight (every document re-read, ValidateResourcePolicy) →
 * guarded writes with backup and rollback → the share record. A half-done share is completed by the
 * share session itself; a broken principal is re-pointed to its role (by condition) when that role
 * exists again — checked with the consumer credentials of its account — and removed otherwise; a
 * public statement is narrowed to the owner's organization.
 */
export async function runAuditFixSession(input: AuditFixSessionInput, options: SessionOptions): Promise<SessionOutcome> {
  const { fix } = input;
  if (fix.kind === 'complete') {
    return runShareSession({ request: { secret: fix.secret, consumer: fix.consumer, identityPolicy: 'none', ...(fix.roleBinding ? { roleBinding: fix.roleBinding } : {}) }, mode: input.mode }, options);
  }
  const { host } = options;
  const now = options.now ?? (() => new Date());
  if (fix.kind === 'manual') return refusedOutcome('share', userError('INPUT_AUDIT', '--fix', `there is no automatic fix for this finding: ${fix.description}`, 'Make the change by hand, then audit again'), undefined, host);
  const operation = fix.kind === 'repoint-or-remove' ? 'share' : 'revoke';
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  let plan: Plan | undefined;
  try {
    ({ ctx, release } = sessionContext(options, options.aws));
    const ownerAccount = accountOf(fix.secret) ?? '';
    const partition = fix.secret.split(':')[1] ?? 'aws';
    host.notify({ type: 'stage', stage: 'read', message: `Reading ${fix.secret}, its key and its policy` });
    const ownerIdentity = ctx.owner.identity();
    ownerIdentity.catch(() => undefined);
    // The role's existence is read with credentials of its account only (else: not checked).
    const roleAccount = fix.kind === 'repoint-or-remove' ? accountOf(fix.roleArn) : undefined;
    const consumerAccount = ctx.consumer ? await ctx.consumer.identity().then((identity) => identity.account).catch(() => undefined) : undefined;
    const readCtx: AwsContext = roleAccount !== undefined && consumerAccount === roleAccount ? ctx : { ...ctx, consumer: undefined } as AwsContext;
    const state = await readShareState(readCtx, stateRequest(fix, ownerAccount, partition));
    const roleExists = fix.kind === 'repoint-or-remove' && state.consumerAccountReadable ? state.principalExists === true : false;
    plan = planAuditFix(state, fix, { roleExists, now: now() });
    host.notify({ type: 'plan', plan });
    if (fix.kind === 'repoint-or-remove' && !state.consumerAccountReadable) {
      host.notify({ type: 'info', message: `Could not check whether ${fix.roleArn} exists (no credentials of account ${roleAccount}): the broken principal is removed; share again once the role exists.` });
    }
    const pending = plan.changes.filter((change) => !skipReason(change));
    if (plan.blocked) return refusedOutcome(operation, userError('PLAN_BLOCKED', 'plan', `the fix has error findings (${plan.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(', ')}); nothing was written`, 'Fix what the findings say and audit again'), ctx, host, { plan });
    if (input.mode === 'plan') return finished('planned', EXIT_CODES.ok, { plan, pending: pending.length });
    if (pending.length === 0) return finished('no-changes', EXIT_CODES.ok, { plan });

    const owner = await checkOwnerAccount(ownerIdentity, plan);
    const guard = writeGuard(plan, await provedAccounts(ctx, owner));
    for (const change of pending) guard(change, change.before, {});
    const payload = approvalPayload(operation, [plan], plan.changes, plan.secret.account, { ...(options.aws.ownerProfile ? { owner: options.aws.ownerProfile } : {}) });
    payload.notes = [plan.auditFix?.description ?? fix.description];
    if (!(await host.ask(approvalQuestion(payload)))) return finished('declined', EXIT_CODES.ok, { plan, pending: pending.length });

    const checked = await preflight(ctx, plan.changes, host);
    host.notify({ type: 'stage', stage: 'apply', message: `Writing ${pending.length} change${pending.length === 1 ? '' : 's'}` });
    const recordKey = fix.kind === 'narrow' ? undefined : fix.recordKey;
    const recorded = recordKey ? recordsFromTags(state.secret.tags, state.secret.arn).find((entry) => entry.key === recordKey) : undefined;
    const repointed = plan.auditFix?.kind === 'repoint';
    const record = repointed ? { tool: options.tool ?? 'secret-share-wizard' } : recorded ? { remove: recorded.record, key: recorded.key } : undefined;
    const apply = await applyPlan(ctx, plan, { ...applyOptionsOf(options), preflight: checked.live, findings: checked.findings, guard, validated: true, ...(record ? { record } : {}) });
    const base = { plan, pending: pending.length, results: apply.results, backup: apply.backup, apply, remerged: apply.remerged ?? [], ...(apply.restoreCommand ? { restoreCommand: apply.restoreCommand } : {}) };
    if (!apply.ok) {
      const refused = refusedOutcome(operation, apply.error, ctx, host);
      return { ...finished('failed', applyExitCode(apply), base), ok: false, ...(refused.error ? { error: refused.error } : {}) };
    }
    // The re-pointed share has its own record (by condition); the broken one's goes.
    if (repointed && recorded) await removeRecord(ctx, state.secret.arn, recorded.key);
    return finished('applied', EXIT_CODES.ok, base);
  } catch (error) {
    return refusedOutcome(operation, error, ctx, host, plan ? { plan } : {});
  } finally {
    release();
  }

  function finished(status: SessionOutcome['status'], exitCode: SessionOutcome['exitCode'], extra: Partial<SessionOutcome>): SessionOutcome {
    return { operation, ok: exitCode === EXIT_CODES.ok, status, exitCode, pending: 0, results: [], backup: null, remerged: [], calls: ctx?.calls.length ?? 0, ...extra };
  }
}
