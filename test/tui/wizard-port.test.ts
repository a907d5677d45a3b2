import { describe, expect, it } from 'vitest';
import { createCorePort } from '../../packages/tui/src/wizard/effects/core-port';
import { seededMoto } from '../support/moto';

// The wizard's port over the core, against moto: what each screen is built from.
const moto = seededMoto({ extraSecrets: 55 });

describe('the wizard port against moto', () => {
  it('lists the AWS config profiles, AWS_PROFILE first, with how they sign in', async () => {
    const harness = moto();
    const { profiles, defaultRegion } = await createCorePort({}, harness.env).listProfiles();
    expect(profiles[0]).toEqual({ name: 'central-security', region: harness.region, kind: 'role' });
    expect(profiles.map((p) => p.name).sort()).toEqual(['central-security', 'moto-base', 'production']);
    expect(defaultRegion).toBe(harness.region);
  });

  it('signs in to both accounts and says who we are', async () => {
    const port = createCorePort({}, moto().env);
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
    const port = createCorePort({}, harness.env);
    try {
      await port.connect({ profile: 'central-security', region: harness.region });
      const first = await port.listSecrets({ search: '' });
      expect(first.items).toHaveLength(50);
      expect(first.nextToken).toBeTruthy();
      const second = await port.listSecrets({ search: '', nextToken: first.nextToken! });
      const all = [...first.items, ...second.items];
      expect(all).toHaveLength(57);
      expect(all.find((s) => s.name === 'LEGACY_SECRET')).toMatchObject({ usesAwsManagedKey: true });
      expect(all.find((s) => s.name === 'MY_TEST_SECRET')).toMatchObject({ usesAwsManagedKey: false, kmsKeyId: harness.scenario.key.arn });
      const found = await port.listSecrets({ search: 'MY_TEST' });
      expect(found.items.map((s) => s.name)).toEqual(['MY_TEST_SECRET']);
    } finally {
      port.close();
    }
  });

  it('describes a typed name (full ARN and key ARN back) and lists the consumer roles', async () => {
    const harness = moto();
    const port = createCorePort({}, harness.env);
    try {
      await port.connect({ profile: 'central-security', region: harness.region, consumerProfile: 'production' });
      expect(await port.describeSecret('MY_TEST_SECRET')).toEqual({ arn: harness.scenario.secret.arn, name: 'MY_TEST_SECRET', kmsKeyId: harness.scenario.key.arn, usesAwsManagedKey: false });
      expect(await port.describeSecret('LEGACY_SECRET')).toMatchObject({ usesAwsManagedKey: true });
      expect((await port.listRoles()).map((r) => r.arn)).toContain(harness.scenario.role.arn);
    } finally {
      port.close();
    }
  });

  it('plans, applies with live progress and backup, and in the demo reports the simulator verdict where moto cannot read across accounts', async () => {
    const harness = moto();
    const port = createCorePort({ demo: { note: 'demo' } }, harness.env);
    const home = harness.dir;
    process.env.SECRET_SHARE_WIZARD_HOME = home;
    try {
      await port.connect({ profile: 'central-security', region: harness.region, consumerProfile: 'production' });
      const plan = await port.plan({ secret: harness.scenario.secret.arn, consumer: '222222222222', consumerIdentity: harness.scenario.role.arn, identityPolicy: 'managed', options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true } });
      expect(plan.blocked).toBe(false);
      const events: string[] = [];
      const report = await port.apply(plan, { notify: (e) => void (e.type === 'step' && events.push(`${e.id}:${e.status}`)), askYesNo: async (q) => q.defaultAnswer }, new AbortController().signal);
      expect(report).toMatchObject({ ok: true, rolledBack: false, aborted: false });
      expect(report.backup).toMatch(new RegExp(`^${home}`));
      expect(report.results?.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      // The identity and key policies together, then the secret policy alone.
      expect([...events.slice(0, 4)].sort()).toEqual(['apply.identity-policy:done', 'apply.identity-policy:start', 'apply.key-policy:done', 'apply.key-policy:start']);
      expect(events.slice(4)).toEqual(['apply.secret-policy:start', 'apply.secret-policy:done']);
      const verify = await port.verify(plan);
      expect(verify).toEqual({ ran: false, allowed: true, message: "The emulator cannot read across accounts, so this is the simulator's verdict: the consumer can read the secret." });
    } finally {
      delete process.env.SECRET_SHARE_WIZARD_HOME;
      port.close();
    }
  });
});
