import { describe, expect, it } from 'vitest';
import { scriptedHost, type ProgressEvent } from '../../packages/core/src/index';
import { createCorePort } from '../../packages/tui/src/wizard/effects/core-port';
import { seededMoto } from '../support/moto';

// The wizard's port over the core, against moto: what each screen is built from, and the one session per share.
const moto = seededMoto({ extraSecrets: 55 });

describe('the wizard port against moto', () => {
  it('lists the AWS config profiles, AWS_PROFILE first, with how they sign in', async () => {
    const harness = moto();
    const { profiles, defaultRegion } = await createCorePort(harness.env).listProfiles();
    expect(profiles[0]).toEqual({ name: 'central-security', region: harness.region, kind: 'role' });
    expect(profiles.map((p) => p.name).sort()).toEqual(['central-security', 'moto-base', 'production']);
    expect(defaultRegion).toBe(harness.region);
  });

  it('signs in to both accounts and says who we are', async () => {
    const port = createCorePort(moto().env);
    try {
      const { identity, consumer } = await port.connect({ profile: 'central-security', region: moto().region, consumerProfile: 'production' });
      expect(identity.account).toBe('111111111111');
      expect(identity.arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\//);
      expect(consumer?.account).toBe('222222222222');
    } finally {
      port.close();
    }
  });

  it('pages through ListSecrets and searches it, marking the AWS managed key', async () => {
    const harness = moto();
    const port = createCorePort(harness.env);
    try {
      await port.connect({ profile: 'central-security', region: harness.region });
      const first = await port.listSecrets({ search: '' });
      expect(first.items).toHaveLength(50);
      const second = await port.listSecrets({ search: '', nextToken: first.nextToken! });
      const all = [...first.items, ...second.items];
      expect(all).toHaveLength(57);
      expect(all.find((s) => s.name === 'LEGACY_SECRET')).toMatchObject({ usesAwsManagedKey: true });
      expect(all.find((s) => s.name === 'MY_TEST_SECRET')).toMatchObject({ usesAwsManagedKey: false, kmsKeyId: harness.scenario.key.arn });
      expect((await port.listSecrets({ search: 'MY_TEST' })).items.map((s) => s.name)).toEqual(['MY_TEST_SECRET']);
    } finally {
      port.close();
    }
  });

  it('describes a typed name, lists the consumer roles and the owner’s customer managed keys', async () => {
    const harness = moto();
    const port = createCorePort(harness.env);
    try {
      await port.connect({ profile: 'central-security', region: harness.region, consumerProfile: 'production' });
      expect(await port.describeSecret('MY_TEST_SECRET')).toEqual({ arn: harness.scenario.secret.arn, name: 'MY_TEST_SECRET', kmsKeyId: harness.scenario.key.arn, usesAwsManagedKey: false });
      expect((await port.listRoles()).map((r) => r.arn)).toContain(harness.scenario.role.arn);
      expect((await port.listKeys()).find((k) => k.arn === harness.scenario.key.arn)?.aliases).toEqual(['alias/MY_CMK']);
    } finally {
      port.close();
    }
  });

  it('one share session: the plan is reported, the approval asked once with the writes per account, then the writes, the record and the backup', async () => {
    const harness = moto();
    const env = { ...harness.env, SECRET_SHARE_WIZARD_HOME: harness.dir };
    const port = createCorePort(env);
    const events: ProgressEvent[] = [];
    const host = scriptedHost({ 'approve-writes': true }, events);
    try {
      const outcome = await port.share(
        { aws: { ownerProfile: 'central-security', consumerProfile: 'production', region: harness.region }, request: { secret: harness.scenario.secret.arn, consumer: '222222222222', consumerIdentity: harness.scenario.role.arn }, verify: false },
        { host, signal: new AbortController().signal },
      );
      expect(outcome).toMatchObject({ ok: true, status: 'applied', exitCode: 0 });
      expect(outcome.backup).toMatch(new RegExp(`^${harness.dir}`));
      expect(outcome.record?.identityArn).toBe(harness.scenario.role.arn);
      expect(host.asked.map((q) => q.code)).toEqual(['approve-writes']);
      const payload = host.asked[0]!.payload as { accounts: Array<{ account: string; writes: unknown[] }> };
      expect(payload.accounts.map((a) => [a.account, a.writes.length])).toEqual([
        ['111111111111', 2],
        ['222222222222', 1],
      ]);
      // The plan comes before the question; the writes after it: identity ‖ key, then the secret policy alone.
      expect(events.findIndex((e) => e.type === 'plan')).toBeLessThan(events.findIndex((e) => e.type === 'step'));
      const steps = events.flatMap((e) => (e.type === 'step' ? [`${e.id}:${e.status}`] : []));
      expect([...steps.slice(0, 4)].sort()).toEqual(['apply.identity-policy:done', 'apply.identity-policy:start', 'apply.key-policy:done', 'apply.key-policy:start']);
      expect(steps.slice(4)).toEqual(['apply.secret-policy:start', 'apply.secret-policy:done']);
      expect((await port.listBackups()).map((b) => b.folder)).toEqual([outcome.backup]);
    } finally {
      port.close();
    }
  });
});
