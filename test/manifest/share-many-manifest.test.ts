/**
 * share-many is a manifest of one entry: against moto, its plan equals the manifest's (the same
 * documents), and once applied the manifest is in sync (same documents, same records). Its shares
 * are recorded, so `revoke --secret S --consumer C` undoes one secret of the batch: that secret's
 * statements taken out of the shared batch policy (a new version), the policy deleted only when the
 * last one goes. And the batch's one backup folder restores every document it wrote.
 */
import { describe, expect, it } from 'vitest';
import { countCalls, type AwsContext } from '../../packages/core/src/aws/aws-context';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { batchPolicyName } from '../../packages/core/src/batch/plan-batch';
import { shareMany, type ShareManyRequest } from '../../packages/core/src/batch/share-many';
import { parseManifest } from '../../packages/core/src/manifest/parse-manifest';
import { DEFAULT_SHARE_OPTIONS } from '../../packages/core/src/plan/plan-types';
import { identityGetSecretSid, keyGrantSid, secretReadSid } from '../../packages/core/src/plan/sids';
import { recordsFromTags } from '../../packages/core/src/record/share-record';
import { describeSecret } from '../../packages/core/src/aws/read-secret';
import { runManifestSession } from '../../packages/core/src/session/manifest-session';
import { runRevokeSession } from '../../packages/core/src/session/revoke-session';
import { approving, approvingHost, contextFor, restoreBackup, tempBackupRoot } from '../apply/share-fixture';
import { seededMoto } from '../support/moto';

const moto = seededMoto({ extraSecrets: 3 });

function request(): ShareManyRequest {
  const { scenario } = moto();
  return { secrets: scenario.extraSecrets.map((secret) => secret.arn), consumer: scenario.role.arn, identityPolicy: 'managed', options: DEFAULT_SHARE_OPTIONS };
}

async function manifest() {
  const { scenario } = moto();
  return parseManifest(
    ['version: 1', 'shares:', '  - secrets:', ...scenario.extraSecrets.map((secret) => `      - arn: ${secret.arn}`), '    consumers:', `      - role: ${scenario.role.arn}`, ''].join('\n'),
    'shares.yaml',
  );
}

function planManifest(ctx: AwsContext) {
  return manifest().then((parsed) => runManifestSession({ manifest: parsed, mode: 'plan' }, { host: approvingHost(), aws: {}, context: ctx }));
}

async function documents(ctx: AwsContext) {
  const { scenario } = moto();
  const policyArn = `arn:aws:iam::${scenario.consumer.account}:policy/${batchPolicyName(scenario.role.arn)}`;
  const [secrets, key, identity] = await Promise.all([
    Promise.all(scenario.extraSecrets.map((secret) => readSecretPolicy(ctx, secret.arn))),
    readKeyPolicy(ctx, scenario.key.arn),
    readManagedPolicy(ctx.consumer!, policyArn),
  ]);
  return { secrets, key, identity };
}

describe('share-many = a manifest of one entry (moto)', () => {
  it('plans the same documents as the manifest; applied, the manifest is in sync (same documents, same records)', async () => {
    const ctx = contextFor(moto());
    try {
      const dry = await shareMany(ctx, request(), { host: approvingHost(), dryRun: true });
      const planned = await planManifest(ctx);
      expect(dry.plan!.changes.map((change) => [change.kind, change.target, change.action, change.after])).toEqual(planned.plan!.changes.map((change) => [change.kind, change.target, change.action, change.after]));

      const applied = await shareMany(ctx, request(), { host: approvingHost(), backupRoot: await tempBackupRoot() });
      expect(applied).toMatchObject({ ok: true, status: 'applied', records: { written: 3 } });
      const again = await planManifest(ctx);
      expect(again).toMatchObject({ ok: true, pending: 0, plan: { drift: false } });
      expect(again.plan!.shares.map((share) => share.status)).toEqual(['in-sync', 'in-sync', 'in-sync']);
      // One record per secret, naming the batch policy.
      for (const secret of moto().scenario.extraSecrets) {
        const records = recordsFromTags((await describeSecret(ctx, secret.arn)).tags, secret.arn);
        expect(records.map(({ record }) => [record.consumer, record.identityMode, record.policyName])).toEqual([[moto().scenario.role.arn, 'managed', batchPolicyName(moto().scenario.role.arn)]]);
      }
    } finally {
      ctx.destroy();
    }
  });

  it('revoke --secret S --consumer C of a share-many share: its statements out of the batch policy; the policy deleted with the last one', async () => {
    const { scenario } = moto();
    const role = scenario.role.arn;
    const [first, second, third] = scenario.extraSecrets.map((secret) => secret.arn) as [string, string, string];
    const ctx = contextFor(moto());
    const revoke = async (secret: string) => {
      const before = ctx.calls.length;
      // Only the secret and the consumer: the record says the rest (role, batch policy, options).
      const outcome = await runRevokeSession({ request: { secret, consumer: role }, mode: 'apply' }, { host: approving(), aws: {}, context: ctx, backupRoot: await tempBackupRoot() });
      return { outcome, calls: countCalls(ctx.calls.slice(before)) };
    };
    try {
      const one = await revoke(first);
      expect(one.outcome).toMatchObject({ ok: true, status: 'applied', record: { policyName: batchPolicyName(role) } });
      expect(one.calls['iam:CreatePolicyVersion']).toBe(1);
      expect(one.calls['iam:DeletePolicy']).toBeUndefined();
      expect(one.calls['secretsmanager:UntagResource']).toBe(1);
      let now = await documents(ctx);
      // The first secret's statements are gone; the other two keep theirs, in the same policy.
      expect(now.identity.document!.Statement.map((statement) => statement.Sid)).not.toContain(identityGetSecretSid(first, role));
      expect(now.identity.document!.Statement.map((statement) => statement.Sid)).toEqual(expect.arrayContaining([identityGetSecretSid(second, role), identityGetSecretSid(third, role)]));
      expect(now.secrets[0]).toBeNull();
      expect(now.secrets[1]!.Statement.map((statement) => statement.Sid)).toContain(secretReadSid(second, role));
      const grant = now.key.Statement.find((statement) => statement.Sid === keyGrantSid(scenario.key.arn, role))!;
      expect([grant.Condition?.StringLike?.['kms:EncryptionContext:SecretARN']].flat().sort()).toEqual([second, third].sort());
      expect(recordsFromTags((await describeSecret(ctx, first)).tags, first)).toEqual([]);

      await revoke(second);
      const last = await revoke(third);
      expect(last.outcome.ok).toBe(true);
      expect(last.calls['iam:DetachRolePolicy']).toBe(1);
      expect(last.calls['iam:DeletePolicy']).toBe(1);
      now = await documents(ctx);
      expect(now.identity.document).toBeNull();
      expect(now.key.Statement.some((statement) => statement.Sid === keyGrantSid(scenario.key.arn, role))).toBe(false);
      // The manifest now finds every share missing.
      expect((await planManifest(ctx)).plan!.shares.map((share) => share.status)).toEqual(['missing', 'missing', 'missing']);
    } finally {
      ctx.destroy();
    }
  });

  it("the batch's one backup folder restores every document it wrote, and the share records as they were", async () => {
    const ctx = contextFor(moto());
    const recordKeys = async () => Promise.all(moto().scenario.extraSecrets.map(async (secret) => recordsFromTags((await describeSecret(ctx, secret.arn)).tags, secret.arn).map(({ key }) => key)));
    try {
      const before = await documents(ctx);
      const recordsBefore = await recordKeys();
      const applied = await shareMany(ctx, request(), { host: approvingHost(), backupRoot: await tempBackupRoot() });
      expect(applied.ok).toBe(true);
      expect(applied.backup).toBeTruthy();
      const written = await recordKeys();
      expect(written.map((keys, i) => keys.length - recordsBefore[i]!.length)).toEqual([1, 1, 1]);
      const restored = await restoreBackup(ctx, applied.backup!, { backupRoot: await tempBackupRoot() });
      expect(restored.error).toBeUndefined();
      expect(restored).toMatchObject({ ok: true, status: 'applied' });
      // One record per secret, each absent before the run: removed again.
      expect(restored.records?.map((record) => [record.secretArn, record.action, record.status]).sort()).toEqual(moto().scenario.extraSecrets.map((secret) => [secret.arn, 'removed', 'restored']).sort());
      expect(await recordKeys()).toEqual(recordsBefore);
      const after = await documents(ctx);
      expect(after.secrets).toEqual(before.secrets);
      expect(after.key).toEqual(before.key);
      expect(after.identity.document).toEqual(before.identity.document);
    } finally {
      ctx.destroy();
    }
  });
  it('--prune of a share whose identity policy is in an account without credentials: refused before any write', async () => {
    const { scenario } = moto();
    const ctx = contextFor(moto());
    const ownerOnly = contextFor(moto(), { consumer: false });
    try {
      expect((await shareMany(ctx, request(), { host: approvingHost(), backupRoot: await tempBackupRoot() })).ok).toBe(true);
      // The manifest now lists the account (for its administrator) instead of the role.
      const parsed = await parseManifest(
        ['version: 1', 'shares:', '  - secrets:', ...scenario.extraSecrets.map((secret) => `      - arn: ${secret.arn}`), '    consumers:', '      - account: "222222222222"', '        consumerPolicy: none', ''].join('\n'),
        'shares.yaml',
      );
      const before = ownerOnly.calls.length;
      const outcome = await runManifestSession({ manifest: parsed, mode: 'apply', prune: true }, { host: approvingHost(), aws: {}, context: ownerOnly });
      expect(outcome).toMatchObject({ ok: false, exitCode: 2, error: { code: 'CONSUMER_CREDENTIALS_MISSING', field: '--consumer-profile' } });
      expect(outcome.plan!.unlisted.filter((share) => share.action === 'revoke')).toHaveLength(3);
      const writes = ownerOnly.calls.slice(before).filter((call) => /^(Put|Create|Delete|Attach|Detach|Tag|Untag)/.test(call.operation));
      expect(writes).toEqual([]);
    } finally {
      ctx.destroy();
      ownerOnly.destroy();
    }
  });
});
