import { changeLabel, readBounded, sameState, skipReason, validateAll } from '../apply/run-changes';
import type { AwsContext } from '../aws/aws-context';
import { WizardError, userError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import type { Change, Finding, Plan } from '../plan/plan-types';
import { policyDiff, textDiff } from '../policy/policy-diff';
import type { PolicyDocument, Statement } from '../policy/policy-types';

export interface PreflightResult {
  /** The changes to write: the plan's, or re-merged onto a document another writer changed meanwhile. */
  changes: Change[];
  /** The live documents (change index → document), read just now, equal to each change's `before`. */
  live: Map<number, unknown>;
  /** ValidateResourcePolicy's findings (and its warning where the endpoint lacks it). */
  findings: Finding[];
  /** Documents another writer changed since the plan, whose reviewed change still holds on their new version. */
  remerged: string[];
}

/** Plans one document again on its live version (share or revoke); absent: any change is stale. */
export type Replan = (change: Change, live: unknown) => Plan;

function sids(statements: Statement[]): string {
  return statements.map((statement) => statement.Sid ?? JSON.stringify(statement)).sort().join('\n');
}

/**
 * Right before the first write: every document the changes will write is read again — all at once,
 * together with ValidateResourcePolicy — and compared with what the plan showed. A document another
 * writer changed meanwhile is planned again on its new version (`replan`): when the same statements
 * are added and removed as in the reviewed change (another writer touched only its own statements),
 * that re-merged change is written, and the outcome says so; otherwise — the reviewed change no longer
 * holds, the document now blocks the plan, or there is no `replan` (a plan file, a restore) — the
 * session stops with nothing written and the diff of what changed.
 */
export async function preflight(ctx: AwsContext, planned: Change[], host: Host, options: { since?: string; replan?: Replan; concurrency?: number } = {}): Promise<PreflightResult> {
  const since = options.since ?? 'since the plan was made';
  const changes = [...planned];
  // The policy of a key this apply creates (`before: null`) has nothing to re-read yet: run-changes
  // reads it right after CreateKey, with its usual stale check.
  const indices = changes.map((change, index) => ({ change, index })).filter(({ change }) => !skipReason(change) && !createdByThisApply(change));
  const findings: Finding[] = [];
  host.notify({ type: 'stage', stage: 'preflight', message: `Reading the ${indices.length} document${indices.length === 1 ? '' : 's'} again before writing` });
  const [documents, refused] = await Promise.all([readBounded(ctx, indices.map(({ change }) => change), options.concurrency, { forWrite: true }), validateAll(ctx, changes, findings, host, options.concurrency)]);
  const live = new Map(indices.map(({ index }, i) => [index, documents[i]]));
  const partition = partitionOfChanges(changes);
  const stale: Array<{ change: Change; index: number; why?: string }> = [];
  const remerged: string[] = [];
  for (const { change, index } of indices) {
    if (sameState(change, live.get(index), change.before, partition)) continue;
    const again = options.replan?.(change, live.get(index));
    const next = again?.changes.find((c) => c.kind === change.kind && c.target === change.target);
    if (!again || !next) {
      stale.push({ change, index });
    } else if (again.blocked) {
      stale.push({ change, index, why: `its new version blocks the plan (${again.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(', ')})` });
    } else if (next.kind === 'secret-key' || change.kind === 'secret-key' || sids(next.added) !== sids(change.added) || sids(next.removed) !== sids(change.removed)) {
      stale.push({ change, index, why: 'the change reviewed no longer holds on its new version' });
    } else {
      changes[index] = next;
      remerged.push(changeLabel(change));
      host.notify({ type: 'retry', id: `preflight.${change.kind}`, attempt: 1, delayMs: 0, message: `The ${changeLabel(change)} changed ${since} (another writer): the same statements are merged onto its current version` });
    }
  }
  if (stale.length > 0) {
    const details = stale.map(({ change, index, why }) => `${why ? `${change.kind}: ${why}\n` : ''}${staleDiff(change, live.get(index))}`).join('\n');
    throw new WizardError('STALE_DOCUMENT', `${stale.map(({ change }) => `The ${changeLabel(change)}`).join(' and ')} changed ${since} (someone else wrote ${stale.length === 1 ? 'it' : 'them'}); nothing was written`, {
      fix: 'Plan again and review the new diff before applying',
      details,
    });
  }
  if (refused) throw refused;
  // A re-merged secret policy is validated as it will be written.
  if (remerged.length > 0) {
    const again = changes.filter((change, index) => change.kind === 'secret-policy' && change !== planned[index]);
    const refusedAgain = again.length > 0 ? await validateAll(ctx, again, findings, host, options.concurrency) : undefined;
    if (refusedAgain) throw refusedAgain;
  }
  return { changes, live, findings, remerged };
}

function createdByThisApply(change: Change): boolean {
  return change.kind === 'key-policy' && change.before === null;
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
