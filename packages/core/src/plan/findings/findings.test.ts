import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../../policy/policy-types';
import { offlineState, planOffline, type OfflinePlanInput } from '../plan-offline';
import { planShare } from '../plan-share';
import type { Finding, Plan, PolicyChange, ShareRequest } from '../plan-types';
import { FINDING_CODES, type FindingCode } from './finding-codes';
import { analyzePolicyText } from '../../document/analyze-policy-file';
import { grammarFindings } from './grammar-findings';
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

  it('ALLOW_WITH_NOT_PRINCIPAL (warning): AWS recommends against NotPrincipal with Allow', () => {
    const everyoneBut: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'AllBut', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    const f = expectFinding(lintPolicyDocument('secret-policy', everyoneBut), 'ALLOW_WITH_NOT_PRINCIPAL', /every principal except those listed/);
    expect(f).toMatchObject({ severity: 'warning', path: 'Statement[0].NotPrincipal', statementIndex: 0 });
    const denyBut: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: '*', Resource: '*' }] };
    expect(lintPolicyDocument('secret-policy', denyBut).some((x) => x.code === 'ALLOW_WITH_NOT_PRINCIPAL')).toBe(false);
  });

  it('RESOURCE_SERVICE_WILDCARD (warning): a wildcard in the service segment of a Resource ARN matches nothing', () => {
    const identity: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ['arn:aws:secretsmanager:us-east-2:111111111111:secret:S-??????', 'arn:aws:*:us-east-2:111111111111:secret:*'] }] };
    const f = expectFinding(lintPolicyDocument('identity-policy', identity), 'RESOURCE_SERVICE_WILDCARD', /service segment \("\*"\)/);
    expect(f).toMatchObject({ severity: 'warning', path: 'Statement[0].Resource[1]' });
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

describe('findings: infrastructure as code', () => {
  it('IAC_MANAGED_RESOURCE (error; a warning with allowDrift) names the stack and the way out', () => {
    const state = offlineState(base);
    const tagged = { ...state, secret: { ...state.secret, tags: { 'aws:cloudformation:stack-name': 'payments' } } };
    const request = plan().request;
    const f = expectFinding(planShare(tagged, request).findings, 'IAC_MANAGED_RESOURCE', /CloudFormation stack payments.*--export.*--allow-drift/);
    expect(f).toMatchObject({ severity: 'error', change: 'secret-policy' });
    expect(planShare(tagged, { ...request, allowDrift: true }).findings.find((x) => x.code === 'IAC_MANAGED_RESOURCE')?.severity).toBe('warning');
  });
});

// Runs last (tests in a file run in order): every code the planner can emit was exercised above.
describe('findings: the policy grammar (grammarFindings, on the JSON as written)', () => {
  const statement = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
  const grammar = (value: unknown, kind?: PolicyChange['kind']) => grammarFindings(kind, value);

  it('POLICY_JSON_SYNTAX: the first syntax error, where the parser stopped', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt",]';
    const analysis = analyzePolicyText(text);
    expect(analysis.findings).toHaveLength(1);
    const located = analysis.findings[0]!;
    expectFinding([located.finding], 'POLICY_JSON_SYNTAX', /property name in double quotes is expected/);
    expect(text.slice(located.offset, located.offset + located.length)).toBe(']');
  });

  it('POLICY_SHAPE: not an object, no Statement, a Statement that is not a list of objects', () => {
    expectFinding(grammar([1, 2]), 'POLICY_SHAPE', /not a policy/);
    expect(expectFinding(grammar({ Version: '2012-10-17' }), 'POLICY_SHAPE', /no "Statement"/).path).toBe('');
    expect(expectFinding(grammar({ Statement: 'Allow everything' }), 'POLICY_SHAPE', /must be an array/).path).toBe('Statement');
    expect(expectFinding(grammar({ Statement: [statement, 'x'] }), 'POLICY_SHAPE', /Statement\[1\] is the string "x"/)).toMatchObject({ path: 'Statement[1]', statementIndex: 1 });
  });

  it('POLICY_UNKNOWN_KEY: a misspelt top-level key, with the rename as a certain fix; POLICY_VERSION', () => {
    const f = expectFinding(grammar({ Version: '2012-10-17', Statements: [statement] }), 'POLICY_UNKNOWN_KEY', /Did you mean "Statement"\?/);
    expect(f).toMatchObject({ path: 'Statements', at: 'key', fix: { target: 'key', value: 'Statement' } });
    // No "no Statement" finding on top of the misspelt one.
    expect(grammar({ Version: '2012-10-17', Statements: [statement] }).map((x) => x.code)).toEqual(['POLICY_UNKNOWN_KEY']);
    expect(grammar({ Statement: [statement], Extra: 1 })[0]?.fix).toBeUndefined();
    expect(expectFinding(grammar({ Version: '2012-10-18', Statement: [statement] }), 'POLICY_VERSION', /"2012-10-17"/).fix?.value).toBe('2012-10-17');
    expect(grammar({ Version: '2008-10-17', Statement: [statement] })).toEqual([]);
  });

  it('STATEMENT_UNKNOWN_KEY and STATEMENT_EFFECT: "Actions", "allow" (case-sensitive) with certain fixes; a missing Effect without one', () => {
    const findings = grammar({ Statement: [{ Effect: 'allow', Actions: 'kms:Decrypt', Resource: '*' }] }, 'identity-policy');
    expect(expectFinding(findings, 'STATEMENT_UNKNOWN_KEY', /"Actions" is not a statement element/)).toMatchObject({ path: 'Statement[0].Actions', at: 'key', fix: { value: 'Action' } });
    expect(expectFinding(findings, 'STATEMENT_EFFECT', /case-sensitive/)).toMatchObject({ path: 'Statement[0].Effect', fix: { target: 'value', value: 'Allow' } });
    expect(findings.some((x) => x.code === 'STATEMENT_MISSING_FIELD')).toBe(false);
    const missing = grammar({ Statement: [{ Action: 'kms:Decrypt', Resource: '*' }] });
    expect(missing.find((x) => x.code === 'STATEMENT_EFFECT')).toMatchObject({ path: 'Statement[0]', message: expect.stringMatching(/has no Effect/) });
    expect(missing.find((x) => x.code === 'STATEMENT_EFFECT')?.fix).toBeUndefined();
    expect(grammar({ Statement: [{ ...statement, Effect: 'Permit' }] })[0]?.fix).toBeUndefined();
  });

  it('STATEMENT_FIELD_TYPE, STATEMENT_MISSING_FIELD, STATEMENT_CONFLICTING_FIELDS, CONDITION_OPERATOR_UNKNOWN', () => {
    expect(expectFinding(grammar({ Statement: [{ ...statement, Action: 42 }] }), 'STATEMENT_FIELD_TYPE', /Action is the number 42/).path).toBe('Statement[0].Action');
    expect(grammar({ Statement: [{ ...statement, Action: ['kms:Decrypt', { x: 1 }] }] })[0]?.path).toBe('Statement[0].Action[1]');
    expect(grammar({ Statement: [{ ...statement, Condition: { StringEquals: 'x' } }] })[0]?.path).toBe('Statement[0].Condition.StringEquals');
    expect(grammar({ Statement: [{ ...statement, Principal: 'arn:aws:iam::222222222222:root' }] }, 'secret-policy')[0]?.fix?.value).toEqual({ AWS: 'arn:aws:iam::222222222222:root' });
    expect(grammar({ Statement: [{ ...statement, Principal: { aws: '222222222222' } }] }, 'secret-policy')[0]).toMatchObject({ code: 'STATEMENT_FIELD_TYPE', at: 'key', fix: { value: 'AWS' } });
    expect(expectFinding(grammar({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] }), 'STATEMENT_MISSING_FIELD', /no Resource/).path).toBe('Statement[0]');
    expectFinding(grammar({ Statement: [{ ...statement, NotAction: 'kms:*' }] }), 'STATEMENT_CONFLICTING_FIELDS', /both Action and NotAction/);
    const op = expectFinding(grammar({ Statement: [{ ...statement, Condition: { 'ForAnyValue:StringEqual': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } }] }), 'CONDITION_OPERATOR_UNKNOWN', /Did you mean "ForAnyValue:StringEquals"\?/);
    expect(op).toMatchObject({ at: 'key', fix: { value: 'ForAnyValue:StringEquals' } });
    expect(grammar({ Statement: [{ ...statement, Condition: { StringLikeIfExists: { 'aws:PrincipalArn': 'x' }, 'forallvalues:stringequals': { 'aws:TagKeys': ['a'] }, Null: { 'aws:TagKeys': 'false' } } }] })).toEqual([]);
  });

  it('PRINCIPAL_IN_IDENTITY_POLICY and PRINCIPAL_MISSING depend on the kind', () => {
    const withPrincipal = { Statement: [{ ...statement, Principal: { AWS: '222222222222' } }] };
    expect(expectFinding(grammar(withPrincipal, 'identity-policy'), 'PRINCIPAL_IN_IDENTITY_POLICY', /Remove Principal/)).toMatchObject({ path: 'Statement[0].Principal', at: 'key' });
    expect(grammar(withPrincipal, 'secret-policy')).toEqual([]);
    expectFinding(grammar({ Statement: [statement] }, 'key-policy'), 'PRINCIPAL_MISSING', /A KMS key policy statement must name a Principal/);
    expect(grammar({ Statement: [statement] }, 'identity-policy')).toEqual([]);
  });
});

describe('findings: the IAM catalogue (catalogueFindings, via lintPolicyDocument)', () => {
  it('ACTION_UNKNOWN: secretsmanager:GetSecretValues, with the one close match as a fix; wildcards that match nothing; case is fine', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValues', 'SECRETSMANAGER:getsecretvalue', 'kms:Describe*', 'kms:Nothing*', 's3:GetObjekt'], Resource: SECRET }] };
    const findings = lintPolicyDocument('identity-policy', doc).filter((f) => f.code === 'ACTION_UNKNOWN');
    const f = expectFinding(findings, 'ACTION_UNKNOWN', /Did you mean secretsmanager:GetSecretValue\?/);
    expect(f).toMatchObject({ path: 'Statement[0].Action[0]', fix: { target: 'value', value: 'secretsmanager:GetSecretValue' } });
    expect(findings.map((x) => x.path)).toEqual(['Statement[0].Action[0]', 'Statement[0].Action[3]']);
    expect(findings[1]!.message).toMatch(/matches no kms action/);
    expect(lintPolicyDocument('identity-policy', { Statement: [{ Effect: 'Allow', Action: 'GetSecretValue', Resource: '*' }] })[0]?.message).toMatch(/is not an action: an action is "service:Name"/);
  });

  it('CONDITION_KEY_UNKNOWN: VersionsStages and kms:ViaServices, renamed by the fix; variable keys and aws: casing are fine', () => {
    const doc: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: {
      'ForAnyValue:StringEquals': { 'secretsmanager:VersionsStages': 'AWSCURRENT', 'aws:principalorgid': 'o-abc1234567' },
      StringLike: { 'kms:EncryptionContext:SecretARN': SECRET, 'secretsmanager:ResourceTag/team': 'a', 's3:whatever': 'x' },
    } }] };
    const f = expectFinding(lintPolicyDocument('secret-policy', doc), 'CONDITION_KEY_UNKNOWN', /Did you mean secretsmanager:VersionStage\?/);
    expect(f).toMatchObject({ path: 'Statement[0].Condition["ForAnyValue:StringEquals"]["secretsmanager:VersionsStages"]', at: 'key', fix: { target: 'key', value: 'secretsmanager:VersionStage' } });
    expect(f.message).toMatch(/this grant never applies/);
    expect(lintPolicyDocument('secret-policy', doc).filter((x) => x.code === 'CONDITION_KEY_UNKNOWN')).toHaveLength(1);
    const via = lintPolicyDocument('key-policy', { Statement: [ADMIN, { Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaServices': 'secretsmanager.us-east-2.amazonaws.com' } } }] }, { keyArn: KEY });
    expect(via.map((x) => [x.code, x.fix?.value])).toEqual([['CONDITION_KEY_UNKNOWN', 'kms:ViaService']]);
  });

  it('KEY_ALIAS_ARN: in a key policy (fix "*"), in an identity kms statement (fix: the key ARN, only when it is known); alias operations may name aliases', () => {
    const alias = 'arn:aws:kms:us-east-2:111111111111:alias/shared';
    const key = lintPolicyDocument('key-policy', { Statement: [ADMIN, { Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'kms:Decrypt', Resource: alias }] }, { keyArn: KEY });
    expect(expectFinding(key, 'KEY_ALIAS_ARN', /written "\*"/)).toMatchObject({ path: 'Statement[1].Resource', fix: { value: '*' } });
    const identity: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [alias] }] };
    const unknown = lintPolicyDocument('identity-policy', identity).find((x) => x.code === 'KEY_ALIAS_ARN')!;
    expect(unknown.message).toMatch(/kms:Decrypt authorize on the key ARN/);
    expect(unknown.fix).toBeUndefined();
    expect(lintPolicyDocument('identity-policy', identity, { keyArn: KEY }).find((x) => x.code === 'KEY_ALIAS_ARN')?.fix?.value).toBe(KEY);
    expect(lintPolicyDocument('identity-policy', { Statement: [{ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:DeleteAlias'], Resource: alias }] })).toEqual([]);
  });

  it('KEY_ADMIN_LOCKOUT without context: the account of the key administrators, else no guess; none when some account root administers', () => {
    const noRoot: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/KeyAdmin' }, Action: ['kms:Create*', 'kms:PutKeyPolicy'], Resource: '*' }] };
    expect(lintPolicyDocument('key-policy', noRoot).find((x) => x.code === 'KEY_ADMIN_LOCKOUT')?.message).toContain('arn:aws:iam::111111111111:root');
    const onlyConsumer: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'kms:Decrypt', Resource: '*' }] };
    expect(lintPolicyDocument('key-policy', onlyConsumer).find((x) => x.code === 'KEY_ADMIN_LOCKOUT')?.message).toMatch(/iam::ACCOUNT:root, ACCOUNT being the key's account/);
    expect(lintPolicyDocument('key-policy', KEY_POLICY)).toEqual([]);
  });
});

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

/** Codes raised outside the planner, each exercised by the test file named. */
const EXERCISED_ELSEWHERE: Record<string, string> = {
  SECRET_POLICY_VALIDATION: 'apply/validate-secret-policy.test.ts',
  SECRET_POLICY_NOT_VALIDATED: 'apply/validate-secret-policy.test.ts',
  IAM_ATTACHED_POLICY_LIMIT: 'batch/share-many.test.ts',
  SECRET_UNREADABLE: 'batch/share-many.test.ts',
  ORG_GRANT_SCOPE: 'plan/principal-forms.test.ts',
  ORG_GRANT_BROADER: 'plan/principal-forms.test.ts',
};


it('every finding code in FINDING_CODES is exercised by a test in this file (or the one named in EXERCISED_ELSEWHERE)', () => {
  expect([...seen, ...Object.keys(EXERCISED_ELSEWHERE)].sort()).toEqual(Object.keys(FINDING_CODES).sort());
});
