import { describe, expect, it } from 'vitest';
import { planOffline, type OfflinePlanInput } from '../plan/plan-offline';
import { isAdministratorChange } from '../plan/plan-share';
import type { Change, Plan, PolicyChange, SecretKeyChange } from '../plan/plan-types';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { assertWriteAllowed, writeViolations } from './write-guard';
import { writeScopeForPlan, type WriteScope } from './write-scope';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const SECRET = `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:MY_TEST_SECRET-a1b2c3`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:OTHER-d4e5f6`;
const KEY = `arn:aws:kms:us-east-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${CONSUMER}:role/PRODUCTION_SECRET_ROLE`;
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'kms:*', Resource: '*' };
/** Statements someone else wrote, already live: the guard lets them through, even the public one. */
const FOREIGN_PUBLIC: Statement = { Sid: 'OldPublicRead', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const FOREIGN_IDENTITY: Statement = { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' };

const base: OfflinePlanInput = {
  secretArn: SECRET,
  keyArn: KEY,
  consumer: ROLE,
  keyPolicy: { Version: '2012-10-17', Statement: [ADMIN] },
  secretPolicy: { Version: '2012-10-17', Statement: [FOREIGN_PUBLIC] },
  identityDocument: { Version: '2012-10-17', Statement: [FOREIGN_IDENTITY] },
  now: new Date('2026-01-01T00:00:00Z'),
};
const PROVED = { owner: OWNER, consumer: CONSUMER };

function setup(input: Partial<OfflinePlanInput> = {}): { plan: Plan; scope: WriteScope; change: (kind: Change['kind']) => Change } {
  const plan = planOffline({ ...base, ...input });
  const scope = writeScopeForPlan(plan, PROVED);
  return { plan, scope, change: (kind) => structuredClone(plan.changes.find((c) => c.kind === kind)!) };
}

const codes = (change: Change, live: unknown, scope: WriteScope) => writeViolations(change, live, scope).map((v) => v.code);
const edit = (change: Change, after: unknown): Change => ({ ...change, after } as Change);
const withStatements = (doc: PolicyDocument | null, ...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: [...(doc?.Statement ?? []), ...statements] });

describe('the write guard lets the planner\'s own writes through', () => {
  it('every change of a share and of its revoke, with the foreign statements already live', () => {
    const { plan, scope } = setup();
    for (const change of plan.changes) expect(codes(change, change.before, scope), change.kind).toEqual([]);
    const after = (kind: PolicyChange['kind']) => (plan.changes.find((c) => c.kind === kind) as PolicyChange).after;
    const revoke = planOffline({ ...base, operation: 'revoke', secretPolicy: after('secret-policy'), keyPolicy: after('key-policy'), identityDocument: after('identity-policy') });
    const revokeScope = writeScopeForPlan(revoke, PROVED);
    for (const change of revoke.changes) expect(codes(change, change.before, revokeScope), change.kind).toEqual([]);
  });

  it('an account consumer (root), inline identity policy and a move to a new key', () => {
    const { plan, scope } = setup({ consumer: CONSUMER, consumerIdentity: ROLE, identityPolicy: 'inline', moveToKey: 'new', keyArn: undefined, keyPolicy: null, secretPolicy: null });
    expect(plan.blocked).toBe(false);
    for (const change of plan.changes) expect(codes(change, change.before, scope), change.kind).toEqual([]);
  });
});

describe('the hand-edited plan files of issue 10 are refused', () => {
  it('a key policy statement {"Principal":{"AWS":"*"},"Action":"kms:*"}: WRITE_REFUSED_PUBLIC', () => {
    const { change, scope } = setup();
    const key = change('key-policy') as PolicyChange;
    const edited = edit(key, withStatements(key.after, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }));
    expect(codes(edited, key.before, scope)).toEqual(['WRITE_REFUSED_PUBLIC']);
    expect(() => assertWriteAllowed(edited, key.before, scope)).toThrow(/Refusing to write the key policy of .*: Statement\[2\] allows the principal "\*"/);
  });

  it('the same public grant in the secret policy, or in the policy of a key the run creates', () => {
    const { change, scope } = setup();
    const secret = change('secret-policy') as PolicyChange;
    expect(codes(edit(secret, withStatements(secret.after, { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:DescribeSecret', Resource: '*' })), secret.before, scope)).toEqual(['WRITE_REFUSED_PUBLIC']);
    const moving = setup({ moveToKey: 'new', keyArn: undefined, keyPolicy: null });
    const move = moving.change('secret-key') as SecretKeyChange;
    move.newKey!.policy.Statement.push({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
    expect(codes(move, move.before, moving.scope)).toEqual(['WRITE_REFUSED_PUBLIC']);
  });

  it("the key's `Enable IAM User Permissions` statement removed: WRITE_REFUSED_KEY_ADMIN", () => {
    const { change, scope } = setup();
    const key = change('key-policy') as PolicyChange;
    const edited = edit(key, { ...key.after, Statement: key.after!.Statement.filter((s) => s.Sid !== ADMIN.Sid) });
    expect(codes(edited, key.before, scope)).toEqual(['WRITE_REFUSED_KEY_ADMIN']);
    // A key policy that had no administrator statement before is not made worse by the write.
    expect(codes(edited, { Version: '2012-10-17', Statement: [] }, scope)).toEqual([]);
  });

  it('the secret-policy change retargeted to another secret: WRITE_REFUSED_TARGET', () => {
    const { change, scope } = setup();
    const secret = change('secret-policy') as PolicyChange;
    expect(codes({ ...secret, target: OTHER_SECRET }, secret.before, scope)).toEqual(['WRITE_REFUSED_TARGET']);
    const identity = change('identity-policy') as PolicyChange;
    const otherPolicy = `arn:aws:iam::${CONSUMER}:policy/SomethingElse`;
    expect(codes({ ...identity, target: otherPolicy, identity: { ...identity.identity!, policyArn: otherPolicy } }, identity.before, scope)).toEqual(['WRITE_REFUSED_TARGET']);
  });

  it('an identity policy broadened to `Action *`: WRITE_REFUSED_GRANT', () => {
    const { change, scope } = setup({ identityDocument: null });
    const identity = change('identity-policy') as PolicyChange;
    const ours = identity.after!.Statement.find((s) => s.Sid?.startsWith('SecretShareWizardGetSecret'))!;
    ours.Action = '*';
    expect(codes(identity, identity.before, scope)).toEqual(['WRITE_REFUSED_GRANT']);
    // The same statement already live (someone else wrote it) passes: the guard forbids what the write adds.
    expect(codes(identity, identity.after, scope)).toEqual([]);
  });

  it('grants beyond the request in a resource policy (another account, another action): WRITE_REFUSED_GRANT', () => {
    const { change, scope } = setup();
    const secret = change('secret-policy') as PolicyChange;
    const otherAccount = { Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    expect(codes(edit(secret, withStatements(secret.after, otherAccount)), secret.before, scope)).toEqual(['WRITE_REFUSED_GRANT']);
    const moreActions = { ...otherAccount, Principal: { AWS: ROLE }, Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'] };
    expect(codes(edit(secret, withStatements(secret.after, moreActions)), secret.before, scope)).toEqual(['WRITE_REFUSED_GRANT']);
  });

  it('a changed account (plan.secret.account, a change.account) or credentials of another account: WRITE_REFUSED_ACCOUNT', () => {
    const { change, scope } = setup();
    const secret = change('secret-policy') as PolicyChange;
    expect(codes({ ...secret, account: '333333333333' }, secret.before, scope)).toEqual(['WRITE_REFUSED_ACCOUNT']);
    expect(codes(secret, secret.before, { ...scope, proved: { owner: '333333333333', consumer: CONSUMER } })).toEqual(['WRITE_REFUSED_ACCOUNT']);
    const identity = change('identity-policy') as PolicyChange;
    expect(codes(identity, identity.before, { ...scope, proved: { owner: OWNER } })).toEqual(['WRITE_REFUSED_ACCOUNT']);
    // The plan file's secret moved to another account: its target and account no longer match the request.
    const moved = { ...secret, target: SECRET.replace(OWNER, '333333333333'), account: '333333333333' };
    expect(codes(moved, secret.before, scope)).toEqual(['WRITE_REFUSED_TARGET', 'WRITE_REFUSED_ACCOUNT']);
  });

  it('"after": "not a document", wrong types, a malformed change: WRITE_REFUSED_MALFORMED', () => {
    const { change, scope } = setup();
    const secret = change('secret-policy') as PolicyChange;
    expect(codes(edit(secret, 'not a document'), secret.before, scope)).toEqual(['WRITE_REFUSED_MALFORMED']);
    expect(writeViolations(edit(secret, 'not a document'), secret.before, scope)[0]!.message).toMatch(/"after" is "not a document", not a policy document/);
    expect(codes(edit(secret, { Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 5, Resource: '*' }] }), secret.before, scope)).toEqual(['WRITE_REFUSED_MALFORMED']);
    expect(codes({ ...secret, kind: 'bucket-policy' } as unknown as Change, null, scope)).toEqual(['WRITE_REFUSED_MALFORMED']);
    expect(codes(edit(change('key-policy'), null), null, scope)).toEqual(['WRITE_REFUSED_MALFORMED']);
    const move = { ...setup({ moveToKey: KEY.replace('1234abcd', '9999abcd') }).change('secret-key'), after: { KmsKeyId: 5 } } as unknown as Change;
    expect(codes(move, null, scope)).toEqual(['WRITE_REFUSED_MALFORMED']);
  });

  it('beyond AWS\'s size limit: WRITE_REFUSED_SIZE', () => {
    const { change, scope } = setup();
    const key = change('key-policy') as PolicyChange;
    const padded = withStatements(key.after, ...Array.from({ length: 200 }, (_, i) => ({ Sid: `Pad${i}`, Effect: 'Deny' as const, Principal: { AWS: ROLE }, Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/padding': 'x'.repeat(100) } } })));
    expect(codes(edit(key, padded), key.before, scope)).toEqual(['WRITE_REFUSED_SIZE']);
  });

  it('a move to a key the request does not name: WRITE_REFUSED_TARGET; back to aws/secretsmanager is allowed (restore)', () => {
    const { change, scope } = setup({ moveToKey: KEY.replace('1234abcd', '9999abcd') });
    const move = change('secret-key') as SecretKeyChange;
    expect(codes(move, move.before, scope)).toEqual([]);
    expect(codes({ ...move, after: { KmsKeyId: KEY.replace('1234abcd', '6666abcd') } }, move.before, scope)).toEqual(['WRITE_REFUSED_TARGET']);
    expect(codes({ ...move, after: { KmsKeyId: 'alias/aws/secretsmanager' } }, move.before, scope)).toEqual([]);
  });
});

describe('organization grants and roles bound by condition: exactly these, nothing broader', () => {
  const ORG = 'o-a1b2c3d4e5';
  const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
  const org = (consumer: string, extra: Partial<OfflinePlanInput> = {}) => setup({ consumer, secretPolicy: null, identityDocument: null, ...extra });

  it('the planner\'s org, OU and condition-bound writes pass', () => {
    for (const [consumer, extra] of [[ORG, {}], [OU, {}], [ROLE, { roleBinding: 'condition' }]] as const) {
      const { plan, scope } = org(consumer, extra);
      expect(plan.blocked).toBe(false);
      // The identity policy of an organization is for the member accounts' administrators: never written.
      for (const change of plan.changes.filter((c) => !isAdministratorChange(c))) expect(codes(change, change.before, scope), `${consumer} ${change.kind}`).toEqual([]);
      expect(plan.changes.filter(isAdministratorChange).length).toBe(consumer === ROLE ? 0 : 1);
    }
  });

  it('"*" with another organization, or with the org condition loosened, is not the request: WRITE_REFUSED_GRANT', () => {
    const { change, scope } = org(ORG);
    const secret = change('secret-policy') as PolicyChange;
    const [ours] = secret.after!.Statement;
    const other = { ...ours!, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } };
    expect(codes(edit(secret, withStatements(null, other)), null, scope)).toEqual(['WRITE_REFUSED_GRANT']);
    const ifExists = { ...ours!, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } };
    expect(codes(edit(secret, withStatements(null, ifExists)), null, scope)).toEqual(['WRITE_REFUSED_PUBLIC']);
    const wider = { ...ours!, Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } };
    expect(codes(edit(secret, withStatements(null, wider)), null, scope)).toEqual(['WRITE_REFUSED_GRANT']);
    // The OU grant of a request for the OU does not cover the whole organization.
    const ou = org(OU);
    expect(codes(edit(ou.change('secret-policy'), withStatements(null, { ...ours! })), null, ou.scope)).toEqual(['WRITE_REFUSED_GRANT']);
  });

  it('"*" without any condition stays WRITE_REFUSED_PUBLIC, even for an organization request', () => {
    const { change, scope } = org(ORG);
    const key = change('key-policy') as PolicyChange;
    const open: Statement = { Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
    expect(codes(edit(key, withStatements(key.after, open)), key.before, scope)).toEqual(['WRITE_REFUSED_PUBLIC']);
  });

  it('a role bound by condition: its account root without the ArnEquals aws:PrincipalArn condition is the whole account: refused', () => {
    const { change, scope } = org(ROLE, { roleBinding: 'condition' });
    const secret = change('secret-policy') as PolicyChange;
    const [ours] = secret.after!.Statement;
    const { Condition: _dropped, ...bare } = ours!;
    expect(codes(edit(secret, withStatements(null, bare)), null, scope)).toEqual(['WRITE_REFUSED_GRANT']);
    const otherRole = { ...ours!, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${CONSUMER}:role/Admin` } } };
    expect(codes(edit(secret, withStatements(null, otherRole)), null, scope)).toEqual(['WRITE_REFUSED_GRANT']);
  });
});

describe('a public statement narrowed to the organization (audit --fix public)', () => {
  const ORG = 'o-a1b2c3d4e5';
  const scopeFor = (consumer: string): WriteScope => ({ partition: 'aws', ownerAccount: OWNER, consumerAccounts: [], consumers: [consumer], secretArns: [SECRET], keyArns: [KEY], identityTargets: [], proved: { owner: OWNER } });
  const live = { Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow' as const, Principal: '*' as const, Action: 'secretsmanager:*', Resource: '*' }] };
  const change = (after: PolicyDocument): Change => ({ kind: 'secret-policy', target: SECRET, account: OWNER, action: 'update', before: live, after, added: [], removed: [], broadensAccess: false, diff: '' });

  it('passes: the live public statement covers it, and the request names that organization', () => {
    const narrowed = { ...live.Statement[0]!, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } };
    expect(codes(change({ Version: '2012-10-17', Statement: [narrowed] }), live, scopeFor(ORG))).toEqual([]);
  });

  it('another organization, or a grant the live statement does not cover, is refused', () => {
    const other = { ...live.Statement[0]!, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } };
    expect(codes(change({ Version: '2012-10-17', Statement: [other] }), live, scopeFor(ORG))).toEqual(['WRITE_REFUSED_GRANT']);
    // A public live statement is no licence for a grant to an account the request does not name.
    const account = { Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    expect(codes(change({ Version: '2012-10-17', Statement: [...live.Statement, account] }), live, scopeFor(ORG))).toEqual(['WRITE_REFUSED_GRANT']);
  });
});
