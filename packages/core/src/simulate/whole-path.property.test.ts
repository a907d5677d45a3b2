import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionBlock, PolicyDocument, Statement } from '../policy/policy-types';
import { referenceScenario } from './reference-scenario';
import { simulateAccess } from './simulate-access';
import { verdictOf, type LayerInput, type NamedPolicy, type OrgLevel, type SimulationInput } from './simulate-types';

/**
 * Properties of the whole-path simulator over random layers (boundary, session policies, SCP and RCP
 * levels, endpoint policy, the three documents) and random callers (the role, or one of its sessions).
 */
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const SESSIONS = ['batch', 'web'];
const session = (name: string) => `arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/${name}`;

const pick = <T>(values: T[]) => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));
const principalEntries = ['222222222222', 'arn:aws:iam::222222222222:root', ROLE, session('batch'), session('web'), 'arn:aws:iam::444444444444:root', 'AROAEXAMPLEID1234567'];
const principal = fc.oneof(fc.constant('*' as const), pick(principalEntries).map((AWS) => ({ AWS })));
const CONDITIONS: ConditionBlock[] = [
  { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
  { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { Bool: { 'aws:ViaAWSService': 'false' } },
  { ArnEquals: { 'aws:PrincipalArn': ROLE } },
];
const condition = fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined });
const actions = pick(['secretsmanager:GetSecretValue', 'secretsmanager:*', 'kms:Decrypt', 'kms:*', '*', 's3:*']);
const resources = pick(['*', SECRET, KEY, 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????', 'arn:aws:*:us-east-2:111111111111:*']);

function statement(withPrincipal: boolean, effect?: 'Allow' | 'Deny'): fc.Arbitrary<Statement> {
  return fc.record({ effect: effect ? fc.constant(effect) : fc.constantFrom('Allow' as const, 'Deny' as const), principal, notPrincipal: fc.boolean(), action: actions, resource: resources, condition }).map((r) => {
    const s: Statement = { Effect: r.effect, Action: r.action, Resource: r.resource };
    if (withPrincipal) {
      if (r.notPrincipal && r.principal !== '*') s.NotPrincipal = r.principal;
      else s.Principal = r.principal;
    }
    if (r.condition) s.Condition = r.condition;
    return s;
  });
}

const extras = (withPrincipal: boolean, max = 2) => fc.array(statement(withPrincipal), { maxLength: max });
/** A document that starts from a complete grant (so that access is often allowed) plus random statements. */
const documentFrom = (base: Statement[], withPrincipal: boolean) => extras(withPrincipal).map((more): PolicyDocument => ({ Version: '2012-10-17', Statement: [...base, ...more] }));
const namedFrom = (name: string, base: Statement[], withPrincipal: boolean) => documentFrom(base, withPrincipal).map((document): NamedPolicy => ({ name, document }));
const ALLOW_ALL: Statement = { Effect: 'Allow', Action: '*', Resource: '*' };
const ALLOW_ALL_PRINCIPALS: Statement = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
const FULL: NamedPolicy = { name: 'FullAWSAccess', document: { Statement: [ALLOW_ALL] } };
const RCP_FULL: NamedPolicy = { name: 'RCPFullAWSAccess', document: { Statement: [ALLOW_ALL_PRINCIPALS] } };
function levels(withPrincipal: boolean, base: Statement): fc.Arbitrary<OrgLevel[]> {
  const level = (target: string) => namedFrom(`policy@${target}`, [base], withPrincipal).map((policy): OrgLevel => ({ target, policies: [policy] }));
  return fc.tuple(level('r-ab12'), level('ou-ab12-11111111'), level('222222222222')).map((all) => [...all]);
}
function layer<T>(value: fc.Arbitrary<T>): fc.Arbitrary<LayerInput<T> | undefined> {
  return fc.option(value.map((v): LayerInput<T> => ({ status: 'known', value: v })), { nil: undefined, freq: 2 });
}

const complete = (consumer: 'account' | 'role') => referenceScenario({ consumer });
const input = fc
  .record({
    consumer: fc.constantFrom('account' as const, 'role' as const),
    secretExtras: extras(true),
    keyExtras: extras(true),
    identityExtras: extras(false),
    boundary: layer(namedFrom('Boundary', [ALLOW_ALL], false)),
    sessionPolicies: layer(namedFrom('SessionPolicy', [ALLOW_ALL], false).map((policy) => [policy])),
    scps: layer(levels(false, ALLOW_ALL)),
    rcps: layer(levels(true, ALLOW_ALL_PRINCIPALS)),
    vpcEndpoint: layer(namedFrom('EndpointPolicy', [ALLOW_ALL_PRINCIPALS], true).map((policy) => ({ endpointId: 'vpce-1', policy }))),
    sessionName: fc.option(fc.constantFrom(...SESSIONS), { nil: undefined }),
    org: fc.boolean(),
  })
  .map((r): SimulationInput => {
    const base = complete(r.consumer);
    const sim: SimulationInput = {
      ...base,
      principal: complete('role').principal,
      secretPolicy: { Statement: [...base.secretPolicy!.Statement, ...r.secretExtras] },
      keyPolicy: { Statement: [...base.keyPolicy!.Statement, ...r.keyExtras] },
      identityPolicies: [...base.identityPolicies, { Statement: r.identityExtras }],
    };
    delete sim.callerArn;
    if (r.boundary) sim.permissionsBoundary = r.boundary;
    if (r.sessionPolicies) sim.sessionPolicies = r.sessionPolicies;
    if (r.scps) sim.scps = r.scps;
    if (r.rcps) sim.rcps = r.rcps;
    if (r.vpcEndpoint) sim.vpcEndpoint = r.vpcEndpoint;
    if (r.sessionName) sim.sessionName = r.sessionName;
    if (r.org) {
      sim.principalOrgId = 'o-a1b2c3d4e5';
      sim.principalOrgPaths = ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'];
    }
    return sim;
  });

type Place = 'secretPolicy' | 'keyPolicy' | 'identity' | 'boundary' | 'session' | 'scp' | 'rcp' | 'endpoint';
const PLACES: Place[] = ['secretPolicy', 'keyPolicy', 'identity', 'boundary', 'session', 'scp', 'rcp', 'endpoint'];
const appendTo = (document: PolicyDocument, extra: Statement): PolicyDocument => ({ ...document, Statement: [...document.Statement, extra] });

/** The input with `extra` added to the documents of `place` (a new document where the layer has none; no new endpoint). */
function withStatement(sim: SimulationInput, place: Place, extra: Statement): SimulationInput {
  const copy: SimulationInput = { ...sim };
  const bare: Statement = { ...extra };
  delete bare.Principal;
  delete bare.NotPrincipal;
  switch (place) {
    case 'secretPolicy':
    case 'keyPolicy':
      copy[place] = appendTo(sim[place] ?? { Statement: [] }, extra);
      break;
    case 'identity':
      copy.identityPolicies = [...sim.identityPolicies, { Statement: [bare] }];
      break;
    case 'boundary':
      copy.permissionsBoundary = { status: 'known', value: { name: 'Boundary', document: appendTo(sim.permissionsBoundary?.status === 'known' ? sim.permissionsBoundary.value.document : { Statement: [] }, bare) } };
      break;
    case 'session': {
      const current = sim.sessionPolicies?.status === 'known' ? sim.sessionPolicies.value : [];
      copy.sessionPolicies = { status: 'known', value: [...current, { name: 'Extra', document: { Statement: [bare] } }] };
      break;
    }
    case 'scp':
    case 'rcp': {
      const key = place === 'scp' ? 'scps' : 'rcps';
      const current = sim[key]?.status === 'known' ? (sim[key] as { value: OrgLevel[] }).value : [{ target: '222222222222', policies: [place === 'scp' ? FULL : RCP_FULL] }];
      const statementForLayer = place === 'scp' ? bare : { ...extra, Principal: extra.Principal ?? '*' };
      copy[key] = { status: 'known', value: current.map((level, i) => (i === 0 ? { ...level, policies: [...level.policies, { name: 'Extra', document: { Statement: [statementForLayer] } }] } : level)) };
      break;
    }
    case 'endpoint': {
      // Adding an endpoint would change the call's path (aws:SourceVpce): only an existing one gets the statement.
      if (sim.vpcEndpoint?.status !== 'known') break;
      const current = sim.vpcEndpoint.value;
      const document = appendTo(current.policy?.document ?? { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, { ...extra, Principal: extra.Principal ?? '*' });
      copy.vpcEndpoint = { status: 'known', value: { ...current, policy: { name: 'EndpointPolicy', document } } };
      break;
    }
  }
  return copy;
}

/** The input with one optional layer (present in it) turned unknown. */
function withUnknown(sim: SimulationInput, place: 'boundary' | 'session' | 'scp' | 'rcp' | 'endpoint'): SimulationInput {
  const unknown = { status: 'unknown' as const, readableBy: 'someone else' };
  switch (place) {
    case 'boundary':
      return { ...sim, permissionsBoundary: unknown };
    case 'session':
      return { ...sim, sessionPolicies: unknown };
    case 'scp':
      return { ...sim, scps: unknown };
    case 'rcp':
      return { ...sim, rcps: unknown };
    default:
      // The endpoint (and so aws:SourceVpce) stays known; only its policy is not.
      return { ...sim, vpcEndpoint: sim.vpcEndpoint?.status === 'known' ? { status: 'known', value: { endpointId: sim.vpcEndpoint.value.endpointId, policyReadableBy: 'the VPC owner' } } : unknown };
  }
}

const LAYER_OF = { boundary: 'permissions-boundary', session: 'session-policy', scp: 'scp', rcp: 'rcp', endpoint: 'vpc-endpoint-policy' } as const;

describe('whole-path simulator properties', () => {
  it('adding a Deny anywhere never turns a denial into access', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(...PLACES), statement(true, 'Deny'), (sim, place, deny) => {
        if (simulateAccess(sim).allowed) return;
        expect(simulateAccess(withStatement(sim, place, deny)).allowed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a layer that could not be read is never assumed to allow: no unconditional "allowed" without it as an assumption', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('boundary' as const, 'session' as const, 'scp' as const, 'rcp' as const, 'endpoint' as const), (sim, place) => {
        const before = simulateAccess(sim);
        const after = simulateAccess(withUnknown(sim, place));
        const layer = LAYER_OF[place];
        expect(after.unknownLayers).toContain(layer);
        expect(verdictOf(after)).not.toBe('allowed');
        if (after.allowed) expect(after.assumptions.map((a) => a.layer)).toContain(layer);
        // Unknown is an upper bound: what the known layer allows, the unknown one allows "if".
        if (before.allowed) expect(verdictOf(after)).toBe('allowed-if');
      }),
      { numRuns: 300 },
    );
  });

  it('the role model is a lower bound: what the role is allowed, each of its sessions is allowed', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(...SESSIONS), (sim, name) => {
        const role: SimulationInput = { ...sim };
        delete role.sessionName;
        if (!simulateAccess(role).allowed) return;
        expect(simulateAccess({ ...role, sessionName: name }).allowed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an Allow naming only a session changes nothing for the role, and never takes access from that session', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(...SESSIONS), fc.constantFrom('secretPolicy' as const, 'keyPolicy' as const), (sim, name, place) => {
        const grant: Statement = { Effect: 'Allow', Principal: { AWS: session(name) }, Action: '*', Resource: '*' };
        const role: SimulationInput = { ...sim };
        delete role.sessionName;
        expect(verdictOf(simulateAccess(withStatement(role, place, grant)))).toBe(verdictOf(simulateAccess(role)));
        const one: SimulationInput = { ...role, sessionName: name };
        if (simulateAccess(one).allowed) expect(simulateAccess(withStatement(one, place, grant)).allowed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a Deny naming the simulated session (or, without one, any session of the role) always denies', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(...SESSIONS), fc.constantFrom('secretPolicy' as const, 'keyPolicy' as const), (sim, name, place) => {
        const deny: Statement = { Effect: 'Deny', Principal: { AWS: session(name) }, Action: '*', Resource: '*' };
        for (const sessionName of [undefined, name]) {
          const caller: SimulationInput = { ...sim };
          if (sessionName === undefined) delete caller.sessionName;
          else caller.sessionName = sessionName;
          const result = simulateAccess(withStatement(caller, place, deny));
          expect(result.allowed).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
