/**
 * `plan --export cli`: the script, run with the AWS CLI v2 against a fresh moto, leaves exactly the
 * documents that `apply` leaves on another fresh moto seeded the same way. The two servers give the
 * secret and key different random ARNs (and so different Sids and default policy names, which hash
 * them): snapshots are compared after replacing those by symbols.
 */
import { mkdtemp, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import type { DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import { exportPlan } from '../../packages/core/src/export/export-plan';
import type { ExportResult } from '../../packages/core/src/export/export-types';
import { silentHost } from '../../packages/core/src/host/host';
import type { Plan, ShareRequest } from '../../packages/core/src/plan/plan-types';
import { DEFAULT_SHARE_OPTIONS } from '../../packages/core/src/plan/plan-types';
import { defaultPolicyName } from '../../packages/core/src/plan/sids';
import { contextFor, expectSameSnapshot, expectedAfter, planFromAws, shareRequest, snapshot, tempBackupRoot, type ShareSnapshot } from '../apply/share-fixture';
import { seededMoto, type SeededMotoHarness } from '../support/moto';
import { awsCliEnv, runBash, withAwsEnv } from './aws-cli-v2';

const motoA = seededMoto({ extraSecrets: 2 });
const motoB = seededMoto({ applyToProcessEnv: false, extraSecrets: 2 });

function symbolic(value: unknown, scenario: DemoScenario): string {
  return JSON.stringify(value)
    .split(scenario.secret.arn).join('<SECRET_ARN>')
    .split(scenario.key.arn).join('<KEY_ARN>')
    .replace(/(SecretShareWizard[A-Za-z]+)[0-9a-f]{16}/g, '$1<hash>')
    .replace(/(SecretShareWizard-[\w+=,.@-]+-)[0-9a-f]{8}/g, '$1<hash>');
}

async function writeExport(result: ExportResult): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssw-export-cli-'));
  for (const file of result.files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content, { mode: file.executable ? 0o755 : 0o644 });
  }
  return dir;
}

/** Plan on A and apply it; plan the same request on B and run the exported script there. */
async function applyOnAScriptOnB(request: (scenario: DemoScenario) => ShareRequest): Promise<{ a: ShareSnapshot; b: ShareSnapshot; planA: Plan; planB: Plan; originalB: ShareSnapshot; stderr: string }> {
  const A = motoA();
  const ctxA = contextFor(A);
  let planA: Plan;
  let a: ShareSnapshot;
  try {
    planA = await planFromAws(ctxA, request(A.scenario));
    const outcome = await applyPlan(ctxA, planA, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.ok).toBe(true);
    a = await snapshot(ctxA, A.scenario, planA);
  } finally {
    ctxA.destroy();
  }
  const B = motoB();
  return withAwsEnv(B.vars, async () => {
    const ctxB = contextFor(B);
    try {
      const planB = await planFromAws(ctxB, request(B.scenario));
      const originalB = await snapshot(ctxB, B.scenario, planB);
      const dir = await writeExport(exportPlan(planB, 'cli', { ownerProfile: B.ownerProfile, consumerProfile: B.consumerProfile }));
      const run = await runBash(join(dir, 'share.sh'), await awsCliEnv(B));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const b = await snapshot(ctxB, B.scenario, planB);
      return { a, b, planA, planB, originalB, stderr: run.stderr };
    } finally {
      ctxB.destroy();
    }
  });
}

function replanB(request: ShareRequest): Promise<Plan> {
  const B = motoB();
  return withAwsEnv(B.vars, async () => {
    const ctx = contextFor(B);
    try {
      return await planFromAws(ctx, request);
    } finally {
      ctx.destroy();
    }
  });
}

describe('plan --export cli against moto, with the AWS CLI v2', () => {
  it('managed policy for a role: the script leaves exactly what apply leaves', async () => {
    const { a, b, planA, planB, originalB } = await applyOnAScriptOnB((scenario) => shareRequest(scenario, 'managed'));
    expect(planB.changes.map((c) => c.action)).toEqual(['create', 'update', 'update']);
    // On B: exactly the plan's documents; on A: exactly what apply left; and the two agree.
    expectSameSnapshot(b, expectedAfter(originalB, planB));
    expect(symbolic(b, motoB().scenario)).toBe(symbolic(a, motoA().scenario));
    expect(symbolic(planB.changes.map((c) => c.after), motoB().scenario)).toBe(symbolic(planA.changes.map((c) => c.after), motoA().scenario));
    // Planning again finds nothing to do: the tool sees its own share.
    const again = await replanB(shareRequest(motoB().scenario, 'managed'));
    expect(again.changes.map((c) => c.action)).toEqual(['none', 'none', 'none']);
  });

  it('inline policy: put-role-policy; the unchanged secret and key policies are skipped', async () => {
    const { a, b, planB, originalB } = await applyOnAScriptOnB((scenario) => shareRequest(scenario, 'inline'));
    expect(planB.changes.map((c) => [c.kind, c.action])).toEqual([
      ['identity-policy', 'create'],
      ['key-policy', 'none'],
      ['secret-policy', 'none'],
    ]);
    const script = exportPlan(planB, 'cli').files[0]!.content;
    expect(script).toContain('aws iam put-role-policy');
    expect(script).not.toContain('put-key-policy');
    expect(script).not.toContain('put-resource-policy');
    expectSameSnapshot(b, expectedAfter(originalB, planB));
    expect(symbolic(b, motoB().scenario)).toBe(symbolic(a, motoA().scenario));
  });

  it('a managed policy at 5 versions: the script stops before any write, then with DELETE_OLDEST_POLICY_VERSION=yes does what apply does', async () => {
    const B = motoB();
    await withAwsEnv(B.vars, async () => {
      const ctx = contextFor(B);
      try {
        const first = await planFromAws(ctx, shareRequest(B.scenario, 'managed'));
        const policyArn = first.identity!.policyArn!;
        // Another secret into the same managed policy: a new version of it.
        const request = shareRequest(B.scenario, 'managed', { secret: B.scenario.extraSecrets[0]!.arn, policyName: first.identity!.policyName });
        const { iam } = await loadAwsSdk();
        const client = await ctx.consumer!.iam();
        // Four more non-default versions: five in all, the most IAM keeps.
        for (let index = 0; index < 4; index += 1) {
          await client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `Old${index}`, Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }), SetAsDefault: false }));
        }
        expect((await readManagedPolicy(ctx.consumer!, policyArn)).versionCount).toBe(5);
        const plan = await planFromAws(ctx, request);
        expect(plan.changes.map((c) => [c.kind, c.action])).toEqual([
          ['identity-policy', 'update'],
          ['key-policy', 'update'],
          ['secret-policy', 'create'],
        ]);
        // The documents of this share: the extra secret's policy, the key, the consumer's policies.
        const scenario = { ...B.scenario, secret: { ...B.scenario.secret, arn: B.scenario.extraSecrets[0]!.arn } };
        const original = await snapshot(ctx, scenario, plan);
        const dir = await writeExport(exportPlan(plan, 'cli', { ownerProfile: B.ownerProfile, consumerProfile: B.consumerProfile }));
        const env = await awsCliEnv(B);

        const refused = await runBash(join(dir, 'share.sh'), env);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(`${policyArn} has 5 versions`);
        expect(refused.stderr).toContain('DELETE_OLDEST_POLICY_VERSION=yes');
        expectSameSnapshot(await snapshot(ctx, scenario, plan), original);

        const done = await runBash(join(dir, 'share.sh'), { ...env, DELETE_OLDEST_POLICY_VERSION: 'yes' });
        expect(done.stderr).toBe('');
        expect(done.code).toBe(0);
        const after = await snapshot(ctx, scenario, plan);
        expectSameSnapshot(after, { ...expectedAfter(original, plan), managedVersions: 5 });
        // The deleted version is kept next to the script, as apply keeps it in its backup.
        const saved = (await readdir(dir)).filter((name) => name.startsWith('deleted-policy-version-'));
        expect(saved).toHaveLength(1);
        expect((await stat(join(dir, saved[0]!))).size).toBeGreaterThan(0);
      } finally {
        ctx.destroy();
      }
    });
  });

  it('an account consumer without a role: share.sh writes the owner side only; the administrator script gives the role its policy', async () => {
    const B: SeededMotoHarness = motoB();
    await withAwsEnv(B.vars, async () => {
      const ctx = contextFor(B);
      try {
        const secret = B.scenario.extraSecrets[1]!.arn;
        const request: ShareRequest = { secret, consumer: B.scenario.consumer.account, identityPolicy: 'none', options: DEFAULT_SHARE_OPTIONS };
        const plan = await planFromAws(ctx, request);
        const result = exportPlan(plan, 'cli', { ownerProfile: B.ownerProfile, consumerProfile: B.consumerProfile });
        expect(result.files.map((f) => [f.path, f.forAdministrator ?? false])).toEqual([
          ['share.sh', false],
          ['for-consumer-administrator.sh', true],
        ]);
        expect(result.files[0]!.content).not.toContain('aws iam');
        const dir = await writeExport(result);
        const env = await awsCliEnv(B);
        const owner = await runBash(join(dir, 'share.sh'), env);
        expect(owner.stderr).toBe('');
        expect(owner.code).toBe(0);
        const again = await planFromAws(ctx, request);
        expect(again.changes.filter((c) => c.kind !== 'identity-policy').map((c) => c.action)).toEqual(['none', 'none']);

        const missingRole = await runBash(join(dir, 'for-consumer-administrator.sh'), env);
        expect(missingRole.code).not.toBe(0);
        expect(missingRole.stderr).toContain('set ROLE_NAME');
        const admin = await runBash(join(dir, 'for-consumer-administrator.sh'), { ...env, ROLE_NAME: B.scenario.role.name });
        expect(admin.stderr).toBe('');
        expect(admin.code).toBe(0);
        const identity = plan.changes.find((c) => c.kind === 'identity-policy')!;
        const { iam } = await loadAwsSdk();
        const client = await ctx.consumer!.iam();
        const attached = await client.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: B.scenario.role.name }));
        const name = B.scenario.extraSecrets[1]!.name;
        const ours = (attached.AttachedPolicies ?? []).filter((p) => p.PolicyName === defaultPolicyName(secret, name));
        expect(ours).toHaveLength(1);
        expect((await readManagedPolicy(ctx.consumer!, ours[0]!.PolicyArn!)).document).toEqual(identity.after);
      } finally {
        ctx.destroy();
      }
    });
  });
});
