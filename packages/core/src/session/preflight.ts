import { changeLabel, readBounded, sameState, skipReason, validateAll } from '../apply/run-changes';
import type { AwsContext } from '../aws/aws-context';
import { WizardError, userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { Change, Finding } from '../plan/plan-types';
import { policyDiff, textDiff } from '../policy/policy-diff';
import type { PolicyDocument } from '../policy/policy-types';

export interface PreflightResult {
  /** The live documents (change index → document), read just now, equal to each change's `before`. */
  live: Map<number, unknown>;
  /** ValidateResourcePolicy's findings (and its warning where the endpoint lacks it). */
  findings: Finding[];
}

/**
 * Right before the first write: every document the changes will write is read again — all at once,
 * together with ValidateResourcePolicy — and compared with what the plan showed. A document someone
 * changed since, or a policy Secrets Manager refuses, stops the session with nothing written.
 */
export async function preflight(ctx: AwsContext, changes: Change[], host: Host, since = 'since the plan was made', concurrency?: number): Promise<PreflightResult> {
  const indices = changes.map((change, index) => ({ change, index })).filter(({ change }) => !skipReason(change));
  const findings: Finding[] = [];
  host.notify({ type: 'stage', stage: 'preflight', message: `Reading the ${indices.length} document${indices.length === 1 ? '' : 's'} again before writing` });
  const [documents, refused] = await Promise.all([readBounded(ctx, indices.map(({ change }) => change), concurrency), validateAll(ctx, changes, findings, host)]);
  const live = new Map(indices.map(({ index }, i) => [index, documents[i]]));
  const stale = indices.filter(({ change, index }) => !sameState(change, live.get(index), change.before, partitionOfChanges(changes)));
  if (stale.length > 0) {
    const details = stale.map(({ change, index }) => staleDiff(change, live.get(index))).join('\n');
    throw new WizardError('STALE_DOCUMENT', `${stale.map(({ change }) => `The ${changeLabel(change)}`).join(' and ')} changed ${since} (someone else wrote ${stale.length === 1 ? 'it' : 'them'}); nothing was written`, {
      fix: 'Plan again and review the new diff before applying',
      details,
    });
  }
  if (refused) throw refused;
  return { live, findings };
}

function partitionOfChanges(changes: Change[]): string {
  const target = changes.find((change) => change.target.startsWith('arn:'))?.target;
  return target?.split(':')[1] ?? 'aws';
}

/** How the live document differs from what the plan showed, as a unified diff (plan → now). */
export function staleDiff(change: Change, live: unknown): string {
  if (change.kind === 'secret-key') return textDiff(change.kind, change.before.KmsKeyId, (live as { KmsKeyId?: string } | null)?.KmsKeyId ?? '');
  return policyDiff(change.kind, change.before, (live ?? null) as PolicyDocument | null);
}

/** Consumer credentials are needed for these changes but were not given. */
export function missingConsumerCredentials(account: string): WizardError {
  return userError(
    'INPUT_MISSING_FLAG',
    '--consumer-profile',
    `is needed: the identity policy is written in the consumer account ${account}`,
    'Pass --consumer-profile <profile> for that account, or --consumer-policy none to get the document for its administrator',
  );
}
