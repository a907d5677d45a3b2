import { describe, expect, it } from 'vitest';
import { parsePrincipal } from '../arn/principal';
import { SCENARIO, referenceScenario, scenarioSecretStatement } from './reference-scenario';
import { simulateAccess } from './simulate-access';
import type { SimulationInput } from './simulate-types';

describe('simulateAccess on the reference scenario', () => {
  it('before sharing: denied at the secret policy, which does not exist yet', () => {
    const result = simulateAccess(referenceScenario({ secretPolicy: false, keyPolicy: false, identityPolicy: false }));
    expect(result.allowed).toBe(false);
    expect(result.decidingLayer).toBe('secret-policy');
    expect(result.statement).toBeUndefined();
    expect(result.explanation).toMatch(/^Denied: the secret has no resource policy/);
    expect(result.explanation).toContain('arn:aws:iam::222222222222:root');
    expect(result.checks.map((check) => check.allowed)).toEqual([false, false]);
  });

  it.each(['account', 'role'] as const)('after all three changes: allowed (consumer %s)', (consumer) => {
    const result = simulateAccess(referenceScenario({ consumer }));
    expect(result.allowed).toBe(true);
    expect(result.decidingLayer).toBeUndefined();
    expect(result.explanation).toMatch(/^Allowed/);
    const [secret, key] = result.checks;
    expect(secret).toMatchObject({ action: 'secretsmanager:GetSecretValue', resource: SCENARIO.secretArn, allowed: true });
    expect(key).toMatchObject({ action: 'kms:Decrypt', resource: SCENARIO.keyArn, allowed: true });
    expect(secret!.layers).toEqual([
      { layer: 'secret-policy', decision: 'allow', statement: { layer: 'secret-policy', index: 0, sid: 'SecretShareWizardReadSecret' } },
      { layer: 'identity-policy', decision: 'allow', statement: { layer: 'identity-policy', index: 0, sid: 'SecretShareWizardGetSecretValue' } },
    ]);
    expect(key!.layers[0]).toMatchObject({ layer: 'key-policy', decision: 'allow', statement: { index: 1, sid: 'SecretShareWizardDecryptSecret' } });
    expect(key!.layers[1]).toMatchObject({ layer: 'identity-policy', decision: 'allow', statement: { index: 1, sid: 'SecretShareWizardDecrypt' } });
  });

  it('the account-root grant is reported as delegation to the consumer account', () => {
    const key = simulateAccess(referenceScenario()).checks[1]!;
    expect(key.layers[0]!.delegatedToIam).toBe(true);
    const roleKey = simulateAccess(referenceScenario({ consumer: 'role' })).checks[1]!;
    expect(roleKey.layers[0]!.delegatedToIam).toBeUndefined();
  });

  it.each([
    [{ secretPolicy: false }, 'secret-policy', 0, /secret has no resource policy/],
    [{ keyPolicy: false }, 'key-policy', 1, /^Denied: the KMS key policy has no statement allowing arn:aws:iam::222222222222:root to kms:Decrypt\..*Add a statement to the key policy: Effect Allow, Principal \{"AWS": "arn:aws:iam::222222222222:root"\}, Action kms:Decrypt/],
    [{ identityPolicy: false }, 'identity-policy', 0, /no identity policy of .*PRODUCTION_SECRET_ROLE is known.*Attach an identity policy allowing secretsmanager:GetSecretValue/],
  ] as const)('one change missing (%j): denied naming %s', (missing, layer, failingCheck, message) => {
    const result = simulateAccess(referenceScenario({ consumer: 'account', ...missing }));
    expect(result.allowed).toBe(false);
    expect(result.decidingLayer).toBe(layer);
    expect(result.checks[failingCheck]!.allowed).toBe(false);
    expect(result.checks[failingCheck]!.decidingLayer).toBe(layer);
    expect(result.explanation).toMatch(message);
  });

  it('AWS managed key (no key ARN): denied naming the key, explains aws/secretsmanager', () => {
    const input: SimulationInput = { ...referenceScenario(), keyArn: undefined, keyPolicy: null };
    delete input.keyArn;
    const result = simulateAccess(input);
    expect(result.allowed).toBe(false);
    expect(result.decidingLayer).toBe('key-policy');
    expect(result.checks[0]!.allowed).toBe(true);
    expect(result.checks[1]!.resource).toBe('arn:aws:kms:us-east-2:111111111111:alias/aws/secretsmanager');
    expect(result.explanation).toMatch(/AWS managed key aws\/secretsmanager/);
    expect(result.explanation).toMatch(/kms:CallerAccount/);
    expect(result.explanation).toMatch(/customer managed key/);
  });

  it('AWS managed key within the owner account: allowed by the managed key policy itself', () => {
    const input: SimulationInput = {
      principal: parsePrincipal('arn:aws:iam::111111111111:role/APP'),
      secretArn: SCENARIO.secretArn,
      secretPolicy: null,
      keyPolicy: null,
      identityPolicies: [{ Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SCENARIO.secretArn }] }],
    };
    const result = simulateAccess(input);
    expect(result.allowed).toBe(true);
    expect(result.checks[1]!.layers[0]).toMatchObject({ decision: 'allow', statement: { index: 0 } });
  });

  it('a secret policy naming a deleted role (AROA unique id): denied, explained as a deleted principal', () => {
    const input = referenceScenario({ consumer: 'role' });
    input.secretPolicy = { Statement: [scenarioSecretStatement('AROAXXXXXXXXXXXXXXXXX')] };
    const result = simulateAccess(input);
    expect(result.allowed).toBe(false);
    expect(result.decidingLayer).toBe('secret-policy');
    expect(result.explanation).toContain('unique id AROAXXXXXXXXXXXXXXXXX');
    expect(result.explanation).toMatch(/deleted/);
  });

  it('version stage AWSPREVIOUS against the AWSCURRENT condition: denied at the secret policy, naming the condition', () => {
    const result = simulateAccess({ ...referenceScenario(), versionStage: 'AWSPREVIOUS' });
    expect(result.allowed).toBe(false);
    expect(result.decidingLayer).toBe('secret-policy');
    expect(result.explanation).toContain('statement 0 (Sid "SecretShareWizardReadSecret") would allow it');
    expect(result.explanation).toContain('ForAnyValue:StringEquals secretsmanager:VersionStage = "AWSCURRENT"');
    expect(result.explanation).toContain('the request has "AWSPREVIOUS"');
  });

  it('an explicit deny in the key policy overrides the grants and is named', () => {
    const input = referenceScenario();
    input.keyPolicy!.Statement.push({ Sid: 'DenyProduction', Effect: 'Deny', Principal: { AWS: '222222222222' }, Action: 'kms:*', Resource: '*' });
    const result = simulateAccess(input);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'key-policy', statement: { layer: 'key-policy', index: 2, sid: 'DenyProduction' } });
    expect(result.explanation).toMatch(/statement 2 \(Sid "DenyProduction"\) explicitly denies kms:Decrypt/);
  });

  it('a consumer given as an account, with no known role: account-wide grants match, a role grant does not', () => {
    const accountWide = referenceScenario();
    delete accountWide.callerArn;
    expect(simulateAccess(accountWide).allowed).toBe(true);
    const roleOnly = referenceScenario({ consumer: 'role' });
    roleOnly.principal = parsePrincipal(SCENARIO.consumer);
    const result = simulateAccess(roleOnly);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'secret-policy' });
  });

  it('a role consumer of a different account than the grant: denied at the secret policy', () => {
    const input = referenceScenario();
    input.principal = parsePrincipal('arn:aws:iam::333333333333:role/PRODUCTION_SECRET_ROLE');
    delete input.callerArn;
    expect(simulateAccess(input)).toMatchObject({ allowed: false, decidingLayer: 'secret-policy' });
  });

  it('the key grant tied to another secret (encryption context) does not allow this one', () => {
    const input = referenceScenario();
    const statement = input.keyPolicy!.Statement[1]!;
    statement.Condition = { ...statement.Condition, StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-??????' } };
    const result = simulateAccess(input);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'key-policy' });
    expect(result.explanation).toContain('kms:EncryptionContext:SecretARN');
  });

  it('the blog mistake: identity policy Resource with a leading space and no suffix denies at the identity layer', () => {
    const input = referenceScenario();
    input.identityPolicies[0]!.Statement[0]!.Resource = ' arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET';
    expect(simulateAccess(input)).toMatchObject({ allowed: false, decidingLayer: 'identity-policy' });
  });

  it('does not modify its input documents', () => {
    const input = referenceScenario();
    const copy = structuredClone(input);
    simulateAccess(input);
    expect(input).toEqual(copy);
  });

  it('an allowed check says which statements granted it, and the account-root delegation', () => {
    const [secret, key] = simulateAccess(referenceScenario()).checks;
    expect(secret!.explanation).toBe(
      `Allowed: ${SCENARIO.roleArn} may call secretsmanager:GetSecretValue on ${SCENARIO.secretArn}, granted by the secret's resource policy statement 0 (Sid "SecretShareWizardReadSecret"), which names account 222222222222 (delegating to its IAM) and the identity policy statement 0 (Sid "SecretShareWizardGetSecretValue").`,
    );
    expect(key!.explanation).toContain('the KMS key policy statement 1 (Sid "SecretShareWizardDecryptSecret")');
  });

  it('an identity policy whose condition fails is named with the condition', () => {
    const input = referenceScenario();
    input.identityPolicies[0]!.Statement[1]!.Condition = { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } };
    const result = simulateAccess(input);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'identity-policy' });
    expect(result.explanation).toContain('statement 1 (Sid "SecretShareWizardDecrypt") would allow it, but its condition StringEquals kms:ViaService = "secretsmanager.eu-west-1.amazonaws.com" does not hold: the request has "secretsmanager.us-east-2.amazonaws.com"');
  });

  it('same account, key policy without the account-root statement: denied at the key, saying identity policies cannot help', () => {
    const input = referenceScenario();
    input.principal = parsePrincipal('arn:aws:iam::111111111111:role/APP');
    delete input.callerArn;
    input.keyPolicy = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/KEY_ADMIN' }, Action: 'kms:*', Resource: '*' }] };
    input.identityPolicies = [{ Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' }] }];
    const result = simulateAccess(input);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'key-policy' });
    expect(result.checks[0]!.allowed).toBe(true);
    expect(result.explanation).toMatch(/neither allows arn:aws:iam::111111111111:role\/APP kms:Decrypt nor delegates to account 111111111111's IAM/);
  });

  it('conditions on the caller and on time see the simulated request', () => {
    const input = referenceScenario();
    input.secretPolicy!.Statement.push({
      Sid: 'Expire',
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } },
    });
    expect(simulateAccess({ ...input, currentTime: new Date('2029-12-31T00:00:00Z') }).allowed).toBe(true);
    expect(simulateAccess({ ...input, currentTime: new Date('2030-06-01T00:00:00Z') })).toMatchObject({ allowed: false, statement: { sid: 'Expire', index: 1 } });
  });

  it('an organization-wide grant (Principal "*" + aws:PrincipalOrgID) allows only when the org is known to match', () => {
    const input = referenceScenario();
    input.secretPolicy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }] };
    expect(simulateAccess({ ...input, principalOrgId: 'o-abc123' }).allowed).toBe(true);
    expect(simulateAccess(input)).toMatchObject({ allowed: false, decidingLayer: 'secret-policy' });
  });

  it('the version id and secret tags reach the conditions', () => {
    const input = referenceScenario();
    input.secretPolicy!.Statement[0]!.Condition = { StringEquals: { 'secretsmanager:ResourceTag/team': 'payments', 'secretsmanager:VersionId': 'v-1' } };
    expect(simulateAccess({ ...input, secretTags: { team: 'payments' }, versionId: 'v-1' }).allowed).toBe(true);
    expect(simulateAccess({ ...input, secretTags: { team: 'other' }, versionId: 'v-1' }).allowed).toBe(false);
  });

  it('a consumer account with a user as the caller: the user ARN is what policies see', () => {
    const input = referenceScenario();
    input.callerArn = 'arn:aws:iam::222222222222:user/alice';
    input.secretPolicy!.Statement[0]!.Condition = { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalType': 'User' } };
    expect(simulateAccess(input).allowed).toBe(true);
    input.callerArn = 'arn:aws:iam::222222222222:user/bob';
    expect(simulateAccess(input)).toMatchObject({ allowed: false, decidingLayer: 'secret-policy' });
  });

  it('a consumer account with no known caller and no identity policy: the explanation speaks of any role of the account', () => {
    const input = referenceScenario({ identityPolicy: false });
    delete input.callerArn;
    const result = simulateAccess(input);
    expect(result).toMatchObject({ allowed: false, decidingLayer: 'identity-policy' });
    expect(result.explanation).toMatch(/^Denied: no identity policy of any role of account 222222222222 that reads the secret is known/);
  });
});
