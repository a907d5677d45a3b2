import { partitionOf } from '../arn/arn';
import { granteeKey } from '../arn/grantee';
import type { AwsContext } from '../aws/aws-context';
import { WizardError } from '../errors/wizard-error';
import { bindNewKeyArn } from '../plan/bind-new-key';
import { planRevoke } from '../plan/plan-revoke';
import { planShare } from '../plan/plan-share';
import type { Change, Finding, Plan, ShareRequest } from '../plan/plan-types';
import { documentsEquivalent } from '../policy/normalise-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { ShareState } from '../plan/share-state';
import type { BackupRecordState } from '../backup/backup-types';
import { recordTag, type ShareRecord } from '../record/share-record';
import { recordKeyOf, removeRecord, setRecordTags, writeRecord } from '../record/write-record';
import type { ApplyOptions, ApplyOutcome } from './apply-types';
import { runChanges, type ChangeRun, type FinalWrite, type WriteCheck } from './run-changes';

export interface ApplyPlanOptions extends ApplyOptions {
  /** The documents the session's preflight just read (change index → document). */
  preflight?: ReadonlyMap<number, unknown>;
  /** Checked immediately before every write (the write guard). */
  guard?: WriteCheck;
  /** ValidateResourcePolicy already ran in the preflight. */
  validated?: boolean;
  /** Findings the preflight added (ValidateResourcePolicy). */
  findings?: Finding[];
  /**
   * The share record: written after a share (`tool` names the writer), removed after a revoke (the
   * record found, put back if the revoke rolls back). Absent: no record is written or removed.
   */
  record?: { tool: string } | { remove: ShareRecord; key: string };
}

/**
 * Writes of a share, in groups written at once: the key move first; then the consumer's identity
 * policy and the key policy (different accounts, and neither opens access on its own); the secret
 * policy — the write that opens access — last and alone.
 */
export function shareRounds(changes: Change[]): number[][] {
  const of = (...kinds: Change['kind'][]) => changes.flatMap((change, index) => (kinds.includes(change.kind) ? [index] : []));
  return [of('secret-key'), of('identity-policy', 'key-policy'), of('secret-policy')].filter((round) => round.length > 0);
}

/** Revoke closes access first: the secret policy alone, then the key and identity policies together. */
export function revokeRounds(changes: Change[]): number[][] {
  const of = (...kinds: Change['kind'][]) => changes.flatMap((change, index) => (kinds.includes(change.kind) ? [index] : []));
  return [of('secret-policy'), of('key-policy', 'identity-policy')].filter((round) => round.length > 0);
}

/** The documents a plan was made from, as a ShareState (enough to merge the same statements again). */
export function stateFromPlan(plan: Plan): ShareState {
  const before = (kind: Change['kind']) => (plan.changes.find((change) => change.kind === kind)?.before ?? null) as ShareState['secretPolicy'];
  return {
    secret: plan.secret,
    secretPolicy: before('secret-policy'),
    keyPolicy: before('key-policy'),
    consumer: plan.consumer,
    consumerAccountReadable: true,
    ...(plan.identity ? { identity: { target: plan.identity, document: before('identity-policy') } } : { identityDocument: before('identity-policy') }),
  };
}

/** The state with one live document in place of what was read at plan time. */
export function stateWith(state: ShareState, kind: Change['kind'], live: unknown): ShareState {
  const document = live as ShareState['secretPolicy'];
  switch (kind) {
    case 'secret-policy':
      return { ...state, secretPolicy: document };
    case 'key-policy':
      return { ...state, keyPolicy: document };
    case 'identity-policy':
      return state.identity ? { ...state, identity: { ...state.identity, document } } : { ...state, identityDocument: document };
    default:
      return state;
  }
}

/**
 * The same statements merged again onto what another writer left (optimistic concurrency): the plan
 * made again for this one document. Undefined for a plan that creates a key (its later changes name
 * a placeholder the planner cannot merge onto again) and for an `audit --fix` plan (the share planner
 * does not make it).
 */
export function remergeFor(plan: Plan, now: () => Date = () => new Date()): ChangeRun['remerge'] {
  const replan = replanFor(plan, now);
  if (!replan) return undefined;
  const partition = partitionOf(plan.secret.arn);
  return (change, live) => {
    // What this run wrote is still there (the usual case after the last write): planning again on the
    // planner's own result changes nothing, so it is not planned again.
    if (change.kind !== 'secret-key' && documentsEquivalent(live as PolicyDocument | null, change.after, partition)) return { ...change, before: live as PolicyDocument | null, action: 'none' };
    const again = replan(change, live).changes.find((c) => c.kind === change.kind && c.target === change.target);
    return again ?? ({ ...change, before: live, action: 'none' } as Change);
  };
}

/** The whole plan made again with one document's live version (findings included). */
export function replanFor(plan: Plan, now: () => Date = () => new Date()): ((change: Change, live: unknown) => Plan) | undefined {
  if (plan.changes.some((change) => change.kind === 'secret-key') || plan.auditFix) return undefined;
  const state = stateFromPlan(plan);
  const request: ShareRequest = plan.request;
  const replan = plan.operation === 'revoke' ? planRevoke : planShare;
  return (change, live) => replan(stateWith(state, change.kind, live), request, now());
}

/** The record of a share made by `plan`. */
export function recordOf(plan: Plan, at: Date, tool: string, createdKeyArn?: string): ShareRecord {
  const keyArn = createdKeyArn ?? plan.changes.find((change) => change.kind === 'key-policy')?.target ?? plan.secret.keyArn;
  return {
    consumer: plan.consumer.arn,
    ...(plan.request.roleBinding === 'condition' ? { binding: 'condition' as const } : {}),
    ...(plan.identity ? { identityArn: plan.identity.arn, policyName: plan.identity.policyName } : {}),
    identityMode: plan.identity?.mode ?? 'none',
    ...(keyArn ? { keyArn } : {}),
    options: plan.request.options,
    createdAt: at.toISOString(),
    tool,
  };
}

/**
 * The record tag a share writes or a revoke removes, as the secret had it when the plan was read
 * (`plan.secret.tags`): a re-share replaces a previous value; a revoke removes the encoded record.
 */
export function recordBefore(plan: Plan, record: NonNullable<ApplyPlanOptions['record']>): BackupRecordState {
  const secretArn = plan.secret.arn;
  if ('remove' in record) return { secretArn, key: record.key, before: plan.secret.tags?.[record.key] ?? recordTag(record.remove, secretArn).Value };
  const key = recordKeyOf(recordOf(plan, new Date(0), record.tool));
  return { secretArn, key, before: plan.secret.tags?.[key] ?? null };
}

function recordWrite(ctx: AwsContext, plan: Plan, record: NonNullable<ApplyPlanOptions['record']>, now: () => Date): FinalWrite {
  const secretArn = plan.secret.arn;
  if ('remove' in record) {
    return { label: 'Removing the share record', write: () => removeRecord(ctx, secretArn, record.key), undo: () => writeRecord(ctx, secretArn, record.remove) };
  }
  let written: ShareRecord | undefined;
  return {
    label: 'The share record (a tag on the secret)',
    write: async (created) => {
      written = recordOf(plan, now(), record.tool, created?.createdKeyArn);
      await writeRecord(ctx, secretArn, written);
    },
    // A re-share overwrote the record that was there: the undo puts that one back.
    undo: () => {
      const key = recordKeyOf(written ?? recordOf(plan, now(), record.tool));
      return setRecordTags(ctx, secretArn, [{ key, value: plan.secret.tags?.[key] ?? null }]);
    },
  };
}

/**
 * Applies a share or revoke plan as one transaction: groups of writes (a share opens access with its
 * last write, a revoke closes it with its first), the write guard before every write, rollback on
 * failure, the same statements merged again onto the version of a document another writer changed
 * meanwhile (and written again, bounded, when another writer removes them after the last write), then
 * the share record. The share session calls it after the approval and the preflight.
 *
 * Throws `PLAN_BLOCKED` (nothing written) for a plan with error findings; every later problem is
 * reported in the outcome (`ok: false`, `error`, per-change `results`).
 */
export async function applyPlan(ctx: AwsContext, plan: Plan, options: ApplyPlanOptions): Promise<ApplyOutcome> {
  if (plan.blocked || plan.findings.some((finding) => finding.severity === 'error')) {
    const errors = plan.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code);
    throw new WizardError('PLAN_BLOCKED', `The plan has errors (${errors.join(', ') || 'blocked'}); nothing was written`, {
      field: 'plan',
      fix: 'Fix what the findings say and plan again',
    });
  }
  const now = options.now ?? (() => new Date());
  const run: ChangeRun = {
    operation: plan.operation === 'share' ? 'apply' : 'revoke',
    changes: plan.changes,
    secret: { arn: plan.secret.arn, account: plan.secret.account, region: plan.secret.region, partition: plan.secret.partition },
    consumer: { arn: plan.consumer.arn, account: plan.consumer.account, ...(plan.request.roleBinding === 'condition' ? { grantee: granteeKey(plan.consumer, 'condition') } : {}) },
    planCreatedAt: plan.createdAt,
    findings: [...plan.findings, ...(options.findings ?? [])],
    bindNewKey: (changes, keyArn) => bindNewKeyArn({ ...plan, changes }, keyArn).changes,
    rounds: plan.operation === 'share' ? shareRounds(plan.changes) : revokeRounds(plan.changes),
    ...(options.preflight ? { preflight: options.preflight } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.validated ? { validated: true } : {}),
    ...(options.record ? { finalWrite: recordWrite(ctx, plan, options.record, now), records: [recordBefore(plan, options.record)] } : {}),
  };
  const remerge = remergeFor(plan, now);
  if (remerge) run.remerge = remerge;
  return runChanges(ctx, run, options);
}
