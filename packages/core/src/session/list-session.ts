import type { AwsContext } from '../aws/aws-context';
import { listShares, type ShareListing } from '../record/list-shares';
import { EXIT_CODES } from './exit-codes';
import { checkRegions } from './input-checks';
import { refusedOutcome } from './session-outcome';
import { sessionContext, type SessionOptions, type SessionOutcome } from './session-types';

export interface ListSessionOutcome extends SessionOutcome {
  shares: ShareListing[];
  /** Secrets read. */
  secrets: number;
}

/**
 * `list`: the shares of one secret, or of every secret in the region, with their state (`complete`,
 * `partial`, `drifted`) and the state of each side. Reads only; the identity side is read when the
 * consumer credentials are given.
 */
export async function runListSession(input: { secret?: string; concurrency?: number }, options: SessionOptions): Promise<ListSessionOutcome> {
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  try {
    ({ ctx, release } = sessionContext(options, options.aws));
    await checkRegions(ctx, [{ arn: input.secret, field: '--secret' }]);
    options.host.notify({ type: 'stage', stage: 'read', message: input.secret ? `Reading the shares of ${input.secret}` : 'Reading the shares of every secret in the region' });
    const { shares, secrets } = await listShares(ctx, { ...(input.secret ? { secret: input.secret } : {}), ...(input.concurrency ? { concurrency: input.concurrency } : {}) });
    return { operation: 'list', ok: true, status: 'planned', exitCode: EXIT_CODES.ok, pending: 0, results: [], backup: null, remerged: [], calls: ctx.calls.length, shares, secrets };
  } catch (error) {
    return { ...refusedOutcome('list', error, ctx, options.host), shares: [], secrets: 0 };
  } finally {
    release();
  }
}
