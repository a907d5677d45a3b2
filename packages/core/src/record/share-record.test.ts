import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, recordTag, recordTagKey, recordsFromTags, RECORD_VALUE_MAX, type ShareRecord } from './share-record';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const record: ShareRecord = {
  consumer: 'arn:aws:iam::222222222222:root',
  identityArn: 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE',
  identityMode: 'managed',
  policyName: 'SecretShareWizard-MY_TEST_SECRET-1a2b3c4d',
  keyArn: KEY,
  options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true },
  createdAt: '2026-12-02T03:12:00.000Z',
  tool: 'secret-share-wizard/0.2.0',
};

describe('the share record (one tag on the secret)', () => {
  it('reads back what it wrote, compactly and readably', () => {
    const value = encodeRecord(record, SECRET);
    expect(value).toBe('v=1 c=222222222222 r=role/PRODUCTION_SECRET_ROLE m=managed p=SecretShareWizard-MY_TEST_SECRET-1a2b3c4d k=1234abcd-12ab-34cd-56ef-1234567890ab o=sc t=2026-12-02T03:12:00Z w=secret-share-wizard/0.2.0');
    expect(decodeRecord(value, SECRET)).toEqual({ ...record, createdAt: '2026-12-02T03:12:00Z' });
  });

  it('keeps within the tag alphabet and 256 characters; other characters are base64url-encoded', () => {
    const odd: ShareRecord = { ...record, identityArn: 'arn:aws:iam::222222222222:role/app,with,commas', policyName: undefined, identityMode: 'inline' };
    const tag = recordTag(odd, SECRET);
    expect(tag.Value).toMatch(/^[\p{L}\p{N} +\-=._:/@]*$/u);
    expect(tag.Value.length).toBeLessThanOrEqual(RECORD_VALUE_MAX);
    expect(decodeRecord(tag.Value, SECRET)?.identityArn).toBe(odd.identityArn);
    expect(tag.Key).toBe(recordTagKey(odd.consumer, odd.identityArn));
  });

  it('a key in another account keeps its full ARN; no key means the AWS managed key', () => {
    const foreign = { ...record, keyArn: 'arn:aws:kms:us-east-2:333333333333:key/k' };
    expect(decodeRecord(encodeRecord(foreign, SECRET), SECRET)?.keyArn).toBe(foreign.keyArn);
    const { keyArn: _none, ...withoutKey } = record;
    expect(decodeRecord(encodeRecord(withoutKey, SECRET), SECRET)?.keyArn).toBeUndefined();
  });

  it('finds the records among a secret\'s tags and ignores anything else', () => {
    const tag = recordTag(record, SECRET);
    const found = recordsFromTags({ team: 'payments', [tag.Key]: tag.Value, 'secret-share-wizard:share:0000000000': 'not a record' }, SECRET);
    expect(found.map((r) => r.key)).toEqual([tag.Key]);
    expect(found[0]!.record.consumer).toBe(record.consumer);
  });
});
