import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, revokeRounds, shareRounds } from '../../packages/core/src/apply/apply-plan';
import type { ApplyOutcome } from '../../packages/core/src/apply/apply-types';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { loadBackup } from '../../packages/core/src/backup/backup-store';
import { silentHost } from '../../packages/core/src/host/host';
import { planRevoke } from '../../packages/core/src/plan/plan-revoke';
import type { Plan, ShareRequest } from '../../packages/core/src/plan/plan-types';
import { documentsEquivalent } from '../../packages/core/src/policy/normalise-policy';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { type FaultKind } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { expectedAfter, expectSameSnapshot, planFromAws, sameSnapshot, shareRequest, type ShareSnapshot, snapshot, tempBackupRoot, useProxiedContext } from './share-fixture';

const moto = seededMoto();
const KINDS: FaultKind[] = ['http-500', 'throttling', 'connection-reset', 'reset-after-forward'];
/** Two attempts per call: a fault on two consecutive attempts makes the write fail for good. */
const MAX_ATTEMPTS = 2;

const proxied = useProxiedContext(moto, MAX_ATTEMPTS);
let request: ShareRequest;

beforeAll(async () => {
  request = shareRequest(moto().scenario);
});

type Operation = 'apply' | 'revoke';

async function planFor(operation: Operation): Promise<Plan> {
  return operation === 'apply' ? planFromAws(proxied().ctx, request) : planRevoke(await readShareState(proxied().ctx, request), request);
}

async function run(plan: Plan): Promise<ApplyOutcome> {
  return applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
}

/** Brings moto to the state an operation starts from: not shared (apply) or shared (revoke). */
async function startState(operation: Operation): Promise<void> {
  proxied().proxy.failWrites(null);
  const shared = (await planFromAws(proxied().ctx, request)).changes.every((c) => c.action === 'none');
  if (operation === 'apply' && shared) expect((await run(await planFor('revoke'))).ok).toBe(true);
  if (operation === 'revoke' && !shared) expect((await run(await planFor('apply'))).ok).toBe(true);
}

function documentOf(snap: ShareSnapshot, kind: string): PolicyDocument | null {
  if (kind === 'secret-policy') return snap.secretPolicy;
  if (kind === 'key-policy') return snap.keyPolicy;
  return snap.managedPolicy;
}

/** Every document the run was about to overwrite is in the backup folder, as it was before. */
async function expectBackupHoldsOriginals(outcome: ApplyOutcome, original: ShareSnapshot, attempted: number): Promise<void> {
  expect(outcome.backup).not.toBeNull();
  const { manifest } = await loadBackup(outcome.backup!);
  expect(manifest.entries).toHaveLength(attempted);
  for (const entry of manifest.entries) {
    const expected = documentOf(original, entry.kind);
    if (expected === null) {
      expect(entry.beforeFile).toBeNull();
      continue;
    }
    const saved = JSON.parse(await readFile(join(outcome.backup!, entry.beforeFile!), 'utf8')) as PolicyDocument;
    expect(documentsEquivalent(saved, expected)).toBe(true);
  }
}

/**
 * The writes of a failed run stop at the group of the failed write: a share never writes its secret
 * policy (the write that opens access) after a failure; a revoke writes nothing after its first group.
 */
function expectNothingAfterTheFailedRound(plan: Plan, statuses: string[], label: string): void {
  const rounds = plan.operation === 'share' ? shareRounds(plan.changes) : revokeRounds(plan.changes);
  const failedRound = rounds.findIndex((round) => round.some((index) => statuses[index] === 'failed'));
  for (const round of rounds.slice(failedRound + 1)) for (const index of round) expect(statuses[index], label).toBe('not-started');
}

/**
 * The writes of a clean run of each operation, as the proxy sees them. Writes of one group run at
 * once, so a fault is aimed at one write by its action (the k-th write in time is not deterministic).
 */
const writeActions: Record<Operation, string[]> = { apply: [], revoke: [] };

describe('fault injection: a loopback proxy fails each write in turn', () => {
  it('counts the writes of a clean apply and a clean revoke', async () => {
    for (const operation of ['apply', 'revoke'] as const) {
      await startState(operation);
      proxied().proxy.failWrites(null);
      proxied().proxy.requests.length = 0;
      const outcome = await run(await planFor(operation));
      expect(outcome.ok).toBe(true);
      writeActions[operation] = proxied().proxy.requests.filter((r) => r.write).map((r) => r.action);
    }
    expect([...writeActions.apply].sort()).toEqual(['AttachRolePolicy', 'CreatePolicy', 'PutKeyPolicy', 'PutResourcePolicy']);
    expect([...writeActions.revoke].sort()).toEqual(['DeletePolicy', 'DetachRolePolicy', 'PutKeyPolicy', 'PutResourcePolicy']);
    // A revoke closes access first.
    expect(writeActions.revoke[0]).toBe('PutResourcePolicy');
  });

  for (const operation of ['apply', 'revoke'] as const) {
    for (const kind of KINDS) {
      it(`${operation}: for every write, a ${kind} that outlasts the SDK's retries leaves every document as it was, with a complete backup`, async () => {
        expect(writeActions[operation].length).toBeGreaterThan(0);
        for (const action of writeActions[operation]) {
          await startState(operation);
          const plan = await planFor(operation);
          const original = await snapshot(proxied().ctx, moto().scenario, plan);
          proxied().proxy.failWrites({ at: 1, kind, times: MAX_ATTEMPTS, action });
          const outcome = await run(plan);
          proxied().proxy.failWrites(null);
          const final = await snapshot(proxied().ctx, moto().scenario, plan);

          // The final state is the original or the fully applied one; with the write failing for good, the original.
          expect(sameSnapshot(final, original) || sameSnapshot(final, expectedAfter(original, plan)), action).toBe(true);
          expectSameSnapshot(final, original);
          expect(outcome.ok, action).toBe(false);
          // Exactly one write failed; the writes made beside or before it were rolled back; nothing after it started.
          const statuses = outcome.results.map((r) => r.status);
          expect(statuses.filter((s) => s === 'failed'), `${action}: ${statuses.join(',')}`).toHaveLength(1);
          expect(statuses.every((s) => s === 'failed' || s === 'rolled-back' || s === 'not-started'), `${action}: ${statuses.join(',')}`).toBe(true);
          expectNothingAfterTheFailedRound(plan, statuses, action);
          expect(outcome.error?.code).toBeTruthy();
          await expectBackupHoldsOriginals(outcome, original, statuses.filter((s) => s !== 'not-started').length);
          expect(proxied().proxy.requests.filter((r) => r.fault === kind).length).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
        }
      });
    }
  }

  for (const kind of KINDS) {
    it(`a single ${kind} is retried by the SDK: the apply succeeds with the same number of calls`, async () => {
      await startState('apply');
      const plan = await planFor('apply');
      const original = await snapshot(proxied().ctx, moto().scenario, plan);
      proxied().proxy.requests.length = 0;
      proxied().ctx.calls.length = 0;
      proxied().proxy.failWrites({ at: 1, kind, times: 1, action: 'CreatePolicy' });
      const outcome = await run(plan);
      proxied().proxy.failWrites(null);
      expect(outcome.error).toBeUndefined();
      expect(outcome.ok).toBe(true);
      expect(proxied().proxy.requests.filter((r) => r.fault === kind)).toHaveLength(1);
      // The retry is inside the SDK: one call for the faulted write, one more HTTP attempt.
      expect(proxied().ctx.calls.filter((c) => c.operation === 'CreatePolicy')).toHaveLength(1);
      expect(proxied().proxy.requests.filter((r) => r.action === 'CreatePolicy')).toHaveLength(2);
      expectSameSnapshot(await snapshot(proxied().ctx, moto().scenario, plan), expectedAfter(original, plan));
    });
  }
});
