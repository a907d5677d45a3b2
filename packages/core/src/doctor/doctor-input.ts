import { parsePrincipal, type ConsumerPrincipal } from '../arn/principal';
import { userError } from '../errors/wizard-error';
import type { IdentityPolicyMode, SecretInfo, ShareRequest } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import { buildShareRequest } from '../plan/share-request';
import type { ShareState } from '../plan/share-state';
import type { PolicyDocument } from '../policy/policy-types';
import type { NamedPolicy, PathLayers } from '../simulate/simulate-types';
import { parseAccessDenied, type ParsedAccessDenied } from './parse-access-denied';

/** `--consumer-role`: a role (or user) ARN; anything else is a user error naming the flag. */
export function consumerRoleOf(value: string, partition: string): ConsumerPrincipal {
  const principal = parsePrincipal(value, '--consumer-role', partition);
  if (principal.kind === 'account') {
    throw userError('INPUT_CONSUMER_ROLE', '--consumer-role', `"${value}" is an account, not a role`, 'Pass the ARN of the role (or user) that reads the secret, e.g. arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE');
  }
  return principal;
}

/** `--error`: AWS's AccessDenied message; text that is not one is a user error. */
export function parseErrorInput(text: string | undefined): ParsedAccessDenied | undefined {
  if (text === undefined) return undefined;
  const parsed = parseAccessDenied(text);
  if (!parsed) {
    throw userError('INPUT_ERROR_MESSAGE', '--error', `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}" is not an AccessDenied message`, 'Paste the whole message AWS returned, e.g. "User: arn:aws:sts::...:assumed-role/ROLE/SESSION is not authorized to perform: secretsmanager:GetSecretValue on resource: ... because no resource-based policy allows ..."');
  }
  return parsed;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The session to simulate: the one given, else the one AWS's message names for this role. */
export function sessionNameFor(given: string | undefined, parsed: ParsedAccessDenied | undefined, role: ConsumerPrincipal): string | undefined {
  if (given !== undefined) {
    if (!SESSION_NAME.test(given)) throw userError('INPUT_SESSION_NAME', '--session-name', `"${given}" is not a role session name`, 'Session names are 2 to 64 letters, digits and +=,.@_-');
    if (role.kind !== 'role') throw userError('INPUT_CONFLICTING_FLAGS', '--session-name', 'needs a role in --consumer-role (a user has no role sessions)', 'Remove --session-name, or pass a role ARN');
    return given;
  }
  const match = parsed?.principal ? /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(parsed.principal) : null;
  if (match && role.kind === 'role' && match[1] === role.account && match[2] === role.name) return match[3];
  return undefined;
}

/** The share request a fix in the three documents applies: the exact role, identity policy managed (or printed). */
export function doctorShareRequest(secretArn: string, role: ConsumerPrincipal, consumerReadable: boolean): ShareRequest {
  const mode: IdentityPolicyMode = consumerReadable ? 'managed' : 'none';
  return buildShareRequest({ secret: secretArn, consumer: role.arn, identityPolicy: mode });
}

/** The planner's state from what the doctor read. */
export function doctorShareState(options: {
  secret: SecretInfo;
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  role: ConsumerPrincipal;
  request: ShareRequest;
  identityPolicies: NamedPolicy[] | undefined;
  consumerReadable: boolean;
  roleExists?: boolean;
  layers?: PathLayers;
}): ShareState {
  const { secret, role, request } = options;
  const state: ShareState = { secret, secretPolicy: options.secretPolicy, keyPolicy: options.keyPolicy, consumer: role, consumerAccountReadable: options.consumerReadable };
  if (options.roleExists !== undefined) state.principalExists = options.roleExists;
  const target = identityTargetFor(role, request, secret.arn, secret.name);
  if (target) {
    const policies = options.identityPolicies ?? [];
    const ours = target.policyArn ? policies.find((policy) => policy.name === target.policyArn) : undefined;
    state.identity = {
      target,
      document: ours?.document ?? null,
      ...(target.policyArn ? { attached: ours !== undefined } : {}),
      otherPolicies: policies.filter((policy) => policy !== ours).map((policy) => policy.document),
    };
  }
  if (options.layers) state.layers = options.layers;
  return state;
}
