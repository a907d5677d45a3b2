import { describe, expect, it } from 'vitest';
import { keyPolicySize } from '../policy/policy-size';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { bindNewKeyArn } from './bind-new-key';
import { offlineState, planOffline, type OfflinePlanInput } from './plan-offline';
import { isAdministratorChange, planShare } from './plan-share';
import type { Plan, PolicyChange, SecretKeyChange } from './plan-types';
import { newKeyPlaceholderArn } from './share-context';
import { identityDecryptSid, keyGrantSid } from './sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [ADMIN] };
const NOW = new Date('2026-01-01T00:00:00Z');
const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: KEY_POLICY, now: NOW };

const change = (plan: Plan, kind: PolicyChange['kind']) => plan.changes.find((c): c is PolicyChange => c.kind === kind)!;
const applied = (plan: Plan): Partial<OfflinePlanInput> => ({
  secretPolicy: change(plan, 'secret-policy').after,
  keyPolicy: change(plan, 'key-policy').after!,
  identityDocument: change(plan, 'identity-policy').after,
});

describe('planShare: actions and order', () => {
  it('first share: create/update in apply order, then re-planning after apply gives "none" everywhere', () => {
    const first = planOffline(base);
    expect(first.schema).toBe('secret-share-wizard/plan@1');
    expect(first.operation).toBe('share');
    expect(first.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(first.changes.map((c) => [c.kind, c.action, c.broadensAccess])).toEqual([
      ['identity-policy', 'create', true],
      ['key-policy', 'update', true],
      ['secret-policy', 'create', true],
    ]);
    expect(change(first, 'key-policy').added).toHaveLength(1);
    expect(change(first, 'key-policy').removed).toEqual([]);
    const again = planOffline({ ...base, ...applied(first) });
    expect(again.changes.map((c) => c.action)).toEqual(['none', 'none', 'none']);
    expect(again.changes.every((c) => c.diff === '' && c.added.length === 0 && !c.broadensAccess)).toBe(true);
    expect(again.simulation.before.allowed).toBe(true);
  });

  it('is pure and deterministic', () => {
    const state = offlineState(base);
    const frozen = JSON.stringify(state);
    const request = planOffline(base).request;
    expect(planShare(state, request, NOW)).toEqual(planShare(state, request, NOW));
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('targets: managed policy ARN in the consumer account, key ARN, secret ARN', () => {
    const plan = planOffline(base);
    expect(change(plan, 'identity-policy')).toMatchObject({ target: expect.stringMatching(/^arn:aws:iam::222222222222:policy\/SecretShareWizard-MY_TEST_SECRET-/), account: '222222222222' });
    expect(change(plan, 'key-policy')).toMatchObject({ target: KEY, account: '111111111111' });
    expect(change(plan, 'secret-policy')).toMatchObject({ target: SECRET, account: '111111111111' });
    expect(change(planOffline({ ...base, identityPolicy: 'inline' }), 'identity-policy')).toMatchObject({ target: ROLE, identity: { mode: 'inline', policyName: expect.any(String) } });
  });

  it('an option change updates our statements in place (update, not a duplicate)', () => {
    const first = planOffline(base);
    const any = planOffline({ ...base, ...applied(first), options: { versionStage: 'any', grantDescribe: true } });
    const secret = change(any, 'secret-policy');
    expect(secret.action).toBe('update');
    expect(secret.after!.Statement).toHaveLength(2);
    expect(secret.after!.Statement[0]!.Condition).toBeUndefined();
    expect(secret.after!.Statement[1]!.Action).toBe('secretsmanager:DescribeSecret');
    expect(secret.removed).toHaveLength(1);
    expect(change(any, 'identity-policy').after!.Statement[0]!.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('never produces a "*" principal, even for an account consumer', () => {
    for (const consumer of ['222222222222', ROLE, 'arn:aws:iam::222222222222:user/alice']) {
      const text = JSON.stringify(planOffline({ ...base, consumer }).changes.map((c) => c.after));
      expect(text).not.toMatch(/"Principal":"\*"|"AWS":"\*"/);
    }
  });

  it('a foreign key policy and secret policy are kept, ours appended', () => {
    const foreign: Statement = { Sid: 'KeepMe', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' };
    const plan = planOffline({ ...base, secretPolicy: { Version: '2012-10-17', Statement: [foreign] } });
    expect(change(plan, 'secret-policy').after!.Statement[0]).toBe(foreign);
    expect(change(plan, 'secret-policy').action).toBe('update');
    expect(change(plan, 'secret-policy').diff).toContain('+      "Sid": "SecretShareWizardRead');
  });
});

describe('planShare: identity policy modes', () => {
  it("mode 'none': the identity change is in the plan for the administrator; the simulation says it assumes it is attached", () => {
    const plan = planOffline({ ...base, identityPolicy: 'none' });
    const identity = change(plan, 'identity-policy');
    expect(identity.action).toBe('create');
    expect(identity.identity?.mode).toBe('none');
    expect(isAdministratorChange(identity)).toBe(true);
    expect(plan.simulation.after.allowed).toBe(true);
    expect(plan.simulation.after.explanation).toMatch(/Assuming the consumer account's administrator attaches/);
  });

  it("an account root consumer without consumerIdentity is effectively 'none'; with it, the role gets the policy", () => {
    const root = planOffline({ ...base, consumer: '222222222222' });
    expect(root.identity).toBeUndefined();
    expect(isAdministratorChange(change(root, 'identity-policy'))).toBe(true);
    expect(change(root, 'identity-policy').target).toBe('arn:aws:iam::222222222222:root');
    const withRole = planOffline({ ...base, consumer: '222222222222', consumerIdentity: 'PRODUCTION_SECRET_ROLE' });
    expect(withRole.identity).toMatchObject({ mode: 'managed', arn: ROLE, principalKind: 'role' });
    expect(isAdministratorChange(change(withRole, 'identity-policy'))).toBe(false);
    expect(withRole.simulation.after.allowed).toBe(true);
    expect(change(withRole, 'secret-policy').after!.Statement[0]!.Principal).toEqual({ AWS: 'arn:aws:iam::222222222222:root' });
  });

  it('a managed policy that exists but is not attached does not count before', () => {
    const first = planOffline(base);
    const state = offlineState({ ...base, ...applied(first) });
    state.identity!.attached = false;
    const plan = planShare(state, first.request, NOW);
    expect(plan.simulation.before.allowed).toBe(false);
    expect(plan.simulation.after.allowed).toBe(true);
  });
});

describe('planShare: one key statement for many secrets', () => {
  it('a second secret on the same key adds its ARN to the list (update), not a new statement', () => {
    const first = planOffline(base);
    const other = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-d4e5f6';
    const second = planOffline({ ...base, secretArn: other, keyPolicy: change(first, 'key-policy').after! });
    const key = change(second, 'key-policy');
    expect(key.action).toBe('update');
    expect(key.after!.Statement).toHaveLength(2);
    expect(key.after!.Statement[1]!.Sid).toBe(keyGrantSid(KEY, ROLE));
    expect(key.after!.Statement[1]!.Condition!.StringLike!['kms:EncryptionContext:SecretARN']).toEqual([other, SECRET].sort());
    // Revoking the first leaves the second in the list.
    const revoked = planOffline({ ...base, operation: 'revoke', keyPolicy: key.after! });
    expect(change(revoked, 'key-policy').after!.Statement[1]!.Condition!.StringLike!['kms:EncryptionContext:SecretARN']).toEqual([other]);
  });

  it('200 secrets shared with one consumer fit in the 32 KB key policy', { timeout: 60_000 }, () => {
    let keyPolicy = KEY_POLICY;
    let identityDocument: PolicyDocument | null = null;
    for (let i = 0; i < 200; i++) {
      const secretArn = `arn:aws:secretsmanager:us-east-2:111111111111:secret:app/service-${String(i).padStart(3, '0')}/database-credentials-a${String(i).padStart(5, '0')}`;
      const plan = planOffline({ ...base, secretArn, keyPolicy, identityDocument, policyName: 'SharedSecrets', identityPolicy: 'inline' });
      expect(plan.findings.filter((f) => f.code === 'SIZE_LIMIT_KEY_POLICY')).toEqual([]);
      keyPolicy = change(plan, 'key-policy').after!;
      identityDocument = change(plan, 'identity-policy').after;
    }
    expect(keyPolicy.Statement).toHaveLength(2);
    expect(keyPolicySize(keyPolicy)).toBeLessThan(32_768);
    const decrypt = identityDocument!.Statement.filter((s) => s.Sid === identityDecryptSid(KEY, ROLE));
    expect(decrypt).toHaveLength(1);
    expect(decrypt[0]!.Condition!.StringLike!['kms:EncryptionContext:SecretARN']).toHaveLength(200);
  });
});

describe('planShare: moving the secret off aws/secretsmanager', () => {
  it('to an existing key: secret-key change first, then identity, key, secret', () => {
    const plan = planOffline({ ...base, keyArn: undefined, moveToKey: KEY });
    expect(plan.changes.map((c) => `${c.kind}:${c.action}`)).toEqual(['secret-key:update', 'identity-policy:create', 'key-policy:update', 'secret-policy:create']);
    const move = plan.changes[0] as SecretKeyChange;
    expect(move.before).toEqual({ KmsKeyId: 'alias/aws/secretsmanager' });
    expect(move.after).toEqual({ KmsKeyId: KEY });
    expect(move.diff).toContain('+KmsKeyId: ' + KEY);
    expect(move.newKey).toBeUndefined();
    expect(plan.simulation.before.allowed).toBe(false);
    expect(plan.simulation.after.allowed).toBe(true);
    expect(plan.blocked).toBe(false);
  });

  it('to a new key: newKey.policy = admin statement + consumer grant; key-policy action create; bindNewKeyArn puts the real ARN in', () => {
    const plan = planOffline({ ...base, keyArn: undefined, keyPolicy: null, moveToKey: 'new' });
    const move = plan.changes[0] as SecretKeyChange;
    const placeholder = newKeyPlaceholderArn('aws', 'us-east-2', '111111111111');
    expect(move.after.KmsKeyId).toBe(placeholder);
    expect(move.newKey!.policy.Statement[0]).toEqual(ADMIN);
    expect(move.newKey!.policy.Statement[1]!.Sid).toBe(keyGrantSid(placeholder, ROLE));
    const key = change(plan, 'key-policy');
    expect(key.action).toBe('create');
    expect(key.after).toEqual(move.newKey!.policy);
    expect(plan.blocked).toBe(false);

    const bound = bindNewKeyArn(plan, KEY);
    expect(JSON.stringify(bound)).not.toContain(placeholder);
    expect((bound.changes[0] as SecretKeyChange).after.KmsKeyId).toBe(KEY);
    const boundKey = change(bound, 'key-policy').after!;
    // Re-planning with the real key after apply: nothing to do.
    const replan = planOffline({ ...base, secretPolicy: change(bound, 'secret-policy').after, keyPolicy: boundKey, identityDocument: change(bound, 'identity-policy').after });
    expect(replan.changes.map((c) => c.action)).toEqual(['none', 'none', 'none']);
    expect(change(bound, 'identity-policy').diff).toContain(KEY);
  });
});
