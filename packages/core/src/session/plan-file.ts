import { sameState } from '../apply/run-changes';
import { WizardError } from '../errors/wizard-error';
import type { Change, Plan } from '../plan/plan-types';
import { staleDiff } from './preflight';
import type { PlanFileDifference } from './session-types';

function keyOf(change: Change): string {
  return `${change.kind} ${change.target}`;
}

function diffOf(change: Change, left: unknown, right: unknown): string {
  return staleDiff({ ...change, before: left } as Change, right);
}

/**
 * A plan file is a request plus what the user saw. The session plans again from the request against
 * AWS now; this lists how the file differs from that fresh plan: `before` where AWS changed since
 * the plan was made, `after`/`action` where the file's change is not what the tool plans for its
 * request (it was edited), `missing`/`extra` for a change only one side has (a retargeted change).
 */
export function comparePlanFile(file: Plan, fresh: Plan): PlanFileDifference[] {
  const partition = fresh.secret.partition;
  const differences: PlanFileDifference[] = [];
  const freshByKey = new Map(fresh.changes.map((change) => [keyOf(change), change]));
  const fileKeys = new Set<string>();
  for (const fileChange of file.changes) {
    const key = keyOf(fileChange);
    fileKeys.add(key);
    const now = freshByKey.get(key);
    if (!now) {
      differences.push({ kind: fileChange.kind, target: fileChange.target, what: 'extra', diff: diffOf(fileChange, fileChange.before, fileChange.after) });
      continue;
    }
    if (!sameState(now, fileChange.before, now.before, partition)) {
      differences.push({ kind: now.kind, target: now.target, what: 'before', diff: diffOf(now, fileChange.before, now.before) });
    } else if (!sameState(now, fileChange.after, now.after, partition)) {
      differences.push({ kind: now.kind, target: now.target, what: 'after', diff: diffOf(now, fileChange.after, now.after) });
    } else if (fileChange.action !== now.action) {
      differences.push({ kind: now.kind, target: now.target, what: 'action', diff: `${fileChange.action} → ${now.action}` });
    }
  }
  for (const now of fresh.changes) {
    if (!fileKeys.has(keyOf(now)) && now.action !== 'none') differences.push({ kind: now.kind, target: now.target, what: 'missing', diff: diffOf(now, now.before, now.after) });
  }
  for (const [field, a, b] of [
    ['secret', file.secret?.arn, fresh.secret.arn],
    ['secret account', file.secret?.account, fresh.secret.account],
    ['consumer', file.consumer?.arn, fresh.consumer.arn],
  ] as const) {
    if (a !== b) differences.push({ kind: 'plan', target: field, what: 'after', diff: `${String(a)} → ${b}` });
  }
  return differences;
}

/** The refusal for a plan file that differs from the fresh plan (nothing is written). */
export function planFileError(differences: PlanFileDifference[], file: string): WizardError {
  const details = differences.map((d) => `${d.what === 'before' ? 'changed in AWS' : d.what === 'missing' ? 'not in the file' : d.what === 'extra' ? 'not planned for its request' : 'edited'}: ${d.kind} ${d.target}\n${d.diff}`).join('\n');
  if (differences.every((d) => d.what === 'before')) {
    return new WizardError('PLAN_FILE_STALE', `${file}: AWS changed since the plan was made (${differences.map((d) => d.kind).join(', ')}); nothing was written`, {
      field: '--plan',
      fix: 'Plan again, review the new diff, and apply that plan',
      details,
    });
  }
  return new WizardError('PLAN_FILE_EDITED', `${file}: its changes are not what secret-share-wizard plans for its request (${differences.filter((d) => d.what !== 'before').map((d) => `${d.kind} ${d.what}`).join(', ')}); nothing was written`, {
    field: '--plan',
    fix: 'Plan again from the request and apply that plan; a plan file cannot carry edits of its own',
    details,
  });
}
