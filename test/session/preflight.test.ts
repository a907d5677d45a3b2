/**
 * The preflight, counted through the fault proxy: everything that can fail is checked before the
 * first write. A document changed while the plan was under review is either re-merged (another writer
 * touched only its own statements: the reviewed change still holds) or refused with zero writes.
 */
import { describe, expect, it } from 'vitest';
import { scriptedHost } from '../../packages/core/src/host/host';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { seededMoto } from '../support/moto';
import { expectSameSnapshot, planFromAws, putKeyPolicy, revokeShare, shareRequest, sids, snapshot, tempBackupRoot, useProxiedContext } from '../apply/share-fixture';

const moto = seededMoto();
const proxied = useProxiedContext(moto, 2);


/** A host that approves, after running `during` (someone else acting while the user reviews). */
function approvingAfter(during: () => Promise<void>) {
  return scriptedHost({
    'approve-writes': async () => {
      await during();
      return true;
    },
  });
}

const writes = () => proxied().proxy.requests.filter((request) => request.write).map((request) => request.action);

describe('preflight: re-read everything before the first write', () => {
  it('a colleague plants a statement under the grant\'s Sid during the review: refused, zero writes, the diff shown', async () => {
    const harness = moto();
    const { scenario } = harness;
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    // A Deny for another account under the Sid the share is about to write (predictable from public ARNs).
    const sid = plan.changes.find((c) => c.kind === 'key-policy')!.added[0]!.Sid!;
    const planted = { ...original.keyPolicy, Statement: [...original.keyPolicy.Statement, { Sid: sid, Effect: 'Deny' as const, Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:*', Resource: '*' }] };
    proxied().proxy.requests.length = 0;
    const host = approvingAfter(() => putKeyPolicy(harness, scenario.key.arn, planted));
    const outcome = await runShareSession({ request: shareRequest(scenario), mode: 'apply' }, { host, aws: {}, context: proxied().ctx, backupRoot: await tempBackupRoot() });
    // The colleague's own PutKeyPolicy went around the proxy: nothing the session sent was a write.
    expect(writes()).toEqual([]);
    expect(outcome).toMatchObject({ ok: false, status: 'refused', exitCode: 2, backup: null, error: { code: 'STALE_DOCUMENT', source: 'user' } });
    expect(outcome.error?.details).toMatch(/blocks the plan \(WIZARD_SID_FOREIGN/);
    expect(outcome.error?.details).toContain('333333333333');
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), { ...original, keyPolicy: planted });
    await putKeyPolicy(harness, scenario.key.arn, original.keyPolicy);
  });

  it('a colleague adds an unrelated statement during the review: the reviewed statements are merged onto it, and the outcome says so', async () => {
    const harness = moto();
    const { scenario } = harness;
    const plan = await planFromAws(proxied().ctx, shareRequest(scenario));
    const original = await snapshot(proxied().ctx, scenario, plan);
    const edited = { ...original.keyPolicy, Statement: [...original.keyPolicy.Statement, { Sid: 'AddedByColleague', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:role/SECURITY_AUDITOR' }, Action: 'kms:DescribeKey', Resource: '*' }] };
    const host = approvingAfter(() => putKeyPolicy(harness, scenario.key.arn, edited));
    const outcome = await runShareSession({ request: shareRequest(scenario), mode: 'apply' }, { host, aws: {}, context: proxied().ctx, backupRoot: await tempBackupRoot() });
    expect(outcome).toMatchObject({ ok: true, status: 'applied', exitCode: 0 });
    expect(outcome.remerged).toEqual([`KMS key policy of ${scenario.key.arn}`]);
    const applied = await snapshot(proxied().ctx, scenario, plan);
    const ours = plan.changes.find((c) => c.kind === 'key-policy')!.added.map((s) => s.Sid);
    expect(sids(applied.keyPolicy)).toEqual(expect.arrayContaining(['AddedByColleague', 'Enable IAM User Permissions', ...ours]));
    expect((await revokeShare(proxied().ctx, shareRequest(scenario), { backupRoot: await tempBackupRoot() })).ok).toBe(true);
    expectSameSnapshot(await snapshot(proxied().ctx, scenario, plan), { ...original, keyPolicy: edited });
    await putKeyPolicy(harness, scenario.key.arn, original.keyPolicy);
  });

  it('owner credentials of another account: refused before anything is read or written, naming --profile', async () => {
    const harness = moto();
    const { scenario } = harness;
    const { createAwsContext } = await import('../../packages/core/src/aws/aws-context');
    // moto-base acts as moto's default account (123456789012), not the secret's.
    const wrong = createAwsContext({ ownerProfile: 'moto-base', consumerProfile: harness.consumerProfile, endpoint: proxied().proxy.endpoint, region: harness.region });
    try {
      proxied().proxy.requests.length = 0;
      const outcome = await runShareSession({ request: shareRequest(scenario), mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: wrong, backupRoot: await tempBackupRoot() });
      expect(writes()).toEqual([]);
      expect(outcome).toMatchObject({ ok: false, exitCode: 2, error: { code: 'OWNER_CREDENTIALS_WRONG_ACCOUNT', field: '--profile' } });
      expect(outcome.error?.message).toContain('the secret is in account 111111111111');
    } finally {
      wrong.destroy();
    }
  });
});
