import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { silentHost, type ProgressEvent } from '../../packages/core/src/host/host';
import { seededMoto } from '../support/moto';
import { expectSameSnapshot, expectedAfter, planFromAws, revokeShare, shareRequest, snapshot, tempBackupRoot, useProxiedContext } from './share-fixture';

const moto = seededMoto();
const proxied = useProxiedContext(moto, 2);


describe('"Invalid principal" right after a role was created (IAM eventual consistency)', () => {
  it('retries the key-policy write with backoff, tells the host, and succeeds once AWS accepts the principal', async () => {
    const { scenario } = moto();
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    const events: ProgressEvent[] = [];
    proxied().proxy.failWrites({ at: 1, kind: 'invalid-principal', times: 2, action: 'PutKeyPolicy' });
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(events), backupRoot: await tempBackupRoot(), invalidPrincipalRetryMs: 1_000 });
    proxied().proxy.failWrites(null);
    expect(outcome.error).toBeUndefined();
    expect(outcome.ok).toBe(true);
    const retries = events.filter((e): e is Extract<ProgressEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((e) => [e.id, e.attempt])).toEqual([
      ['apply.key-policy', 1],
      ['apply.key-policy', 2],
    ]);
    expect(retries[1]!.delayMs).toBe(retries[0]!.delayMs * 2);
    expect(retries[0]!.message).toMatch(/propagate/);
    expect(proxied().proxy.requests.filter((r) => r.action === 'PutKeyPolicy').map((r) => r.fault ?? 'ok')).toEqual(['invalid-principal', 'invalid-principal', 'ok']);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), expectedAfter(original, plan));
    // Back to the start for the next test.
    expect((await revokeShare(proxied().ctx, shareRequest(scenario), { host: silentHost(), backupRoot: await tempBackupRoot() })).ok).toBe(true);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), original);
  });

  it('gives up after the bounded time with INVALID_PRINCIPAL and rolls back', async () => {
    const { scenario } = moto();
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    proxied().proxy.failWrites({ at: 1, kind: 'invalid-principal', times: 1_000, action: 'PutKeyPolicy' });
    const started = Date.now();
    const outcome = await applyPlan(proxied().ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot(), invalidPrincipalRetryMs: 600 });
    const elapsed = Date.now() - started;
    proxied().proxy.failWrites(null);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatchObject({ code: 'INVALID_PRINCIPAL', source: 'aws' });
    expect(outcome.error?.fix).toMatch(/exists/);
    expect(elapsed).toBeLessThan(10_000);
    expect(outcome.results.map((r) => r.status)).toEqual(['rolled-back', 'failed', 'not-started']);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), original);
  });
});
