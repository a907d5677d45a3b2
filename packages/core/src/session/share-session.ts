import { applyPlan, recordOf, stateWith } from '../apply/apply-plan';
import type { ApplyOptions } from '../apply/apply-types';
import { skipReason } from '../apply/run-changes';
import { partitionOf } from '../arn/arn';
import { isOrgConsumer, parsePrincipal } from '../arn/principal';
import type { AwsContext } from '../aws/aws-context';
import { readShareState } from '../aws/read-share-state';
import { userError } from '../errors/wizard-error';
import { planShare } from '../plan/plan-share';
import type { IdentityPolicyMode, Plan } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import { buildShareRequest, requestInputOf } from '../plan/share-request';
import { verifyAccess } from '../verify/verify-access';
import { approvalPayload, approvalQuestion } from './approval';
import { EXIT_CODES } from './exit-codes';
import { checkRegions, ownerAccountOf, refuseSameAccount } from './input-checks';
import { comparePlanFile, planFileError } from './plan-file';
import { missingConsumerCredentials, preflight } from './preflight';
import { checkOwnerAccount, provedAccounts, refuseOtherOwner, writeGuard } from './session-guards';
import { applyExitCode, refusedOutcome } from './session-outcome';
import { untilAborted } from './until-aborted';
import { sessionContext, type IdentityModeInput, type SessionOptions, type SessionOutcome, type ShareSessionInput } from './session-types';

/**
 * One share, start to end, for every front end: check the input → read AWS → plan → (the host
 * reviews; `plan` mode stops here) → the host approves once → preflight (every document re-read at
 * once, ValidateResourcePolicy) → apply (guarded writes in rounds, rollback on failure, re-merge on
 * concurrent writers) → record the share on the secret → verify as the consumer (when asked). The
 * front ends only answer the host's questions and render; nothing is written before everything that
 * can fail has been checked, and the outcome's exit code says what stayed written.
 */
export async function runShareSession(input: ShareSessionInput, options: SessionOptions): Promise<SessionOutcome> {
  const { host } = options;
  const now = options.now ?? (() => new Date());
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  let plan: Plan | undefined;
  try {
    const typed = input.planFile ? requestInputOf(input.planFile.request) : input.request;
    const modeInput = (typed.identityPolicy ?? 'auto') as IdentityModeInput;
    // The request as typed, checked before anything else (the identity mode is settled below).
    const organization = isOrgConsumer(parsePrincipal(typed.consumer, '--consumer', partitionOf(typed.secret)));
    // An organization or OU: its member accounts' administrators attach the identity policy ('auto' → none).
    const provisional = buildShareRequest({ ...typed, identityPolicy: modeInput === 'auto' ? (organization ? 'none' : 'managed') : modeInput });
    const consumer = parsePrincipal(provisional.consumer, '--consumer', partitionOf(provisional.secret));
    refuseSameAccount(consumer, ownerAccountOf(provisional.secret));

    // Which account needs which credentials, decided once for every front end.
    let aws = options.aws;
    const target = identityTargetFor(consumer, provisional, '', '');
    const explicitWrite = modeInput === 'managed' || modeInput === 'inline';
    const hasConsumer = aws.consumerProfile !== undefined || options.context?.consumer !== undefined;
    if (input.mode === 'apply' && target && !hasConsumer && (explicitWrite || input.verify)) {
      const profile = await host.ask({
        code: 'credentials',
        message: `Which AWS profile signs in to the consumer account ${target.account}? (none: ${explicitWrite ? 'stop' : 'skip the verification'})`,
        payload: { account: target.account, side: 'consumer', reason: explicitWrite ? `write the ${modeInput} identity policy of ${target.arn}` : `verify access as ${target.arn}` },
        defaultAnswer: null,
      });
      if (profile) aws = { ...aws, consumerProfile: profile };
      else if (explicitWrite) throw missingConsumerCredentials(target.account);
    }
    const consumerCredentials = aws.consumerProfile !== undefined || options.context?.consumer !== undefined;
    const identityPolicy: IdentityPolicyMode = modeInput === 'auto' ? (organization || (target && !consumerCredentials) ? 'none' : 'managed') : modeInput;
    const request = buildShareRequest({ ...typed, identityPolicy });

    ({ ctx, release } = sessionContext(options, aws));
    await checkRegions(ctx, [
      { arn: request.secret, field: '--secret' },
      { arn: request.moveToKey && 'keyArn' in request.moveToKey ? request.moveToKey.keyArn : undefined, field: '--move-to-key' },
    ]);

    host.notify({ type: 'stage', stage: 'read', message: 'Reading the secret, its key and the policies' });
    const ownerIdentity = ctx.owner.identity();
    ownerIdentity.catch(() => undefined);
    const reading = readShareState(ctx, request);
    reading.catch(() => undefined);
    // Owner credentials of another account read nothing useful: say so before any read error.
    await untilAborted(refuseOtherOwner(ownerIdentity, ownerAccountOf(request.secret)), options.signal);
    const state = await untilAborted(reading, options.signal);
    refuseSameAccount(state.consumer, state.secret.account);

    plan = planShare(state, request, now());
    if (input.planFile) {
      const differences = comparePlanFile(input.planFile, plan);
      if (differences.length > 0) return refusedOutcome('share', planFileError(differences, 'the plan file'), ctx, host, { plan, planFileDifferences: differences });
    }
    host.notify({ type: 'plan', plan });
    const pending = plan.changes.filter((change) => !skipReason(change));
    if (plan.blocked) return refusedOutcome('share', blockedError(plan), ctx, host, { plan, pending: pending.length });
    if (input.mode === 'plan') return finished('planned', EXIT_CODES.ok, { plan, pending: pending.length });
    if (pending.length === 0) {
      const verify = input.verify && ctx.consumer ? await verifyAs(ctx, plan) : undefined;
      return finished('no-changes', verify && !verify.ok ? EXIT_CODES.denied : EXIT_CODES.ok, { plan, ...(verify ? { verify } : {}) });
    }

    // Everything that can be checked without writing, before the user is asked.
    const owner = await checkOwnerAccount(ownerIdentity, plan);
    if (pending.some((change) => change.kind === 'identity-policy') && !ctx.consumer) throw missingConsumerCredentials(plan.consumer.account);
    const guard = writeGuard(plan, await provedAccounts(ctx, owner));
    for (const change of pending) guard(change, change.before, {});

    const payload = approvalPayload('share', [plan], plan.changes, plan.secret.account, profilesOf(aws));
    if (!(await host.ask(approvalQuestion(payload)))) return finished('declined', EXIT_CODES.ok, { plan, pending: pending.length });
    if (options.signal?.aborted) return refusedOutcome('share', userError('CANCELLED', 'apply', 'interrupted before the first write; nothing was written', 'Run it again when ready'), ctx, host, { plan });

    const checked = await untilAborted(preflight(ctx, plan.changes, host, { replan: (change, live) => planShare(stateWith(state, change.kind, live), request, now()) }), options.signal);
    host.notify({ type: 'stage', stage: 'apply', message: `Writing ${pending.length} change${pending.length === 1 ? '' : 's'}` });
    const tool = options.tool ?? 'secret-share-wizard';
    const apply = await applyPlan(ctx, { ...plan, changes: checked.changes }, {
      ...applyOptionsOf(options),
      preflight: checked.live,
      findings: checked.findings,
      guard,
      validated: true,
      record: { tool },
    });
    const base = { plan, pending: pending.length, results: apply.results, backup: apply.backup, apply, remerged: [...checked.remerged, ...(apply.remerged ?? [])], ...(apply.restoreCommand ? { restoreCommand: apply.restoreCommand } : {}) };
    if (!apply.ok) {
      const refused = refusedOutcome('share', apply.error, ctx, host);
      return { ...finished('failed', applyExitCode(apply), base), ok: false, ...(refused.error ? { error: refused.error } : {}) };
    }
    const record = recordOf(plan, now(), tool, apply.createdKeyArn);
    const verify = input.verify && ctx.consumer ? await verifyAs(ctx, plan) : undefined;
    return finished('applied', verify && !verify.ok ? EXIT_CODES.denied : EXIT_CODES.ok, { ...base, record, ...(verify ? { verify } : {}) });
  } catch (error) {
    return refusedOutcome('share', error, ctx, host, plan ? { plan } : {});
  } finally {
    release();
  }

  function finished(status: SessionOutcome['status'], exitCode: SessionOutcome['exitCode'], extra: Partial<SessionOutcome>): SessionOutcome {
    return { operation: 'share', ok: exitCode === EXIT_CODES.ok, status, exitCode, pending: 0, results: [], backup: null, remerged: [], calls: ctx?.calls.length ?? 0, ...extra };
  }
}

function blockedError(plan: Plan) {
  const errors = plan.findings.filter((finding) => finding.severity === 'error');
  return userError('PLAN_BLOCKED', 'plan', `the plan has ${errors.length} error finding${errors.length === 1 ? '' : 's'} (${errors.map((f) => f.code).join(', ')}); nothing was written`, 'Fix what the findings say and plan again');
}

/** The principal verify reads as, decided once: the role that received the identity policy, else the consumer role. */
export function verifyRoleOf(plan: Plan): string | undefined {
  if (plan.identity?.principalKind === 'role') return plan.identity.arn;
  if (plan.consumer.kind === 'role') return plan.consumer.arn;
  return undefined;
}

async function verifyAs(ctx: AwsContext, plan: Plan) {
  const role = verifyRoleOf(plan);
  return verifyAccess(ctx, { secretArn: plan.secret.arn, ...(role ? { consumerRole: role } : {}), plan });
}

function profilesOf(aws: SessionOptions['aws']): { owner?: string; consumer?: string } {
  return { ...(aws.ownerProfile ? { owner: aws.ownerProfile } : {}), ...(aws.consumerProfile ? { consumer: aws.consumerProfile } : {}) };
}


export function applyOptionsOf(options: SessionOptions): ApplyOptions {
  return {
    host: options.host,
    ...(options.backupRoot ? { backupRoot: options.backupRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.invalidPrincipalRetryMs !== undefined ? { invalidPrincipalRetryMs: options.invalidPrincipalRetryMs } : {}),
  };
}
