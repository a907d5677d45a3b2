/**
 * `plan -f` / `apply -f` / `--prune` / `--detailed-exitcode` through the built CLI, against moto
 * behind a counting proxy: a manifest of 3 secrets × 2 consumers applied with each document written
 * once, planned again as in sync, a share removed by hand found (exit 10) and restored, a consumer
 * left out of the file revoked only with --prune. Plus export with -f (each document once; the CLI
 * script leaves what apply leaves) and the identity split counted on the wire.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext, type PolicyDocument } from '../../packages/core/src/index';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { batchPolicyName } from '../../packages/core/src/batch/plan-batch';
import { secretReadSid } from '../../packages/core/src/plan/sids';
import { awsCliEnv, runBash } from '../export/aws-cli-v2';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { cliEnv, runCli, useBuiltCli, withJson } from '../tui/cli-support';

const moto = seededMoto({ extraSecrets: 3 });
const cli = useBuiltCli();
let work: string;
let proxy: FaultProxy;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-manifest-cli-'));
  proxy = await startFaultProxy(moto().endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const profiles = () => ['--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];

/** Runs the CLI through the counting proxy; returns the result and the AWS actions it sent. */
async function run(args: string[]) {
  const start = proxy.requests.length;
  const result = await runCli(cli(), [...args, ...profiles()], { env: cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home'), AWS_ENDPOINT_URL: proxy.endpoint }), cwd: work, timeoutMs: 120_000 });
  const actions = proxy.requests.slice(start).map((request) => request.action);
  const count = (action: string) => actions.filter((a) => a === action).length;
  const writes = proxy.requests.slice(start).filter((request) => request.write && request.action !== 'AssumeRole').map((request) => request.action);
  return { ...result, count, writes };
}

async function runJson(args: string[]) {
  return withJson(await run([...args, '--json']));
}

interface JsonShare {
  secret: string;
  consumer: string;
  status: string;
  pending: string[];
}
interface JsonChange {
  kind: string;
  target: string;
  action: string;
  after: PolicyDocument | null;
}
const sharesOf = (json: Record<string, unknown>) => json.shares as JsonShare[];
const changesOf = (json: Record<string, unknown>) => json.changes as JsonChange[];

function manifestText(consumers: 'both' | 'account-only'): string {
  const { scenario } = moto();
  const secrets = scenario.extraSecrets.map((secret) => `      - arn: ${secret.arn}`).join('\n');
  return [
    'version: 1',
    `region: ${moto().region}`,
    'shares:',
    '  - name: bench-secrets',
    '    secrets:',
    secrets,
    '    consumers:',
    '      - account: "222222222222"',
    '        consumerPolicy: none',
    ...(consumers === 'both' ? [`      - role: ${scenario.role.arn}`, '        consumerPolicy: managed'] : []),
    '',
  ].join('\n');
}

/** The secret policy of `arn` as moto holds it. */
async function secretPolicy(arn: string): Promise<PolicyDocument | null> {
  const { sm } = await loadAwsSdk();
  const aws = createAwsContext({ ownerProfile: moto().ownerProfile, region: moto().region });
  try {
    const result = await (await aws.owner.secretsManager()).send(new sm.GetResourcePolicyCommand({ SecretId: arn }));
    return result.ResourcePolicy ? (JSON.parse(result.ResourcePolicy) as PolicyDocument) : null;
  } finally {
    aws.destroy();
  }
}

async function putSecretPolicy(arn: string, document: PolicyDocument): Promise<void> {
  const { sm } = await loadAwsSdk();
  const aws = createAwsContext({ ownerProfile: moto().ownerProfile, region: moto().region });
  try {
    await (await aws.owner.secretsManager()).send(new sm.PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: JSON.stringify(document) }));
  } finally {
    aws.destroy();
  }
}

describe('plan -f / apply -f against moto (built CLI)', () => {
  let file: string;

  it('plan -f --detailed-exitcode: every share missing → exit 10, nothing written; --export cli writes each document once', async () => {
    file = join(work, 'shares.yaml');
    await writeFile(file, manifestText('both'));
    const planned = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(planned.code).toBe(10);
    expect(planned.writes).toEqual([]);
    expect(planned.json).toMatchObject({ ok: true, status: 'planned', drift: true, blocked: false });
    expect(sharesOf(planned.json).map((share) => share.status)).toEqual(Array(6).fill('missing'));
    // One change per document: 1 identity policy (the role's batch policy), 1 administrator document, 1 key policy, 3 secret policies.
    const changes = changesOf(planned.json);
    expect(changes.map((change) => change.kind).sort()).toEqual(['identity-policy', 'identity-policy', 'key-policy', 'secret-policy', 'secret-policy', 'secret-policy']);
    expect(new Set(changes.map((change) => `${change.kind}|${change.target}`)).size).toBe(changes.length);
    // Each secret policy holds both consumers; the key policy one grant per consumer listing the 3 secrets.
    const { scenario } = moto();
    for (const change of changes.filter((c) => c.kind === 'secret-policy')) {
      expect(change.after!.Statement.map((statement) => statement.Sid).sort()).toEqual([secretReadSid(change.target, `arn:aws:iam::222222222222:root`), secretReadSid(change.target, scenario.role.arn)].sort());
    }
    const key = changes.find((c) => c.kind === 'key-policy')!;
    const grants = key.after!.Statement.filter((statement) => statement.Sid?.startsWith('SecretShareWizardKey'));
    expect(grants).toHaveLength(2);
    for (const grant of grants) expect([grant.Condition?.StringLike?.['kms:EncryptionContext:SecretARN']].flat().sort()).toEqual(scenario.extraSecrets.map((s) => s.arn).sort());

    const out = join(work, 'export-cli');
    const exported = await run(['plan', '-f', file, '--export', 'cli', '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.writes).toEqual([]);
    const script = await readFile(join(out, 'share.sh'), 'utf8');
    expect(script.match(/aws kms put-key-policy /g)).toHaveLength(1);
    expect(script.match(/aws secretsmanager put-resource-policy /g)).toHaveLength(3);
    for (const secret of scenario.extraSecrets) expect(script.split(`--secret-id ${secret.arn} `)).toHaveLength(2);
    expect(script.match(/aws iam create-policy /g)).toHaveLength(1);
    const admin = await readFile(join(out, 'for-consumer-administrator.sh'), 'utf8');
    expect(admin.match(/aws iam create-policy /g)).toHaveLength(1);
  });

  it('the exported script leaves the documents apply -f would: planned again, only the share records are missing', async () => {
    const out = join(work, 'export-cli');
    const script = await runBash(join(out, 'share.sh'), await awsCliEnv(moto()));
    expect(script.stderr).toBe('');
    expect(script.code).toBe(0);
    const again = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(again.code).toBe(10);
    expect(changesOf(again.json).filter((change) => change.kind !== 'identity-policy' || change.target.includes(':policy/')).map((change) => change.action)).toEqual(Array(5).fill('none'));
    // The role consumer is complete; the account consumer's identity document is its administrator's: not written, not counted.
    expect(sharesOf(again.json).map((share) => share.status)).toEqual(Array(6).fill('unrecorded'));
    expect(again.json.records).toMatchObject({ write: 6, remove: 0 });
  });

  it('apply -f --yes: the records only (one TagResource per secret); then plan -f --detailed-exitcode is in sync (exit 0)', async () => {
    const applied = await runJson(['apply', '-f', file, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.json).toMatchObject({ ok: true, status: 'applied', records: { written: 6, removed: 0 } });
    expect(applied.writes.sort()).toEqual(['TagResource', 'TagResource', 'TagResource']);
    const planned = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(planned.code).toBe(0);
    expect(planned.writes).toEqual([]);
    expect(sharesOf(planned.json).map((share) => share.status)).toEqual(Array(6).fill('in-sync'));
    expect(planned.json).toMatchObject({ drift: false, pending: 0 });
  });

  it('a share removed by hand: exit 10, the plan restores exactly it; apply -f writes that one secret policy', async () => {
    const { scenario } = moto();
    const secret = scenario.extraSecrets[1]!.arn;
    const policy = (await secretPolicy(secret))!;
    const sid = secretReadSid(secret, scenario.role.arn);
    await putSecretPolicy(secret, { ...policy, Statement: policy.Statement.filter((statement) => statement.Sid !== sid) });

    const planned = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(planned.code).toBe(10);
    const broken = sharesOf(planned.json).filter((share) => share.status !== 'in-sync');
    expect(broken).toEqual([expect.objectContaining({ secret, consumer: scenario.role.arn, status: 'partial', pending: ['secret-policy'] })]);
    const pending = changesOf(planned.json).filter((change) => change.action !== 'none' && !(change.kind === 'identity-policy' && !change.target.includes(':policy/')));
    expect(pending.map((change) => [change.kind, change.target])).toEqual([['secret-policy', secret]]);

    const human = await run(['plan', '-f', file]);
    expect(human.stdout).toContain('~ partial');
    expect(human.stdout).toContain(sid);

    const applied = await runJson(['apply', '-f', file, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.writes).toEqual(['PutResourcePolicy']);
    expect((await secretPolicy(secret))!.Statement.map((statement) => statement.Sid)).toContain(sid);
    expect((await runJson(['plan', '-f', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('a consumer left out of the file: exit 10 and reported; apply -f without --prune writes nothing; with --prune it is revoked', async () => {
    const { scenario } = moto();
    await writeFile(file, manifestText('account-only'));
    const planned = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(planned.code).toBe(10);
    expect(planned.json).toMatchObject({ drift: true, pending: 0 });
    const unlisted = planned.json.unlisted as Array<{ secret: string; consumer: string; recorded: boolean; action: string }>;
    expect(unlisted.map((share) => [share.secret, share.consumer, share.recorded, share.action]).sort()).toEqual(scenario.extraSecrets.map((secret) => [secret.arn, scenario.role.arn, true, 'keep']).sort());

    const kept = await runJson(['apply', '-f', file, '--yes']);
    expect(kept.code).toBe(0);
    expect(kept.json.status).toBe('no-changes');
    expect(kept.writes).toEqual([]);
    for (const secret of scenario.extraSecrets) expect((await secretPolicy(secret.arn))!.Statement.map((s) => s.Sid)).toContain(secretReadSid(secret.arn, scenario.role.arn));

    const pruned = await runJson(['apply', '-f', file, '--prune', '--yes']);
    expect(pruned.code).toBe(0);
    expect(pruned.json).toMatchObject({ status: 'applied', records: { written: 0, removed: 3 } });
    // The role's statements out of the 3 secret policies, its key grant out of the key policy (one write), its batch policy detached and deleted.
    expect(pruned.count('PutResourcePolicy')).toBe(3);
    expect(pruned.count('PutKeyPolicy')).toBe(1);
    expect(pruned.count('DetachRolePolicy')).toBe(1);
    expect(pruned.count('DeletePolicy')).toBe(1);
    expect(pruned.count('UntagResource')).toBe(3);
    // Access closes first: the secret policies are written before the key policy and the identity policy.
    expect(pruned.writes.lastIndexOf('PutResourcePolicy')).toBeLessThan(pruned.writes.indexOf('PutKeyPolicy'));
    expect(pruned.writes.lastIndexOf('PutResourcePolicy')).toBeLessThan(pruned.writes.indexOf('DetachRolePolicy'));
    for (const secret of scenario.extraSecrets) {
      const sids = (await secretPolicy(secret.arn))!.Statement.map((s) => s.Sid);
      expect(sids).not.toContain(secretReadSid(secret.arn, scenario.role.arn));
      expect(sids).toContain(secretReadSid(secret.arn, 'arn:aws:iam::222222222222:root'));
    }
    const after = await runJson(['plan', '-f', file, '--detailed-exitcode']);
    expect(after.code).toBe(0);
    expect(after.json.unlisted).toEqual([]);
  });
});

describe('apply -f: one write per key policy, identity policies split (counted on the wire)', () => {
  it('25 secrets × the role: 1 PutKeyPolicy, 2 CreatePolicy + 2 AttachRolePolicy, 25 PutResourcePolicy; human output names the snippets', async () => {
    const { scenario, region } = moto();
    const { sm } = await loadAwsSdk();
    const aws = createAwsContext({ ownerProfile: moto().ownerProfile, region });
    try {
      const client = await aws.owner.secretsManager();
      for (let index = 0; index < 25; index += 1) {
        await client.send(new sm.CreateSecretCommand({ Name: `split/application-secret-${String(index).padStart(2, '0')}`, SecretString: 'x', KmsKeyId: scenario.key.arn }));
      }
    } finally {
      aws.destroy();
    }
    const file = join(work, 'split.yaml');
    await writeFile(file, ['version: 1', `region: ${region}`, 'shares:', '  - secrets: [{ prefix: split/ }]', '    consumers:', `      - role: ${scenario.role.arn}`, ''].join('\n'));
    const applied = await run(['apply', '-f', file, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.count('PutKeyPolicy')).toBe(1);
    expect(applied.count('CreatePolicy')).toBe(2);
    expect(applied.count('AttachRolePolicy')).toBe(2);
    expect(applied.count('PutResourcePolicy')).toBe(25);
    // Access opens last: the key and identity policies are in place before the first secret policy.
    const firstSecretPolicy = applied.writes.indexOf('PutResourcePolicy');
    for (const write of ['PutKeyPolicy', 'CreatePolicy', 'AttachRolePolicy']) expect(applied.writes.lastIndexOf(write)).toBeLessThan(firstSecretPolicy);
    expect(applied.stdout).toContain(`${batchPolicyName(scenario.role.arn)}-2`);
    expect(applied.stdout).toContain('secret-share-wizard snippet --secret arn:aws:secretsmanager:');
    expect(applied.stdout).toMatch(/--for all --consumer-role arn:aws:iam::222222222222:role\/PRODUCTION_SECRET_ROLE/);
    expect(applied.stdout).not.toContain('"x"');
  });
});

describe('apply (one share): where the consumer snippets are', () => {
  it('after success the snippet command with the full ARN and the role; never the value', async () => {
    const { scenario } = moto();
    const applied = await run(['apply', '--secret', scenario.secret.name, '--consumer', '222222222222', '--consumer-role', scenario.role.name, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`secret-share-wizard snippet --secret ${scenario.secret.arn} --for all --consumer-role ${scenario.role.arn}`);
    expect(applied.stdout).not.toContain('demo-only-not-a-real-password');
    expect(applied.stderr).not.toContain('demo-only-not-a-real-password');
  });
});

describe('plan -f / apply -f: bad input, exit 2, nothing written', () => {
  it('names the flag or the manifest line; --json prints one object with the error', async () => {
    const { scenario } = moto();
    const withShareFlags = await run(['plan', '-f', 'shares.yaml', '--secret', scenario.secret.arn]);
    expect(withShareFlags.code).toBe(2);
    expect(withShareFlags.stderr).toMatch(/--secret.*cannot be combined with --file/);

    const pruneAlone = await run(['apply', '--secret', scenario.secret.arn, '--consumer', '222222222222', '--prune', '--yes']);
    expect(pruneAlone.code).toBe(2);
    expect(pruneAlone.stderr).toMatch(/--prune.*only goes with -f/);

    const outWithoutExport = await run(['plan', '-f', 'shares.yaml', '--out', 'plan.json']);
    expect(outWithoutExport.code).toBe(2);
    expect(outWithoutExport.stderr).toMatch(/--out.*folder of an export/);

    const missing = await run(['plan', '-f', join(work, 'absent.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/-f.*cannot read/);

    const bad = join(work, 'bad.yaml');
    await writeFile(bad, ['version: 1', 'shares:', '  - secrets: [{ arn: nope }]', '    consumers:', '      - account: 222222222222', ''].join('\n'));
    const invalid = await runJson(['apply', '-f', bad, '--yes']);
    expect(invalid.code).toBe(2);
    expect(invalid.writes).toEqual([]);
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'MANIFEST_INVALID', source: 'user' } });
    expect((invalid.json.error as { message: string }).message).toMatch(/bad\.yaml:3:\d+ shares\[0\]\.secrets\[0\]\.arn/);
    expect((invalid.json.error as { message: string }).message).toMatch(/bad\.yaml:5:\d+ shares\[0\]\.consumers\[0\]\.account/);

    const sameAccount = join(work, 'owner.yaml');
    await writeFile(sameAccount, ['version: 1', 'shares:', `  - secrets: [{ arn: ${scenario.secret.arn} }]`, '    consumers:', '      - account: "111111111111"', ''].join('\n'));
    const owner = await runJson(['plan', '-f', sameAccount]);
    expect(owner.code).toBe(2);
    expect(owner.json).toMatchObject({ ok: false, error: { code: 'INPUT_CONSUMER_IS_OWNER', field: 'shares[0].consumers[0]' } });
  });
});
