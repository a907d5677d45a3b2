import { describe, expect, it } from 'vitest';
import { BACKUP_SCHEMA, type BackupManifest } from '../backup/backup-types';
import { restorableRecords } from './restore-session';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3';
const FOREIGN = 'arn:aws:secretsmanager:us-east-2:333333333333:secret:T-d4e5f6';
const KEY = 'secret-share-wizard:share:0123456789';

function manifest(records: BackupManifest['records'], secretArns: string[] = [SECRET]): BackupManifest {
  return {
    schema: BACKUP_SCHEMA,
    createdAt: '2026-12-02T03:12:00.000Z',
    operation: 'apply',
    secret: { arn: SECRET, account: '111111111111', region: 'us-east-2', partition: 'aws' },
    consumer: { arn: 'arn:aws:iam::222222222222:root', account: '222222222222' },
    accounts: { owner: '111111111111', consumer: '222222222222' },
    batch: { secretArns, consumers: [] },
    ...(records ? { records } : {}),
    entries: [],
  };
}

describe('the share records a restore sets back', () => {
  it('every record of the backup, none for a backup of an older version', () => {
    expect(restorableRecords(manifest([{ secretArn: SECRET, key: KEY, before: null }]))).toEqual([{ secretArn: SECRET, key: KEY, before: null }]);
    expect(restorableRecords(manifest(undefined))).toEqual([]);
  });

  it('refuses a record on a secret outside the owner account (even one the batch names), before anything is written', () => {
    expect(() => restorableRecords(manifest([{ secretArn: FOREIGN, key: KEY, before: 'v=1' }], [SECRET, FOREIGN]))).toThrow(expect.objectContaining({ code: 'WRITE_REFUSED', field: '<backup-folder>', message: expect.stringContaining('not in the owner account 111111111111') }));
  });
});
