import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAwsSdk } from '@secret-share-wizard/core/demo';
import { seededMoto } from '../../../../test/support/moto';
import { main } from '../cli/main';
import type { CliIo } from '../cli/context';

vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
const moto = seededMoto();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-plan-export-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: {},
    cwd: dir,
  };
  const code = await main(argv, io, new AbortController().signal);
  return { code, stdout, stderr };
}

const profiles = () => ['--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];

describe('plan --export (CLI)', () => {
  it('writes the export into --out and nothing to AWS; --json adds the file list', async () => {
    const { scenario } = moto();
    const out = join(dir, 'tf');
    const result = await run(['plan', '--secret', 'MY_TEST_SECRET', '--consumer', scenario.role.arn, ...profiles(), '--export', 'terraform', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { secret: string; export: { format: string; folder: string; files: Array<{ path: string }>; notes: string[] } };
    expect(json.secret).toBe(scenario.secret.arn);
    expect(json.export).toMatchObject({ format: 'terraform', folder: out, files: [{ path: 'main.tf' }] });
    expect(await readdir(out)).toEqual(['main.tf']);

    const cli = await run(['plan', '--secret', scenario.secret.arn, '--consumer', scenario.role.arn, ...profiles(), '--export', 'cli']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`Exported as cli to ${join(dir, 'secret-share-export')}`);
    expect((await stat(join(dir, 'secret-share-export', 'share.sh'))).mode & 0o111).not.toBe(0);
    // Nothing was written: the secret policy is still the seeded one.
    const { sm } = await loadAwsSdk();
    const client = new sm.SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    const policy = await client.send(new sm.GetResourcePolicyCommand({ SecretId: scenario.secret.arn }));
    client.destroy();
    expect(JSON.parse(policy.ResourcePolicy!)).toEqual(scenario.secret.policy);
  });

  it('bad input: an unknown format, --export with --offline (exit 2, naming the flag)', async () => {
    const bad = await run(['plan', '--secret', 'MY_TEST_SECRET', '--consumer', '222222222222', '--export', 'pulumi']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--export');
    const offline = await run(['plan', '--offline', '--secret-arn', moto().scenario.secret.arn, '--key-arn', moto().scenario.key.arn, '--consumer', '222222222222', '--export', 'cli']);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('--export');
  });

  it('an IaC-managed secret: plan is blocked (exit 2) with IAC_MANAGED_RESOURCE; --export still writes it; --allow-drift unblocks', async () => {
    const { sm } = await loadAwsSdk();
    const client = new sm.SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    await client.send(new sm.CreateSecretCommand({ Name: 'STACK_SECRET', SecretString: 'x', KmsKeyId: moto().scenario.key.arn, Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'app-prod' }] }));
    client.destroy();
    const flags = ['plan', '--secret', 'STACK_SECRET', '--consumer', '222222222222', '--profile', moto().ownerProfile];
    const blocked = await run([...flags, '--json']);
    expect(blocked.code).toBe(2);
    expect((JSON.parse(blocked.stdout) as { findings: Array<{ code: string; severity: string }> }).findings).toContainEqual(expect.objectContaining({ code: 'IAC_MANAGED_RESOURCE', severity: 'error' }));
    const exported = await run([...flags, '--export', 'cloudformation', '--out', join(dir, 'cfn')]);
    expect(exported.code).toBe(0);
    expect((await readdir(join(dir, 'cfn'))).sort()).toEqual(['consumer-administrator-222222222222.template.json', 'key-policy.json', 'owner-111111111111.template.json']);
    const allowed = await run([...flags, '--allow-drift', '--json']);
    expect(allowed.code).toBe(0);
    expect((JSON.parse(allowed.stdout) as { findings: Array<{ code: string; severity: string }> }).findings).toContainEqual(expect.objectContaining({ code: 'IAC_MANAGED_RESOURCE', severity: 'warning' }));
  });
});

describe('snippet (CLI)', () => {
  it('resolves a name to the full ARN with DescribeSecret and prints every snippet; --json for one', async () => {
    const { scenario } = moto();
    const all = await run(['snippet', '--secret', 'MY_TEST_SECRET', '--for', 'all', '--profile', moto().ownerProfile]);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`Secret: ${scenario.secret.arn}`);
    for (const kind of ['ecs', 'lambda', 'eks-eso', 'eks-csi', 'sdk-js', 'sdk-python', 'cli']) expect(all.stdout).toContain(`(${kind})`);
    const one = await run(['snippet', '--secret', scenario.secret.arn, '--for', 'cli', '--json']);
    const json = JSON.parse(one.stdout) as { secretArn: string; versionStage: string; snippets: Array<{ kind: string; text: string }> };
    expect(json).toMatchObject({ secretArn: scenario.secret.arn, versionStage: 'AWSCURRENT' });
    expect(json.snippets.map((s) => s.kind)).toEqual(['cli']);
    expect(json.snippets[0]!.text).toContain(`--secret-id ${scenario.secret.arn} --version-stage AWSCURRENT`);
  });

  it('bad input: unknown --for, a role that is not a role ARN (exit 2)', async () => {
    const kind = await run(['snippet', '--secret', moto().scenario.secret.arn, '--for', 'k8s']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--for');
    const role = await run(['snippet', '--secret', moto().scenario.secret.arn, '--for', 'eks-eso', '--consumer-role', 'PRODUCTION_SECRET_ROLE']);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--consumer-role');
  });
});
