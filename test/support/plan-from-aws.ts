import type { AwsContext } from '../../packages/core/src/aws/aws-context';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { planShare } from '../../packages/core/src/plan/plan-share';
import type { Plan, ShareRequest } from '../../packages/core/src/plan/plan-types';

/** Read AWS (in parallel) and plan: what the share session does before the review. */
export async function planShareFromAws(ctx: AwsContext, request: ShareRequest, now?: Date): Promise<Plan> {
  return planShare(await readShareState(ctx, request), request, now);
}
