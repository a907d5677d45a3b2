import { describe, expect, it } from 'vitest';
import { planOffline, type Finding } from '@secret-share-wizard/core';
import { blockingFindings, fileApprovalMessage, fileAppliedMessage, fileModeFindingLines, type SharedFile } from './file-share-model';

const FILES: SharedFile[] = [
  { path: 'policies/key-policy-no-root.json', kind: 'key-policy' },
  { path: 'policies/secret-policy-public.json', kind: 'secret-policy' },
  { path: 'policies/consumer-identity.json', kind: 'identity-policy' },
];

describe('file mode', () => {
  it('names the file a blocking finding is in, not the file the share started from', () => {
    // A public grant in the secret policy blocks a share started from the key policy file.
    const plan = planOffline({
      secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3',
      keyArn: 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      consumer: '222222222222',
      identityPolicy: 'managed',
      secretPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] },
      keyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
    });
    const errors = plan.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => f.change === 'secret-policy')).toBe(true);
    const blocking = blockingFindings(plan.findings, FILES, FILES[0]!);
    expect(blocking.files).toEqual(['policies/secret-policy-public.json']);
    expect(blocking.lines[0]).toMatch(/^policies\/secret-policy-public\.json \(secret resource policy\): /);
    expect(blocking.lines.join(' ')).not.toContain('key-policy-no-root.json');
  });

  it('does not block on a document no file holds, and puts findings without a document on the started file', () => {
    const findings: Finding[] = [
      { code: 'KEY_POLICY_UNREADABLE', severity: 'error', message: 'x', change: 'key-policy' },
      { code: 'INPUT_ARN_SECRET_SUFFIX', severity: 'error', message: 'no suffix.' },
      { code: 'EXISTING_GRANT', severity: 'warning', message: 'w', change: 'secret-policy' },
    ];
    const files = FILES.slice(1);
    const blocking = blockingFindings(findings, files, files[0]!);
    expect(blocking).toEqual({ lines: ['policies/secret-policy-public.json (secret resource policy): no suffix'], files: ['policies/secret-policy-public.json'] });
  });

  it('logs what Apply does: the identity policy IS written when it is one of the files', () => {
    const findings: Finding[] = [{ code: 'IDENTITY_FOR_ADMINISTRATOR', severity: 'info', message: 'The identity policy is not written by apply: …', change: 'identity-policy' }];
    const written = fileModeFindingLines(findings, FILES, ['policies/consumer-identity.json']);
    expect(written).toEqual(['INFO identity policy: Apply writes it to policies/consumer-identity.json; attaching it to the role that reads the secret is done in the consumer account (its administrator or its pipeline).']);
    expect(written.join(' ')).not.toContain('not written by apply');
    const notAFile = fileModeFindingLines(findings, FILES.slice(0, 2), []);
    expect(notAFile[0]).toMatch(/no file holds the identity policy here: not written, not checked/);
  });

  it('says which files are written and saved, and how undo works', () => {
    expect(fileApprovalMessage('Share S with 222222222222', FILES)).toBe(
      'Share S with 222222222222: write and save 3 files — policies/key-policy-no-root.json (KMS key policy), policies/secret-policy-public.json (secret resource policy), policies/consumer-identity.json (identity policy). One edit: Ctrl+Z undoes it in all 3 files and saves them again.',
    );
    expect(fileAppliedMessage(['a.json', 'b.json'])).toBe('Saved a.json, b.json (one edit). Ctrl+Z in one of them ("Undo in 2 Files") reverts them all and saves them again.');
    expect(fileAppliedMessage(['a.json'])).toBe('Saved a.json (one edit). Ctrl+Z in it reverts it and saves it again.');
  });
});
