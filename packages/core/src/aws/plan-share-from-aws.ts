import type { Plan, ShareRequest } from '../plan/plan-types';
import { planShare } from '../plan/plan-share';
import type { AwsContext } from './aws-context';
import { readShareState } from './read-share-state';

/** Reads the current state from AWS (in parallel) and plans the share. Writes nothing. */
export async function planShareFromAws(ctx: AwsContext, request: ShareRequest, now?: Date): Promise<Plan> {
  const state = await readShareState(ctx, request);
  return planShare(state, request, now);
}
