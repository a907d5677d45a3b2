/** resolveManifest against moto: ARN, name, prefix and tag selectors (ListSecrets, every page) × consumers. */
import { describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { parseManifest } from '../../packages/core/src/manifest/parse-manifest';
import { requireResolved, resolveManifest } from '../../packages/core/src/manifest/resolve-manifest';
import { isWizardError } from '../../packages/core/src/errors/wizard-error';
import { seededMoto, useAwsContexts } from '../support/moto';

// 105 `bench/secret-NNNN` secrets: more than one ListSecrets page (100).
const moto = seededMoto({ extraSecrets: 105 });
const context = useAwsContexts(moto);

async function createSecrets(): Promise<Record<string, string>> {
  const { sm } = await loadAwsSdk();
  const client = new sm.SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
  const arns: Record<string, string> = {};
  try {
    for (const [name, tags] of [
      ['app/prod/api-key', { team: 'payments', env: 'prod' }],
      ['app/prod/db', { team: 'search', env: 'prod' }],
      ['app/production-old', { team: 'payments' }],
      ['app/dev/db', { team: 'payments', env: 'dev' }],
    ] as const) {
      const created = await client.send(new sm.CreateSecretCommand({ Name: name, SecretString: 'x', KmsKeyId: moto().scenario.key.arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
      arns[name] = created.ARN!;
    }
  } finally {
    client.destroy();
  }
  return arns;
}

describe('resolveManifest against moto', () => {
  it('expands ARN, name, prefix and tag selectors into share requests, secrets × consumers', async () => {
    const arns = await createSecrets();
    const { scenario } = moto();
    const manifest = await parseManifest(
      `version: 1
region: us-east-2
shares:
  - name: by-arn-and-name
    secrets:
      - arn: ${scenario.legacySecret.arn}
      - name: MY_TEST_SECRET
    consumers:
      - account: "222222222222"
  - name: by-prefix-and-tags
    versionStage: any
    secrets:
      - prefix: app/prod/
      - tags: { team: payments, env: prod }
      - tags: { team: payments }
        prefix: app/d
    consumers:
      - role: ${scenario.role.arn}
      - account: "333333333333"
        consumerRole: APP
        consumerPolicy: inline
`,
      'shares.yaml',
    );
    const ctx = context({ consumer: false });
    const resolved = await resolveManifest(ctx, manifest);
    expect(resolved.problems).toEqual([]);
    const pairs = resolved.shares.map((s) => [s.origin.entry, s.request.secret, s.request.consumer, s.request.identityPolicy, s.request.options.versionStage]);
    expect(pairs).toEqual([
      [0, scenario.legacySecret.arn, '222222222222', 'none', 'AWSCURRENT'],
      [0, scenario.secret.arn, '222222222222', 'none', 'AWSCURRENT'],
      // prefix app/prod/ (not app/production-old), then the prod payments tag (already there), then app/d* with team payments.
      [1, arns['app/prod/api-key'], scenario.role.arn, 'managed', 'any'],
      [1, arns['app/prod/db'], scenario.role.arn, 'managed', 'any'],
      [1, arns['app/dev/db'], scenario.role.arn, 'managed', 'any'],
      [1, arns['app/prod/api-key'], '333333333333', 'inline', 'any'],
      [1, arns['app/prod/db'], '333333333333', 'inline', 'any'],
      [1, arns['app/dev/db'], '333333333333', 'inline', 'any'],
    ]);
    expect(resolved.shares[5]!.request.consumerIdentity).toBe('APP');
    expect(resolved.shares[2]!.origin).toMatchObject({ entryName: 'by-prefix-and-tags', selector: 0, consumer: 0, field: 'shares[1].consumers[0]', line: 18 });
    // One DescribeSecret for the name; none for the full ARN.
    expect(countCalls(ctx.calls)['secretsmanager:DescribeSecret']).toBe(1);
  });

  it('follows every ListSecrets page', async () => {
    const manifest = await parseManifest('version: 1\nshares:\n  - secrets: [{ prefix: bench/ }]\n    consumers: [{ account: "222222222222" }]\n', 'shares.yaml');
    const ctx = context({ consumer: false });
    const resolved = await resolveManifest(ctx, manifest);
    expect(resolved.shares).toHaveLength(105);
    expect(new Set(resolved.shares.map((s) => s.request.secret)).size).toBe(105);
    expect(countCalls(ctx.calls)['secretsmanager:ListSecrets']).toBe(2);
  });

  it('problems name the file, line and field: a missing name (error), an empty selector (warning), an org consumer the request builder refuses', async () => {
    const manifest = await parseManifest(
      `version: 1
shares:
  - secrets:
      - name: NO_SUCH_SECRET
      - prefix: nothing/here/
      - name: MY_TEST_SECRET
    consumers:
      - org: o-abcdefghij
        consumerPolicy: managed
      - account: "222222222222"
        consumerPolicy: managed
`,
      'shares.yaml',
    );
    const resolved = await resolveManifest(context({ consumer: false }), manifest);
    expect(resolved.problems.map((p) => [p.severity, `${p.line}:${p.column}`, p.field])).toEqual([
      ['error', '4:15', 'shares[0].secrets[0].name'],
      ['warning', '5:9', 'shares[0].secrets[1]'],
      ['error', '8:9', 'shares[0].consumers[0]'],
      ['error', '10:9', 'shares[0].consumers[1]'],
    ]);
    expect(resolved.problems[0]!.message).toContain('NO_SUCH_SECRET');
    expect(resolved.problems[2]!.message).toMatch(/managed is not possible for an organization/);
    expect(resolved.problems[3]!.message).toContain('needs consumerRole');
    const error = (() => {
      try {
        requireResolved(manifest, resolved);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isWizardError(error) && error.code).toBe('MANIFEST_INVALID');
    expect(isWizardError(error) && error.message).toContain('shares.yaml:4:15 shares[0].secrets[0].name');
  });
});
