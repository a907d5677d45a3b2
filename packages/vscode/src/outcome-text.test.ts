import { describe, expect, it } from 'vitest';
import { diagnoseOffline, type SessionOutcome } from '@secret-share-wizard/core';
import { diagnosisHeadline, diagnosisMarkdown } from './diagnosis-text';
import { outcomeText } from './outcome-text';

const SUBJECT = { operation: 'share' as const, secret: 'MY_TEST_SECRET', consumer: '222222222222' };
const BASE: SessionOutcome = { operation: 'share', ok: true, status: 'applied', exitCode: 0, pending: 3, results: [], backup: '/home/u/.secret-share-wizard/backups/b1', remerged: [], calls: 9 };

describe('the notification at the end of a session', () => {
  it('says what was done, the verify and the backup folder', () => {
    const verified = outcomeText({ ...BASE, verify: { ok: true, secretArn: 's', principal: 'arn:aws:sts::222222222222:assumed-role/APP/x', versionStage: 'AWSCURRENT', versionId: 'v', length: 42, fingerprint: 'abcd1234' } }, SUBJECT);
    expect(verified).toEqual({
      severity: 'info',
      message: 'Shared MY_TEST_SECRET with 222222222222. Verified: arn:aws:sts::222222222222:assumed-role/APP/x read AWSCURRENT (42 characters, SHA-256 abcd1234…). Backup: /home/u/.secret-share-wizard/backups/b1',
      verified: true,
      backup: '/home/u/.secret-share-wizard/backups/b1',
    });
    expect(outcomeText(BASE, SUBJECT).message).toBe('Shared MY_TEST_SECRET with 222222222222. Not verified (no consumer profile). Backup: /home/u/.secret-share-wizard/backups/b1');
    expect(outcomeText(BASE, { ...SUBJECT, operation: 'revoke' }).message).toBe('Revoked MY_TEST_SECRET from 222222222222. Backup: /home/u/.secret-share-wizard/backups/b1');
  });

  it('a restore names the share records it set back; one it could not set back makes it a warning', () => {
    const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
    const restore = { ...BASE, operation: 'restore' as const, records: [{ secretArn: SECRET, key: 'secret-share-wizard:share:0123456789', action: 'written' as const, status: 'restored' as const }] };
    const done = outcomeText(restore, { ...SUBJECT, operation: 'restore' });
    expect(done.severity).toBe('info');
    expect(done.message).toContain(`Put back the share record secret-share-wizard:share:0123456789 of ${SECRET} (as before the run).`);
    const failed = outcomeText({ ...restore, records: [{ ...restore.records[0]!, status: 'failed', message: 'AccessDeniedException' }] }, { ...SUBJECT, operation: 'restore' });
    expect(failed.severity).toBe('warning');
    expect(failed.message).toContain('not put back: AccessDeniedException');
  });

  it('lists what was rolled back, in VS Code words, with the backup', () => {
    const failed = outcomeText(
      {
        ...BASE,
        ok: false,
        status: 'failed',
        exitCode: 1,
        results: [
          { kind: 'identity-policy', target: 'p', status: 'rolled-back' },
          { kind: 'key-policy', target: 'k', status: 'rolled-back' },
          { kind: 'secret-policy', target: 's', status: 'failed' },
        ],
        error: { code: 'APPLY_FAILED', source: 'aws', message: 'the secret policy write failed (--region us-east-2)', fix: 'Pass --consumer-profile and try again' },
      },
      SUBJECT,
    );
    expect(failed.severity).toBe('error');
    expect(failed.message).toBe('The secret policy write failed (region us-east-2). Choose the consumer profile and try again. Rolled back: Consumer identity policy, KMS key policy. Backup: /home/u/.secret-share-wizard/backups/b1');
  });

  it('says nothing was written when the review is discarded or the session refuses', () => {
    expect(outcomeText({ ...BASE, status: 'declined', backup: null }, SUBJECT)).toEqual({ severity: 'info', message: 'Not applied: the review of MY_TEST_SECRET with 222222222222 was discarded. Nothing was written.' });
    expect(outcomeText({ ...BASE, ok: false, status: 'refused', exitCode: 2, backup: null, error: { code: 'STALE_DOCUMENT', source: 'user', message: 'the key policy changed since the review' } }, SUBJECT).message).toBe('Nothing was written. The key policy changed since the review.');
  });
});

describe('the diagnosis', () => {
  it('names the verdict, the deciding layer and statement, and the fix', () => {
    const result = diagnoseOffline({
      secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3',
      keyArn: 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      consumerRole: 'arn:aws:iam::222222222222:role/APP_ROLE',
      secretPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' }] },
      keyPolicy: { Version: '2012-10-17', Statement: [] },
      identityPolicies: [],
    });
    expect(result.verdict).toBe('denied');
    const headline = diagnosisHeadline(result);
    expect(headline).toMatch(/^role\/APP_ROLE CANNOT read the secret\. Denied by /);
    const markdown = diagnosisMarkdown(result);
    expect(markdown).toContain('## Layers');
    expect(markdown).toContain('| the secret\'s resource policy | ✖ denies | statement 0 (Sid "DenyAll") |');
    expect(markdown).not.toMatch(/--[a-z]/);
  });
});
