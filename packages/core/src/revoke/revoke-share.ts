import { applyPlan } from '../apply/apply-plan';
import type { ApplyOptions, ApplyOutcome } from '../apply/apply-types';
import type { AwsContext } from '../aws/aws-context';
import { readShareState } from '../aws/read-share-state';
import { planRevoke } from '../plan/plan-revoke';
import type { Plan, ShareRequest } from '../plan/plan-types';

export interface RevokeOutcome extends ApplyOutcome {
  /** The revoke plan that was applied (its changes, diffs and findings). */
  plan: Plan;
}

/**
 * Removes exactly the statements the product wrote for this consumer (by their Sids), and deletes
 * the consumer policy it created when nothing else is left in it (detach, delete old versions,
 * DeletePolicy), through the same safe apply as a share: stale check, backup, rollback.
 * Revoke after apply gives back documents equal (after normalisation) to those before the apply.
 * Throws PLAN_BLOCKED (nothing written) when the revoke plan has error findings.
 */
export async function revokeShare(ctx: AwsContext, request: ShareRequest, options: ApplyOptions): Promise<RevokeOutcome> {
  const state = await readShareState(ctx, request);
  const plan = planRevoke(state, request, (options.now ?? (() => new Date()))());
  const outcome = await applyPlan(ctx, plan, options);
  return { ...outcome, plan };
}
