import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { evaluate } from './evaluate';
import type { Caller } from './principal-match';
import { RequestContext } from './request-context';
import type { Layer } from './simulate-types';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const SECRET = `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:S-a1b2c3`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:OTHER-x1y2z3`;
const KEY = `arn:aws:kms:us-east-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const GET = 'secretsmanager:GetSecretValue';
const VIA = { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' };

const role = (account: string, name = 'APP'): Caller => ({ kind: 'role', account, partition: 'aws', arn: `arn:aws:iam::${account}:role/${name}` });
const user = (account: string, name = 'bob'): Caller => ({ kind: 'user', account, partition: 'aws', arn: `arn:aws:iam::${account}:user/${name}` });
const someRole = (account: string): Caller => ({ kind: 'account', account, partition: 'aws' });
const root = (account: string) => `arn:aws:iam::${account}:root`;
const roleArn = (account: string, name = 'APP') => `arn:aws:iam::${account}:role/${name}`;

const allowGet = (extra: Partial<Statement> = {}): Statement => ({ Effect: 'Allow', Action: GET, Resource: SECRET, ...extra });
const grant = (principal: Statement['Principal'], extra: Partial<Statement> = {}): Statement => ({ Effect: 'Allow', Principal: principal, Action: GET, Resource: '*', ...extra });

interface Case {
  caller: Caller;
  /** Identity documents, each a list of statements. */
  identity?: Statement[][];
  /** Resource policy statements; null: the resource has no policy. */
  resource: Statement[] | null;
  layer?: 'secret-policy' | 'key-policy';
  action?: string;
  target?: string;
  context?: Record<string, string | string[]>;
}

interface Expected {
  allowed: boolean;
  decidingLayer: Layer;
  statement?: { index: number; sid?: string };
  reason?: string;
  delegatedToIam?: boolean;
}

function run(c: Case) {
  const layer = c.layer ?? 'secret-policy';
  const target = c.target ?? (layer === 'key-policy' ? KEY : SECRET);
  const resourcePolicy: PolicyDocument | null = c.resource === null ? null : { Version: '2012-10-17', Statement: c.resource };
  const context = new RequestContext({ 'aws:PrincipalAccount': c.caller.account, 'aws:PrincipalArn': c.caller.arn, ...c.context });
  return evaluate({
    request: { caller: c.caller, action: c.action ?? (layer === 'key-policy' ? 'kms:Decrypt' : GET), resource: target, context },
    identityPolicies: (c.identity ?? []).map((statements) => ({ Version: '2012-10-17', Statement: statements })),
    resourcePolicy,
    resourceLayer: layer,
    resourceAccount: OWNER,
  });
}

function check(c: Case, expected: Expected) {
  const result = run(c);
  expect(result.allowed).toBe(expected.allowed);
  expect(result.decidingLayer).toBe(expected.decidingLayer);
  if (expected.statement) expect(result.statement).toMatchObject(expected.statement);
  else expect(result.statement).toBeUndefined();
  if (expected.reason) expect(result.reason).toBe(expected.reason);
  if (expected.delegatedToIam !== undefined) expect(result.layers[0].delegatedToIam ?? false).toBe(expected.delegatedToIam);
}

type Row = [string, Case, Expected];

// AWS IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic".
describe('policy evaluation logic: identity vs resource, same account vs cross-account, explicit deny', () => {
  const rows: Row[] = [
    ['cross-account: resource policy (account root) AND identity policy allow → allowed', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) })], identity: [[allowGet()]] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['cross-account: resource allows, identity silent → implicit deny at identity', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) })] }, { allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' }],
    ['cross-account: resource naming the role itself still needs the identity side', { caller: role(CONSUMER), resource: [grant({ AWS: roleArn(CONSUMER) })] }, { allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' }],
    ['cross-account: identity allows, no resource policy → implicit deny at the resource', { caller: role(CONSUMER), resource: null, identity: [[allowGet()]] }, { allowed: false, decidingLayer: 'secret-policy', reason: 'no-resource-allow' }],
    ['cross-account: resource policy for another account → implicit deny at the resource', { caller: role(CONSUMER), resource: [grant({ AWS: root('333333333333') })], identity: [[allowGet()]] }, { allowed: false, decidingLayer: 'secret-policy' }],
    ['same account: identity policy alone → allowed', { caller: role(OWNER), resource: null, identity: [[allowGet({ Sid: 'Mine' })]] }, { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0, sid: 'Mine' } }],
    ['same account: resource policy naming the role alone → allowed', { caller: role(OWNER), resource: [grant({ AWS: roleArn(OWNER) }, { Sid: 'R' })] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0, sid: 'R' } }],
    ['same account: resource policy naming only the account delegates to IAM → identity needed', { caller: role(OWNER), resource: [grant({ AWS: root(OWNER) })] }, { allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' }],
    ['same account: neither allows → implicit deny at identity', { caller: role(OWNER), resource: null }, { allowed: false, decidingLayer: 'identity-policy' }],
    ['explicit deny in the identity policy beats a resource allow', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) })], identity: [[allowGet(), { Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' }]] }, { allowed: false, decidingLayer: 'identity-policy', statement: { index: 1, sid: 'NoSecrets' }, reason: 'explicit-deny' }],
    ['explicit deny in the resource policy beats both allows', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) }), { Sid: 'Block', Effect: 'Deny', Principal: '*', Action: GET, Resource: '*' }], identity: [[allowGet()]] }, { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'Block' }, reason: 'explicit-deny' }],
    ['explicit deny within one account too', { caller: role(OWNER), resource: [{ Effect: 'Deny', Principal: { AWS: root(OWNER) }, Action: '*', Resource: '*' }], identity: [[allowGet()]] }, { allowed: false, decidingLayer: 'secret-policy', statement: { index: 0 }, reason: 'explicit-deny' }],
    ['a deny whose condition does not hold does not apply', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) }), { Effect: 'Deny', Principal: '*', Action: GET, Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], identity: [[allowGet()]], context: { 'aws:SecureTransport': 'true' } }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['a deny with StringNotEquals on a key the request lacks applies (org guard, no org)', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) }), { Sid: 'OrgOnly', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }], identity: [[allowGet()]] }, { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'OrgOnly' } }],
    ['the same org guard with the right org does not apply', { caller: role(CONSUMER), resource: [grant({ AWS: root(CONSUMER) }), { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }], identity: [[allowGet()]], context: { 'aws:PrincipalOrgID': 'o-abc' } }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['identity statements are numbered across all identity policies', { caller: role(OWNER), resource: null, identity: [[{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], [allowGet({ Sid: 'Second' })]] }, { allowed: true, decidingLayer: 'identity-policy', statement: { index: 2, sid: 'Second' } }],
    ['same account: a statement naming the role wins over an earlier account-wide one', { caller: role(OWNER), resource: [grant({ AWS: root(OWNER) }), grant({ AWS: roleArn(OWNER) }, { Sid: 'Direct' })] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'Direct' } }],
  ];
  it.each(rows)('%s', (_name, c, expected) => check(c, expected));
});

describe('Action / NotAction, Resource / NotResource (wildcards, case)', () => {
  const sameAccount = (statement: Statement): Case => ({ caller: role(OWNER), resource: null, identity: [[statement]] });
  const rows: Row[] = [
    ['Action with a wildcard', sameAccount({ Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: SECRET }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['Action matching is case-insensitive', sameAccount({ Effect: 'Allow', Action: 'SECRETSMANAGER:getsecretvalue', Resource: SECRET }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['Action with ?', sameAccount({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValu?', Resource: SECRET }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['Action list: any entry may match', sameAccount({ Effect: 'Allow', Action: ['kms:Decrypt', 'secretsmanager:GetSecretValue'], Resource: SECRET }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['another action does not match', sameAccount({ Effect: 'Allow', Action: 'secretsmanager:Describe*', Resource: SECRET }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['"*" action', sameAccount({ Effect: 'Allow', Action: '*', Resource: '*' }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['NotAction: every action except IAM (AWS example) allows GetSecretValue', sameAccount({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['NotAction naming the action excludes it', sameAccount({ Effect: 'Allow', NotAction: ['secretsmanager:*'], Resource: '*' }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['a statement with neither Action nor NotAction matches nothing', sameAccount({ Effect: 'Allow', Resource: '*' }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['Resource with the -?????? suffix pattern', sameAccount({ Effect: 'Allow', Action: GET, Resource: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:S-??????` }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['Resource without the suffix (the blog mistake) matches nothing', sameAccount({ Effect: 'Allow', Action: GET, Resource: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:S` }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['Resource with a leading space (the blog mistake) matches nothing', sameAccount({ Effect: 'Allow', Action: GET, Resource: ` ${SECRET}` }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['Resource matching is case-sensitive', sameAccount({ Effect: 'Allow', Action: GET, Resource: SECRET.toUpperCase() }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['Resource with a policy variable', sameAccount({ Effect: 'Allow', Action: GET, Resource: 'arn:aws:secretsmanager:us-east-2:${aws:PrincipalAccount}:secret:*' }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['NotResource: everything but another secret', sameAccount({ Effect: 'Allow', Action: GET, NotResource: OTHER_SECRET }), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['NotResource naming this secret excludes it', sameAccount({ Effect: 'Allow', Action: GET, NotResource: [SECRET] }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['an identity statement with no Resource matches nothing', sameAccount({ Effect: 'Allow', Action: GET }), { allowed: false, decidingLayer: 'identity-policy' }],
    ['Deny with NotResource on this secret does not apply to it', { caller: role(OWNER), resource: null, identity: [[allowGet(), { Effect: 'Deny', Action: '*', NotResource: SECRET }]] }, { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 } }],
    ['Deny with NotAction not covering the action applies', { caller: role(OWNER), resource: null, identity: [[allowGet(), { Sid: 'OnlyKms', Effect: 'Deny', NotAction: 'kms:*', Resource: '*' }]] }, { allowed: false, decidingLayer: 'identity-policy', statement: { index: 1, sid: 'OnlyKms' } }],
    ['resource policy: Resource "*" is this secret', { caller: role(OWNER), resource: [grant({ AWS: roleArn(OWNER) })] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['resource policy: Resource naming this secret', { caller: role(OWNER), resource: [grant({ AWS: roleArn(OWNER) }, { Resource: SECRET })] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['resource policy: Resource naming another secret does not apply', { caller: role(OWNER), resource: [grant({ AWS: roleArn(OWNER) }, { Resource: OTHER_SECRET })] }, { allowed: false, decidingLayer: 'identity-policy' }],
    ['resource policy: NotResource naming another secret applies', { caller: role(OWNER), resource: [grant({ AWS: roleArn(OWNER) }, { Resource: undefined, NotResource: OTHER_SECRET })] }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
  ];
  it.each(rows)('%s', (_name, c, expected) => check(c, expected));
});

// AWS IAM User Guide, "AWS JSON policy elements: Principal" and "NotPrincipal".
describe('Principal and NotPrincipal matching (resource policy, cross-account caller with identity allow)', () => {
  const withPrincipal = (caller: Caller, principal: Statement['Principal']): Case => ({ caller, resource: [grant(principal)], identity: [[allowGet()]] });
  const allowed: Expected = { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } };
  const denied: Expected = { allowed: false, decidingLayer: 'secret-policy', reason: 'no-resource-allow' };
  const rows: Row[] = [
    ['"Principal": "*"', withPrincipal(role(CONSUMER), '*'), allowed],
    ['{"AWS": "*"}', withPrincipal(role(CONSUMER), { AWS: '*' }), allowed],
    ['bare account id matches any principal of that account', withPrincipal(role(CONSUMER), { AWS: CONSUMER }), allowed],
    ['account root ARN matches any principal of that account', withPrincipal(role(CONSUMER), { AWS: root(CONSUMER) }), allowed],
    ['account root ARN matches an unnamed role of the account', withPrincipal(someRole(CONSUMER), { AWS: root(CONSUMER) }), allowed],
    ['account root ARN matches a user of the account', withPrincipal(user(CONSUMER), { AWS: root(CONSUMER) }), allowed],
    ['account root ARN of another account', withPrincipal(role(CONSUMER), { AWS: root('333333333333') }), denied],
    ['account root ARN in another partition', withPrincipal(role(CONSUMER), { AWS: `arn:aws-cn:iam::${CONSUMER}:root` }), denied],
    ['exact role ARN (its sessions call as the role)', withPrincipal(role(CONSUMER), { AWS: roleArn(CONSUMER) }), allowed],
    ['exact role ARN in a list', withPrincipal(role(CONSUMER), { AWS: [root('333333333333'), roleArn(CONSUMER)] }), allowed],
    ['another role of the same account', withPrincipal(role(CONSUMER), { AWS: roleArn(CONSUMER, 'OTHER') }), denied],
    ['a role ARN does not match an unnamed role of the account', withPrincipal(someRole(CONSUMER), { AWS: roleArn(CONSUMER) }), denied],
    ['exact user ARN', withPrincipal(user(CONSUMER), { AWS: `arn:aws:iam::${CONSUMER}:user/bob` }), allowed],
    ['a user ARN does not match a role of the same name', withPrincipal(role(CONSUMER, 'bob'), { AWS: `arn:aws:iam::${CONSUMER}:user/bob` }), denied],
    ['a unique id AROA... (deleted role) never matches', withPrincipal(role(CONSUMER), { AWS: 'AROA1234567890EXAMPLE' }), denied],
    ['a unique id AIDA... (deleted user) never matches', withPrincipal(user(CONSUMER), { AWS: 'AIDA1234567890EXAMPLE' }), denied],
    ['a service principal does not match an IAM role', withPrincipal(role(CONSUMER), { Service: 'secretsmanager.amazonaws.com' }), denied],
    // Issue 12: a session ARN names one session; the simulator models the role (no session given here).
    ['an Allow naming a session of the caller\'s role does not grant the role', withPrincipal(role(CONSUMER), { AWS: `arn:aws:sts::${CONSUMER}:assumed-role/APP/batch` }), denied],
    ['an Allow naming that session grants the simulated session', withPrincipal({ ...role(CONSUMER), sessionName: 'batch' }, { AWS: `arn:aws:sts::${CONSUMER}:assumed-role/APP/batch` }), allowed],
    ['the caller\'s own unique id (AROA…) matches it', withPrincipal({ ...role(CONSUMER), uniqueId: 'AROA1234567890EXAMPLE' }, { AWS: 'AROA1234567890EXAMPLE' }), allowed],
    ['Allow + NotPrincipal listing the caller\'s account excludes the caller', { caller: role(CONSUMER), resource: [{ Effect: 'Allow', NotPrincipal: { AWS: root(CONSUMER) }, Action: GET, Resource: '*' }], identity: [[allowGet()]] }, denied],
    ['Allow + NotPrincipal listing another account grants the caller', { caller: role(CONSUMER), resource: [{ Effect: 'Allow', NotPrincipal: { AWS: root('333333333333') }, Action: GET, Resource: '*' }], identity: [[allowGet()]] }, allowed],
    ['a statement with no Principal does not apply in a resource policy', { caller: role(CONSUMER), resource: [{ Effect: 'Allow', Action: GET, Resource: '*' }], identity: [[allowGet()]] }, denied],
  ];
  it.each(rows)('%s', (_name, c, expected) => check(c, expected));

  const denyAllBut = (notPrincipal: Statement['NotPrincipal']): Case => ({
    caller: role(CONSUMER),
    resource: [grant({ AWS: root(CONSUMER) }), { Sid: 'OnlyListed', Effect: 'Deny', NotPrincipal: notPrincipal, Action: GET, Resource: '*' }],
    identity: [[allowGet()]],
  });
  const notPrincipalRows: Row[] = [
    // Issue 12: AWS checks the account, then the role, then the session; the role's sessions are not listed.
    ['Deny + NotPrincipal listing the account AND the role but no session: the role\'s sessions are still denied', denyAllBut({ AWS: [root(CONSUMER), roleArn(CONSUMER)] }), { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'OnlyListed' }, reason: 'explicit-deny' }],
    ['Deny + NotPrincipal listing only the account: the role is still denied (only the root user is exempt)', denyAllBut({ AWS: root(CONSUMER) }), { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'OnlyListed' }, reason: 'explicit-deny' }],
    ['Deny + NotPrincipal listing only the role: denied (AWS checks the account first)', denyAllBut({ AWS: roleArn(CONSUMER) }), { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1, sid: 'OnlyListed' } }],
    ['Deny + NotPrincipal listing another principal: denied', denyAllBut({ AWS: [root('333333333333'), roleArn('333333333333')] }), { allowed: false, decidingLayer: 'secret-policy', statement: { index: 1 } }],
    ['Deny + NotPrincipal "*": applies to nobody', denyAllBut('*'), { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
    ['Deny + NotPrincipal listing the account, the role and the simulated session: that session is exempt (IAM User Guide, NotPrincipal example)', { ...denyAllBut({ AWS: [root(CONSUMER), roleArn(CONSUMER), `arn:aws:sts::${CONSUMER}:assumed-role/APP/audit`] }), caller: { ...role(CONSUMER), sessionName: 'audit' } }, { allowed: true, decidingLayer: 'secret-policy', statement: { index: 0 } }],
  ];
  it.each(notPrincipalRows)('%s', (_name, c, expected) => check(c, expected));
});

// AWS KMS Developer Guide, "Key policies": the default statement lets IAM policies of the key's
// account work; "Allowing users in other accounts to use a KMS key".
describe('KMS key policy: direct grants and delegation to the account', () => {
  const ENABLE_IAM: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root(OWNER) }, Action: 'kms:*', Resource: '*' };
  const decryptViaSm: Statement = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY, Condition: { StringEquals: VIA } };
  const keyCase = (caller: Caller, keyStatements: Statement[], identity?: Statement[][], context: Record<string, string> = VIA): Case => ({ caller, layer: 'key-policy', resource: keyStatements, identity, context });
  const rows: Row[] = [
    ['same account: default key policy delegates to IAM, identity allows → allowed', keyCase(role(OWNER), [ENABLE_IAM], [[decryptViaSm]]), { allowed: true, decidingLayer: 'identity-policy', statement: { index: 0 }, delegatedToIam: true }],
    ['same account: default key policy, identity silent → denied at identity', keyCase(role(OWNER), [ENABLE_IAM]), { allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow', delegatedToIam: true }],
    ['same account: no root statement → identity policies cannot grant; denied at the key', keyCase(role(OWNER), [{ Effect: 'Allow', Principal: { AWS: roleArn(OWNER, 'ADMIN') }, Action: 'kms:*', Resource: '*' }], [[decryptViaSm]]), { allowed: false, decidingLayer: 'key-policy', reason: 'key-not-delegated' }],
    ['same account: root statement not covering Decrypt does not delegate Decrypt', keyCase(role(OWNER), [{ Effect: 'Allow', Principal: { AWS: root(OWNER) }, Action: ['kms:Describe*', 'kms:Get*'], Resource: '*' }], [[decryptViaSm]]), { allowed: false, decidingLayer: 'key-policy', reason: 'key-not-delegated' }],
    ['same account: key policy naming the role allows on its own', keyCase(role(OWNER), [ENABLE_IAM, { Sid: 'UseKey', Effect: 'Allow', Principal: { AWS: roleArn(OWNER) }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]), { allowed: true, decidingLayer: 'key-policy', statement: { index: 1, sid: 'UseKey' }, delegatedToIam: false }],
    ['cross-account: key policy names the consumer account, identity allows → allowed', keyCase(role(CONSUMER), [ENABLE_IAM, { Sid: 'Consumer', Effect: 'Allow', Principal: { AWS: root(CONSUMER) }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: VIA } }], [[decryptViaSm]]), { allowed: true, decidingLayer: 'key-policy', statement: { index: 1, sid: 'Consumer' }, delegatedToIam: true }],
    ['cross-account: only the key account root in the key policy → denied at the key', keyCase(role(CONSUMER), [ENABLE_IAM], [[decryptViaSm]]), { allowed: false, decidingLayer: 'key-policy', reason: 'no-resource-allow' }],
    ['cross-account: key policy names the role, identity silent → denied at identity', keyCase(role(CONSUMER), [ENABLE_IAM, { Effect: 'Allow', Principal: { AWS: roleArn(CONSUMER) }, Action: 'kms:Decrypt', Resource: '*' }]), { allowed: false, decidingLayer: 'identity-policy', reason: 'no-identity-allow' }],
    ['cross-account: ViaService condition not met (direct call) → denied at the key', keyCase(role(CONSUMER), [ENABLE_IAM, { Effect: 'Allow', Principal: { AWS: root(CONSUMER) }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: VIA } }], [[{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY }]], {}), { allowed: false, decidingLayer: 'key-policy' }],
    ['cross-account: identity allows Decrypt on another key → denied at identity', keyCase(role(CONSUMER), [{ Effect: 'Allow', Principal: { AWS: root(CONSUMER) }, Action: 'kms:*', Resource: '*' }], [[{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY.replace('1234abcd', 'ffffffff') }]]), { allowed: false, decidingLayer: 'identity-policy' }],
    ['cross-account: a key policy Deny for the account wins', keyCase(role(CONSUMER), [ENABLE_IAM, { Effect: 'Allow', Principal: { AWS: root(CONSUMER) }, Action: 'kms:*', Resource: '*' }, { Sid: 'NoDecrypt', Effect: 'Deny', Principal: { AWS: CONSUMER }, Action: 'kms:Decrypt', Resource: '*' }], [[decryptViaSm]]), { allowed: false, decidingLayer: 'key-policy', statement: { index: 2, sid: 'NoDecrypt' }, reason: 'explicit-deny' }],
    ['no key policy at all → denied at the key', keyCase(role(CONSUMER), [], [[decryptViaSm]]), { allowed: false, decidingLayer: 'key-policy' }],
  ];
  it.each(rows)('%s', (_name, c, expected) => check(c, expected));
});

describe('document shapes', () => {
  it('accepts a single statement object in place of the Statement array', () => {
    const single = { Version: '2012-10-17', Statement: allowGet({ Sid: 'One' }) } as unknown as PolicyDocument;
    const result = evaluate({
      request: { caller: role(OWNER), action: GET, resource: SECRET, context: new RequestContext() },
      identityPolicies: [single],
      resourcePolicy: null,
      resourceLayer: 'secret-policy',
      resourceAccount: OWNER,
    });
    expect(result).toMatchObject({ allowed: true, decidingLayer: 'identity-policy', statement: { index: 0, sid: 'One' } });
  });
});
