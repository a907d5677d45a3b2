import { WizardError, type ApplyOutcome } from '@secret-share-wizard/core';
import { describe, expect, it } from 'vitest';
import { outcomeExitCode } from '../commands/apply';
import { verifyExitCode } from '../commands/verify';
import { formatProgress } from './cli-host';
import { createColors } from './color';
import { outcomeJson, renderOutcome } from './render-results';

const c = createColors(false);
const failed: ApplyOutcome = {
  ok: false,
  backup: '/backups/b1',
  results: [
    { kind: 'identity-policy', target: 'arn:aws:iam::222222222222:policy/P', status: 'rolled-back' },
    { kind: 'key-policy', target: 'arn:aws:kms:us-east-2:111111111111:key/k', status: 'failed', message: 'HTTP 500' },
    { kind: 'secret-policy', target: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef', status: 'not-started' },
  ],
  findings: [],
  error: new WizardError('APPLY_FAILED', 'aws', 'PutKeyPolicy failed'),
  restoreCommand: "secret-share-wizard restore '/backups/b1'",
};

describe('apply/revoke/restore results', () => {
  it('lists every change with its status, the backup folder and the way back', () => {
    const text = renderOutcome(failed, c, 'apply');
    expect(text).toContain('↺ rolled back      identity-policy arn:aws:iam::222222222222:policy/P');
    expect(text).toContain('✖ failed           key-policy      arn:aws:kms:us-east-2:111111111111:key/k  HTTP 500');
    expect(text).toContain('– not started      secret-policy');
    expect(text).toContain('Backup of the documents before the apply: /backups/b1');
    expect(text).toContain('✖ Apply failed: PutKeyPolicy failed');
    expect(text).toContain("Undo with: secret-share-wizard restore '/backups/b1'");
  });

  it('--json: results per change, backup, error code', () => {
    expect(outcomeJson(failed)).toEqual({
      ok: false,
      results: [
        { kind: 'identity-policy', target: 'arn:aws:iam::222222222222:policy/P', status: 'rolled-back' },
        { kind: 'key-policy', target: 'arn:aws:kms:us-east-2:111111111111:key/k', status: 'failed', message: 'HTTP 500' },
        { kind: 'secret-policy', target: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef', status: 'not-started' },
      ],
      backup: '/backups/b1',
      restoreCommand: "secret-share-wizard restore '/backups/b1'",
      error: { code: 'APPLY_FAILED', message: 'PutKeyPolicy failed' },
    });
  });

  it.each([
    [{ ...failed, ok: true, error: undefined }, 0],
    [failed, 1],
    [{ ...failed, error: new WizardError('STALE_DOCUMENT', 'user', 'changed') }, 2],
    [{ ...failed, error: new WizardError('CANCELLED', 'user', 'cancelled') }, 130],
  ] as Array<[ApplyOutcome, number]>)('exit code of %#', (outcome, code) => {
    expect(outcomeExitCode(outcome)).toBe(code);
  });

  it('verify: 0 when read, 3 when denied, 1 for other failures', () => {
    const base = { secretArn: 's', versionStage: 'AWSCURRENT', message: 'm', fix: 'f', awsError: { name: 'n', message: 'm' } };
    expect(verifyExitCode({ ok: true, secretArn: 's', principal: 'p', versionStage: 'AWSCURRENT', versionId: 'v', length: 3, fingerprint: '2c26b46b' })).toBe(0);
    expect(verifyExitCode({ ok: false, ...base, errorClass: 'access-denied-kms' })).toBe(3);
    expect(verifyExitCode({ ok: false, ...base, errorClass: 'not-found' })).toBe(3);
    expect(verifyExitCode({ ok: false, ...base, errorClass: 'other' })).toBe(1);
  });

  it('progress lines: one per step with its mark', () => {
    expect(formatProgress({ type: 'step', id: 'k', status: 'done', message: 'Wrote the key policy' }, c)).toBe('✔ Wrote the key policy');
    expect(formatProgress({ type: 'retry', id: 'i', attempt: 2, delayMs: 1500, message: 'Invalid principal' }, c)).toBe('↻ Invalid principal (attempt 2, next in 1.5 s)');
  });
});
