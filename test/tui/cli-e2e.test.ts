/**
 * The built CLI as a child process against moto (reference scenario): plan, apply, verify, revoke and
 * restore with --json, the exit codes, the JSON shape, and the documents in moto afterwards.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { readShareDocuments, type ShareDocuments } from '../support/share-documents';
import { cliEnv, cliRunner, useBuiltCli } from './cli-support';

const moto = seededMoto();
const cli = useBuiltCli();
let work: string;
let original: ShareDocuments;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-cli-e2e-'));
  original = await readShareDocuments(moto());
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const env = (extra: Record<string, string | undefined> = {}) => cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home'), ...extra });
const profiles = () => ['--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];
const share = () => ['--secret', moto().scenario.secret.arn, '--consumer', moto().scenario.consumer.account, '--consumer-role', moto().scenario.role.name, ...profiles()];

const { run, runJson } = cliRunner(cli, env, () => work);

/** The words of a command line printed with POSIX single quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
}

interface JsonChange {
  kind: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  diff: string;
}

function statements(document: unknown): Array<Record<string, unknown>> {
  return ((document as { Statement?: Array<Record<string, unknown>> } | null)?.Statement ?? []) as Array<Record<string, unknown>>;
}

function ours(document: unknown) {
  return statements(document).filter((statement) => String(statement.Sid ?? '').startsWith('SecretShareWizard'));
}

let applied: ShareDocuments;
let applyBackup: string;
let applyRestoreCommand: string;

describe('secret-share-wizard against moto (--json)', () => {
  it('plan: the three changes, findings and the simulation before → after; nothing written', async () => {
    const { code, json, stderr } = await runJson(['plan', ...share()]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const changes = json.changes as JsonChange[];
    expect(changes.map((change) => [change.kind, change.action])).toEqual([
      ['identity-policy', 'create'],
      ['key-policy', 'update'],
      ['secret-policy', 'update'],
    ]);
    for (const change of changes) {
      expect(Object.keys(change)).toEqual(expect.arrayContaining(['kind', 'target', 'action', 'before', 'after', 'diff']));
      expect(change.diff).toMatch(/^\+/m);
    }
    expect(changes[2]!.target).toBe(moto().scenario.secret.arn);
    expect(changes[1]!.target).toBe(moto().scenario.key.arn);
    for (const finding of json.findings as Array<Record<string, unknown>>) expect(Object.keys(finding)).toEqual(expect.arrayContaining(['code', 'severity', 'message']));
    expect(json.simulation).toMatchObject({ before: { allowed: false }, after: { allowed: true, decidingLayer: null } });
    expect((json.simulation as { before: { decidingLayer: string } }).before.decidingLayer).toMatch(/policy$/);
    expect(await readShareDocuments(moto())).toEqual(original);
  });

  it('plan --out + apply --plan --yes: writes the three documents, keeps every existing statement, makes a backup', async () => {
    const planFile = join(work, 'plan.json');
    const planned = await run(['plan', ...share(), '--out', planFile]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(`apply --plan ${planFile}`);

    const { code, json, stderr } = await runJson(['apply', '--plan', planFile, ...profiles(), '--yes']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    expect((json.results as Array<{ kind: string; status: string }>).map((result) => [result.kind, result.status])).toEqual([
      ['identity-policy', 'applied'],
      ['key-policy', 'applied'],
      ['secret-policy', 'applied'],
    ]);
    applyBackup = json.backup as string;
    applyRestoreCommand = json.restoreCommand as string;
    expect((await stat(join(applyBackup, 'manifest.json'))).isFile()).toBe(true);
    expect(applyBackup.startsWith(join(work, 'home', 'backups'))).toBe(true);

    applied = await readShareDocuments(moto());
    const { scenario } = moto();
    const root = `arn:aws:iam::${scenario.consumer.account}:root`;
    // Secret policy: the two existing statements kept, one grant for the consumer account root added.
    expect(statements(applied.secretPolicy).slice(0, 2)).toEqual(statements(original.secretPolicy));
    expect(ours(applied.secretPolicy)).toHaveLength(1);
    expect(JSON.stringify(ours(applied.secretPolicy))).toContain(root);
    // Key policy: administration statements kept, a kms:Decrypt grant via Secrets Manager added.
    expect(statements(applied.keyPolicy).slice(0, 2)).toEqual(statements(original.keyPolicy));
    expect(JSON.stringify(ours(applied.keyPolicy))).toContain('kms:Decrypt');
    // Consumer role: a new customer managed policy in the consumer account, attached, exact ARNs.
    const added = Object.keys(applied.attached).filter((arn) => !(arn in original.attached));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`^arn:aws:iam::${scenario.consumer.account}:policy/`));
    const identity = JSON.stringify(applied.attached[added[0]!]);
    expect(identity).toContain(scenario.secret.arn);
    expect(identity).toContain(scenario.key.arn);
    expect(applied.inline).toEqual(original.inline);
  });

  it('plan after apply: nothing to change (exit 0), and apply again writes nothing', async () => {
    const planned = await runJson(['plan', ...share()]);
    expect(planned.code).toBe(0);
    expect((planned.json.changes as JsonChange[]).map((change) => change.action)).toEqual(['none', 'none', 'none']);
    const again = await runJson(['apply', ...share(), '--yes']);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ ok: true, results: [], backup: null });
    expect(await readShareDocuments(moto())).toEqual(applied);
  });

  it('verify: runs as the consumer role; moto cannot read across accounts, so it reports the denial honestly (exit 3)', async () => {
    const { code, json, stderr } = await runJson(['verify', '--secret', moto().scenario.secret.arn, '--consumer-role', moto().scenario.role.arn, ...profiles()]);
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(json).toMatchObject({ ok: false, operation: 'verify', exitCode: 3, verify: { ok: false, secretArn: moto().scenario.secret.arn, versionStage: 'AWSCURRENT', errorClass: 'not-found' } });
    expect(JSON.stringify(json)).not.toContain('demo-only-not-a-real-password');
  });

  let revokeBackup: string;
  it('revoke --yes: every document back to what it was before the apply', async () => {
    const { code, json, stderr } = await runJson(['revoke', ...share(), '--yes']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    expect((json.results as Array<{ status: string }>).every((result) => result.status === 'applied')).toBe(true);
    revokeBackup = json.backup as string;
    const after = await readShareDocuments(moto());
    expect(after.secretPolicy).toEqual(original.secretPolicy);
    expect(after.keyPolicy).toEqual(original.keyPolicy);
    expect(after.attached).toEqual(original.attached);
    expect(after.customerPolicies).toEqual(original.customerPolicies);
  });

  it('restore <revoke backup> --yes brings the share back; the restore command apply printed removes it again', async () => {
    const back = await runJson(['restore', revokeBackup, ...profiles(), '--yes']);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.json).toMatchObject({ ok: true, operation: 'restore' });
    expect(await readShareDocuments(moto())).toEqual(applied);

    // The printed command as it stands (it carries the profiles, the consumer's one included: the backup holds its identity policy).
    const printed = shellWords(applyRestoreCommand);
    expect(printed.slice(0, 3)).toEqual(['secret-share-wizard', 'restore', applyBackup]);
    expect(printed).toEqual(expect.arrayContaining(['--consumer-profile', moto().consumerProfile]));
    const undo = await runJson([...printed.slice(1), '--yes']);
    expect(undo.code, undo.stderr).toBe(0);
    const after = await readShareDocuments(moto());
    expect(after.secretPolicy).toEqual(original.secretPolicy);
    expect(after.keyPolicy).toEqual(original.keyPolicy);
    expect(after.attached).toEqual(original.attached);
  });

  it('a plan blocked by an error finding (secret on aws/secretsmanager) exits 2 and writes nothing', async () => {
    const before = await readShareDocuments(moto());
    const { code, json } = await runJson(['apply', '--secret', moto().scenario.legacySecret.arn, '--consumer', moto().scenario.consumer.account, ...profiles(), '--yes']);
    expect(code).toBe(2);
    expect(json.blocked).toBe(true);
    expect((json.findings as Array<{ severity: string; code: string }>).some((finding) => finding.severity === 'error')).toBe(true);
    expect(json.results).toEqual([]);
    expect(await readShareDocuments(moto())).toEqual(before);
  });

  it('an AWS failure (endpoint down) is exit 1 with one line naming the endpoint', async () => {
    const { code, stdout, stderr } = await run(['plan', ...share()], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('127.0.0.1:9');
  });

  it('human output: coloured only when asked (FORCE_COLOR), plain with NO_COLOR', async () => {
    const plain = await run(['plan', ...share()]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001B[');
    expect(plain.stdout).toContain('Will it work?');
    const coloured = await run(['plan', ...share()], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001B[32m+');
  });

  it('offline plan --write-dir writes the three after-documents as files', async () => {
    const dir = join(work, 'offline');
    const keyPolicyFile = join(work, 'key-policy.json');
    await writeFile(keyPolicyFile, JSON.stringify(original.keyPolicy));
    const { scenario } = moto();
    const { code, json } = await runJson([
      'plan', '--offline', '--secret-arn', scenario.secret.arn, '--key-arn', scenario.key.arn, '--consumer', scenario.consumer.account,
      '--consumer-role', scenario.role.name, '--key-policy', keyPolicyFile, '--write-dir', dir,
    ]);
    expect(code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['identity-policy.json', 'key-policy.json', 'secret-policy.json']);
    expect(json.written).toHaveLength(3);
  });
});
