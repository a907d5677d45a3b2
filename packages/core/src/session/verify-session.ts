import { parseSecretArn } from '../arn/secret-arn';
import type { AwsContext } from '../aws/aws-context';
import { userError } from '../errors/wizard-error';
import { verifyAccess } from '../verify/verify-access';
import type { VerifyOutcome } from '../verify/verify-types';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { checkRegions } from './input-checks';
import { refusedOutcome } from './session-outcome';
import { sessionContext, type SessionOptions, type SessionOutcome } from './session-types';

export interface VerifySessionInput {
  /** The full secret ARN: another account cannot use a name. */
  secretArn: string;
  /** The role to read as (assumed with the consumer credentials); without it, the credentials themselves. */
  consumerRole?: string;
  versionStage?: string;
  /** Return the value itself (`--show-value`). */
  showValue?: boolean;
}

export interface VerifySessionOutcome extends SessionOutcome {
  verify?: VerifyOutcome;
}

/** Reads the secret as the consumer (value masked unless asked): exit 0 when it can, 3 when denied. */
export async function runVerifySession(input: VerifySessionInput, options: SessionOptions): Promise<VerifySessionOutcome> {
  let ctx: AwsContext | undefined;
  let release = (): void => undefined;
  try {
    parseSecretArn(input.secretArn, '--secret');
    if (!options.aws.consumerProfile && !options.context?.consumer) {
      const profile = await options.host.ask({
        code: 'credentials',
        message: 'Which AWS profile signs in to the consumer account? verify reads the secret as the consumer.',
        payload: { account: '', side: 'consumer', reason: 'read the secret as the consumer' },
        defaultAnswer: null,
      });
      if (!profile) throw userError('CONSUMER_CREDENTIALS_MISSING', '--consumer-profile', 'verify reads the secret as the consumer, but no consumer credentials were given', 'Pass --consumer-profile with credentials of the consumer account');
      options = { ...options, aws: { ...options.aws, consumerProfile: profile } };
    }
    ({ ctx, release } = sessionContext(options, options.aws));
    await checkRegions(ctx, [{ arn: input.secretArn, field: '--secret' }]);
    options.host.notify({ type: 'stage', stage: 'verify', message: `Reading the secret as ${input.consumerRole ?? 'the consumer credentials'}` });
    const verify = await verifyAccess(ctx, {
      secretArn: input.secretArn,
      ...(input.consumerRole ? { consumerRole: input.consumerRole } : {}),
      ...(input.versionStage ? { versionStage: input.versionStage } : {}),
      ...(input.showValue ? { showValue: true } : {}),
    });
    // Denied (on the secret, on KMS, not found from the consumer's side) is 3; anything else (the role cannot be assumed) is 1.
    const exitCode: ExitCode = verify.ok ? EXIT_CODES.ok : verify.errorClass === 'other' ? EXIT_CODES.failed : EXIT_CODES.denied;
    return { operation: 'verify', ok: verify.ok, status: verify.ok ? 'applied' : 'failed', exitCode, pending: 0, results: [], backup: null, remerged: [], verify, calls: ctx.calls.length };
  } catch (error) {
    return refusedOutcome('verify', error, ctx, options.host);
  } finally {
    release();
  }
}
