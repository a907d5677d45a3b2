import type { SessionOutcome } from '@secret-share-wizard/core';
import { describe, expect, it } from 'vitest';
import { formatProgress, renderApproval } from './cli-host';
import { createColors } from './color';
import { outcomeJson, renderError, renderOutcome } from './render-results';

const c = createColors(false);
const failed: SessionOutcome = {
  operation: 'share',
  ok: false,
  status: 'failed',
  exitCode: 1,
  pending: 3,
  backup: '/backups/b1',
  remerged: [],
  calls: 12,
  results: [
    { kind: 'identity-policy', target: 'arn:aws:iam::222222222222:policy/P', status: 'rolled-back' },
    { kind: 'key-policy', target: 'arn:aws:kms:us-east-2:111111111111:key/k', status: 'failed', message: 'HTTP 500' },
    { kind: 'secret-policy', target: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef', status: 'not-started' },
  ],
  error: { code: 'APPLY_FAILED', message: 'PutKeyPolicy failed', fix: 'Check the message, then plan and apply again', source: 'aws' },
};

describe('session results on the command line', () => {
  it('lists every change with its status, the backup folder and why it stopped (message, then fix)', () => {
    const text = renderOutcome(failed, c);
    expect(text).toContain('↺ rolled back      identity-policy arn:aws:iam::222222222222:policy/P');
    expect(text).toContain('✖ failed           key-policy      arn:aws:kms:us-east-2:111111111111:key/k  HTTP 500');
    expect(text).toContain('– not started      secret-policy');
    expect(text).toContain('Backup of the documents before the apply: /backups/b1');
    expect(text).toContain('✖ Apply failed: PutKeyPolicy failed. Check the message, then plan and apply again');
  });

  it('says where the rollback is incomplete', () => {
    expect(renderOutcome({ ...failed, exitCode: 4 }, c)).toContain('The rollback is incomplete');
  });

  it('--json: one object with ok, status, exit code, results, backup and the error with its fix and source', () => {
    expect(outcomeJson(failed)).toEqual({
      ok: false,
      operation: 'share',
      status: 'failed',
      exitCode: 1,
      pending: 3,
      results: [
        { kind: 'identity-policy', target: 'arn:aws:iam::222222222222:policy/P', status: 'rolled-back' },
        { kind: 'key-policy', target: 'arn:aws:kms:us-east-2:111111111111:key/k', status: 'failed', message: 'HTTP 500' },
        { kind: 'secret-policy', target: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef', status: 'not-started' },
      ],
      backup: '/backups/b1',
      error: { code: 'APPLY_FAILED', message: 'PutKeyPolicy failed', fix: 'Check the message, then plan and apply again', source: 'aws' },
      calls: 12,
    });
  });

  it('a restore reports each share record it put back or removed, and the one it could not (also in --json)', () => {
    const secret = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef';
    const restored: SessionOutcome = {
      ...failed,
      operation: 'restore',
      ok: true,
      status: 'applied',
      exitCode: 0,
      error: undefined,
      results: [{ kind: 'secret-policy', target: secret, status: 'applied' }],
      records: [
        { secretArn: secret, key: 'secret-share-wizard:share:0123456789', action: 'written', status: 'restored' },
        { secretArn: secret, key: 'secret-share-wizard:share:abcdefabcd', action: 'removed', status: 'failed', message: 'AccessDenied' },
      ],
    };
    const text = renderOutcome(restored, c);
    expect(text).toContain(`Put back the share record secret-share-wizard:share:0123456789 of ${secret} (as before the run)`);
    expect(text).toContain(`⚠ share record secret-share-wizard:share:abcdefabcd of ${secret} not put back: AccessDenied`);
    expect(outcomeJson(restored).records).toEqual(restored.records);
  });

  it('prints an error on one line, its details (a diff) under it', () => {
    expect(renderError({ code: 'STALE_DOCUMENT', message: 'The key policy changed', fix: 'Plan again', source: 'user', details: '--- a\n+++ b' }, c)).toBe('error: The key policy changed. Plan again\n--- a\n+++ b\n');
  });

  it('shows the writes to approve, grouped by account', () => {
    const text = renderApproval(
      {
        operation: 'share',
        plans: [],
        broadensAccess: true,
        writes: [],
        accounts: [
          { account: '111111111111', side: 'owner', profile: 'central-security', writes: [{ kind: 'secret-policy', target: 's', account: '111111111111', side: 'owner', action: 'update', broadensAccess: true, label: 'secret resource policy of s' }] },
          { account: '222222222222', side: 'consumer', writes: [{ kind: 'identity-policy', target: 'p', account: '222222222222', side: 'consumer', action: 'create', broadensAccess: true, label: 'managed identity policy P of r' }] },
        ],
      },
      c,
    );
    expect(text).toBe(
      [
        'Account 111111111111 (owner of the secret, profile central-security):',
        '  update secret resource policy of s  (broadens access)',
        'Account 222222222222 (consumer):',
        '  create managed identity policy P of r  (broadens access)',
        '',
      ].join('\n'),
    );
  });

  it('progress lines: one per step with its mark', () => {
    expect(formatProgress({ type: 'step', id: 'k', status: 'done', message: 'Wrote the key policy' }, c)).toBe('✔ Wrote the key policy');
    expect(formatProgress({ type: 'retry', id: 'i', attempt: 2, delayMs: 1500, message: 'Invalid principal' }, c)).toBe('↻ Invalid principal (attempt 2, next in 1.5 s)');
  });
});
