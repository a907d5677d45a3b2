import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionBlock, PolicyDocument, Statement } from '../policy/policy-types';
import { referenceScenario } from './reference-scenario';
import { simulateAccess } from './simulate-access';
import type { SimulationInput } from './simulate-types';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const stringOrArray = (values: string[]) => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));

const principal = fc.oneof(
  fc.constant('*' as const),
  stringOrArray(['222222222222', 'arn:aws:iam::222222222222:root', 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::444444444444:root', 'AROAEXAMPLEID1234567']).map((AWS) => ({ AWS })),
  fc.constant({ Service: 'secretsmanager.amazonaws.com' }),
);

const CONDITIONS: ConditionBlock[] = [
  { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
  { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
  { 'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': 'Secret*' } },
  { Null: { 'aws:TokenIssueTime': 'true' } },
];
const condition = fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined });

const actions = stringOrArray(['secretsmanager:GetSecretValue', 'secretsmanager:*', 'kms:Decrypt', 'kms:*', '*', 'kms:Describe*', 's3:GetObject']);
const resources = stringOrArray(['*', SECRET, KEY, 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????', 'arn:aws:kms:*:111111111111:key/*']);

function statement(withPrincipal: boolean): fc.Arbitrary<Statement> {
  return fc.record({ effect: fc.constantFrom('Allow' as const, 'Deny' as const), principal, notAction: fc.boolean(), action: actions, resource: resources, condition }).map((r) => {
    const s: Statement = { Effect: r.effect, Resource: r.resource };
    if (r.notAction) s.NotAction = r.action;
    else s.Action = r.action;
    if (withPrincipal) s.Principal = r.principal;
    if (r.condition) s.Condition = r.condition;
    return s;
  });
}

const documentOf = (withPrincipal: boolean) => fc.array(statement(withPrincipal), { maxLength: 5 }).map((Statement): PolicyDocument => ({ Version: '2012-10-17', Statement }));

const input = fc
  .record({
    consumer: fc.constantFrom('account' as const, 'role' as const),
    secretPolicy: fc.option(documentOf(true), { nil: null }),
    keyPolicy: fc.option(documentOf(true), { nil: null }),
    identity: fc.array(documentOf(false), { maxLength: 2 }),
    stage: fc.constantFrom('AWSCURRENT', 'AWSPREVIOUS'),
  })
  .map(({ consumer, secretPolicy, keyPolicy, identity, stage }): SimulationInput => ({ ...referenceScenario({ consumer }), secretPolicy, keyPolicy, identityPolicies: identity, versionStage: stage }));

function withStatement(base: SimulationInput, layer: 'secretPolicy' | 'keyPolicy', extra: Statement): SimulationInput {
  const document = base[layer];
  return { ...base, [layer]: { Version: '2012-10-17', Statement: [...(document?.Statement ?? []), extra] } };
}

describe('simulateAccess properties over random documents', () => {
  it('never throws, and allowed means every check is allowed', () => {
    fc.assert(
      fc.property(input, (sim) => {
        const result = simulateAccess(sim);
        expect(result.allowed).toBe(result.checks.every((check) => check.allowed));
        if (!result.allowed) expect(result.decidingLayer).toBeDefined();
        expect(result.explanation.length).toBeGreaterThan(0);
      }),
    );
  });

  it('the decision does not depend on statement order', () => {
    fc.assert(
      fc.property(input, (sim) => {
        const reversed = (document: PolicyDocument | null) => (document ? { ...document, Statement: [...document.Statement].reverse() } : null);
        const other = { ...sim, secretPolicy: reversed(sim.secretPolicy), keyPolicy: reversed(sim.keyPolicy) };
        const a = simulateAccess(sim);
        const b = simulateAccess(other);
        expect(b.allowed).toBe(a.allowed);
        expect(b.decidingLayer).toBe(a.decidingLayer);
      }),
    );
  });

  it('adding an Allow never takes access away; adding a Deny never grants it', () => {
    fc.assert(
      fc.property(input, statement(true), fc.constantFrom('secretPolicy' as const, 'keyPolicy' as const), (sim, extra, layer) => {
        const before = simulateAccess(sim).allowed;
        const after = simulateAccess(withStatement(sim, layer, extra)).allowed;
        if (extra.Effect === 'Allow' && before) expect(after).toBe(true);
        if (extra.Effect === 'Deny' && !before) expect(after).toBe(false);
      }),
    );
  });

  it('a Deny of everything to everyone in the secret policy always denies, as an explicit deny', () => {
    fc.assert(
      fc.property(input, (sim) => {
        const denyAll: Statement = { Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' };
        const withDeny = withStatement(sim, 'secretPolicy', denyAll);
        const result = simulateAccess(withDeny);
        expect(result.allowed).toBe(false);
        expect(result.checks[0]!.decidingLayer).toBe('secret-policy');
        expect(result.checks[0]!.explanation).toContain('explicitly denies');
      }),
    );
  });
});
