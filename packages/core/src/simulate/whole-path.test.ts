import { describe, expect, it } from 'vitest';
import { parsePrincipal } from '../arn/principal';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { DEFAULT_KEY_STATEMENT, SCENARIO, referenceScenario, scenarioKeyStatement, scenarioSecretStatement } from './reference-scenario';
import { simulateAccess } from './simulate-access';
import { verdictOf, type Layer, type LayerInput, type NamedPolicy, type OrgLevel, type SimulationInput, type Verdict } from './simulate-types';

/**
 * The whole path from the consumer to the secret, one documented example per row. Each row names the
 * AWS documentation page (and example) it comes from. The reference scenario: secret and key in
 * 111111111111, read by PRODUCTION_SECRET_ROLE in 222222222222 (all three documents in place).
 */
const { owner: OWNER, consumer: CONSUMER, roleArn: ROLE, secretArn: SECRET, keyArn: KEY } = SCENARIO;
const ORG = 'o-a1b2c3d4e5';
const ROOT_ID = 'r-ab12';
const OU = 'ou-ab12-11111111';
const SUB_OU = 'ou-ab12-22222222';
const SESSION = (name: string, role = 'PRODUCTION_SECRET_ROLE', account: string = CONSUMER) => `arn:aws:sts::${account}:assumed-role/${role}/${name}`;

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const named = (name: string, ...statements: Statement[]): NamedPolicy => ({ name, document: doc(...statements) });
const known = <T>(value: T): LayerInput<T> => ({ status: 'known', value });
const FULL_AWS_ACCESS = named('FullAWSAccess', { Effect: 'Allow', Action: '*', Resource: '*' });
const RCP_FULL_AWS_ACCESS = named('RCPFullAWSAccess', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
/** Root → OU → account, each with the given policies (FullAWSAccess where none are given). */
function path(account: string, levels: { root?: NamedPolicy[]; ou?: NamedPolicy[]; account?: NamedPolicy[] } = {}, full = FULL_AWS_ACCESS): OrgLevel[] {
  return [
    { target: ROOT_ID, name: 'Root', policies: levels.root ?? [full] },
    { target: OU, name: 'Workloads', policies: levels.ou ?? [full] },
    { target: account, policies: levels.account ?? [full] },
  ];
}
const ALLOW_SECRET_AND_KEY = named('arn:aws:iam::222222222222:policy/Boundary', { Sid: 'SecretsAndKeys', Effect: 'Allow', Action: ['secretsmanager:*', 'kms:Decrypt'], Resource: '*' });

/** The scenario with the consumer's role as the consumer (plus `extra`). */
function scenario(extra: Partial<SimulationInput> = {}): SimulationInput {
  return { ...referenceScenario({ consumer: 'role' }), ...extra };
}

/** The owner's account reading its own secret through its role APP (same-account rows). */
function sameAccount(extra: Partial<SimulationInput> = {}, principal = `arn:aws:iam::${OWNER}:role/APP`): SimulationInput {
  return {
    principal: parsePrincipal(principal),
    secretArn: SECRET,
    keyArn: KEY,
    secretPolicy: null,
    keyPolicy: doc(DEFAULT_KEY_STATEMENT),
    identityPolicies: [],
    ...extra,
  };
}

interface Expected {
  verdict: Verdict;
  decidingLayer?: Layer;
  /** The deciding statement (index, Sid, document, target), when one decided. */
  statement?: Record<string, unknown>;
  unknownLayers?: Layer[];
  /** Which call failed: 0 GetSecretValue, 1 kms:Decrypt. */
  failingCheck?: 0 | 1;
  explanation?: RegExp;
  note?: RegExp;
}

type Row = [name: string, source: string, input: () => SimulationInput, expected: Expected];

function check(input: SimulationInput, expected: Expected): void {
  const result = simulateAccess(input);
  expect(verdictOf(result), result.explanation).toBe(expected.verdict);
  expect(result.decidingLayer).toBe(expected.decidingLayer);
  if (expected.statement) expect(result.statement).toMatchObject(expected.statement);
  expect(result.unknownLayers).toEqual(expected.unknownLayers ?? []);
  if (expected.verdict === 'allowed-if') expect(result.assumptions.map((a) => a.layer)).toEqual(expected.unknownLayers);
  if (expected.failingCheck !== undefined) {
    expect(result.checks[expected.failingCheck]!.allowed).toBe(false);
    if (expected.failingCheck === 1) expect(result.checks[0]!.allowed).toBe(true);
  }
  if (expected.explanation) expect(result.explanation).toMatch(expected.explanation);
  if (expected.note) expect((result.notes ?? []).join('\n')).toMatch(expected.note);
}

const BOUNDARIES = 'IAM User Guide, "Permissions boundaries for IAM entities"';
const SESSION_POLICIES = 'IAM User Guide, "Policies and permissions in IAM" → "Session policies"';
const SCP_EVALUATION = 'AWS Organizations User Guide, "SCP evaluation"';
const SCP_EXAMPLES = 'AWS Organizations User Guide, "Example service control policies"';
const RCP = 'AWS Organizations User Guide, "Resource control policies (RCPs)"';
const RCP_EXAMPLES = 'AWS Organizations User Guide, "Example resource control policies" (data perimeter)';
const VPCE_SM = 'Secrets Manager User Guide, "Using an AWS Secrets Manager VPC endpoint" (endpoint policy, aws:SourceVpce)';
const VPCE_KMS = 'KMS Developer Guide, "Use VPC endpoints to control access to AWS KMS resources" (requests from integrated services)';
const GLOBAL_KEYS = 'IAM User Guide, "AWS global condition context keys"';
const PRINCIPAL = 'IAM User Guide, "AWS JSON policy elements: Principal" (role sessions, unique ids)';
const NOT_PRINCIPAL = 'IAM User Guide, "AWS JSON policy elements: NotPrincipal"';
const EVALUATION = 'IAM User Guide, "Policy evaluation logic" / "Cross-account policy evaluation logic"';

describe('permissions boundary', () => {
  const rows: Row[] = [
    ['a boundary allowing Secrets Manager and kms:Decrypt: allowed', BOUNDARIES, () => scenario({ permissionsBoundary: known(ALLOW_SECRET_AND_KEY) }), { verdict: 'allowed' }],
    [
      "the ShirleyRodriguez boundary (S3, CloudWatch, EC2 only) caps the identity policy: denied at the boundary",
      `${BOUNDARIES}, first example`,
      () => scenario({ permissionsBoundary: known(named('ShirleyBoundary', { Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' })) }),
      { verdict: 'denied', decidingLayer: 'permissions-boundary', failingCheck: 0, explanation: /permissions boundary ShirleyBoundary of .*PRODUCTION_SECRET_ROLE does not allow secretsmanager:GetSecretValue/ },
    ],
    [
      'a Deny in the boundary (the XCompanyBoundaries DenyS3Logs shape, on secrets) is an explicit deny naming the boundary document',
      `${BOUNDARIES}, XCompanyBoundaries`,
      () => scenario({ permissionsBoundary: known(named('XCompanyBoundaries', { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenySecrets', Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' })) }),
      { verdict: 'denied', decidingLayer: 'permissions-boundary', statement: { layer: 'permissions-boundary', index: 1, sid: 'DenySecrets', document: 'XCompanyBoundaries' } },
    ],
    [
      'same account: a secret policy naming the role ARN is still limited by the role\'s boundary',
      `${BOUNDARIES}, "Resource-based policies" (role ARN vs session ARN)`,
      () => sameAccount({ secretPolicy: doc(scenarioSecretStatement(`arn:aws:iam::${OWNER}:role/APP`)), permissionsBoundary: known(named('S3Only', { Effect: 'Allow', Action: 's3:*', Resource: '*' })) }),
      { verdict: 'denied', decidingLayer: 'permissions-boundary', failingCheck: 0, explanation: /names the role, but within one account a grant to the role ARN is still limited by the role's boundary/ },
    ],
    [
      'same account: a secret policy naming the session ARN is not limited by the boundary',
      `${BOUNDARIES}, "Resource-based policies"`,
      () => sameAccount({
        secretPolicy: doc(scenarioSecretStatement(SESSION('app-session', 'APP', OWNER))),
        keyPolicy: doc(DEFAULT_KEY_STATEMENT, { Effect: 'Allow', Principal: { AWS: SESSION('app-session', 'APP', OWNER) }, Action: 'kms:Decrypt', Resource: '*' }),
        sessionName: 'app-session',
        permissionsBoundary: known(named('S3Only', { Effect: 'Allow', Action: 's3:*', Resource: '*' })),
      }),
      { verdict: 'allowed' },
    ],
    [
      'same account: a secret policy naming an IAM user is not limited by the user\'s boundary',
      `${BOUNDARIES}, "Resource-based policies" (IAM users)`,
      () => sameAccount({
        secretPolicy: doc(scenarioSecretStatement(`arn:aws:iam::${OWNER}:user/bob`)),
        keyPolicy: doc(DEFAULT_KEY_STATEMENT, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:user/bob` }, Action: 'kms:Decrypt', Resource: '*' }),
        permissionsBoundary: known(named('S3Only', { Effect: 'Allow', Action: 's3:*', Resource: '*' })),
      }, `arn:aws:iam::${OWNER}:user/bob`),
      { verdict: 'allowed' },
    ],
    [
      'Deny + NotPrincipal always denies a principal with a boundary, even when every form of it is listed',
      `${BOUNDARIES}, "Important" note on NotPrincipal`,
      () => scenario({
        sessionName: 'app',
        permissionsBoundary: known(ALLOW_SECRET_AND_KEY),
        secretPolicy: doc(scenarioSecretStatement(ROLE), { Sid: 'OnlyApp', Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${CONSUMER}:root`, ROLE, SESSION('app')] }, Action: '*', Resource: '*' }),
      }),
      { verdict: 'denied', decidingLayer: 'secret-policy', statement: { sid: 'OnlyApp' } },
    ],
    ['a boundary that could not be read: allowed only if it allows', BOUNDARIES, () => scenario({ permissionsBoundary: { status: 'unknown', readableBy: 'the consumer account (iam:GetRole)' } }), { verdict: 'allowed-if', unknownLayers: ['permissions-boundary'] }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('session policy', () => {
  const rows: Row[] = [
    ['a session policy allowing only S3: denied at the session policy', SESSION_POLICIES, () => scenario({ sessionPolicies: known([named('inline session policy', { Effect: 'Allow', Action: 's3:*', Resource: '*' })]) }), { verdict: 'denied', decidingLayer: 'session-policy', failingCheck: 0 }],
    ['a session policy allowing both calls: allowed', SESSION_POLICIES, () => scenario({ sessionPolicies: known([named('inline session policy', { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' })]) }), { verdict: 'allowed' }],
    [
      'the inline and managed session policies are read together: one allowing GetSecretValue, another kms:Decrypt',
      `${SESSION_POLICIES} (an inline session policy and up to 10 managed session policy ARNs)`,
      () => scenario({ sessionPolicies: known([named('inline', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }), named('arn:aws:iam::222222222222:policy/KmsOnly', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })]) }),
      { verdict: 'allowed' },
    ],
    [
      'a session policy allowing only GetSecretValue: denied on the KMS call Secrets Manager makes',
      SESSION_POLICIES,
      () => scenario({ sessionPolicies: known([named('arn:aws:iam::222222222222:policy/SecretsOnly', { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' })]) }),
      { verdict: 'denied', decidingLayer: 'session-policy', failingCheck: 1 },
    ],
    [
      'same account: a resource policy naming the session ARN is not limited by the session policy',
      `${SESSION_POLICIES} (resource-based policy naming the session)`,
      () => sameAccount({
        secretPolicy: doc(scenarioSecretStatement(SESSION('s1', 'APP', OWNER))),
        keyPolicy: doc(DEFAULT_KEY_STATEMENT, { Effect: 'Allow', Principal: { AWS: SESSION('s1', 'APP', OWNER) }, Action: 'kms:Decrypt', Resource: '*' }),
        sessionName: 's1',
        sessionPolicies: known([named('inline', { Effect: 'Allow', Action: 's3:*', Resource: '*' })]),
      }),
      { verdict: 'allowed' },
    ],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('service control policies of the consumer account (every level of the org path)', () => {
  const rows: Row[] = [
    ['FullAWSAccess at the root, the OU and the account: allowed', SCP_EVALUATION, () => scenario({ scps: known(path(CONSUMER)) }), { verdict: 'allowed' }],
    [
      'an allow list at the OU (only EC2) blocks what the root allows: denied at the SCP of that OU',
      `${SCP_EVALUATION}, "allow list" (Scenario: FullAWSAccess at root, EC2 only at the OU)`,
      () => scenario({ scps: known(path(CONSUMER, { ou: [named('AllowEC2', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })] })) }),
      { verdict: 'denied', decidingLayer: 'scp', failingCheck: 0, explanation: new RegExp(`no SCP attached to ${OU} allows secretsmanager:GetSecretValue`) },
    ],
    [
      'a level with no SCP at all denies (every level needs an Allow)',
      SCP_EVALUATION,
      () => scenario({ scps: known(path(CONSUMER, { account: [] })) }),
      { verdict: 'denied', decidingLayer: 'scp', explanation: new RegExp(`no SCP attached to ${CONSUMER}`) },
    ],
    [
      'a Deny at the account level wins over FullAWSAccess: explicit deny naming the SCP and its target',
      `${SCP_EVALUATION}, deny list`,
      () => scenario({ scps: known(path(CONSUMER, { account: [FULL_AWS_ACCESS, named('DenySecrets', { Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' })] })) }),
      { verdict: 'denied', decidingLayer: 'scp', statement: { layer: 'scp', index: 0, sid: 'NoSecrets', document: 'DenySecrets', target: CONSUMER } },
    ],
    [
      'the region deny (NotAction + aws:RequestedRegion) denies a secret in us-east-2',
      `${SCP_EXAMPLES}, "Deny access to AWS based on the requested AWS Region"`,
      () => scenario({ scps: known(path(CONSUMER, { root: [FULL_AWS_ACCESS, named('DenyAllOutsideEU', { Sid: 'DenyAllOutsideEU', Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } } })] })) }),
      { verdict: 'denied', decidingLayer: 'scp', statement: { sid: 'DenyAllOutsideEU', target: ROOT_ID } },
    ],
    [
      'SCPs govern the KMS call Secrets Manager makes on the caller\'s behalf: a kms:* deny denies it',
      SCP_EVALUATION,
      () => scenario({ scps: known(path(CONSUMER, { account: [FULL_AWS_ACCESS, named('NoKms', { Effect: 'Deny', Action: 'kms:*', Resource: '*' })] })) }),
      { verdict: 'denied', decidingLayer: 'scp', failingCheck: 1 },
    ],
    [
      '…unless it exempts calls made by AWS services (Bool aws:ViaAWSService false)',
      `${GLOBAL_KEYS}, aws:ViaAWSService`,
      () => scenario({ scps: known(path(CONSUMER, { account: [FULL_AWS_ACCESS, named('NoDirectKms', { Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:ViaAWSService': 'false' } } })] })) }),
      { verdict: 'allowed' },
    ],
    [
      'SCPs that could not be read: allowed only if they allow, naming who can read them',
      SCP_EVALUATION,
      () => scenario({ scps: { status: 'unknown', readableBy: 'the management account or a delegated administrator (organizations:ListPoliciesForTarget)' } }),
      { verdict: 'allowed-if', unknownLayers: ['scp'], explanation: /^Allowed if the service control policies/ },
    ],
    [
      'the management account is not governed by SCPs: its deny does not apply',
      `${SCP_EVALUATION} ("SCPs don't affect users or roles in the management account")`,
      () => scenario({ managementAccount: CONSUMER, scps: known(path(CONSUMER, { account: [named('DenyAll', { Effect: 'Deny', Action: '*', Resource: '*' })] })) }),
      { verdict: 'allowed', note: /SCPs not applied: account 222222222222 is the organization's management account/ },
    ],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('resource control policies of the owner account', () => {
  const perimeter = named('EnforceOrgIdentities', {
    Sid: 'EnforceOrgIdentities',
    Effect: 'Deny',
    Principal: '*',
    Action: ['secretsmanager:*', 'kms:*'],
    Resource: '*',
    Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
  });
  const rows: Row[] = [
    ['RCPFullAWSAccess at every level: allowed', RCP, () => scenario({ rcps: known(path(OWNER, {}, RCP_FULL_AWS_ACCESS)) }), { verdict: 'allowed' }],
    [
      'the identity perimeter (Deny unless aws:PrincipalOrgID) denies a consumer of another organization',
      `${RCP_EXAMPLES}, "Enforce that only identities in your organization can access resources"`,
      () => scenario({ principalOrgId: 'o-other0000', rcps: known(path(OWNER, { root: [RCP_FULL_AWS_ACCESS, perimeter] }, RCP_FULL_AWS_ACCESS)) }),
      { verdict: 'denied', decidingLayer: 'rcp', failingCheck: 0, statement: { sid: 'EnforceOrgIdentities', target: ROOT_ID } },
    ],
    ['…and allows a consumer of the same organization', RCP_EXAMPLES, () => scenario({ principalOrgId: ORG, rcps: known(path(OWNER, { root: [RCP_FULL_AWS_ACCESS, perimeter] }, RCP_FULL_AWS_ACCESS)) }), { verdict: 'allowed' }],
    [
      'RCPs also govern the key: a kms:Decrypt deny at the owner account denies the KMS call',
      RCP,
      () => scenario({ rcps: known(path(OWNER, { account: [RCP_FULL_AWS_ACCESS, named('NoDecrypt', { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })] }, RCP_FULL_AWS_ACCESS)) }),
      { verdict: 'denied', decidingLayer: 'rcp', failingCheck: 1 },
    ],
    [
      'RCPs do not apply to AWS managed keys (secret on aws/secretsmanager, read in its own account)',
      `${RCP} ("RCPs don't apply to AWS managed KMS keys")`,
      () => {
        const input = sameAccount({ identityPolicies: [doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' })] });
        delete input.keyArn;
        input.keyPolicy = null;
        input.rcps = known(path(OWNER, { account: [RCP_FULL_AWS_ACCESS, named('NoDecrypt', { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })] }, RCP_FULL_AWS_ACCESS));
        return input;
      },
      { verdict: 'allowed' },
    ],
    ['RCPs that could not be read: allowed only if they allow', RCP, () => scenario({ rcps: { status: 'unknown', readableBy: 'the management account' } }), { verdict: 'allowed-if', unknownLayers: ['rcp'] }],
    [
      'a known Deny elsewhere still denies when a layer is unknown',
      EVALUATION,
      () => scenario({ rcps: { status: 'unknown', readableBy: 'the management account' }, identityPolicies: [doc({ Sid: 'No', Effect: 'Deny', Action: '*', Resource: '*' })] }),
      { verdict: 'denied', decidingLayer: 'identity-policy', unknownLayers: ['rcp'], statement: { sid: 'No' } },
    ],
    [
      'the management account\'s resources are not governed by RCPs',
      `${RCP} ("RCPs don't affect resources in the management account")`,
      () => scenario({ managementAccount: OWNER, rcps: known(path(OWNER, { account: [named('DenyAll', { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' })] })) }),
      { verdict: 'allowed', note: /RCPs not applied/ },
    ],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('VPC endpoint policy and aws:SourceVpce', () => {
  const endpoint = (policy?: NamedPolicy) => known({ endpointId: 'vpce-1a2b3c4d', vpcId: 'vpc-11112222', ...(policy ? { policy } : {}) });
  const onlyThroughEndpoint: Statement = { Sid: 'OnlyThroughVpce', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } };
  const rows: Row[] = [
    [
      'an endpoint policy allowing GetSecretValue on the secret: allowed',
      `${VPCE_SM}, example endpoint policy`,
      () => scenario({ vpcEndpoint: endpoint(named('vpce-1a2b3c4d policy', { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: SECRET })) }),
      { verdict: 'allowed' },
    ],
    [
      'an endpoint policy for another secret: denied at the endpoint',
      VPCE_SM,
      () => scenario({ vpcEndpoint: endpoint(named('vpce-1a2b3c4d policy', { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-??????' })) }),
      { verdict: 'denied', decidingLayer: 'vpc-endpoint-policy', failingCheck: 0, explanation: /policy of the VPC endpoint vpce-1a2b3c4d/ },
    ],
    [
      'the endpoint policy does not govern the KMS call Secrets Manager makes (it allows no kms:Decrypt, yet access works)',
      VPCE_KMS,
      () => scenario({ vpcEndpoint: endpoint(named('vpce-1a2b3c4d policy', { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' })) }),
      { verdict: 'allowed' },
    ],
    [
      'a secret policy that denies calls not through the endpoint: allowed through it (aws:SourceVpce present)',
      `${VPCE_SM}, "Deny access unless through the VPC endpoint"`,
      () => scenario({ vpcEndpoint: endpoint(), secretPolicy: doc(scenarioSecretStatement(ROLE), onlyThroughEndpoint) }),
      { verdict: 'allowed' },
    ],
    ['…and denied without it', VPCE_SM, () => scenario({ secretPolicy: doc(scenarioSecretStatement(ROLE), onlyThroughEndpoint) }), { verdict: 'denied', decidingLayer: 'secret-policy', statement: { sid: 'OnlyThroughVpce' } }],
    [
      'a key policy demanding aws:SourceVpce fails: the request from Secrets Manager carries no aws:SourceVpce',
      `${VPCE_KMS}, note on integrated services`,
      () => scenario({ vpcEndpoint: endpoint(), keyPolicy: doc(DEFAULT_KEY_STATEMENT, { ...scenarioKeyStatement(ROLE), Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }) }),
      { verdict: 'denied', decidingLayer: 'key-policy', failingCheck: 1, explanation: /aws:SourceVpce/ },
    ],
    ['an endpoint whose policy could not be read: allowed only if it allows', VPCE_SM, () => scenario({ vpcEndpoint: { status: 'unknown', readableBy: 'the VPC owner (ec2:DescribeVpcEndpoints)' } }), { verdict: 'allowed-if', unknownLayers: ['vpc-endpoint-policy'] }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('organization keys and org / OU grants (issue 13)', () => {
  const orgGrant = (condition: Statement['Condition']): Partial<SimulationInput> => ({
    secretPolicy: doc({ Sid: 'Org', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: condition }),
    keyPolicy: doc(DEFAULT_KEY_STATEMENT, { Sid: 'OrgKey', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { ...condition, StringEquals: { ...(condition?.StringEquals ?? {}), 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } } }),
  });
  const ouPaths = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/${ROOT_ID}/${OU}/*` } };
  const rows: Row[] = [
    ['an organization grant (Principal "*" + aws:PrincipalOrgID) allows a member', `${GLOBAL_KEYS}, aws:PrincipalOrgID`, () => scenario({ ...orgGrant({ StringEquals: { 'aws:PrincipalOrgID': ORG } }), principalOrgId: ORG }), { verdict: 'allowed' }],
    ['…and not a principal of another organization', `${GLOBAL_KEYS}, aws:PrincipalOrgID`, () => scenario({ ...orgGrant({ StringEquals: { 'aws:PrincipalOrgID': ORG } }), principalOrgId: 'o-zzzzzzzzzz' }), { verdict: 'denied', decidingLayer: 'secret-policy', explanation: /limited to an organization/ }],
    ['an OU grant (ForAnyValue:StringLike aws:PrincipalOrgPaths with a trailing *) allows an account in a sub-OU', `${GLOBAL_KEYS}, aws:PrincipalOrgPaths`, () => scenario({ ...orgGrant(ouPaths), principalOrgId: ORG, principalOrgPaths: [`${ORG}/${ROOT_ID}/${OU}/${SUB_OU}/`] }), { verdict: 'allowed' }],
    ['…and not an account in another OU', `${GLOBAL_KEYS}, aws:PrincipalOrgPaths`, () => scenario({ ...orgGrant(ouPaths), principalOrgId: ORG, principalOrgPaths: [`${ORG}/${ROOT_ID}/ou-ab12-99999999/`] }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['…nor one whose org path is unknown', `${GLOBAL_KEYS}, aws:PrincipalOrgPaths`, () => scenario({ ...orgGrant(ouPaths), principalOrgId: ORG }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    [
      'an identity policy limited to resources of the organization (aws:ResourceOrgID)',
      `${GLOBAL_KEYS}, aws:ResourceOrgID`,
      () => scenario({ resourceOrgId: ORG, identityPolicies: [doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } } })] }),
      { verdict: 'allowed' },
    ],
    [
      '…denied for a resource outside it',
      `${GLOBAL_KEYS}, aws:ResourceOrgID`,
      () => scenario({ resourceOrgId: 'o-zzzzzzzzzz', identityPolicies: [doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } } })] }),
      { verdict: 'denied', decidingLayer: 'identity-policy' },
    ],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('role grants by condition and recreated roles (issue 13)', () => {
  const byCondition = (): Partial<SimulationInput> => ({
    secretPolicy: doc({ ...scenarioSecretStatement(`arn:aws:iam::${CONSUMER}:root`), Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } }),
    keyPolicy: doc(DEFAULT_KEY_STATEMENT, { ...scenarioKeyStatement(`arn:aws:iam::${CONSUMER}:root`), Condition: { ...scenarioKeyStatement().Condition, ArnEquals: { 'aws:PrincipalArn': ROLE } } }),
  });
  const exact = (principal: string): Partial<SimulationInput> => ({ secretPolicy: doc(scenarioSecretStatement(principal)), keyPolicy: doc(DEFAULT_KEY_STATEMENT, scenarioKeyStatement(principal)) });
  const rows: Row[] = [
    ['account root + ArnEquals aws:PrincipalArn allows that role', `${GLOBAL_KEYS}, aws:PrincipalArn`, () => scenario(byCondition()), { verdict: 'allowed' }],
    ['…and no other role of the account', `${GLOBAL_KEYS}, aws:PrincipalArn`, () => ({ ...scenario(byCondition()), principal: parsePrincipal(`arn:aws:iam::${CONSUMER}:role/OTHER`) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    [
      'a recreated role: the exact principal, rewritten by IAM to the deleted role\'s unique id, matches nothing',
      `${PRINCIPAL}, "If you delete the role … the principal becomes the role's unique ID"`,
      () => scenario({ ...exact('AROA1234567890EXAMPLE'), callerUniqueId: 'AROANEWROLE000000000' }),
      { verdict: 'denied', decidingLayer: 'secret-policy', explanation: /unique id AROA1234567890EXAMPLE: the role or user it granted was deleted/ },
    ],
    ['a recreated role: the condition form still allows the new role (same ARN)', `${GLOBAL_KEYS}, aws:PrincipalArn`, () => scenario({ ...byCondition(), callerUniqueId: 'AROANEWROLE000000000' }), { verdict: 'allowed' }],
    ['a unique-id principal matches the caller only when it is the caller\'s own unique id', PRINCIPAL, () => scenario({ ...exact('AROA1234567890EXAMPLE'), callerUniqueId: 'AROA1234567890EXAMPLE' }), { verdict: 'allowed' }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('assumed-role session ARNs as principals (issue 12)', () => {
  const denySession = (session: string): Statement => ({ Sid: 'DenySession', Effect: 'Deny', Principal: { AWS: SESSION(session) }, Action: '*', Resource: '*' });
  const rows: Row[] = [
    [
      'a Deny naming a session of the caller\'s role applies to the role (modelled, and said so)',
      PRINCIPAL,
      () => scenario({ secretPolicy: doc(scenarioSecretStatement(ROLE), denySession('batch')) }),
      { verdict: 'denied', decidingLayer: 'secret-policy', statement: { sid: 'DenySession' }, explanation: /models the role, not one session/, note: /denies a session of role PRODUCTION_SECRET_ROLE/ },
    ],
    ['…but not to another simulated session of the role', PRINCIPAL, () => scenario({ sessionName: 'web', secretPolicy: doc(scenarioSecretStatement(ROLE), denySession('batch')) }), { verdict: 'allowed' }],
    ['…and to that very session when it is simulated', PRINCIPAL, () => scenario({ sessionName: 'batch', secretPolicy: doc(scenarioSecretStatement(ROLE), denySession('batch')) }), { verdict: 'denied', decidingLayer: 'secret-policy', statement: { sid: 'DenySession' } }],
    [
      'an Allow naming one session does not grant the role (said so)',
      PRINCIPAL,
      () => scenario({ secretPolicy: doc(scenarioSecretStatement(SESSION('batch'))) }),
      { verdict: 'denied', decidingLayer: 'secret-policy', note: /allows only the session "batch" of role PRODUCTION_SECRET_ROLE, not the role/ },
    ],
    ['…and grants that session when it is simulated', PRINCIPAL, () => scenario({ sessionName: 'batch', secretPolicy: doc(scenarioSecretStatement(SESSION('batch'))) }), { verdict: 'allowed' }],
    ['a session of another role with the same session name does not match', PRINCIPAL, () => scenario({ sessionName: 'batch', secretPolicy: doc(scenarioSecretStatement(SESSION('batch', 'OTHER_ROLE'))) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('NotPrincipal (issue 12)', () => {
  const root = `arn:aws:iam::${CONSUMER}:root`;
  const denyAllBut = (...listed: string[]): Statement => ({ Sid: 'DenyAllBut', Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: '*', Resource: '*' });
  const allowAllBut = (...listed: string[]): Statement => ({ Sid: 'AllowAllBut', Effect: 'Allow', NotPrincipal: { AWS: listed }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
  const rows: Row[] = [
    ['Deny + NotPrincipal listing the session, the role and the account exempts that session', `${NOT_PRINCIPAL}, "Example IAM role in the same or different account"`, () => scenario({ sessionName: 'cross-account-audit-app', secretPolicy: doc(scenarioSecretStatement(ROLE), denyAllBut(SESSION('cross-account-audit-app'), ROLE, root)) }), { verdict: 'allowed' }],
    ['Deny + NotPrincipal listing the role and the account but not the session denies the session', `${NOT_PRINCIPAL}, "NotPrincipal with Deny" (account, then role, then session)`, () => scenario({ sessionName: 'cross-account-audit-app', secretPolicy: doc(scenarioSecretStatement(ROLE), denyAllBut(ROLE, root)) }), { verdict: 'denied', decidingLayer: 'secret-policy', statement: { sid: 'DenyAllBut' } }],
    ['Deny + NotPrincipal listing the session and the role but not the account denies', NOT_PRINCIPAL, () => scenario({ sessionName: 'cross-account-audit-app', secretPolicy: doc(scenarioSecretStatement(ROLE), denyAllBut(SESSION('cross-account-audit-app'), ROLE)) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['Deny + NotPrincipal: without a simulated session, a listed session exempts no other session of the role', NOT_PRINCIPAL, () => scenario({ secretPolicy: doc(scenarioSecretStatement(ROLE), denyAllBut(SESSION('cross-account-audit-app'), ROLE, root)) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['Allow + NotPrincipal listing the consumer account excludes the consumer', `${NOT_PRINCIPAL}, "NotPrincipal with Allow"`, () => scenario({ secretPolicy: doc(allowAllBut(root)) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['Allow + NotPrincipal listing the consumer\'s role ARN excludes it', `${NOT_PRINCIPAL}, "NotPrincipal with Allow"`, () => scenario({ secretPolicy: doc(allowAllBut(ROLE)) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['Allow + NotPrincipal listing the bare account id excludes it', `${NOT_PRINCIPAL}, "NotPrincipal with Allow"`, () => scenario({ secretPolicy: doc(allowAllBut(CONSUMER)) }), { verdict: 'denied', decidingLayer: 'secret-policy' }],
    ['Allow + NotPrincipal listing another account grants everyone else, the consumer included', `${NOT_PRINCIPAL}, "NotPrincipal with Allow"`, () => scenario({ secretPolicy: doc(allowAllBut('arn:aws:iam::333333333333:root')) }), { verdict: 'allowed' }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('Resource ARN with a wildcard service segment (issue 12)', () => {
  const rows: Row[] = [
    [
      'arn:aws:*:… in an identity policy matches nothing',
      'IAM User Guide, "IAM JSON policy elements: Resource" (no wildcard in the service segment)',
      () => scenario({ identityPolicies: [doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: 'arn:aws:*:us-east-2:111111111111:*' })] }),
      { verdict: 'denied', decidingLayer: 'identity-policy', failingCheck: 0 },
    ],
    [
      '…nor does arn:aws:secrets*:… (a partial wildcard in the service)',
      'IAM User Guide, "IAM JSON policy elements: Resource"',
      () => scenario({ identityPolicies: [doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secrets*:us-east-2:111111111111:secret:*' }, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY })] }),
      { verdict: 'denied', decidingLayer: 'identity-policy', failingCheck: 0 },
    ],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));
});

describe('the three documents when they could not be read', () => {
  const rows: Row[] = [
    ['identity policies not readable (no consumer profile): allowed only if they allow', EVALUATION, () => scenario({ identityPolicies: [], unreadable: { 'identity-policy': 'the consumer account; pass --consumer-profile' } }), { verdict: 'allowed-if', unknownLayers: ['identity-policy'] }],
    ['the key policy not readable, the rest in place: allowed only if it allows', EVALUATION, () => scenario({ keyPolicy: null, unreadable: { 'key-policy': "the key's account (kms:GetKeyPolicy)" } }), { verdict: 'allowed-if', unknownLayers: ['key-policy'] }],
    ['the secret policy not readable and no identity grant: denied at the identity policy anyway', EVALUATION, () => scenario({ secretPolicy: null, identityPolicies: [], unreadable: { 'secret-policy': 'the owner account' } }), { verdict: 'denied', decidingLayer: 'identity-policy', unknownLayers: ['secret-policy'] }],
  ];
  it.each(rows)('%s (%s)', (_name, _source, input, expected) => check(input(), expected));

  it('each assumption names who can read the layer', () => {
    const result = simulateAccess(scenario({ scps: { status: 'unknown', readableBy: 'the management account (organizations:ListPoliciesForTarget)' } }));
    expect(result.assumptions).toEqual([{ layer: 'scp', text: expect.stringMatching(/^the SCPs of account 222222222222 allow GetSecretValue and kms:Decrypt .*readable by the management account \(organizations:ListPoliciesForTarget\)/) }]);
    expect(result.checks.every((c) => c.layers.some((l) => l.layer === 'scp' && l.decision === 'unknown' && l.readableBy?.includes('management')))).toBe(true);
  });

  it('every layer on the path is reported with its decision, in one check', () => {
    const result = simulateAccess(scenario({
      permissionsBoundary: known(ALLOW_SECRET_AND_KEY),
      sessionPolicies: known([named('inline', { Effect: 'Allow', Action: '*', Resource: '*' })]),
      scps: known(path(CONSUMER)),
      rcps: known(path(OWNER, {}, RCP_FULL_AWS_ACCESS)),
      vpcEndpoint: known({ endpointId: 'vpce-1' }),
    }));
    expect(result.allowed).toBe(true);
    expect(result.checks[0]!.layers.map((l) => `${l.layer}:${l.decision}`)).toEqual([
      'secret-policy:allow', 'identity-policy:allow', 'permissions-boundary:allow', 'session-policy:allow', 'scp:allow', 'rcp:allow', 'vpc-endpoint-policy:allow',
    ]);
    // The KMS call: no endpoint.
    expect(result.checks[1]!.layers.map((l) => l.layer)).toEqual(['key-policy', 'identity-policy', 'permissions-boundary', 'session-policy', 'scp', 'rcp']);
  });
});
