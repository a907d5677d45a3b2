/**
 * apply → revoke round trips on moto for the new consumer forms: an organization, an OU, and a role
 * bound by condition (the account root with ArnEquals aws:PrincipalArn). Each goes through the
 * share session (approval, preflight, guard, record) and the revoke session (from the record only),
 * and leaves every document as it was.
 */
import { describe, expect, it } from 'vitest';
import { granteeKey } from '../../packages/core/src/arn/grantee';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { describeSecret, readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { listShares } from '../../packages/core/src/record/list-shares';
import { recordsFromTags } from '../../packages/core/src/record/share-record';
import { runRevokeSession } from '../../packages/core/src/session/revoke-session';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { documentsEquivalent } from '../../packages/core/src/policy/normalise-policy';
import type { PolicyDocument, Statement } from '../../packages/core/src/policy/policy-types';
import { keyGrantSid, secretReadSid } from '../../packages/core/src/plan/sids';
import { seededMoto } from '../support/moto';
import { approvingHost, contextFor, tempBackupRoot } from './share-fixture';

const moto = seededMoto();
const ORG = 'o-a1b2c3d4e5';
const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';

const bySid = (doc: PolicyDocument | null, sid: string): Statement | undefined => doc?.Statement.find((s) => s.Sid === sid);

describe('apply and revoke on moto: organization, OU and condition-bound role grants', () => {
  it.each([
    ['an organization', ORG, undefined, { StringEquals: { 'aws:PrincipalOrgID': ORG } }],
    ['an OU', OU, undefined, { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU}*`] } }],
  ] as const)('%s: "*" with the organization condition in both policies, a record c=%s, then revoke from the record alone', async (_label, consumer, _binding, condition) => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness, { consumer: false });
    try {
      const before = { secret: await readSecretPolicy(ctx, scenario.secret.arn), key: await readKeyPolicy(ctx, scenario.key.arn) };
      const backupRoot = await tempBackupRoot();
      const shared = await runShareSession({ request: { secret: scenario.secret.arn, consumer }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot });
      expect(shared.error).toBeUndefined();
      expect(shared.status).toBe('applied');
      expect(shared.plan!.request.identityPolicy).toBe('none');
      // The identity policy is for the member accounts' administrators: never written.
      expect(shared.results.map((r) => [r.kind, r.status])).toEqual([['identity-policy', 'unchanged'], ['key-policy', 'applied'], ['secret-policy', 'applied']]);

      const secretPolicy = await readSecretPolicy(ctx, scenario.secret.arn);
      const keyPolicy = await readKeyPolicy(ctx, scenario.key.arn);
      expect(bySid(secretPolicy, secretReadSid(scenario.secret.arn, consumer))).toMatchObject({ Principal: { AWS: '*' }, Condition: condition });
      expect(bySid(keyPolicy, keyGrantSid(scenario.key.arn, consumer))).toMatchObject({ Principal: { AWS: '*' }, Condition: { ...condition, StringLike: { 'kms:EncryptionContext:SecretARN': [scenario.secret.arn] } } });
      const tags = (await describeSecret(ctx, scenario.secret.arn)).tags;
      expect(recordsFromTags(tags, scenario.secret.arn).map(({ record }) => record.consumer)).toEqual([consumer]);
      expect(Object.values(tags).join(' ')).toContain(`c=${consumer}`);
      const { shares } = await listShares(ctx, { secret: scenario.secret.arn });
      expect(shares).toEqual([expect.objectContaining({ consumer, state: 'complete', recorded: true, sides: { secretPolicy: 'present', keyPolicy: 'present', identityPolicy: 'administrator' } })]);

      const revoked = await runRevokeSession({ request: { secret: scenario.secret.arn, consumer }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot });
      expect(revoked.error).toBeUndefined();
      expect(revoked.status).toBe('applied');
      expect(documentsEquivalent(await readSecretPolicy(ctx, scenario.secret.arn), before.secret)).toBe(true);
      expect(documentsEquivalent(await readKeyPolicy(ctx, scenario.key.arn), before.key)).toBe(true);
      expect(recordsFromTags((await describeSecret(ctx, scenario.secret.arn)).tags, scenario.secret.arn)).toEqual([]);
    } finally {
      ctx.destroy();
    }
  });

  it('a role bound by condition: account root + ArnEquals aws:PrincipalArn in both policies, its managed identity policy, then revoke with --role-binding', async () => {
    const harness = moto();
    const { scenario } = harness;
    const ctx = contextFor(harness);
    try {
      const before = { secret: await readSecretPolicy(ctx, scenario.secret.arn), key: await readKeyPolicy(ctx, scenario.key.arn) };
      const backupRoot = await tempBackupRoot();
      const request = { secret: scenario.secret.arn, consumer: scenario.role.arn, roleBinding: 'condition', identityPolicy: 'managed' };
      const shared = await runShareSession({ request, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot });
      expect(shared.error).toBeUndefined();
      expect(shared.status).toBe('applied');
      const grantee = granteeKey({ kind: 'role', arn: scenario.role.arn }, 'condition');
      const root = `arn:aws:iam::${scenario.consumer.account}:root`;
      expect(bySid(await readSecretPolicy(ctx, scenario.secret.arn), secretReadSid(scenario.secret.arn, grantee))).toMatchObject({ Principal: { AWS: root }, Condition: { ArnEquals: { 'aws:PrincipalArn': scenario.role.arn } } });
      expect(bySid(await readKeyPolicy(ctx, scenario.key.arn), keyGrantSid(scenario.key.arn, grantee))).toMatchObject({ Principal: { AWS: root }, Condition: { ArnEquals: { 'aws:PrincipalArn': scenario.role.arn } } });
      const policyArn = shared.plan!.identity!.policyArn!;
      expect((await readManagedPolicy(ctx.consumer!, policyArn)).document).not.toBeNull();
      const { shares } = await listShares(ctx, { secret: scenario.secret.arn });
      expect(shares).toEqual([expect.objectContaining({ consumer: scenario.role.arn, binding: 'condition', state: 'complete' })]);
      expect(Object.values((await describeSecret(ctx, scenario.secret.arn)).tags).join(' ')).toMatch(/ b=condition /);

      // A principal-bound revoke names another share: nothing to revoke, nothing written.
      const wrong = await runRevokeSession({ request: { secret: scenario.secret.arn, consumer: scenario.role.arn, roleBinding: 'principal', identityPolicy: 'managed' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot });
      expect(wrong.status).toBe('no-changes');

      const revoked = await runRevokeSession({ request: { secret: scenario.secret.arn, consumer: scenario.role.arn, roleBinding: 'condition' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot });
      expect(revoked.error).toBeUndefined();
      expect(revoked.status).toBe('applied');
      expect(documentsEquivalent(await readSecretPolicy(ctx, scenario.secret.arn), before.secret)).toBe(true);
      expect(documentsEquivalent(await readKeyPolicy(ctx, scenario.key.arn), before.key)).toBe(true);
      expect((await readManagedPolicy(ctx.consumer!, policyArn)).document).toBeNull();
    } finally {
      ctx.destroy();
    }
  });
});
