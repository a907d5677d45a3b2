import { WizardError } from '../errors/wizard-error';
import { bindNewKeyArn } from '../plan/bind-new-key';
import type { Plan } from '../plan/plan-types';
import type { AwsContext } from '../aws/aws-context';
import type { ApplyOptions, ApplyOutcome } from './apply-types';
import { runChanges } from './run-changes';

/**
 * Applies a plan as one transaction. Order: (secret-key move,) identity policy, key policy, secret
 * policy last (access opens only at the final write). Before each write the live document is
 * re-read and compared with the plan's `before`, and saved in the backup folder. On any failure,
 * staleness (`STALE_DOCUMENT`) or cancellation the writes made are rolled back and the outcome
 * reports each change. A change with action `none` is not written, so applying twice writes once.
 *
 * Throws `PLAN_BLOCKED` (nothing written) for a plan with error findings; every later problem is
 * reported in the outcome (`ok: false`, `error`, per-change `results`).
 */
export async function applyPlan(ctx: AwsContext, plan: Plan, options: ApplyOptions): Promise<ApplyOutcome> {
  if (plan.blocked || plan.findings.some((finding) => finding.severity === 'error')) {
    const errors = plan.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code);
    throw new WizardError('PLAN_BLOCKED', `The plan has errors (${errors.join(', ') || 'blocked'}); nothing was written`, {
      field: 'plan',
      fix: 'Fix what the findings say and plan again',
    });
  }
  return runChanges(
    ctx,
    {
      operation: plan.operation === 'share' ? 'apply' : 'revoke',
      changes: plan.changes,
      secret: { arn: plan.secret.arn, account: plan.secret.account, region: plan.secret.region, partition: plan.secret.partition },
      consumer: { arn: plan.consumer.arn, account: plan.consumer.account },
      planCreatedAt: plan.createdAt,
      findings: plan.findings,
      bindNewKey: (changes, keyArn) => bindNewKeyArn({ ...plan, changes }, keyArn).changes,
    },
    options,
  );
}
