import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../../policy/policy-types';
import { offlineState, planOffline, type OfflinePlanInput } from '../plan-offline';
import { planShare } from '../plan-share';
import type { Finding, Plan, PolicyChange, ShareRequest } from '../plan-types';
import { FINDING_CODES, type FindingCode } from './finding-codes';
import { lintPolicyDocument } from './lint-policy-document';
import { keyGrantSid, secretReadSid } from '../sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [ADMIN] };
/** The blog's PERMISSIONS_POLICY.json, with its mistakes (leading space, no suffix). */
const BLOG_IDENTITY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ' arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET' },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
  ],
};

const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: '222222222222', keyPolicy: KEY_POLICY, now: new Date('2026-01-01T00:00:00Z') };
const plan = (patch: Partial<OfflinePlanInput> = {}) => planOffline({ ...base, ...patch });

const seen = new Set<string>();
function expectFinding(findings: Finding[], code: FindingCode, message?: RegExp): Finding {
  const found = findings.find((f) => f.code === code);
  expect(found, `${code} in ${JSON.stringify(findings.map((f) => f.code))}`).toBeDefined();
  expect(found!.message.length).toBeGreaterThan(30);
  if (message) expect(found!.message).toMatch(message);
  seen.add(code);
  return found!;
}
const after = (p: Plan, kind: PolicyChange['kind']) => (p.changes.find((c) => c.kind === kind) as PolicyChange).after!;

describe('findings: the secret key', () => {
  it('SECRET_AWS_MANAGED_KEY (error) says how to move to a CMK and what gets re-encrypted', () => {
    const p = plan({ keyArn: undefined, keyPolicy: null });
    const f = expectFinding(p.findings, 'SECRET_AWS_MANAGED_KEY', /secret-share-wizard apply --move-to-key <KEY_ARN>/);
    expect(f.severity).toBe('error');
    expect(f.message).toContain(`aws secretsmanager update-secret --secret-id ${SECRET} --kms-key-id <KEY_ARN>`);
    expect(f.message).toMatch(/AWSCURRENT, AWSPENDING and AWSPREVIOUS/);
    expect(p.blocked).toBe(true);
    expect(p.changes.map((c) => c.kind)).toEqual(['identity-policy', 'secret-policy']);
  });

  it('SECRET_KEY_MOVE (warning) replaces it when the plan moves the secret to a new key', () => {
    const p = plan({ keyArn: undefined, keyPolicy: null, moveToKey: 'new' });
    expect(p.findings.some((f) => f.code === 'SECRET_AWS_MANAGED_KEY')).toBe(false);
    const f = expectFinding(p.findings, 'SECRET_KEY_MOVE', /AWSCURRENT, AWSPENDING and AWSPREVIOUS/);
    expect(f.message).toMatch(/older versions stay on the old key/);
    expect(f.message).toMatch(/kms:Decrypt on the old key and kms:Encrypt/);
    expect(p.blocked).toBe(false);
  });

  it('KEY_ID_NOT_ARN (warning) when KmsKeyId is a bare key id; the plan uses the full ARN', () => {
    const state = offlineState(base);
    state.secret.kmsKeyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
    delete state.secret.keyArn;
    const p = planShare(state, request());
    const f = expectFinding(p.findings, 'KEY_ID_NOT_ARN', new RegExp(`--kms-key-id ${KEY}`));
    expect(f.severity).toBe('warning');
    expect(p.changes.find((c) => c.kind === 'key-policy')?.target).toBe(KEY);
  });

  it('KEY_UNKNOWN (error) when the key id is an alias that was not resolved', () => {
    const state = offlineState(base);
    state.secret.kmsKeyId = 'alias/my-key';
    delete state.secret.keyArn;
    const p = planShare(state, request());
    expectFinding(p.findings, 'KEY_UNKNOWN', /--key-arn arn:aws:kms:us-east-2:ACCOUNT:key\/ID/);
    expectFinding(p.findings, 'KEY_ID_NOT_ARN');
    expect(p.blocked).toBe(true);
  });

  it('KEY_POLICY_UNREADABLE (error) when the key policy is unknown: never write one from scratch', () => {
    const p = plan({ keyPolicy: null });
    expectFinding(p.findings, 'KEY_POLICY_UNREADABLE', /get-key-policy/);
    expect(p.blocked).toBe(true);
  });

  it('KEY_ADMIN_LOCKOUT: error in lint and for a key policy that would lose it; warning when it was already missing', () => {
    const noAdmin: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/KeyAdmin' }, Action: 'kms:*', Resource: '*' }] };
    const lint = lintPolicyDocument('key-policy', noAdmin, { keyArn: KEY });
    const f = expectFinding(lint, 'KEY_ADMIN_LOCKOUT', /Enable IAM User Permissions/);
    expect(f.severity).toBe('error');
    expect(lintPolicyDocument('key-policy', KEY_POLICY, { keyArn: KEY })).toEqual([]);
    const p = plan({ keyPolicy: noAdmin });
    expect(p.findings.find((x) => x.code === 'KEY_ADMIN_LOCKOUT')?.severity).toBe('warning');
    expect(plan({ keyPolicy: null }).findings.find((x) => x.code === 'KEY_ADMIN_LOCKOUT')?.severity).toBe('error');
  });

  it('KEY_GRANT_NOT_SCOPED (info) keeps an existing unscoped grant instead of narrowing it', () => {
    const first = plan({ options: { contextCondition: false } });
    const keyAfter = after(first, 'key-policy');
    const p = plan({ keyPolicy: keyAfter });
    expectFinding(p.findings, 'KEY_GRANT_NOT_SCOPED');
    expect(p.changes.find((c) => c.kind === 'key-policy')?.action).toBe('none');
  });
});

describe('findings: documents', () => {
  it('PUBLIC_PRINCIPAL (error) for "*" without an organization condition, with its path', () => {
    const open: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const p = plan({ secretPolicy: open });
    const f = expectFinding(p.findings, 'PUBLIC_PRINCIPAL', /aws:PrincipalOrgID/);
    expect(f).toMatchObject({ severity: 'error', change: 'secret-policy', statementIndex: 0, path: 'Statement[0].Principal' });
    expect(p.blocked).toBe(true);
    const inOrg = { ...open, Statement: [{ ...open.Statement[0]!, Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }] } as PolicyDocument;
    expect(lintPolicyDocument('secret-policy', inOrg).some((x) => x.code === 'PUBLIC_PRINCIPAL')).toBe(false);
    // The aws/secretsmanager-style key statement: "*" limited to the key's account.
    const callerAccount: Statement = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } } };
    expect(lintPolicyDocument('key-policy', { Statement: [ADMIN, callerAccount] }, { keyArn: KEY })).toEqual([]);
    const negated = { ...callerAccount, Condition: { StringNotEquals: { 'kms:CallerAccount': '111111111111' } } };
    expect(lintPolicyDocument('key-policy', { Statement: [ADMIN, negated] }, { keyArn: KEY }).map((x) => x.code)).toEqual(['PUBLIC_PRINCIPAL']);
    expect(lintPolicyDocument('secret-policy', { Statement: [{ ...open.Statement[0]!, Principal: { AWS: ['arn:aws:iam::1:root', '*'] } }] })[0]?.path).toBe('Statement[0].Principal.AWS');
  });

  it('UNIQUE_ID_PRINCIPAL (warning) for AROA/AIDA principals (deleted role/user)', () => {
    const stale: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::333333333333:root', 'AROAEXAMPLEID12345678'] }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const f = expectFinding(plan({ secretPolicy: stale }).findings, 'UNIQUE_ID_PRINCIPAL', /deleted role/);
    expect(f).toMatchObject({ severity: 'warning', path: 'Statement[0].Principal.AWS[1]', statementIndex: 0 });
    expect(lintPolicyDocument('secret-policy', { Statement: [{ Effect: 'Allow', Principal: { AWS: 'AIDAEXAMPLEID12345678' }, Action: 'a', Resource: '*' }] })[0]?.message).toMatch(/deleted user/);
  });

  it("INPUT_ARN_WHITESPACE and INPUT_ARN_SECRET_SUFFIX on the blog's identity policy (errors in lint, warnings for existing statements in a plan)", () => {
    const lint = lintPolicyDocument('identity-policy', BLOG_IDENTITY, { secretArn: SECRET });
    const space = expectFinding(lint, 'INPUT_ARN_WHITESPACE', /leading or trailing whitespace/);
    expect(space).toMatchObject({ severity: 'error', path: 'Statement[0].Resource', statementIndex: 0 });
    expect(space.message).toContain('"arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET"');
    const fixed = { ...BLOG_IDENTITY, Statement: [{ ...BLOG_IDENTITY.Statement[0]!, Resource: ['arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET'] }] };
    const suffix = expectFinding(lintPolicyDocument('identity-policy', fixed, { secretArn: SECRET }), 'INPUT_ARN_SECRET_SUFFIX', new RegExp(SECRET));
    expect(suffix).toMatchObject({ severity: 'error', path: 'Statement[0].Resource[0]' });
    const p = plan({ consumer: ROLE, identityDocument: BLOG_IDENTITY });
    expect(p.findings.find((f) => f.code === 'INPUT_ARN_WHITESPACE')?.severity).toBe('warning');
    expect(after(p, 'identity-policy').Statement.slice(0, 2)).toEqual(BLOG_IDENTITY.Statement);
  });

  it('INPUT_ARN_TYPOGRAPHIC for pasted en dashes', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY\u2013TEST-a1b2c3' }] };
    expect(expectFinding(lintPolicyDocument('identity-policy', doc), 'INPUT_ARN_TYPOGRAPHIC', /U\+2013/).path).toBe('Statement[0].Resource');
  });

  it('SECRET_ARN_BROAD_WILDCARD (warning) for NAME-* in an identity policy', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-*' }] };
    expectFinding(lintPolicyDocument('identity-policy', doc), 'SECRET_ARN_BROAD_WILDCARD', /MY_TEST_SECRET-\?\?\?\?\?\?/);
  });

  it('INPUT_ARN_PARTITION / REGION / ACCOUNT inside documents, against the context', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ['arn:aws:secretsmanager:us-east-1:111111111111:secret:MY_TEST_SECRET-a1b2c3', 'arn:aws:secretsmanager:us-east-2:999999999999:secret:MY_TEST_SECRET-??????', 'arn:aws-cn:kms:us-east-2:111111111111:key/x'] }] };
    const lint = lintPolicyDocument('identity-policy', doc, { secretArn: SECRET, partition: 'aws' });
    expect(expectFinding(lint, 'INPUT_ARN_REGION').path).toBe('Statement[0].Resource[0]');
    expect(expectFinding(lint, 'INPUT_ARN_ACCOUNT').path).toBe('Statement[0].Resource[1]');
    expect(expectFinding(lint, 'INPUT_ARN_PARTITION').path).toBe('Statement[0].Resource[2]');
  });

  it('INPUT_ARN_AWS_MANAGED_POLICY for a customer policy named in the iam::aws:policy namespace', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::aws:policy/SECRETS_MANAGER_PERMISSIONS_POLICY' }] };
    expectFinding(lintPolicyDocument('identity-policy', doc), 'INPUT_ARN_AWS_MANAGED_POLICY', /arn:aws:iam::ACCOUNT:policy\/SECRETS_MANAGER_PERMISSIONS_POLICY/);
    const p = planShare(offlineState({ ...base, consumer: ROLE }), request({ consumer: ROLE, policyName: 'arn:aws:iam::aws:policy/SECRETS_MANAGER_PERMISSIONS_POLICY' }));
    expect(expectFinding(p.findings, 'INPUT_ARN_AWS_MANAGED_POLICY', /arn:aws:iam::222222222222:policy\/SECRETS_MANAGER_PERMISSIONS_POLICY/).severity).toBe('error');
  });

  it.each([
    ['SIZE_LIMIT_SECRET_POLICY', 'secretPolicy', 20_500, /20,480/],
    ['SIZE_LIMIT_KEY_POLICY', 'keyPolicy', 33_000, /32,768/],
    ['SIZE_LIMIT_MANAGED_POLICY', 'identityDocument', 6_200, /6,144/],
  ] as const)('%s (error)', (code, field, size, limit) => {
    const bulky: Statement = { Sid: 'Bulky', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'secretsmanager:ListSecrets', Resource: `arn:aws:s3:::${'x'.repeat(size)}` };
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: field === 'keyPolicy' ? [ADMIN, bulky] : [field === 'identityDocument' ? { ...bulky, Principal: undefined } as Statement : bulky] };
    if (field === 'identityDocument') delete doc.Statement[0]!.Principal;
    const p = plan({ consumer: ROLE, [field]: doc });
    const f = expectFinding(p.findings, code, limit);
    expect(f.severity).toBe('error');
    expect(p.blocked).toBe(true);
  });

  it('SIZE_LIMIT_INLINE_POLICY (error) uses 10,240 for inline policies', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(10_300)}` }] };
    const f = expectFinding(plan({ consumer: ROLE, identityPolicy: 'inline', identityDocument: doc }).findings, 'SIZE_LIMIT_INLINE_POLICY', /10,240/);
    expect(f.change).toBe('identity-policy');
    const small: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(2_100)}` }] };
    const user = plan({ consumer: 'arn:aws:iam::222222222222:user/alice', identityPolicy: 'inline', identityDocument: small });
    expect(user.findings.find((x) => x.code === 'SIZE_LIMIT_INLINE_POLICY')?.message).toMatch(/inline policies of a user .* 2,048/);
    expect(plan({ consumer: ROLE, identityPolicy: 'inline', identityDocument: small }).findings.some((x) => x.code === 'SIZE_LIMIT_INLINE_POLICY')).toBe(false);
    expect(plan({ consumer: ROLE, identityPolicy: 'inline', identityDocument: { ...doc, Statement: [{ ...doc.Statement[0]!, Resource: 'arn:aws:s3:::'.concat('x'.repeat(7_000)) }] } }).findings.some((x) => x.code.startsWith('SIZE_LIMIT'))).toBe(false);
  });
});

function request(patch: Partial<ShareRequest> = {}): ShareRequest {
  return { secret: SECRET, consumer: '222222222222', identityPolicy: 'managed', options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true }, ...patch };
}

describe('findings: the request', () => {
  it('INPUT_ARN_WHITESPACE / INPUT_ARN_TYPOGRAPHIC name the field when the request itself carries pasted text', () => {
    const p = planShare(offlineState(base), request({ consumer: ' 222222222222', secret: SECRET.replace('MY_TEST', 'MY\u2013TEST') }));
    expect(expectFinding(p.findings, 'INPUT_ARN_WHITESPACE').message).toMatch(/^--consumer:/);
    expect(expectFinding(p.findings, 'INPUT_ARN_TYPOGRAPHIC').message).toMatch(/^--secret:/);
  });

  it('INPUT_ARN_SECRET_SUFFIX when the secret ARN has no suffix', () => {
    const state = offlineState(base);
    state.secret.arn = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET';
    expectFinding(planShare(state, request()).findings, 'INPUT_ARN_SECRET_SUFFIX', /describe-secret/);
  });

  it('INPUT_ARN_PARTITION: consumer in another partition', () => {
    expectFinding(plan({ consumer: 'arn:aws-cn:iam::222222222222:root' }).findings, 'INPUT_ARN_PARTITION', /partition "aws-cn"/);
  });

  it('INPUT_ARN_REGION: key in another region than the secret', () => {
    const f = expectFinding(plan({ keyArn: KEY.replace('us-east-2', 'us-east-1') }).findings, 'INPUT_ARN_REGION', /us-east-2/);
    expect(f.severity).toBe('error');
  });

  it('INPUT_ARN_ACCOUNT: identity target outside the consumer account', () => {
    expectFinding(plan({ consumerIdentity: 'arn:aws:iam::333333333333:role/Other' }).findings, 'INPUT_ARN_ACCOUNT', /account 333333333333/);
  });

  it('INPUT_POLICY_NAME: a name IAM refuses', () => {
    const p = planShare(offlineState({ ...base, consumer: ROLE, policyName: 'bad/name!' }), request({ consumer: ROLE, policyName: 'bad/name!' }));
    expectFinding(p.findings, 'INPUT_POLICY_NAME', /1-128/);
  });
});

describe('findings: principals', () => {
  it('PRINCIPAL_NOT_FOUND (error) only when the consumer account was readable', () => {
    const state = { ...offlineState({ ...base, consumer: ROLE }), consumerAccountReadable: true, principalExists: false };
    const p = planShare(state, request({ consumer: ROLE }));
    expect(expectFinding(p.findings, 'PRINCIPAL_NOT_FOUND', /does not exist in account 222222222222/).severity).toBe('error');
    expect(p.blocked).toBe(true);
    expect(planShare({ ...state, consumerAccountReadable: false }, request({ consumer: ROLE })).findings.some((f) => f.code === 'PRINCIPAL_NOT_FOUND')).toBe(false);
  });

  it("PRINCIPAL_ROLE_RECREATE_TRAP (warning) explains the unique principal ID in the reference's words", () => {
    const f = expectFinding(plan({ consumer: ROLE }).findings, 'PRINCIPAL_ROLE_RECREATE_TRAP', /IAM internally converts it to a "principal ID" unique to the role/);
    expect(f.message).toMatch(/delete the role and recreate it with the same name/);
    expect(f.message).toMatch(/"broken" access/);
    expect(f.message).toContain('arn:aws:iam::222222222222:root');
    expect(plan().findings.some((x) => x.code === 'PRINCIPAL_ROLE_RECREATE_TRAP')).toBe(false);
  });

  it('CONSUMER_SAME_ACCOUNT (info)', () => {
    expectFinding(plan({ consumer: '111111111111' }).findings, 'CONSUMER_SAME_ACCOUNT');
  });
});

describe('findings: identity policy', () => {
  const existing: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };

  it('POLICY_VERSION_LIMIT (warning) when the managed policy already has 5 versions', () => {
    const p = plan({ consumer: ROLE, identityDocument: existing, policyVersionCount: 5 });
    expect(expectFinding(p.findings, 'POLICY_VERSION_LIMIT', /delete the oldest non-default version/).severity).toBe('warning');
    expect(plan({ consumer: ROLE, identityDocument: existing, policyVersionCount: 4 }).findings.some((f) => f.code === 'POLICY_VERSION_LIMIT')).toBe(false);
  });

  it('POLICY_NOT_ATTACHED (info) when the managed policy exists but is not attached', () => {
    const state = offlineState({ ...base, consumer: ROLE, identityDocument: existing });
    state.identity!.attached = false;
    expectFinding(planShare(state, request({ consumer: ROLE })).findings, 'POLICY_NOT_ATTACHED', /apply attaches it/);
  });

  it("IDENTITY_FOR_ADMINISTRATOR (info) for mode none and for an account root without a role", () => {
    expectFinding(plan({ consumer: ROLE, identityPolicy: 'none' }).findings, 'IDENTITY_FOR_ADMINISTRATOR', /administrator must attach it/);
    expectFinding(plan().findings, 'IDENTITY_FOR_ADMINISTRATOR', /account 222222222222/);
  });
});

describe('findings: merge and simulation', () => {
  it('EXISTING_GRANT (info) when a hand-written statement already allows the same', () => {
    const handWritten: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'ByHand', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const p = plan({ secretPolicy: handWritten });
    expect(expectFinding(p.findings, 'EXISTING_GRANT')).toMatchObject({ change: 'secret-policy', statementIndex: 0 });
    expect(p.changes.find((c) => c.kind === 'secret-policy')?.action).toBe('none');
  });

  it('ACCESS_STILL_DENIED (warning) when an explicit deny keeps the consumer out', () => {
    const deny: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NoProduction', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:*', Resource: '*' }] };
    const p = plan({ consumer: ROLE, secretPolicy: deny });
    expect(p.simulation.after.allowed).toBe(false);
    expect(expectFinding(p.findings, 'ACCESS_STILL_DENIED').change).toBe('secret-policy');
  });

  it('REVOKE_NOTHING_TO_REMOVE (info), REVOKE_OTHER_GRANT_REMAINS (warning), REVOKE_KEY_GRANT_UNSCOPED (warning)', () => {
    expectFinding(plan({ operation: 'revoke' }).findings, 'REVOKE_NOTHING_TO_REMOVE');
    const handWritten: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'ByHand', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const keyByHand: PolicyDocument = { Version: '2012-10-17', Statement: [ADMIN, { Sid: 'KeyByHand', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:Decrypt', Resource: '*' }] };
    const identity: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' }] };
    const remains = plan({ operation: 'revoke', consumer: ROLE, secretPolicy: handWritten, keyPolicy: keyByHand, identityDocument: identity });
    expect(expectFinding(remains.findings, 'REVOKE_OTHER_GRANT_REMAINS', /can still read the secret/).severity).toBe('warning');
    const unscoped = plan({ options: { contextCondition: false } });
    const revoke = plan({ operation: 'revoke', options: { contextCondition: false }, keyPolicy: after(unscoped, 'key-policy'), secretPolicy: after(unscoped, 'secret-policy') });
    expectFinding(revoke.findings, 'REVOKE_KEY_GRANT_UNSCOPED', /share those secrets again/);
    expect(after(revoke, 'key-policy')).toEqual(KEY_POLICY);
  });
});

// Runs last (tests in a file run in order): every code the planner can emit was exercised above.
describe('findings: a foreign statement under the wizard\'s Sid', () => {
  const consumer = 'arn:aws:iam::222222222222:root';
  /** The issue-10 case: a Deny for another account, planted under the Sid the wizard would use. */
  const planted: Statement = { Sid: secretReadSid(SECRET, consumer), Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'secretsmanager:*', Resource: '*' };
  const secretPolicy: PolicyDocument = { Version: '2012-10-17', Statement: [planted] };

  it('WIZARD_SID_FOREIGN (error) blocks the share, names document, index and Sid; the statement stays as it was', () => {
    const p = plan({ secretPolicy });
    const f = expectFinding(p.findings, 'WIZARD_SID_FOREIGN', new RegExp(`Statement 0 of the secret policy .* carries the Sid ${planted.Sid}`));
    expect(f).toMatchObject({ severity: 'error', change: 'secret-policy', statementIndex: 0, path: 'Statement[0].Sid' });
    expect(p.blocked).toBe(true);
    expect(after(p, 'secret-policy').Statement).toEqual([planted]);
  });

  it('REVOKE_WIZARD_SID_FOREIGN (warning): revoke keeps it, and still removes the wizard\'s own key grant', () => {
    const shared = plan({ secretPolicy: null });
    const keyPolicy = after(shared, 'key-policy');
    const foreignKey: Statement = { Sid: keyGrantSid(KEY, consumer), Effect: 'Allow', Principal: { AWS: consumer }, Action: 'kms:*', Resource: '*' };
    const p = plan({ operation: 'revoke', secretPolicy, keyPolicy });
    const f = expectFinding(p.findings, 'REVOKE_WIZARD_SID_FOREIGN', /revoke keeps it/);
    expect(f).toMatchObject({ severity: 'warning', change: 'secret-policy', statementIndex: 0 });
    expect((p.changes.find((c) => c.kind === 'secret-policy') as PolicyChange).action).toBe('none');
    expect(after(p, 'key-policy').Statement).toEqual([ADMIN]);
    // The same Sid with other content in the key policy (kms:* for the consumer) is not removed either.
    const q = plan({ operation: 'revoke', keyPolicy: { Version: '2012-10-17', Statement: [ADMIN, foreignKey] } });
    expect(after(q, 'key-policy').Statement).toEqual([ADMIN, foreignKey]);
    expect(q.findings.filter((x) => x.code === 'REVOKE_WIZARD_SID_FOREIGN').map((x) => x.change)).toEqual(['key-policy']);
  });
});

it('every finding code in FINDING_CODES is exercised by a test in this file', () => {
  expect([...seen].sort()).toEqual(Object.keys(FINDING_CODES).sort());
});
