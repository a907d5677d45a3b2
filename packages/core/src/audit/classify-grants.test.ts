import { describe, expect, it } from 'vitest';
import { planOffline, type OfflinePlanInput } from '../plan/plan-offline';
import type { Plan, PolicyChange } from '../plan/plan-types';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { recordTag } from '../record/share-record';
import { classifyAccount, classifySecret, type AccountAuditInput, type SecretToAudit } from './classify-grants';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const KEY = `arn:aws:kms:us-east-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${CONSUMER}:role/APP`;
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'kms:*', Resource: '*' };
const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:${name}-a1b2c3`;
const after = (plan: Plan, kind: PolicyChange['kind']) => (plan.changes.find((c) => c.kind === kind) as PolicyChange).after!;

function shared(name: string, patch: Partial<OfflinePlanInput> = {}): { secret: string; plan: Plan } {
  const secret = secretArn(name);
  return { secret, plan: planOffline({ secretArn: secret, keyArn: KEY, consumer: CONSUMER, keyPolicy: doc(ADMIN), ...patch }) };
}

const account = (secrets: SecretToAudit[], ownerOrgId?: string): AccountAuditInput => ({ account: OWNER, region: 'us-east-2', partition: 'aws', secrets, ...(ownerOrgId ? { ownerOrgId } : {}) });
const customer = (policy: PolicyDocument | null) => ({ kind: 'customer' as const, arn: KEY, policy });
const one = (secret: SecretToAudit, ownerOrgId?: string) => classifySecret(account([secret], ownerOrgId), secret);

describe('classifySecret: one status per kind of grant', () => {
  it('complete: the tool\'s share, secret and key sides both grant; consumer side unknown; no fix', () => {
    const { secret, plan } = shared('COMPLETE');
    const [grant] = one({ arn: secret, name: 'COMPLETE', key: customer(after(plan, 'key-policy')), secretPolicy: after(plan, 'secret-policy'), tags: {} });
    expect(grant).toMatchObject({ status: 'complete', principal: `arn:aws:iam::${CONSUMER}:root`, principalKind: 'account', sides: { secretPolicy: 'grants', keyPolicy: 'grants', consumer: 'unknown' }, fix: null, recorded: false });
  });

  it('a grant written by hand counts too; a role granted by the key through its account root is complete', () => {
    const hand: Statement = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'secretsmanager:*', Resource: '*' };
    const keyByRoot: Statement = { Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: 'kms:Decrypt', Resource: '*' };
    const [grant] = one({ arn: secretArn('HAND'), name: 'HAND', key: customer(doc(ADMIN, keyByRoot)), secretPolicy: doc(hand), tags: {} });
    expect(grant).toMatchObject({ status: 'complete', principal: ROLE, principalKind: 'role' });
    // Same account grants are not cross-account: not listed.
    expect(one({ arn: secretArn('SAME'), name: 'SAME', key: customer(doc(ADMIN)), secretPolicy: doc({ ...hand, Principal: { AWS: `arn:aws:iam::${OWNER}:role/X` } }), tags: {} })).toEqual([]);
  });

  it('half-done (key side): the secret policy grants, the key policy does not; the fix completes it with the share session', () => {
    const { secret, plan } = shared('HALF');
    const [grant] = one({ arn: secret, name: 'HALF', key: customer(doc(ADMIN)), secretPolicy: after(plan, 'secret-policy'), tags: {} });
    expect(grant).toMatchObject({ status: 'half-done', sides: { secretPolicy: 'grants', keyPolicy: 'missing' } });
    expect(grant!.findings.map((f) => f.code)).toEqual(['AUDIT_KEY_SIDE_MISSING']);
    expect(grant!.fix).toMatchObject({ kind: 'complete', side: 'key-policy', secret, consumer: `arn:aws:iam::${CONSUMER}:root` });
  });

  it('half-done (secret side): the key names this secret for a consumer the secret policy does not grant', () => {
    const { secret, plan } = shared('KEYONLY');
    const [grant] = one({ arn: secret, name: 'KEYONLY', key: customer(after(plan, 'key-policy')), secretPolicy: null, tags: {} });
    expect(grant).toMatchObject({ status: 'half-done', sides: { secretPolicy: 'missing', keyPolicy: 'grants' }, fix: { kind: 'complete', side: 'secret-policy' } });
  });

  it('broken-principal: a unique id; traced to its role through the tool\'s record, the fix re-points or removes', () => {
    const { secret, plan } = shared('BROKEN', { consumer: ROLE, identityPolicy: 'none' });
    const rewrite = (document: PolicyDocument) => doc(...document.Statement.map((s) => (typeof s.Principal === 'object' && s.Principal.AWS === ROLE ? { ...s, Principal: { AWS: 'AROAEXAMPLEEXAMPLE01' } } : s)));
    const tag = recordTag({ consumer: ROLE, identityArn: ROLE, identityMode: 'none', keyArn: KEY, options: plan.request.options, createdAt: '2026-01-01T00:00:00Z', tool: 't' }, secret);
    const [grant] = one({ arn: secret, name: 'BROKEN', key: customer(rewrite(after(plan, 'key-policy'))), secretPolicy: rewrite(after(plan, 'secret-policy')), tags: { [tag.Key]: tag.Value } });
    expect(grant).toMatchObject({ status: 'broken-principal', principal: 'AROAEXAMPLEEXAMPLE01', principalKind: 'unique-id', sides: { keyPolicy: 'grants' } });
    expect(grant!.fix).toMatchObject({ kind: 'repoint-or-remove', roleArn: ROLE, uniqueId: 'AROAEXAMPLEEXAMPLE01', recordKey: tag.Key, keyArn: KEY });
    const [untraced] = one({ arn: secret, name: 'BROKEN', key: customer(doc(ADMIN)), secretPolicy: rewrite(after(plan, 'secret-policy')), tags: {} });
    expect(untraced!.fix).toMatchObject({ kind: 'remove', uniqueId: 'AROAEXAMPLEEXAMPLE01' });
  });

  it('public: "*" with no restricting condition; narrowed to the owner\'s organization when it is known', () => {
    const open: Statement = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    const secret: SecretToAudit = { arn: secretArn('PUBLIC'), name: 'PUBLIC', key: customer(doc(ADMIN)), secretPolicy: doc(open), tags: {} };
    const [grant] = one(secret, 'o-a1b2c3d4e5');
    expect(grant).toMatchObject({ status: 'public', principal: '*', fix: { kind: 'narrow', document: 'secret-policy', statementIndex: 0, sid: 'Open', orgId: 'o-a1b2c3d4e5' } });
    expect(one(secret)[0]!.fix).toMatchObject({ kind: 'manual' });
  });

  it('unshareable-key: a cross-account grant on a secret encrypted with aws/secretsmanager', () => {
    const [grant] = one({ arn: secretArn('LEGACY'), name: 'LEGACY', key: { kind: 'aws-managed' }, secretPolicy: doc({ Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }), tags: {} });
    expect(grant).toMatchObject({ status: 'unshareable-key', sides: { keyPolicy: 'missing' }, fix: { kind: 'manual', description: expect.stringMatching(/--move-to-key new/) } });
  });

  it('org-wide: an OU grant made by the tool, listed with its scope (no attention needed)', () => {
    const ou = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
    const { secret, plan } = shared('ORG', { consumer: ou });
    const [grant] = one({ arn: secret, name: 'ORG', key: customer(after(plan, 'key-policy')), secretPolicy: after(plan, 'secret-policy'), tags: {} });
    expect(grant).toMatchObject({ status: 'org-wide', principal: ou, principalKind: 'organizational-unit', scope: `every account under ${ou} and its sub-OUs`, fix: null, sides: { keyPolicy: 'grants' } });
  });

  it('foreign-key: the key is in another account: the key side is unknown', () => {
    const { secret, plan } = shared('FOREIGN');
    const foreignKey = 'arn:aws:kms:us-east-2:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const [grant] = one({ arn: secret, name: 'FOREIGN', key: { kind: 'foreign', arn: foreignKey, account: '333333333333' }, secretPolicy: after(plan, 'secret-policy'), tags: {} });
    expect(grant).toMatchObject({ status: 'foreign-key', key: foreignKey, sides: { keyPolicy: 'unknown' } });
  });

  it('drifted: a statement the tool wrote was edited by hand, or a recorded share\'s statements are gone', () => {
    const { secret, plan } = shared('DRIFT');
    const tag = recordTag({ consumer: `arn:aws:iam::${CONSUMER}:root`, identityMode: 'none', keyArn: KEY, options: plan.request.options, createdAt: '2026-01-01T00:00:00Z', tool: 't' }, secret);
    const edited = doc(...after(plan, 'secret-policy').Statement.map((s) => ({ ...s, Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'] })));
    const [grant] = one({ arn: secret, name: 'DRIFT', key: customer(after(plan, 'key-policy')), secretPolicy: edited, tags: { [tag.Key]: tag.Value } });
    expect(grant).toMatchObject({ status: 'drifted', recorded: true });
    const gone = one({ arn: secret, name: 'DRIFT', key: customer(after(plan, 'key-policy')), secretPolicy: null, tags: { [tag.Key]: tag.Value } });
    expect(gone.map((g) => [g.status, g.sides.secretPolicy, g.sides.keyPolicy])).toEqual([['drifted', 'missing', 'grants']]);
    const bothGone = one({ arn: secret, name: 'DRIFT', key: customer(doc(ADMIN)), secretPolicy: null, tags: { [tag.Key]: tag.Value } });
    expect(bothGone.map((g) => [g.status, g.sides.secretPolicy, g.findings[0]!.code])).toEqual([['drifted', 'missing', 'AUDIT_RECORD_DRIFTED']]);
  });
});

describe('classifyAccount: key-level grants', () => {
  it('a public key statement once per key; an unscoped key grant no secret uses is half-done with secret null', () => {
    const open: Statement = { Sid: 'OpenKey', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
    const stale: Statement = { Sid: 'Stale', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'kms:Decrypt', Resource: '*' };
    const policy = doc(ADMIN, open, stale);
    const secrets: SecretToAudit[] = ['A', 'B'].map((name) => ({ arn: secretArn(name), name, key: customer(policy), secretPolicy: null, tags: {} }));
    const grants = classifyAccount(account(secrets));
    expect(grants.map((g) => [g.secret, g.principal, g.status])).toEqual([
      [null, '*', 'public'],
      [null, 'arn:aws:iam::444444444444:root', 'half-done'],
    ]);
  });
});
