import { describe, expect, it } from 'vitest';
import { planOffline, type OfflinePlanInput } from '../plan/plan-offline';
import type { PolicyChange } from '../plan/plan-types';
import type { Statement } from '../policy/policy-types';
import { decodeRecord, encodeRecord, recordGrantee, recordTag, type ShareRecord } from './share-record';
import { consumersBySid, shareSides, stateOf } from './share-sides';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const options = { versionStage: 'AWSCURRENT' as const, grantDescribe: false, contextCondition: true };
const record = (patch: Partial<ShareRecord>): ShareRecord => ({ consumer: ROLE, identityMode: 'none', keyArn: KEY, options, createdAt: '2026-01-01T00:00:00Z', tool: 'secret-share-wizard/0.1.0', ...patch });

describe('share records of organization, OU and condition-bound shares', () => {
  it('encode c=o-… / the OU path and b=condition, and decode them back', () => {
    for (const patch of [{ consumer: 'o-a1b2c3d4e5' }, { consumer: OU }, { consumer: ROLE, binding: 'condition' as const, identityArn: ROLE, identityMode: 'managed' as const, policyName: 'P' }]) {
      const written = record(patch);
      const value = encodeRecord(written, SECRET);
      expect(value).toContain(`c=${patch.consumer === ROLE ? '222222222222:role/PRODUCTION_SECRET_ROLE' : patch.consumer}`);
      expect(value.length).toBeLessThanOrEqual(256);
      expect(decodeRecord(value, SECRET)).toEqual(written);
    }
    expect(encodeRecord(record({ binding: 'condition' }), SECRET)).toMatch(/ b=condition /);
  });

  it('a condition-bound share has its own tag key (a principal-bound share of the same role is another share)', () => {
    expect(recordTag(record({ binding: 'condition' }), SECRET).Key).not.toBe(recordTag(record({}), SECRET).Key);
    expect(recordGrantee(record({ binding: 'condition' }))).toBe(`condition:${ROLE}`);
  });

  it('the sides of an OU share and a condition-bound share, and their consumers found by Sid', () => {
    for (const [consumer, roleBinding] of [[OU, undefined], [ROLE, 'condition']] as const) {
      const input: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer, keyPolicy: { Version: '2012-10-17', Statement: [ADMIN] }, ...(roleBinding ? { roleBinding, identityPolicy: 'none' as const } : {}) };
      const plan = planOffline(input);
      const after = (kind: PolicyChange['kind']) => (plan.changes.find((c) => c.kind === kind) as PolicyChange).after;
      const shared = record({ consumer, ...(roleBinding ? { binding: roleBinding } : {}) });
      const sides = shareSides(SECRET, shared, { secretPolicy: after('secret-policy'), keyArn: KEY, keyPolicy: after('key-policy') });
      expect(sides).toEqual({ secretPolicy: 'present', keyPolicy: 'present', identityPolicy: 'administrator' });
      expect(stateOf(sides)).toBe('complete');
      expect(consumersBySid(after('secret-policy'), SECRET)).toEqual([recordGrantee(shared)]);
      expect(shareSides(SECRET, shared, { secretPolicy: after('secret-policy'), keyArn: KEY, keyPolicy: { Version: '2012-10-17', Statement: [ADMIN] } }).keyPolicy).toBe('missing');
    }
  });
});
