import { parsePrincipal } from '../arn/principal';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import type { NamedPolicy, OrgLevel, PathLayers, SimulationInput } from './simulate-types';

/**
 * The reference scenario as simulation documents (issue 2; shared/reference): a secret in the
 * CENTRAL_SECURITY account 111111111111 on the customer managed key MY_CMK, read by
 * PRODUCTION_SECRET_ROLE in the PRODUCTION account 222222222222. `sharing` says which of the three
 * changes are in place. Used by the simulator's tests and the benchmark.
 */
export const SCENARIO = {
  owner: '111111111111',
  consumer: '222222222222',
  region: 'us-east-2',
  secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3',
  keyArn: 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  roleArn: 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE',
  consumerRoot: 'arn:aws:iam::222222222222:root',
} as const;

/** The default key policy: the owner account administers the key through IAM. */
export const DEFAULT_KEY_STATEMENT: Statement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${SCENARIO.owner}:root` },
  Action: 'kms:*',
  Resource: '*',
};

export function scenarioSecretStatement(principal: string = SCENARIO.consumerRoot): Statement {
  return {
    Sid: 'SecretShareWizardReadSecret',
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: 'secretsmanager:GetSecretValue',
    Resource: '*',
    Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
  };
}

export function scenarioKeyStatement(principal: string = SCENARIO.consumerRoot): Statement {
  return {
    Sid: 'SecretShareWizardDecryptSecret',
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'kms:ViaService': `secretsmanager.${SCENARIO.region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:SecretARN': SCENARIO.secretArn },
    },
  };
}

export function scenarioIdentityPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'SecretShareWizardGetSecretValue', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SCENARIO.secretArn },
      {
        Sid: 'SecretShareWizardDecrypt',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: SCENARIO.keyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${SCENARIO.region}.amazonaws.com` } },
      },
    ],
  };
}

export interface ScenarioOptions {
  secretPolicy?: boolean;
  keyPolicy?: boolean;
  identityPolicy?: boolean;
  /** Who the consumer is: the PRODUCTION account (default, the recommended account root) or its role. */
  consumer?: 'account' | 'role';
}

/** The simulation input for the scenario with the given changes applied (all three by default). */
export function referenceScenario(options: ScenarioOptions = {}): SimulationInput {
  const { secretPolicy = true, keyPolicy = true, identityPolicy = true, consumer = 'account' } = options;
  const principalArn = consumer === 'role' ? SCENARIO.roleArn : SCENARIO.consumerRoot;
  const input: SimulationInput = {
    principal: parsePrincipal(consumer === 'role' ? SCENARIO.roleArn : SCENARIO.consumer),
    secretArn: SCENARIO.secretArn,
    keyArn: SCENARIO.keyArn,
    secretPolicy: secretPolicy ? { Version: '2012-10-17', Statement: [scenarioSecretStatement(principalArn)] } : null,
    keyPolicy: { Version: '2012-10-17', Id: 'key-default-1', Statement: keyPolicy ? [DEFAULT_KEY_STATEMENT, scenarioKeyStatement(principalArn)] : [DEFAULT_KEY_STATEMENT] },
    identityPolicies: identityPolicy ? [scenarioIdentityPolicy()] : [],
    versionStage: 'AWSCURRENT',
  };
  if (consumer === 'account') input.callerArn = SCENARIO.roleArn;
  return input;
}

/**
 * The layers beyond the three documents for the scenario inside an organization (o-a1b2c3d4e5): a
 * permissions boundary on the role, FullAWSAccess / RCPFullAWSAccess at the root, an OU and each
 * account, and a Secrets Manager interface endpoint with its default (full access) policy.
 */
export function referencePathLayers(): PathLayers {
  const level = (target: string, policy: NamedPolicy): OrgLevel => ({ target, policies: [policy] });
  const scp: NamedPolicy = { name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
  const rcp: NamedPolicy = { name: 'RCPFullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } };
  return {
    permissionsBoundary: {
      status: 'known',
      value: { name: `arn:aws:iam::${SCENARIO.consumer}:policy/WorkloadBoundary`, document: { Version: '2012-10-17', Statement: [{ Sid: 'Workloads', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt', 's3:*'], Resource: '*' }] } },
    },
    scps: { status: 'known', value: [level('r-ab12', scp), level('ou-ab12-11111111', scp), level(SCENARIO.consumer, scp)] },
    rcps: { status: 'known', value: [level('r-ab12', rcp), level('ou-ab12-22222222', rcp), level(SCENARIO.owner, rcp)] },
    vpcEndpoint: { status: 'known', value: { endpointId: 'vpce-0a1b2c3d4e5f67890', vpcId: 'vpc-0123456789abcdef0' } },
    principalOrgId: 'o-a1b2c3d4e5',
    principalOrgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
    resourceOrgId: 'o-a1b2c3d4e5',
    resourceOrgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/'],
  };
}
