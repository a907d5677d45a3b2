import { parseKeyArn } from '../arn/key-arn';
import { parseSecretArn } from '../arn/secret-arn';
import type { SecretInfo } from '../plan/plan-types';
import type { PathLayers, SimulationInput } from '../simulate/simulate-types';
import { diagnose } from './diagnose';
import { consumerRoleOf, doctorShareRequest, doctorShareState, parseErrorInput, sessionNameFor } from './doctor-input';
import type { DiagnoseOfflineInput, DiagnoseResult } from './doctor-types';

const PATH_KEYS: ReadonlyArray<keyof PathLayers> = [
  'permissionsBoundary',
  'sessionPolicies',
  'scps',
  'rcps',
  'keyRcps',
  'vpcEndpoint',
  'principalOrgId',
  'principalOrgPaths',
  'resourceOrgId',
  'resourceOrgPaths',
  'managementAccount',
];

function pathLayersOf(input: DiagnoseOfflineInput): PathLayers {
  const layers: PathLayers = {};
  for (const key of PATH_KEYS) if (input[key] !== undefined) (layers as Record<string, unknown>)[key] = input[key];
  return layers;
}

/**
 * The doctor on documents alone (`doctor --offline`): every layer given as a document (a layer left
 * out is not there). Throws a WizardError naming the field on bad input. No AWS call.
 */
export function diagnoseOffline(input: DiagnoseOfflineInput): DiagnoseResult {
  const secret = parseSecretArn(input.secretArn, '--secret-arn');
  const key = input.keyArn !== undefined ? parseKeyArn(input.keyArn, '--key-arn') : undefined;
  const role = consumerRoleOf(input.consumerRole, secret.partition);
  const parsed = parseErrorInput(input.error);
  const sessionName = sessionNameFor(input.sessionName, parsed, role);
  const layers = pathLayersOf(input);

  const simulation: SimulationInput = {
    principal: role,
    secretArn: secret.arn,
    secretPolicy: input.secretPolicy,
    keyPolicy: input.keyPolicy,
    identityPolicies: input.identityPolicies.map((policy) => policy.document),
    identityPolicyNames: input.identityPolicies.map((policy) => policy.name),
    versionStage: input.versionStage ?? 'AWSCURRENT',
    ...layers,
  };
  if (key) simulation.keyArn = key.arn;
  if (sessionName !== undefined) simulation.sessionName = sessionName;

  const info: SecretInfo = { arn: secret.arn, name: secret.name, account: secret.account, region: secret.region, partition: secret.partition, usesAwsManagedKey: key === undefined };
  if (key) {
    info.kmsKeyId = key.arn;
    info.keyArn = key.arn;
  }
  const request = doctorShareRequest(secret.arn, role, true);
  const state = doctorShareState({ secret: info, secretPolicy: input.secretPolicy, keyPolicy: input.keyPolicy, role, request, identityPolicies: input.identityPolicies, consumerReadable: false, layers });
  return diagnose({
    input: simulation,
    state,
    request,
    role,
    owner: secret.account,
    ...(input.managementAccount ? { management: input.managementAccount } : {}),
    ...(parsed ? { parsed } : {}),
    notes: [],
  });
}
