import type { ApplyOutcome } from '../apply/apply-types';
import { applyPlan, stateWith } from '../apply/apply-plan';
import { skipReason } from '../apply/run-changes';
import { accountOf, partitionOf } from '../arn/arn';
import { checkRoleBinding, type RoleBinding } from '../arn/grantee';
import { isOrgConsumer, parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { parseSecretRef } from '../arn/secret-arn';
import type { AwsContext } from '../aws/aws-context';
import { describeSecret, type DescribedSecret } from '../aws/read-secret';
import { readShareState } from '../aws/read-share-state';
import { WizardError, userError } from '../errors/wizard-error';
import { planRevoke } from '../plan/plan-revoke';
import type { IdentityPolicyMode, Plan, ShareRequest } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import { buildShareRequest } from '../plan/share-request';
import { recordsFromTags, type ShareRecord } from '../record/share-record';
import { removeRecord } from '../record/write-record';
import { approvalPayload, approvalQuestion } from './approval';
import { EXIT_CODES } from './exit-codes';
import { checkRegions, refuseSameAccount } from './input-checks';
import { missingConsumerCredentials, preflight } from './preflight';
import { applyExitCode, refusedOutcome } from './session-outcome';
import { checkOwnerAccount, provedAccounts, writeGuard } from './session-guards';
import { applyOptionsOf } from './share-session';
import { untilAborted } from './until-aborted';
import { sessionContext, type SessionOptions, type SessionOutcome } from './session-types';

export interface RevokeSessionInput {
  /**
   * What names the share: the secret and the consumer (account id or principal ARN) are enough when
   * the share has a record; `consumerIdentity` picks one of several shares with the same account.
   * Without a record (shares made before records existed) the flags describe the share as before.
   */
  request: { secret: string; consumer: string; consumerIdentity?: string; identityPolicy?: string; policyName?: string; roleBinding?: string };
  mode: 'plan' | 'apply';
}

/** The records of `secret` that `consumer` (and `consumerIdentity`) name. */
export function matchingRecords(records: Array<{ key: string; record: ShareRecord }>, consumer: ConsumerPrincipal, consumerIdentity?: string, binding?: RoleBinding): Array<{ key: string; record: ShareRecord }> {
  return records.filter(({ record }) => {
    const sameConsumer = consumer.kind === 'account' ? accountOf(record.consumer) === consumer.account : record.consumer === consumer.arn;
    if (!sameConsumer) return false;
    if (binding !== undefined && (record.binding ?? 'principal') !== binding) return false;
    if (!consumerIdentity) return true;
    const given = consumerIdentity.startsWith('arn:') ? consumerIdentity : consumerIdentity.replace(/^(role|user)\//, '');
    const identity = record.identityArn ?? '';
    return given.startsWith('arn:') ? identity === given : identity.split('/').pop() === given;
  });
}

function describeRecord(record: ShareRecord): string {
  return `${record.consumer}${record.binding === 'condition' ? ' (bound by aws:PrincipalArn)' : ''}${record.identityArn ? ` via ${record.identityArn}` : ''}`;
}

/** The request that revokes exactly what a record says was granted. */
export function requestFromRecord(secretArn: string, record: ShareRecord): ShareRequest {
  return buildShareRequest({
    secret: secretArn,
    consumer: record.consumer,
    ...(record.binding === 'condition' ? { roleBinding: 'condition' } : {}),
    ...(record.identityArn ? { consumerIdentity: record.identityArn } : {}),
    identityPolicy: record.identityMode,
    ...(record.policyName ? { policyName: record.policyName } : {}),
    options: record.options,
  });
}

/**
 * Revoke exactly what was granted. The share's record (a tag on the secret) says which consumer,
 * which role got which identity policy, on which key, with which options — so the secret and the
 * consumer are enough. Every artifact is removed in both accounts: the statements, the consumer
 * policy (deleted when it held only this share, else only this secret's statements taken out of it),
 * and the record. Then the same guarded, preflighted, rolled-back-on-failure apply as a share,
 * closing access first: the secret policy, then the key policy and the identity policy.
 */
export async function runRevokeSession(input: RevokeSessionInput, options: SessionOptions): Promise<SessionOutcome> {
  const { host } = options;
  const now = options.now ?? (() => new Date());
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  let plan: Plan | undefined;
  let aws = options.aws;
  try {
    const ref = parseSecretRef(input.request.secret, '--secret');
    const partition = ref.kind === 'arn' ? ref.secret.partition : 'aws';
    const consumer = parsePrincipal(input.request.consumer, '--consumer', partition);
    const binding = checkRoleBinding(input.request.roleBinding === '' ? undefined : input.request.roleBinding, consumer);
    if (ref.kind === 'arn') refuseSameAccount(consumer, ref.secret.account);
    ({ ctx, release } = sessionContext(options, aws));
    await checkRegions(ctx, [{ arn: input.request.secret, field: '--secret' }]);

    host.notify({ type: 'stage', stage: 'read', message: "Reading the secret and its share records" });
    const describing = describeSecret(ctx, input.request.secret);
    describing.catch(() => undefined); // awaited just below
    let ownerIdentity = ctx.owner.identity();
    ownerIdentity.catch(() => undefined);
    // Most shares are what the flags say (or their record says the same): their documents are read
    // while DescribeSecret fetches the records, and read again only if the record names another share.
    const consumerCredentials = ctx.consumer !== undefined;
    const guess = consumerCredentials ? guessedRequest(input, consumer) : undefined;
    const speculative = guess ? readShareState(ctx, guess, describing, { allVersions: true }) : undefined;
    speculative?.catch(() => undefined); // awaited only when it read the right share
    const described = await untilAborted(describing, options.signal);
    const matches = matchingRecords(recordsFromTags(described.tags, described.arn), consumer, input.request.consumerIdentity, binding);
    if (matches.length > 1) {
      throw new WizardError('SHARE_AMBIGUOUS', `--consumer: ${input.request.consumer} names ${matches.length} shares of ${described.arn}: ${matches.map(({ record }) => describeRecord(record)).join('; ')}`, {
        field: '--consumer',
        fix: 'Name one: pass the consumer principal ARN with --consumer, the role with --consumer-role, or --role-binding principal|condition',
      });
    }
    const found = matches[0];
    const request = found ? requestFromRecord(described.arn, found.record) : legacyRequest(input, described.arn, consumer, ctx.consumer !== undefined);
    if (found) host.notify({ type: 'info', message: `Found the record of this share: ${describeRecord(found.record)}, ${found.record.identityMode} identity policy${found.record.policyName ? ` ${found.record.policyName}` : ''}, recorded ${found.record.createdAt}` });

    // The identity policy the share wrote is in the consumer account: its credentials are needed.
    if (input.mode === 'apply' && (request.identityPolicy === 'managed' || request.identityPolicy === 'inline') && request.consumerIdentity && !ctx.consumer) {
      const profile = await host.ask({
        code: 'credentials',
        message: `Which AWS profile signs in to the consumer account ${accountOf(request.consumerIdentity) ?? consumer.account}? The share's identity policy is there.`,
        payload: { account: accountOf(request.consumerIdentity) ?? consumer.account, side: 'consumer', reason: `remove the ${request.identityPolicy} identity policy ${request.policyName ?? ''} of ${request.consumerIdentity}` },
        defaultAnswer: null,
      });
      if (!profile) throw missingConsumerCredentials(accountOf(request.consumerIdentity) ?? consumer.account);
      aws = { ...aws, consumerProfile: profile };
      release();
      ({ ctx, release } = sessionContext({ ...options, context: undefined }, aws));
      ownerIdentity = ctx.owner.identity();
      ownerIdentity.catch(() => undefined);
    }

    const state =
      speculative && guess && ctx.consumer && sameReads(guess, request, described)
        ? await untilAborted(speculative, options.signal)
        : await untilAborted(readShareState(ctx, { ...request, secret: described.arn }, Promise.resolve(described), { allVersions: true }), options.signal);
    plan = planRevoke(state, request, now());
    host.notify({ type: 'plan', plan });
    const pending = plan.changes.filter((change) => !skipReason(change));
    if (plan.blocked) return refusedOutcome('revoke', userError('PLAN_BLOCKED', 'plan', `the revoke plan has error findings (${plan.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(', ')}); nothing was written`, 'Fix what the findings say and run revoke again'), ctx, host, { plan });
    if (input.mode === 'plan') return finished('planned', EXIT_CODES.ok, { plan, pending: pending.length });
    if (pending.length === 0 && !found) return finished('no-changes', EXIT_CODES.ok, { plan });

    const owner = await checkOwnerAccount(ownerIdentity, plan);
    if (pending.some((change) => change.kind === 'identity-policy') && !ctx.consumer) throw missingConsumerCredentials(plan.consumer.account);
    const guard = writeGuard(plan, await provedAccounts(ctx, owner));
    for (const change of pending) guard(change, change.before, {});

    const payload = approvalPayload('revoke', [plan], plan.changes, plan.secret.account, { ...(aws.ownerProfile ? { owner: aws.ownerProfile } : {}), ...(aws.consumerProfile ? { consumer: aws.consumerProfile } : {}) });
    if (found) payload.notes = [`remove the share record ${found.key} from ${plan.secret.arn}`];
    if (!(await host.ask(approvalQuestion(payload)))) return finished('declined', EXIT_CODES.ok, { plan, pending: pending.length });

    const checked = await untilAborted(preflight(ctx, plan.changes, host, { replan: (change, live) => planRevoke(stateWith(state, change.kind, live), request, now()) }), options.signal);
    host.notify({ type: 'stage', stage: 'apply', message: `Revoking: ${pending.length} change${pending.length === 1 ? '' : 's'}` });
    const applyOptions = {
      ...applyOptionsOf(options),
      preflight: checked.live,
      findings: checked.findings,
      guard,
      validated: true,
      ...(found ? { record: { remove: found.record, key: found.key } } : {}),
    };
    const apply = pending.length > 0 ? await applyPlan(ctx, { ...plan, changes: checked.changes }, applyOptions) : await recordOnly(plan, found!);
    const base = { plan, pending: pending.length, results: apply.results, backup: apply.backup, apply, remerged: [...checked.remerged, ...(apply.remerged ?? [])], ...(found ? { record: found.record } : {}), ...(apply.restoreCommand ? { restoreCommand: apply.restoreCommand } : {}) };
    if (!apply.ok) {
      const outcome = refusedOutcome('revoke', apply.error, ctx, host);
      return { ...finished('failed', applyExitCode(apply), base), ok: false, ...(outcome.error ? { error: outcome.error } : {}) };
    }
    return finished('applied', EXIT_CODES.ok, base);
  } catch (error) {
    return refusedOutcome('revoke', error, ctx, host, plan ? { plan } : {});
  } finally {
    release();
  }

  /** Only the record is left (its statements were already gone): remove it. */
  async function recordOnly(revoked: Plan, record: { key: string }): Promise<ApplyOutcome> {
    await removeRecord(ctx!, revoked.secret.arn, record.key);
    return { ok: true, backup: null, results: revoked.changes.map((change) => ({ kind: change.kind, target: change.target, status: 'unchanged' })), findings: revoked.findings, remerged: [] };
  }

  function finished(status: SessionOutcome['status'], exitCode: SessionOutcome['exitCode'], extra: Partial<SessionOutcome>): SessionOutcome {
    return { operation: 'revoke', ok: exitCode === EXIT_CODES.ok, status, exitCode, pending: 0, results: [], backup: null, remerged: [], calls: ctx?.calls.length ?? 0, ...extra };
  }
}


/** The share as the flags describe it, read before the record is known; undefined when the flags cannot describe one. */
function guessedRequest(input: RevokeSessionInput, consumer: ConsumerPrincipal): ShareRequest | undefined {
  try {
    return legacyRequest(input, input.request.secret, consumer, true);
  } catch {
    return undefined;
  }
}

/** Whether two requests make readShareState read the same documents (same principal, same identity target). */
function sameReads(a: ShareRequest, b: ShareRequest, secret: DescribedSecret): boolean {
  const reads = (request: ShareRequest) => {
    const principal = parsePrincipal(request.consumer, 'consumer', partitionOf(secret.arn));
    return JSON.stringify({ consumer: principal.arn, binding: request.roleBinding ?? 'principal', target: identityTargetFor(principal, request, secret.arn, secret.name) ?? null, move: request.moveToKey ?? null });
  };
  return reads(a) === reads(b);
}

/** A share made before records existed: the flags describe it (the default policy name, the mode). */
function legacyRequest(input: RevokeSessionInput, secretArn: string, consumer: ConsumerPrincipal, consumerCredentials: boolean): ShareRequest {
  const given = input.request.identityPolicy as IdentityPolicyMode | 'auto' | undefined;
  const provisional = buildShareRequest({
    secret: secretArn,
    consumer: input.request.consumer,
    ...(input.request.consumerIdentity ? { consumerIdentity: input.request.consumerIdentity } : {}),
    identityPolicy: isOrgConsumer(consumer) ? 'none' : given === 'inline' || given === 'none' ? given : 'managed',
    ...(input.request.policyName ? { policyName: input.request.policyName } : {}),
    ...(input.request.roleBinding ? { roleBinding: input.request.roleBinding } : {}),
  });
  const target = identityTargetFor(consumer, provisional, secretArn, '');
  const mode: IdentityPolicyMode = isOrgConsumer(consumer) ? 'none' : given === undefined || given === 'auto' ? (target && !consumerCredentials ? 'none' : 'managed') : given;
  return { ...provisional, identityPolicy: mode };
}
