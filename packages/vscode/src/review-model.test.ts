import { describe, expect, it } from 'vitest';
import { planOffline, writesByAccount, plannedWrites, type Change } from '@secret-share-wizard/core';
import { approvalMessage, consumerLabel, entryLabel, reviewEntries, reviewKey, reviewOfChanges, reviewOfPlan, reviewTitle, writesPerAccount } from './review-model';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/APP_ROLE';

function plan(consumer = '222222222222', consumerIdentity: string | undefined = ROLE) {
  return planOffline({
    secretArn: SECRET,
    keyArn: KEY,
    consumer,
    ...(consumerIdentity ? { consumerIdentity } : {}),
    identityPolicy: 'managed',
    secretPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Existing', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' }] },
    keyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
  });
}

describe('the review of a plan', () => {
  it('is titled with the secret and the consumer, and says review, applied or not applied', () => {
    const review = reviewOfPlan(plan());
    expect(reviewTitle(review.subject, 'review')).toBe('Share MY_TEST_SECRET with 222222222222 — review');
    expect(reviewTitle(review.subject, 'applied')).toBe('Share MY_TEST_SECRET with 222222222222 — applied');
    expect(reviewTitle(review.subject, 'not-applied', 'rolled back')).toBe('Share MY_TEST_SECRET with 222222222222 — not applied (rolled back)');
    const byRole = reviewOfPlan(plan(ROLE, undefined));
    expect(reviewTitle(byRole.subject, 'review')).toBe('Share MY_TEST_SECRET with APP_ROLE (222222222222) — review');
    // The same secret and consumer is the same review (its tab is replaced, not added).
    expect(review.key).toBe(reviewKey({ operation: 'share', secret: 'MY_TEST_SECRET', consumer: '222222222222' }));
    expect(byRole.key).not.toBe(review.key);
  });

  it('labels every document it writes by kind and account, with its text before and after', () => {
    const review = reviewOfPlan(plan());
    expect(review.entries.map((e) => e.label).sort()).toEqual([
      'Consumer identity policy — account 222222222222',
      'KMS key policy — account 111111111111',
      'Secret resource policy — account 111111111111',
    ]);
    const identity = review.entries.find((e) => e.kind === 'identity-policy')!;
    expect(identity.before).toBeNull();
    expect(identity.action).toBe('create');
    const secret = review.entries.find((e) => e.kind === 'secret-policy')!;
    expect(secret.before).toContain('"Existing"');
    expect(secret.after).toContain('"Existing"');
    expect(secret.after).toContain('SecretShareWizardRead');
    expect(secret.after!.endsWith('}\n')).toBe(true);
  });

  it('leaves out unchanged documents, marks deleted ones and what is handed to the administrator', () => {
    const base = { target: 't', account: '222222222222', added: [], removed: [], broadensAccess: false, diff: '' };
    const changes: Change[] = [
      { ...base, kind: 'key-policy', action: 'none', before: null, after: null },
      { ...base, kind: 'identity-policy', action: 'delete', before: { Version: '2012-10-17', Statement: [] }, after: null, identity: { mode: 'managed' } as never },
      { ...base, target: 'u', kind: 'identity-policy', action: 'update', before: null, after: { Version: '2012-10-17', Statement: [] } },
    ];
    const entries = reviewEntries(changes);
    expect(entries.map((e) => e.label)).toEqual(['Consumer identity policy — account 222222222222 (deleted)', 'Consumer identity policy — account 222222222222 (for its administrator, not written)']);
    expect(entries[0]!.after).toBeNull();
    expect(entries[1]!.notWritten).toBe(true);
  });

  it('shows a key move and the new key policy when the share creates a key', () => {
    const base = { target: SECRET, account: '111111111111', added: [], removed: [], broadensAccess: false, diff: '' };
    const entries = reviewEntries([{ ...base, kind: 'secret-key', action: 'update', before: { KmsKeyId: 'alias/aws/secretsmanager' }, after: { KmsKeyId: KEY }, newKey: { policy: { Version: '2012-10-17', Statement: [] }, description: 'd' } }]);
    expect(entries.map((e) => e.label)).toEqual(['Encryption key of the secret — account 111111111111', 'New KMS key policy — account 111111111111']);
    expect(entries[0]!.after).toContain(KEY);
  });

  it('titles a restore with the backup date, and a revoke with "from"', () => {
    const restore = reviewOfChanges({ operation: 'restore', secret: 'MY_TEST_SECRET', consumer: '222222222222', backupCreatedAt: '2025-01-31T14:02:03.456Z' }, []);
    expect(reviewTitle(restore.subject, 'review')).toBe('Restore MY_TEST_SECRET for 222222222222 (backup of 2025-01-31 14:02 UTC) — review');
    expect(reviewTitle({ operation: 'revoke', secret: 'S', consumer: consumerLabel({ kind: 'account', account: '222222222222', arn: 'arn:aws:iam::222222222222:root' }) }, 'applied')).toBe('Revoke S from 222222222222 — applied');
    expect(entryLabel('key-policy', '111111111111')).toBe('KMS key policy — account 111111111111');
  });
});

describe('the approval', () => {
  it('lists the writes per account, owner first, and says when access broadens', () => {
    const p = plan();
    const accounts = writesByAccount(plannedWrites(p.changes, p.secret.account), { owner: 'central-security', consumer: 'production' });
    expect(writesPerAccount(accounts)).toBe(
      'account 111111111111 (owner, profile central-security): KMS key policy, secret resource policy; account 222222222222 (consumer, profile production): identity policy (created)',
    );
    const review = reviewOfPlan(p);
    expect(approvalMessage(review.subject, accounts, true)).toBe(
      `Share MY_TEST_SECRET with 222222222222: Apply 3 writes in 2 accounts, broadening access — ${writesPerAccount(accounts)}.`,
    );
    expect(approvalMessage({ ...review.subject, operation: 'revoke' }, accounts.slice(0, 1), false)).toMatch(/^Revoke MY_TEST_SECRET from 222222222222: Revoke with 2 writes in 1 account — account 111111111111/);
  });
});
