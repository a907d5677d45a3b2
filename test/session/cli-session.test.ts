/**
 * The share session through the built CLI, every AWS request counted by a loopback proxy in front of
 * moto: the cases a new user hit (issue "one share session"), each reproduced as it was reported.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { RECORD_TAG_PREFIX } from '../../packages/core/src/record/share-record';
import { seededMoto } from '../support/moto';
import { readShareDocuments } from '../support/share-documents';
import { cliRunner, useBuiltCli } from '../tui/cli-support';
import { useProxiedCli } from './proxied-cli';

const moto = seededMoto();
const cli = useBuiltCli();
const proxied = useProxiedCli(moto, 'ssw-session-');

const env = proxied.env;
const owner = () => ['--profile', moto().ownerProfile];
const consumer = () => ['--consumer-profile', moto().consumerProfile];
const secret = () => moto().scenario.secret.arn;
const share = () => ['--secret', secret(), '--consumer', moto().scenario.consumer.account, '--consumer-role', moto().scenario.role.name, ...owner(), ...consumer()];

const { run, runJson } = cliRunner(cli, env, () => proxied.work);
const { writesDuring } = proxied;

async function secretTags(): Promise<Record<string, string>> {
  const { SecretsManagerClient, DescribeSecretCommand } = (await loadAwsSdk()).sm;
  const sm = new SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
  try {
    const described = await sm.send(new DescribeSecretCommand({ SecretId: secret() }));
    return Object.fromEntries((described.Tags ?? []).map((tag) => [tag.Key!, tag.Value!]));
  } finally {
    sm.destroy();
  }
}

describe('the share session from the command line', () => {
  it('plan --out prints the apply command with the flags it needs; --detailed-exitcode says 10 while changes are pending', async () => {
    const out = join(proxied.work, 'plan.json');
    const { result, writes } = await writesDuring(() => run(['plan', ...share(), '--out', out, '--detailed-exitcode']));
    expect(writes).toEqual([]);
    expect(result.code).toBe(10);
    expect(result.stdout).toContain(`Apply it with: secret-share-wizard apply --plan ${out} --profile ${moto().ownerProfile} --consumer-profile ${moto().consumerProfile}`);
  });

  it('apply --plan with owner credentials of another account: exit 2, zero writes, the one line names --profile', async () => {
    const out = join(proxied.work, 'plan.json');
    // Only --consumer-profile: the owner side falls back to the default chain, here another account (moto-base).
    const { result, writes } = await writesDuring(() => run(['apply', '--plan', out, ...consumer(), '--yes'], { AWS_PROFILE: 'moto-base' }));
    expect(writes).toEqual([]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: --profile: the owner credentials sign in to account \d{12}, but the secret is in account 111111111111\. Pass --profile/);
    expect(await readShareDocuments(moto())).toEqual(proxied.original);
  });

  it('apply --plan after AWS changed: PLAN_FILE_STALE, exit 2, zero writes, the diff printed', async () => {
    const out = join(proxied.work, 'plan.json');
    const { SecretsManagerClient, PutResourcePolicyCommand } = (await loadAwsSdk()).sm;
    const sm = new SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    const changed = { ...proxied.original.secretPolicy!, Statement: [...proxied.original.secretPolicy!.Statement, { Sid: 'AddedLater', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'secretsmanager:*', Resource: '*' }] };
    try {
      await sm.send(new PutResourcePolicyCommand({ SecretId: secret(), ResourcePolicy: JSON.stringify(changed) }));
      const { result, writes } = await writesDuring(() => runJson(['apply', '--plan', out, ...owner(), ...consumer(), '--yes']));
      expect(writes).toEqual([]);
      expect(result.code).toBe(2);
      expect(result.json).toMatchObject({ ok: false, status: 'refused', exitCode: 2, error: { code: 'PLAN_FILE_STALE', source: 'user', field: '--plan' } });
      expect((result.json.error as { details: string }).details).toContain('+      "Sid": "AddedLater"');
    } finally {
      await sm.send(new PutResourcePolicyCommand({ SecretId: secret(), ResourcePolicy: JSON.stringify(proxied.original.secretPolicy) }));
      sm.destroy();
    }
  });

  it('apply --plan of an unchanged plan applies exactly it, and records the share on the secret', async () => {
    const out = join(proxied.work, 'plan.json');
    const { result, writes } = await writesDuring(() => runJson(['apply', '--plan', out, ...owner(), ...consumer(), '--yes']));
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ ok: true, status: 'applied', record: { consumer: `arn:aws:iam::222222222222:root`, identityArn: moto().scenario.role.arn, identityMode: 'managed' } });
    // The secret policy — the write that opens access — after the others, then the record.
    expect(writes.slice(-2)).toEqual(['PutResourcePolicy', 'TagResource']);
    expect(Object.keys(await secretTags()).filter((key) => key.startsWith(RECORD_TAG_PREFIX))).toHaveLength(1);
  });

  it('list: the share is complete, recorded, every side in place', async () => {
    const { json, code } = await runJson(['list', '--secret', secret(), ...owner(), ...consumer()]);
    expect(code).toBe(0);
    expect(json.shares).toEqual([
      expect.objectContaining({ secret: secret(), consumer: 'arn:aws:iam::222222222222:root', consumerRole: moto().scenario.role.arn, state: 'complete', recorded: true, sides: { secretPolicy: 'present', keyPolicy: 'present', identityPolicy: 'present' } }),
    ]);
  });

  it('list: a grant edited by hand is drifted; a side removed by hand is partial', async () => {
    const { SecretsManagerClient, GetResourcePolicyCommand, PutResourcePolicyCommand } = (await loadAwsSdk()).sm;
    const sm = new SecretsManagerClient({ profile: moto().ownerProfile, region: moto().region });
    try {
      const shared = JSON.parse((await sm.send(new GetResourcePolicyCommand({ SecretId: secret() }))).ResourcePolicy!) as { Statement: Array<Record<string, unknown>> };
      const ours = shared.Statement.find((s) => String(s.Sid).startsWith('SecretShareWizardRead'))!;
      const widened = { ...shared, Statement: shared.Statement.map((s) => (s === ours ? { ...s, Action: 'secretsmanager:*' } : s)) };
      await sm.send(new PutResourcePolicyCommand({ SecretId: secret(), ResourcePolicy: JSON.stringify(widened) }));
      expect((await runJson(['list', '--secret', secret(), ...owner()])).json.shares).toEqual([expect.objectContaining({ state: 'drifted', sides: expect.objectContaining({ secretPolicy: 'drifted', identityPolicy: 'unknown' }) })]);
      const removed = { ...shared, Statement: shared.Statement.filter((s) => s !== ours) };
      await sm.send(new PutResourcePolicyCommand({ SecretId: secret(), ResourcePolicy: JSON.stringify(removed) }));
      expect((await runJson(['list', '--secret', secret(), ...owner()])).json.shares).toEqual([expect.objectContaining({ state: 'partial', sides: expect.objectContaining({ secretPolicy: 'missing', keyPolicy: 'present' }) })]);
      await sm.send(new PutResourcePolicyCommand({ SecretId: secret(), ResourcePolicy: JSON.stringify(shared) }));
    } finally {
      sm.destroy();
    }
  });

  it('revoke with only --secret and --consumer removes every artifact of the share (from its record), in both accounts', async () => {
    const { result, writes } = await writesDuring(() => run(['revoke', '--secret', secret(), '--consumer', moto().scenario.consumer.account, ...owner(), ...consumer(), '--yes']));
    expect(result.code, result.stderr).toBe(0);
    // (The diff of a deleted policy ends in /dev/null; no other "null" is printed.)
    expect(result.stdout.split('\n').filter((line) => /\bnull\b|\bundefined\b/.test(line.replace('/dev/null', ''))), result.stdout).toEqual([]);
    expect(result.stdout).toContain('Revoke complete');
    // Closing access first: the secret policy, then the key and the identity policies, then the record.
    expect(writes[0]).toBe('PutResourcePolicy');
    expect(writes).toEqual(expect.arrayContaining(['PutKeyPolicy', 'DetachRolePolicy', 'DeletePolicy', 'UntagResource']));
    expect(await readShareDocuments(moto())).toEqual(proxied.original);
    expect(Object.keys(await secretTags()).filter((key) => key.startsWith(RECORD_TAG_PREFIX))).toEqual([]);
    expect((await runJson(['list', '--secret', secret(), ...owner()])).json.shares).toEqual([]);
  });

  it('--consumer-policy none: the plan says what it assumes, as data and in words', async () => {
    const { json, code } = await runJson(['plan', ...share(), '--consumer-policy', 'none']);
    expect(code).toBe(0);
    const after = (json.simulation as { after: { allowed: boolean; assumptions: Array<{ layer: string; text: string }> } }).after;
    expect(after.allowed).toBe(true);
    expect(after.assumptions).toEqual([expect.objectContaining({ layer: 'identity-policy', text: expect.stringMatching(/administrator attaches the produced identity policy/) })]);
    const text = await run(['plan', ...share(), '--consumer-policy', 'none']);
    expect(text.stdout).toContain("Assuming the consumer account's administrator attaches the produced identity policy");
  });

  it('a role consumer without the consumer profile: the identity policy is handed to its administrator (said once for every front end)', async () => {
    const { json, code } = await runJson(['plan', '--secret', secret(), '--consumer', moto().scenario.consumer.account, '--consumer-role', moto().scenario.role.name, ...owner()]);
    expect(code).toBe(0);
    const identity = (json.changes as Array<{ kind: string; identity?: { mode: string } }>).find((c) => c.kind === 'identity-policy');
    expect(identity?.identity?.mode).toBe('none');
  });

  it('plan --json that fails on AWS prints exactly one JSON object with the error', async () => {
    const missing = secret().replace(/:secret:.*$/, ':secret:NO_SUCH_SECRET-AbCdEf');
    const { json, code, stderr } = await runJson(['plan', '--secret', missing, '--consumer', moto().scenario.consumer.account, ...owner()]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, exitCode: 1, error: { code: 'AWS_NOT_FOUND', source: 'aws' } });
    expect((json.error as { message: string; fix: string }).message).not.toContain((json.error as { fix: string }).fix);
    expect(stderr).toBe('');
  });

  it('the plan file keeps no credentials; apply --plan of a hand-written file is checked like any other', async () => {
    const text = await readFile(join(proxied.work, 'plan.json'), 'utf8');
    expect(text).not.toMatch(/AccessKeyId|SecretAccessKey|SessionToken|aws_secret_access_key|demo-only-not-a-real-password/);
    await writeFile(join(proxied.work, 'empty.json'), '{}');
    const { result, writes } = await writesDuring(() => run(['apply', '--plan', 'empty.json', ...owner(), ...consumer(), '--yes']));
    expect(writes).toEqual([]);
    expect(result.code).toBe(2);
  });
});
