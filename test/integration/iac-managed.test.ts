/**
 * IaC-managed resources (issue 14 item 3) on moto: a secret or key carrying CloudFormation's stack
 * tags (or a Terraform marker) blocks the plan with IAC_MANAGED_RESOURCE; allowDrift makes it a
 * warning. moto accepts `aws:` tags from anyone; in AWS only CloudFormation sets them.
 */
import { describe, expect, it } from 'vitest';
import { planShareFromAws } from '../support/plan-from-aws';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { buildShareRequest } from '../../packages/core/src/plan/share-request';
import { seededMoto, useAwsContexts } from '../support/moto';

const moto = seededMoto();
const context = useAwsContexts(moto);

async function createTaggedSecret(name: string, tags: Record<string, string>): Promise<string> {
  const { sm } = await loadAwsSdk();
  const { ownerProfile, region, scenario } = moto();
  const client = new sm.SecretsManagerClient({ profile: ownerProfile, region });
  try {
    const created = await client.send(
      new sm.CreateSecretCommand({ Name: name, SecretString: 'x', KmsKeyId: scenario.key.arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
    return created.ARN!;
  } finally {
    client.destroy();
  }
}

describe('IAC_MANAGED_RESOURCE against moto', () => {
  it('a secret in a CloudFormation stack: the plan is blocked, and allowDrift turns it into a warning', async () => {
    const arn = await createTaggedSecret('CFN_SECRET', { 'aws:cloudformation:stack-name': 'payments-prod', 'aws:cloudformation:logical-id': 'DbSecret' });
    const request = buildShareRequest({ secret: arn, consumer: '222222222222', identityPolicy: 'none' });
    const blocked = await planShareFromAws(context({ consumer: false }), request);
    const finding = blocked.findings.find((f) => f.code === 'IAC_MANAGED_RESOURCE');
    expect(finding).toMatchObject({ severity: 'error', change: 'secret-policy' });
    expect(finding?.message).toContain('CloudFormation stack payments-prod');
    expect(blocked.blocked).toBe(true);

    const allowed = await planShareFromAws(context({ consumer: false }), buildShareRequest({ secret: arn, consumer: '222222222222', identityPolicy: 'none', allowDrift: true }));
    expect(allowed.findings.find((f) => f.code === 'IAC_MANAGED_RESOURCE')?.severity).toBe('warning');
    expect(allowed.blocked).toBe(false);
  });

  it('a key tagged ManagedBy=terraform is flagged on the key policy (tags read with ListResourceTags)', async () => {
    const { kms } = await loadAwsSdk();
    const { ownerProfile, region, scenario } = moto();
    const client = new kms.KMSClient({ profile: ownerProfile, region });
    const created = await client.send(new kms.CreateKeyCommand({ Description: 'terraform key', Tags: [{ TagKey: 'ManagedBy', TagValue: 'terraform' }] }));
    client.destroy();
    const keyArn = created.KeyMetadata!.Arn!;
    const { sm } = await loadAwsSdk();
    const secrets = new sm.SecretsManagerClient({ profile: ownerProfile, region });
    const secret = await secrets.send(new sm.CreateSecretCommand({ Name: 'TF_KEY_SECRET', SecretString: 'x', KmsKeyId: keyArn }));
    secrets.destroy();

    const state = await readShareState(context({ consumer: false }), buildShareRequest({ secret: secret.ARN!, consumer: '222222222222', identityPolicy: 'none' }));
    expect(state.keyTags).toEqual({ ManagedBy: 'terraform' });
    expect(state.secret.tags).toEqual({});
    const plan = await planShareFromAws(context({ consumer: false }), buildShareRequest({ secret: secret.ARN!, consumer: '222222222222', identityPolicy: 'none' }));
    expect(plan.findings.filter((f) => f.code === 'IAC_MANAGED_RESOURCE').map((f) => [f.change, f.severity])).toEqual([['key-policy', 'error']]);
    // The seeded secret and key carry no marker: no finding there.
    const clean = await planShareFromAws(context({ consumer: false }), buildShareRequest({ secret: scenario.secret.arn, consumer: '222222222222', identityPolicy: 'none' }));
    expect(clean.findings.map((f) => f.code)).not.toContain('IAC_MANAGED_RESOURCE');
  });

  it('ListResourceTags is sent alongside DescribeKey and GetKeyPolicy: no extra sequential round trip', async () => {
    const { scenario, region } = moto();
    const ctx = context({ consumer: false });
    const events: string[] = [];
    const kms = (await ctx.owner.kms(region)) as unknown as { middlewareStack: { add: (mw: unknown, options: unknown) => void } };
    kms.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, mwContext: { commandName?: string }) => async (args: unknown) => {
        const name = (mwContext.commandName ?? '').replace(/Command$/, '');
        events.push(`start ${name}`);
        try {
          return await next(args);
        } finally {
          events.push(`end ${name}`);
        }
      },
      { step: 'initialize', name: 'testRoundTrips' },
    );
    await readShareState(ctx, buildShareRequest({ secret: scenario.secret.arn, consumer: '222222222222', identityPolicy: 'none' }));
    // All three KMS reads start before the first of them ends: one round trip for the key.
    const firstEnd = events.findIndex((event) => event.startsWith('end '));
    expect(events.slice(0, firstEnd).sort()).toEqual(['start DescribeKey', 'start GetKeyPolicy', 'start ListResourceTags']);
  });
});
