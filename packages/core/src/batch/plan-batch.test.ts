import { describe, expect, it } from 'vitest';
import { offlineState } from '../plan/plan-offline';
import { DEFAULT_SHARE_OPTIONS, type PolicyChange, type ShareRequest } from '../plan/plan-types';
import { identityGetSecretSid, keyGrantSid, secretReadSid } from '../plan/sids';
import { contextSecretArns } from '../plan/statements';
import { identityPolicySize } from '../policy/policy-size';
import type { PolicyDocument } from '../policy/policy-types';
import { batchPolicyName, chunkName, planBatch, type BatchItem } from './plan-batch';

const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-east-2:111111111111:key/99999999-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/APP';
const ACCOUNT = '333333333333';
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
const secret = (index: number) => `arn:aws:secretsmanager:us-east-2:111111111111:secret:app/very-long-application-secret-name-${String(index).padStart(3, '0')}-AbCdEf`;
const now = new Date('2026-01-01T00:00:00Z');

function item(secretArn: string, consumer: string, extra: { keyArn?: string; secretPolicy?: PolicyDocument | null; identityDocument?: PolicyDocument | null; identityPolicy?: 'managed' | 'inline' | 'none'; operation?: 'share' | 'revoke'; policyName?: string } = {}): BatchItem {
  const identityPolicy = extra.identityPolicy ?? (consumer.includes(':role/') ? 'managed' : 'none');
  const policyName = consumer.includes(':role/') ? (extra.policyName ?? batchPolicyName(consumer)) : undefined;
  const request: ShareRequest = { secret: secretArn, consumer, identityPolicy, options: DEFAULT_SHARE_OPTIONS, ...(policyName ? { policyName } : {}) };
  const state = offlineState({ secretArn, keyArn: extra.keyArn ?? KEY, consumer, identityPolicy, ...(policyName ? { policyName } : {}), keyPolicy: KEY_POLICY, secretPolicy: extra.secretPolicy ?? null, identityDocument: extra.identityDocument ?? null });
  return { operation: extra.operation ?? 'share', request, state };
}

const changesOf = (changes: PolicyChange[], kind: PolicyChange['kind']) => changes.filter((change) => change.kind === kind);

describe('planBatch: documents chained, each written once', () => {
  it('3 secrets × 2 consumers on one key: one key policy, one secret policy per secret, one identity policy per consumer', async () => {
    const secrets = [secret(1), secret(2), secret(3)];
    const items = secrets.flatMap((arn) => [item(arn, ROLE), item(arn, ACCOUNT)]);
    const batch = await planBatch(items, { now });
    expect(batch.blocked).toEqual(items.map(() => false));
    const keys = changesOf(batch.changes, 'key-policy');
    expect(keys).toHaveLength(1);
    // The key policy keeps its administrator and gets one grant per consumer, each listing the 3 secrets.
    const key = keys[0]!.after!;
    expect(key.Statement[0]!.Sid).toBe('Enable IAM User Permissions');
    for (const consumer of [ROLE, `arn:aws:iam::${ACCOUNT}:root`]) {
      const grant = key.Statement.find((statement) => statement.Sid === keyGrantSid(KEY, consumer));
      expect(contextSecretArns(grant)?.sort()).toEqual([...secrets].sort());
    }
    const secretChanges = changesOf(batch.changes, 'secret-policy');
    expect(secretChanges.map((change) => change.target)).toEqual(secrets);
    for (const change of secretChanges) {
      expect(change.action).toBe('create');
      expect(change.after!.Statement.map((statement) => statement.Sid)).toEqual([secretReadSid(change.target, ROLE), secretReadSid(change.target, `arn:aws:iam::${ACCOUNT}:root`)]);
    }
    // The role's managed batch policy (written) and the account's document for its administrator.
    const identity = changesOf(batch.changes, 'identity-policy');
    expect(identity.map((change) => [change.identity?.policyName ?? null, change.identity?.mode ?? 'administrator'])).toEqual([
      [batchPolicyName(ROLE), 'managed'],
      [null, 'administrator'],
    ]);
    expect(identity[0]!.after!.Statement.filter((statement) => statement.Action === 'secretsmanager:GetSecretValue').map((statement) => statement.Resource)).toEqual(secrets);
    // Apply order: identity, key, secret.
    expect(batch.changes.map((change) => change.kind)).toEqual(['identity-policy', 'identity-policy', 'key-policy', 'secret-policy', 'secret-policy', 'secret-policy']);
  });

  it('keeps what the documents already hold, and plans nothing when everything is in place', async () => {
    const secrets = [secret(1), secret(2)];
    const first = await planBatch(secrets.map((arn) => item(arn, ROLE)), { now });
    const after = (kind: PolicyChange['kind'], target?: string) => first.changes.find((change) => change.kind === kind && (!target || change.target === target))!.after;
    const again = await planBatch(
      secrets.map((arn) => {
        const one = item(arn, ROLE, { secretPolicy: after('secret-policy', arn), identityDocument: after('identity-policy') });
        return { ...one, state: { ...one.state, keyPolicy: after('key-policy') } };
      }),
      { now },
    );
    expect(again.changes.map((change) => change.action)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('two keys: one key-policy change each', async () => {
    const batch = await planBatch([item(secret(1), ROLE), item(secret(2), ROLE, { keyArn: OTHER_KEY })], { now });
    expect(changesOf(batch.changes, 'key-policy').map((change) => change.target)).toEqual([KEY, OTHER_KEY]);
    // The identity policy decrypts with both keys, each statement listing its own secret.
    const decrypt = changesOf(batch.changes, 'identity-policy')[0]!.after!.Statement.filter((statement) => statement.Action === 'kms:Decrypt');
    expect(decrypt.map((statement) => [statement.Resource, contextSecretArns(statement)])).toEqual([
      [KEY, [secret(1)]],
      [OTHER_KEY, [secret(2)]],
    ]);
  });

  it('revokes and shares on the same documents: merged into one change; revokes planned first', async () => {
    // secret 1 is shared with the role; the manifest now shares it with the account instead.
    const shared = await planBatch([item(secret(1), ROLE)], { now });
    const live = (kind: PolicyChange['kind']) => shared.changes.find((change) => change.kind === kind)!.after;
    const revoke = item(secret(1), ROLE, { operation: 'revoke', secretPolicy: live('secret-policy'), identityDocument: live('identity-policy') });
    revoke.state = { ...revoke.state, keyPolicy: live('key-policy') };
    const share = item(secret(1), ACCOUNT, { secretPolicy: live('secret-policy') });
    share.state = { ...share.state, keyPolicy: live('key-policy') };
    const batch = await planBatch([share, revoke], { now });
    const secretChange = changesOf(batch.changes, 'secret-policy');
    expect(secretChange).toHaveLength(1);
    expect(secretChange[0]!.after!.Statement.map((statement) => statement.Sid)).toEqual([secretReadSid(secret(1), `arn:aws:iam::${ACCOUNT}:root`)]);
    const key = changesOf(batch.changes, 'key-policy');
    expect(key).toHaveLength(1);
    expect(key[0]!.after!.Statement.map((statement) => statement.Sid)).toEqual(['Enable IAM User Permissions', keyGrantSid(KEY, `arn:aws:iam::${ACCOUNT}:root`)]);
    // The role's batch policy is left empty: deleted.
    expect(changesOf(batch.changes, 'identity-policy').find((change) => change.identity?.principalKind === 'role')).toMatchObject({ action: 'delete', after: null });
    expect(batch.plans[1]!.operation).toBe('revoke');
  });
});

describe('planBatch: identity policies split within IAM’s size limit', () => {
  it('a managed policy that would pass 6,144 characters: the next secrets go into NAME-2, NAME-3; every secret in exactly one', async () => {
    const secrets = Array.from({ length: 45 }, (_, index) => secret(index));
    const reads: string[] = [];
    const batch = await planBatch(
      secrets.map((arn) => item(arn, ROLE)),
      {
        now,
        readChunk: async (one, name) => {
          reads.push(name);
          return { ...one.state.identity!, target: { ...one.state.identity!.target, policyName: name, policyArn: `arn:aws:iam::222222222222:policy/${name}` }, document: null };
        },
      },
    );
    expect(batch.blocked.every((blocked) => !blocked)).toBe(true);
    const identity = changesOf(batch.changes, 'identity-policy');
    const base = batchPolicyName(ROLE);
    expect(identity.length).toBeGreaterThanOrEqual(3);
    expect(identity.map((change) => change.identity!.policyName)).toEqual(identity.map((_, index) => chunkName(base, index + 1)));
    expect(reads).toEqual(identity.slice(1).map((change) => change.identity!.policyName));
    expect(batch.policyNames.filter((name) => name !== null)).toEqual(identity.map((change) => change.identity!.policyName));
    for (const change of identity) expect(identityPolicySize(change.after!)).toBeLessThanOrEqual(6_144);
    const granted = identity.flatMap((change) => change.after!.Statement.filter((statement) => statement.Action === 'secretsmanager:GetSecretValue').map((statement) => statement.Resource as string));
    expect(granted.sort()).toEqual([...secrets].sort());
    // Each chunk knows its items, in order.
    expect(batch.groups[0]!.chunks.flatMap((chunk) => chunk.items)).toEqual(secrets.map((_, index) => index));
    // Still one key-policy change for all of them.
    expect(changesOf(batch.changes, 'key-policy')).toHaveLength(1);
  });

  it('an inline policy is not split (IAM sums a role’s inline policies): the secrets beyond the limit are blocked', async () => {
    const secrets = Array.from({ length: 60 }, (_, index) => secret(index));
    const batch = await planBatch(secrets.map((arn) => item(arn, ROLE, { identityPolicy: 'inline' })), { now });
    expect(changesOf(batch.changes, 'identity-policy')).toHaveLength(1);
    const blocked = batch.blocked.flatMap((value, index) => (value ? [index] : []));
    expect(blocked.length).toBeGreaterThan(0);
    expect(batch.plans[blocked[0]!]!.findings.map((finding) => finding.code)).toContain('SIZE_LIMIT_INLINE_POLICY');
    // What is merged holds only the secrets that fit.
    const inline = changesOf(batch.changes, 'identity-policy')[0]!.after!;
    expect(inline.Statement.some((statement) => statement.Sid === identityGetSecretSid(secrets[blocked[0]!]!, ROLE))).toBe(false);
  });

  it('remerge: the same items merged onto a document another writer changed meanwhile', async () => {
    const secrets = [secret(1), secret(2)];
    const batch = await planBatch(secrets.map((arn) => item(arn, ROLE)), { now });
    const key = changesOf(batch.changes, 'key-policy')[0]!;
    const theirs = { Sid: 'SomeoneElse', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' }, Action: 'kms:Encrypt', Resource: '*' };
    const live: PolicyDocument = { ...KEY_POLICY, Statement: [...KEY_POLICY.Statement, theirs] };
    const again = batch.remerge(key, live) as PolicyChange;
    expect(again.before).toEqual(live);
    expect(again.after!.Statement.map((statement) => statement.Sid)).toEqual(['Enable IAM User Permissions', 'SomeoneElse', keyGrantSid(KEY, ROLE)]);
    expect(contextSecretArns(again.after!.Statement[2])?.sort()).toEqual([...secrets].sort());
  });
});
