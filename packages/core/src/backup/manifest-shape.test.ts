import { describe, expect, it } from 'vitest';
import { recordTag, type ShareRecord } from '../record/share-record';
import { BACKUP_SCHEMA, type BackupManifest } from './backup-types';
import { manifestProblem } from './manifest-shape';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const OTHER = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-d4e5f6';
const RECORD: ShareRecord = {
  consumer: 'arn:aws:iam::222222222222:root',
  identityArn: 'arn:aws:iam::222222222222:role/APP',
  identityMode: 'managed',
  policyName: 'SecretShareWizard-MY_TEST_SECRET-1a2b3c4d',
  options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: false },
  createdAt: '2026-12-02T03:12:00.000Z',
  tool: 'secret-share-wizard/0.2.0',
};
const TAG = recordTag(RECORD, SECRET);

function manifest(extra: Partial<BackupManifest> = {}): Record<string, unknown> {
  return {
    schema: BACKUP_SCHEMA,
    createdAt: '2026-12-02T03:12:00.000Z',
    operation: 'revoke',
    secret: { arn: SECRET, account: '111111111111', region: 'us-east-2', partition: 'aws' },
    consumer: { arn: RECORD.consumer, account: '222222222222' },
    accounts: { owner: '111111111111', consumer: '222222222222' },
    entries: [],
    ...extra,
  };
}

const withRecords = (records: unknown, extra: Partial<BackupManifest> = {}) => manifestProblem({ ...manifest(extra), records });

describe('manifest.json: the share records restore sets back', () => {
  it('takes the records a share and a revoke write: a key the tool makes, the value before or null', () => {
    expect(manifestProblem(manifest())).toBeUndefined();
    expect(withRecords([{ secretArn: SECRET, key: TAG.Key, before: TAG.Value }])).toBeUndefined();
    expect(withRecords([{ secretArn: SECRET, key: TAG.Key, before: null }])).toBeUndefined();
    expect(withRecords([])).toBeUndefined();
  });

  it("takes a batch's records on any of its secrets, refuses a secret the manifest does not name", () => {
    const batch = { secretArns: [SECRET, OTHER], consumers: [{ arn: RECORD.consumer, account: '222222222222' }] };
    expect(withRecords([{ secretArn: OTHER, key: TAG.Key, before: null }], { batch })).toBeUndefined();
    expect(withRecords([{ secretArn: OTHER, key: TAG.Key, before: null }])).toBe(`records[0].secretArn "${OTHER}" is not a secret of this manifest`);
  });

  it.each([
    ['a key outside the record prefix', { key: 'aws:cloudformation:stack-name', before: 'x' }, 'records[0].key "aws:cloudformation:stack-name" is not a share record tag key'],
    ['the prefix with something else after it', { key: 'secret-share-wizard:share:../../x', before: null }, 'is not a share record tag key'],
    ['a value over 256 characters', { key: TAG.Key, before: 'v'.repeat(257) }, 'records[0].before is neither null nor a tag value'],
    ['a value outside the tag alphabet', { key: TAG.Key, before: 'v=1 c=<script>' }, 'records[0].before is neither null nor a tag value'],
    ['a value that is not a string', { key: TAG.Key, before: 1 }, 'records[0].before is neither null nor a tag value'],
    ['no value at all', { key: TAG.Key }, 'records[0].before is neither null nor a tag value'],
  ])('refuses %s', (_what, record, problem) => {
    expect(withRecords([{ secretArn: SECRET, ...record }])).toContain(problem);
  });

  it('refuses a list that is not one, an entry that is not an object, and the same tag twice', () => {
    expect(withRecords({ secretArn: SECRET })).toBe('"records" is not a list');
    expect(withRecords(['x'])).toBe('records[0] is not an object');
    const one = { secretArn: SECRET, key: TAG.Key, before: null };
    expect(withRecords([one, { ...one, before: TAG.Value }])).toBe(`records[1] names the tag ${TAG.Key} of ${SECRET} a second time`);
  });
});
