/**
 * Everything that did not come from this process is untrusted: a hand-edited plan file, a tampered
 * backup folder, another writer running at the same moment. Each is counted through the loopback
 * proxy: a refusal reaches AWS with zero writes.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext } from '../../packages/core/src/aws/aws-context';
import { scriptedHost } from '../../packages/core/src/host/host';
import { keyGrantSid, secretReadSid } from '../../packages/core/src/plan/sids';
import type { PolicyDocument, Statement } from '../../packages/core/src/policy/policy-types';
import { runRevokeSession } from '../../packages/core/src/session/revoke-session';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { seededMoto } from '../support/moto';
import { readShareDocuments } from '../support/share-documents';
import { cliRunner, useBuiltCli } from '../tui/cli-support';
import { useProxiedCli } from './proxied-cli';

const moto = seededMoto();
const cli = useBuiltCli();
const proxied = useProxiedCli(moto, 'ssw-untrusted-');

const env = proxied.env;
const profiles = () => ['--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];
const share = () => ['--secret', moto().scenario.secret.arn, '--consumer', moto().scenario.consumer.account, '--consumer-role', moto().scenario.role.name, ...profiles()];
interface Outcome {
  ok: boolean;
  exitCode: number;
  error?: { code: string; message: string; details?: string };
  backup?: string;
}
const cliRun = cliRunner(cli, env, () => proxied.work);
const run = (args: string[]) => cliRun.run(args);
const runJson = (args: string[]) => cliRun.runJson<Outcome>(args);
const { writesDuring } = proxied;

interface PlanFile {
  request: { consumer: string };
  secret: { account: string };
  changes: Array<{ kind: string; target: string; after: unknown }>;
}

const change = (plan: PlanFile, kind: string) => plan.changes.find((c) => c.kind === kind)!;
const statementsOf = (document: unknown) => (document as PolicyDocument).Statement;

/** Each hand edit of a saved plan, as the adversarial run made them. */
const EDITS: Array<[string, (plan: PlanFile, other: string) => void]> = [
  ['a public key grant', (plan) => statementsOf(change(plan, 'key-policy').after).push({ Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' } as Statement)],
  ["the key's own administrator statement removed", (plan) => {
    const after = change(plan, 'key-policy').after as PolicyDocument;
    after.Statement = after.Statement.filter((s) => s.Sid !== 'Enable IAM User Permissions');
  }],
  ['the secret-policy change retargeted to another secret', (plan, other) => void (change(plan, 'secret-policy').target = other)],
  ['the identity policy broadened to Action *', (plan) => {
    for (const statement of statementsOf(change(plan, 'identity-policy').after)) statement.Action = '*';
  }],
  ['plan.secret.account changed', (plan) => void (plan.secret.account = '333333333333')],
  ['"after": "not a document"', (plan) => void (change(plan, 'secret-policy').after = 'not a document')],
  ['the request names another consumer, the changes unchanged', (plan) => void (plan.request.consumer = '333333333333')],
];

describe('a plan file is a request plus what the user saw', () => {
  let planText: string;
  beforeAll(async () => {
    const out = join(proxied.work, 'plan.json');
    const made = await run(['plan', ...share(), '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    planText = await readFile(out, 'utf8');
  });

  it.each(EDITS)('%s: refused, exit 2, zero writes', async (_what, edit) => {
    const plan = JSON.parse(planText) as PlanFile;
    edit(plan, moto().scenario.legacySecret.arn);
    const file = join(proxied.work, 'edited.json');
    await writeFile(file, JSON.stringify(plan, null, 2));
    const { result, writes } = await writesDuring(() => runJson(['apply', '--plan', file, ...profiles(), '--yes']));
    expect(writes).toEqual([]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.json).toMatchObject({ ok: false, exitCode: 2 });
    // Edited documents, targets or accounts are not what the request plans; an edited request meets the
    // consumer profile of another account before anything else.
    expect(['PLAN_FILE_EDITED', 'PLAN_FILE_STALE', 'INPUT_PLAN_FILE', 'AWS_PROFILE_WRONG_ACCOUNT']).toContain(result.json.error?.code);
    expect(await readShareDocuments(moto())).toEqual(proxied.original);
  });

  it('the same file, unedited, applies (and revoke puts everything back)', async () => {
    const file = join(proxied.work, 'plan.json');
    const applied = await runJson(['apply', '--plan', file, ...profiles(), '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const revoked = await runJson(['revoke', '--secret', moto().scenario.secret.arn, '--consumer', moto().scenario.consumer.account, ...profiles(), '--yes']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await readShareDocuments(moto())).toEqual(proxied.original);
  });
});

describe('a backup folder is untrusted too', () => {
  let folder: string;
  let pristine: Map<string, string>;
  beforeAll(async () => {
    const applied = await runJson(['apply', ...share(), '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    folder = applied.json.backup!;
    pristine = new Map(await Promise.all((await readdir(folder)).map(async (name) => [name, await readFile(join(folder, name), 'utf8')] as [string, string])));
  });
  afterAll(async () => {
    await runJson(['revoke', '--secret', moto().scenario.secret.arn, '--consumer', moto().scenario.consumer.account, ...profiles(), '--yes']);
  });

  async function tamper(name: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
    for (const [file, text] of pristine) await writeFile(join(folder, file), text);
    const value = JSON.parse(pristine.get(name)!) as Record<string, unknown>;
    edit(value);
    await writeFile(join(folder, name), JSON.stringify(value, null, 2));
  }

  const fileOf = (kind: string) => [...pristine.keys()].find((name) => name.includes(kind) && name.endsWith('.before.json'))!;

  it.each([
    ['the manifest points the secret-policy entry at another secret', 'manifest.json', (value: Record<string, unknown>) => {
      const entry = (value.entries as Array<{ kind: string; target: string }>).find((e) => e.kind === 'secret-policy')!;
      entry.target = moto().scenario.legacySecret.arn;
    }],
    ['the saved key policy grants everyone', 'key-policy', (value: Record<string, unknown>) => {
      (value.Statement as Statement[]).push({ Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' });
    }],
    ["the saved key policy lost its administrator statement", 'key-policy', (value: Record<string, unknown>) => {
      value.Statement = (value.Statement as Statement[]).filter((s) => s.Sid !== 'Enable IAM User Permissions');
    }],
  ] as const)('%s: restore refuses, exit 2, zero writes', async (_what, target, edit) => {
    await tamper(target === 'manifest.json' ? 'manifest.json' : fileOf(target), edit);
    const before = await readShareDocuments(moto());
    const { result, writes } = await writesDuring(() => runJson(['restore', folder, ...profiles(), '--yes']));
    expect(writes).toEqual([]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.json.error?.code).toMatch(/^WRITE_REFUSED/);
    expect(await readShareDocuments(moto())).toEqual(before);
  });
});

describe('two applies on one secret at the same time', () => {
  it(
    'twenty pairs through a delaying proxy: both grants always end present, both exit 0, and revokes converge too',
    async () => {
      const harness = moto();
      const { scenario } = harness;
      proxied.proxy.delayEvery(40);
      const consumers = ['222222222222', '333333333333'];
      const contexts = consumers.map(() => createAwsContext({ ownerProfile: harness.ownerProfile, endpoint: proxied.proxy.endpoint, region: harness.region }));
      const session = (consumer: string, i: number, revoke: boolean) =>
        revoke
          ? runRevokeSession({ request: { secret: scenario.secret.arn, consumer }, mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: contexts[i]!, backupRoot: join(proxied.work, 'pairs') })
          : runShareSession({ request: { secret: scenario.secret.arn, consumer, identityPolicy: 'none' }, mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: contexts[i]!, backupRoot: join(proxied.work, 'pairs') });
      let retried = 0;
      try {
        for (let pair = 0; pair < 20; pair += 1) {
          const shared = await Promise.all(consumers.map((consumer, i) => session(consumer, i, false)));
          for (const outcome of shared) expect(outcome, JSON.stringify(outcome.error)).toMatchObject({ ok: true, exitCode: 0 });
          retried += shared.filter((outcome) => outcome.remerged.length > 0).length;
          const docs = await readShareDocuments(harness);
          for (const consumer of consumers) {
            const arn = `arn:aws:iam::${consumer}:root`;
            expect(docs.secretPolicy!.Statement.map((s) => s.Sid), `pair ${pair}: secret policy grants ${consumer}`).toContain(secretReadSid(scenario.secret.arn, arn));
            expect(docs.keyPolicy.Statement.map((s) => s.Sid), `pair ${pair}: key policy grants ${consumer}`).toContain(keyGrantSid(scenario.key.arn, arn));
          }
          const revoked = await Promise.all(consumers.map((consumer, i) => session(consumer, i, true)));
          for (const outcome of revoked) expect(outcome, JSON.stringify(outcome.error)).toMatchObject({ ok: true, exitCode: 0 });
          const after = await readShareDocuments(harness);
          expect(after.secretPolicy, `pair ${pair}`).toEqual(proxied.original.secretPolicy);
          expect(after.keyPolicy, `pair ${pair}`).toEqual(proxied.original.keyPolicy);
        }
        // The race happened (another writer was found and merged onto) in at least one pair.
        expect(retried).toBeGreaterThan(0);
      } finally {
        proxied.proxy.delayEvery(0);
        for (const ctx of contexts) ctx.destroy();
      }
    },
    600_000,
  );
});
