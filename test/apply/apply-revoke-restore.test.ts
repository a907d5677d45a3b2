import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../packages/core/src/apply/apply-plan';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { loadSdkPackages } from '../../packages/core/src/aws/sdk-packages';
import { listBackups, loadBackup } from '../../packages/core/src/backup/backup-store';
import { scriptedHost, silentHost, type ProgressEvent, type Question, type QuestionCode } from '../../packages/core/src/host/host';
import { seededMoto } from '../support/moto';
import { contextFor, expectSameSnapshot, expectedAfter, planFromAws, putKeyPolicy, restoreBackup, revokeShare, sameSnapshot, shareRequest, sids, snapshot, tempBackupRoot } from './share-fixture';

const moto = seededMoto();


const WRITE_OPERATION = /^(Put|Create|Delete|Update|Attach|Detach|Set|Schedule)/;

function writesIn(calls: ReadonlyArray<{ operation: string }>): string[] {
  return calls.map((call) => call.operation).filter((operation) => WRITE_OPERATION.test(operation));
}

describe('apply, revoke and restore against moto (two accounts)', () => {
  it('applies the reference share in order, keeps every foreign statement, and a second apply writes nothing', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const request = shareRequest(scenario);
    const plan = await planFromAws(ctx, request);
    const original = await snapshot(ctx, scenario, plan);
    const host = silentHost();
    const backupRoot = await tempBackupRoot();

    ctx.calls.length = 0;
    const outcome = await applyPlan(ctx, plan, { host, backupRoot });
    expect(outcome.error).toBeUndefined();
    expect(outcome.ok).toBe(true);
    expect(outcome.results.map((r) => [r.kind, r.status])).toEqual([
      ['identity-policy', 'applied'],
      ['key-policy', 'applied'],
      ['secret-policy', 'applied'],
    ]);
    // Order: the identity policy (CreatePolicy + AttachRolePolicy) and the key policy together, the
    // secret policy — which opens access — last and alone, then the share record.
    const writes = writesIn(ctx.calls);
    expect([...writes].sort()).toEqual(['AttachRolePolicy', 'CreatePolicy', 'PutKeyPolicy', 'PutResourcePolicy']);
    expect(writes.indexOf('CreatePolicy')).toBeLessThan(writes.indexOf('AttachRolePolicy'));
    expect(writes.at(-1)).toBe('PutResourcePolicy');
    // moto has no ValidateResourcePolicy: a warning finding and a host warning, and the apply went on.
    expect(outcome.findings.map((f) => f.code)).toContain('SECRET_POLICY_NOT_VALIDATED');
    expect(countCalls(ctx.calls)['secretsmanager:ValidateResourcePolicy']).toBe(1);
    expect(host.events.some((e) => e.type === 'warning' && /ValidateResourcePolicy/.test(e.message))).toBe(true);
    // One start and one done event per write; the secret policy starts after the other two are done.
    const steps = host.events.filter((e): e is Extract<ProgressEvent, { type: 'step' }> => e.type === 'step').map((e) => `${e.id}:${e.status}`);
    expect([...steps].sort()).toEqual(['apply.identity-policy:done', 'apply.identity-policy:start', 'apply.key-policy:done', 'apply.key-policy:start', 'apply.secret-policy:done', 'apply.secret-policy:start']);
    expect(steps.slice(4)).toEqual(['apply.secret-policy:start', 'apply.secret-policy:done']);

    const applied = await snapshot(ctx, scenario, plan);
    expectSameSnapshot(applied, expectedAfter(original, plan));
    // Foreign statements kept in every document.
    expect(sids(applied.secretPolicy)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'AllowSecurityAuditorDescribe']));
    expect(sids(applied.keyPolicy)).toEqual(expect.arrayContaining(['Enable IAM User Permissions', 'Allow access for Key Administrators']));
    expect(applied.attachedPolicies).toContain(scenario.role.attachedPolicyArn);
    expect(applied.inlineNames).toEqual([scenario.role.inlinePolicyName]);

    // Idempotent: planning again shows no change, and applying it makes no write at all.
    const again = await planFromAws(ctx, request);
    expect(again.changes.map((c) => c.action)).toEqual(['none', 'none', 'none']);
    ctx.calls.length = 0;
    const second = await applyPlan(ctx, again, { host: silentHost(), backupRoot });
    expect(second.ok).toBe(true);
    expect(second.backup).toBeNull();
    expect(second.results.every((r) => r.status === 'unchanged')).toBe(true);
    expect(ctx.calls).toEqual([]);

    // Revoke returns every document to its original.
    ctx.calls.length = 0;
    const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot });
    expect(revoked.error).toBeUndefined();
    expect(revoked.ok).toBe(true);
    expect(countCalls(ctx.calls)).toMatchObject({ 'iam:DetachRolePolicy': 1, 'iam:DeletePolicy': 1, 'kms:PutKeyPolicy': 1, 'secretsmanager:PutResourcePolicy': 1 });
    // The endpoint already said it has no ValidateResourcePolicy: not asked again in this context, still reported.
    expect(countCalls(ctx.calls)['secretsmanager:ValidateResourcePolicy']).toBeUndefined();
    expect(revoked.apply?.findings.map((f) => f.code)).toContain('SECRET_POLICY_NOT_VALIDATED');
    expectSameSnapshot(await snapshot(ctx, scenario, plan), original);
    ctx.destroy();
  });

  it('writes a private backup folder per apply: the live documents, what was written, a manifest, no secrets', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const request = shareRequest(scenario);
    const plan = await planFromAws(ctx, request);
    const original = await snapshot(ctx, scenario, plan);
    const backupRoot = await tempBackupRoot();
    const outcome = await applyPlan(ctx, plan, { host: silentHost(), backupRoot, now: () => new Date('2026-11-23T08:00:00.000Z') });
    expect(outcome.ok).toBe(true);
    const folder = outcome.backup!;
    expect(folder.startsWith(backupRoot)).toBe(true);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    const files = (await readdir(folder)).sort();
    expect(files).toEqual([
      '01-identity-policy.after.json',
      '02-key-policy.after.json',
      '02-key-policy.before.json',
      '03-secret-policy.after.json',
      '03-secret-policy.before.json',
      'manifest.json',
    ]);
    for (const file of files) expect((await stat(join(folder, file))).mode & 0o777).toBe(0o600);
    const { manifest } = await loadBackup(folder);
    expect(manifest).toMatchObject({
      schema: 'secret-share-wizard/backup@1',
      createdAt: '2026-11-23T08:00:00.000Z',
      operation: 'apply',
      secret: { arn: scenario.secret.arn, account: '111111111111', region: harness.region },
      consumer: { arn: scenario.role.arn, account: '222222222222' },
      accounts: { owner: '111111111111', consumer: '222222222222' },
    });
    expect(manifest.entries.map((e) => [e.kind, e.target, e.action, e.status])).toEqual([
      ['identity-policy', plan.identity!.policyArn, 'create', 'written'],
      ['key-policy', scenario.key.arn, 'update', 'written'],
      ['secret-policy', scenario.secret.arn, 'update', 'written'],
    ]);
    expect(manifest.entries[0]!.beforeFile).toBeNull();
    expect(JSON.parse(await readFile(join(folder, '03-secret-policy.before.json'), 'utf8'))).toEqual(original.secretPolicy);
    expect(JSON.parse(await readFile(join(folder, '02-key-policy.before.json'), 'utf8'))).toEqual(original.keyPolicy);
    const everything = (await Promise.all(files.map((file) => readFile(join(folder, file), 'utf8')))).join('\n');
    expect(everything).not.toContain('demo-only-not-a-real-password');
    expect(everything).not.toMatch(/AccessKeyId|SecretAccessKey|SessionToken|aws_secret_access_key/i);
    expect((await listBackups(backupRoot)).map((b) => [b.folder, b.operation, b.written])).toEqual([[folder, 'apply', 3]]);

    // Restore from the backup: every document back to what it was.
    const restored = await restoreBackup(ctx, folder, { host: silentHost(), backupRoot });
    expect(restored.error).toBeUndefined();
    expect(restored.results.map((r) => [r.kind, r.status])).toEqual([
      ['secret-policy', 'applied'],
      ['key-policy', 'applied'],
      ['identity-policy', 'applied'],
    ]);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), original);
    // The restore made its own backup folder (so it can be undone too).
    expect(restored.backup).not.toBe(folder);
    expect((await listBackups(backupRoot)).map((b) => b.operation).sort()).toEqual(['apply', 'restore']);

    // Restoring the same folder again is refused: the live documents are no longer what it wrote.
    const before = await snapshot(ctx, scenario, plan);
    const again = await restoreBackup(ctx, folder, { host: silentHost(), backupRoot });
    expect(again.ok).toBe(false);
    expect(again.error?.code).toBe('STALE_DOCUMENT');
    expect(again.error?.message).toMatch(/since the backup was written/);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), before);
    ctx.destroy();
  });

  it('a document changed after the preflight, before its write: the same statements are merged onto its new version', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const plan = await planFromAws(ctx, shareRequest(scenario));
    const original = await snapshot(ctx, scenario, plan);
    const edited = { ...original.keyPolicy, Statement: [...original.keyPolicy.Statement, { Sid: 'AddedByColleague', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:role/SECURITY_AUDITOR' }, Action: 'kms:DescribeKey', Resource: '*' }] };
    await putKeyPolicy(harness, scenario.key.arn, edited);

    const host = silentHost();
    const outcome = await applyPlan(ctx, plan, { host, backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect(outcome.remerged).toEqual([`KMS key policy of ${scenario.key.arn}`]);
    expect(host.events.some((e) => e.type === 'retry' && /another writer/.test(e.message))).toBe(true);
    const applied = await snapshot(ctx, scenario, plan);
    // The colleague's statement kept, the share's statement added.
    expect(sids(applied.keyPolicy)).toEqual(expect.arrayContaining(['AddedByColleague', ...plan.changes.find((c) => c.kind === 'key-policy')!.added.map((s) => s.Sid)]));
    const revoked = await revokeShare(ctx, shareRequest(scenario), { backupRoot: await tempBackupRoot() });
    expect(revoked.ok).toBe(true);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), { ...original, keyPolicy: edited });
    await putKeyPolicy(harness, scenario.key.arn, original.keyPolicy);
    ctx.destroy();
  });

  it('stops between writes when cancelled and rolls back what was written', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const plan = await planFromAws(ctx, shareRequest(scenario));
    const original = await snapshot(ctx, scenario, plan);
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const host = {
      ...silentHost(events),
      notify(event: ProgressEvent) {
        events.push(event);
        if (event.type === 'step' && event.id === 'apply.key-policy' && event.status === 'done') controller.abort();
      },
    };
    const outcome = await applyPlan(ctx, plan, { host, signal: controller.signal, backupRoot: await tempBackupRoot() });
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(outcome.results.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back', 'not-started']);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), original);
    ctx.destroy();
  });

  it('refuses a blocked plan before any call, and an identity write without consumer credentials', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const plan = await planFromAws(ctx, shareRequest(scenario));
    ctx.calls.length = 0;
    const blocked = { ...plan, blocked: true, findings: [...plan.findings, { code: 'PUBLIC_PRINCIPAL' as const, severity: 'error' as const, message: 'x' }] };
    await expect(applyPlan(ctx, blocked, { host: silentHost() })).rejects.toMatchObject({ code: 'PLAN_BLOCKED', source: 'user' });
    const ownerOnly = contextFor(harness, { consumer: false });
    await expect(applyPlan(ownerOnly, plan, { host: silentHost(), backupRoot: await tempBackupRoot() })).rejects.toMatchObject({ code: 'CONSUMER_CREDENTIALS_MISSING', field: '--consumer-profile' });
    expect(ctx.calls).toEqual([]);
    expect(ownerOnly.calls).toEqual([]);
    ctx.destroy();
    ownerOnly.destroy();
  });

  it('inline identity policy: PutRolePolicy on apply, DeleteRolePolicy on revoke, the role\'s other policies untouched', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const request = shareRequest(scenario, 'inline');
    const plan = await planFromAws(ctx, request);
    const original = await snapshot(ctx, scenario, plan);
    ctx.calls.length = 0;
    const outcome = await applyPlan(ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.ok).toBe(true);
    expect([...writesIn(ctx.calls)].sort()).toEqual(['PutKeyPolicy', 'PutResourcePolicy', 'PutRolePolicy']);
    expect(writesIn(ctx.calls).at(-1)).toBe('PutResourcePolicy');
    const applied = await snapshot(ctx, scenario, plan);
    expectSameSnapshot(applied, expectedAfter(original, plan));
    expect(applied.inlineNames).toEqual([scenario.role.inlinePolicyName, plan.identity!.policyName].sort());
    const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.ok).toBe(true);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), original);
    ctx.destroy();
  });

  it('identity mode none: nothing is written in the consumer account (the document is for its administrator)', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const request = shareRequest(scenario, 'none');
    const plan = await planFromAws(ctx, request);
    ctx.calls.length = 0;
    const outcome = await applyPlan(ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.ok).toBe(true);
    expect(outcome.results[0]).toMatchObject({ kind: 'identity-policy', status: 'unchanged', message: expect.stringMatching(/administrator/) });
    expect(ctx.calls.filter((c) => c.account === 'consumer')).toEqual([]);
    const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.ok).toBe(true);
    ctx.destroy();
  });

  it('a consumer user: CreatePolicy + AttachUserPolicy on apply, detach and delete on revoke', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const { IAMClient, CreateUserCommand, ListAttachedUserPoliciesCommand } = (await loadSdkPackages()).iam;
    const iam = new IAMClient({ profile: harness.consumerProfile, region: harness.region });
    const user = await iam.send(new CreateUserCommand({ UserName: 'batch-reader' }));
    const request = shareRequest(scenario, 'managed', { consumer: user.User!.Arn! });
    const plan = await planFromAws(ctx, request);
    expect(plan.identity).toMatchObject({ principalKind: 'user', name: 'batch-reader' });
    ctx.calls.length = 0;
    const outcome = await applyPlan(ctx, plan, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect([...writesIn(ctx.calls)].sort()).toEqual(['AttachUserPolicy', 'CreatePolicy', 'PutKeyPolicy', 'PutResourcePolicy']);
    expect(writesIn(ctx.calls).at(-1)).toBe('PutResourcePolicy');
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'batch-reader' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([plan.identity!.policyArn]);
    const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.error).toBeUndefined();
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'batch-reader' }))).AttachedPolicies).toEqual([]);
    expect((await planFromAws(ctx, request)).changes.find((c) => c.kind === 'identity-policy')?.before).toBeNull();
    iam.destroy();
    ctx.destroy();
  });

  it('makes room when the managed policy has 5 versions: asks, saves the oldest version in the backup, deletes it', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    const request = shareRequest(scenario);
    const plan0 = await planFromAws(ctx, request);
    const policyArn = plan0.identity!.policyArn!;
    const { IAMClient, CreatePolicyCommand, CreatePolicyVersionCommand, AttachRolePolicyCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DetachRolePolicyCommand, ListPolicyVersionsCommand } = (await loadSdkPackages()).iam;
    const iam = new IAMClient({ profile: harness.consumerProfile, region: harness.region });
    const doc = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `Old${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${n}/*` }] });
    await iam.send(new CreatePolicyCommand({ PolicyName: plan0.identity!.policyName, PolicyDocument: doc(1) }));
    for (let n = 2; n <= 5; n += 1) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc(n), SetAsDefault: n === 5 }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: scenario.role.name, PolicyArn: policyArn }));

    const plan = await planFromAws(ctx, request);
    expect(plan.changes[0]).toMatchObject({ kind: 'identity-policy', action: 'update' });
    const original = await snapshot(ctx, scenario, plan);

    // Declined: nothing written.
    const declining = scriptedHost({ 'delete-policy-version': false });
    const declined = await applyPlan(ctx, plan, { host: declining, backupRoot: await tempBackupRoot() });
    expect(declined.ok).toBe(false);
    expect(declined.error?.code).toBe('POLICY_VERSIONS_FULL');
    expectSameSnapshot(await snapshot(ctx, scenario, plan), original);

    // Accepted (the default answer): v1 saved and deleted, the new version is the default.
    const host = silentHost();
    const questions: string[] = [];
    const asking = { ...host, ask: async <C extends QuestionCode>(q: Question<C>) => (questions.push(q.code), q.defaultAnswer) };
    const outcome = await applyPlan(ctx, plan, { host: asking, backupRoot: await tempBackupRoot() });
    expect(outcome.error).toBeUndefined();
    expect(questions).toEqual(['delete-policy-version']);
    const { manifest } = await loadBackup(outcome.backup!);
    expect(manifest.entries[0]!.extraFiles.map((f) => f.file)).toEqual(['01-identity-policy.version-v1.json']);
    expect(JSON.parse(await readFile(join(outcome.backup!, '01-identity-policy.version-v1.json'), 'utf8'))).toEqual(JSON.parse(doc(1)));
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
    expect(versions.Versions?.map((v) => v.VersionId).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    expectSameSnapshot(await snapshot(ctx, scenario, plan), expectedAfter(original, plan));

    // Revoke takes our statements out again (a new version with the old content).
    const revoked = await revokeShare(ctx, request, { host: silentHost(), backupRoot: await tempBackupRoot() });
    expect(revoked.ok).toBe(true);
    expect(sameSnapshot({ ...(await snapshot(ctx, scenario, plan)), managedVersions: 0 }, { ...original, managedVersions: 0 })).toBe(true);

    // Clean up for the other tests.
    await iam.send(new DetachRolePolicyCommand({ RoleName: scenario.role.name, PolicyArn: policyArn }));
    const left = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
    for (const v of left.Versions ?? []) if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));
    iam.destroy();
    ctx.destroy();
  });
});
