import { userError } from '../errors/wizard-error';
import { parseKeyArn } from '../arn/key-arn';
import { checkRoleBinding } from '../arn/grantee';
import { isIamConsumer, isOrgConsumer, ORG_ID_PATTERN, parsePrincipal } from '../arn/principal';
import { parseSecretRef } from '../arn/secret-arn';
import { pastedTextProblem, tryParseArn } from '../arn/arn';
import { orgRoleNameError } from './share-context';
import { DEFAULT_SHARE_OPTIONS, type IdentityPolicyMode, type ShareOptions, type ShareRequest } from './plan-types';

export interface ShareRequestInput {
  /** `--secret`: full ARN or name. */
  secret: string;
  /** `--consumer`: account id, root ARN, role ARN, user ARN, organization id (`o-…`) or OU path (`o-…/r-…/ou-…/`). */
  consumer: string;
  /** `--role-binding`: principal (default) or condition (role and user consumers only). */
  roleBinding?: string;
  /** `--principal-org-id` / `--principal-org-path`: the reading account's organization, for the simulation. */
  callerOrg?: { orgId?: string; orgPaths?: string[] };
  /** `--consumer-role`: role/user ARN, or a role name (`user/NAME` for a user) in the consumer account. */
  consumerIdentity?: string;
  /** `--consumer-policy`: managed (default), inline or none. */
  identityPolicy?: string;
  /** `--policy-name`: a policy name, or a customer managed policy ARN. */
  policyName?: string;
  options?: Partial<ShareOptions>;
  /** `--move-to-key`: a full key ARN, or `new` to create a customer managed key. */
  moveToKey?: string | ShareRequest['moveToKey'];
  /** `--allow-drift`: write a secret or key that infrastructure as code manages. */
  allowDrift?: boolean;
}

const MODES: IdentityPolicyMode[] = ['managed', 'inline', 'none'];
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/;

function checkCallerOrg(value: ShareRequestInput['callerOrg']): ShareRequest['callerOrg'] | undefined {
  if (value === undefined) return undefined;
  const result: NonNullable<ShareRequest['callerOrg']> = {};
  if (value.orgId !== undefined) {
    if (!ORG_ID_PATTERN.test(value.orgId)) throw userError('INPUT_ORG_ID', '--principal-org-id', `"${value.orgId}" is not an organization id`, 'Organization ids are o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5');
    result.orgId = value.orgId;
  }
  for (const path of value.orgPaths ?? []) {
    if (!ORG_PATH.test(path)) throw userError('INPUT_ORG_PATH', '--principal-org-path', `"${path}" is not an organization path`, 'Write it as o-xxxxxxxxxx/r-xxxx/ou-xxxx-xxxxxxxx/ (with the trailing slash)');
  }
  if (value.orgPaths && value.orgPaths.length > 0) result.orgPaths = [...value.orgPaths];
  return Object.keys(result).length > 0 ? result : undefined;
}

function checkOptions(options: Partial<ShareOptions> | undefined): ShareOptions {
  const merged: ShareOptions = { ...DEFAULT_SHARE_OPTIONS, ...options };
  if (merged.versionStage !== 'AWSCURRENT' && merged.versionStage !== 'any') {
    throw userError('INPUT_VERSION_STAGE', '--version-stage', `"${String(merged.versionStage)}" is not supported`, 'Use AWSCURRENT (default) or any');
  }
  if (typeof merged.grantDescribe !== 'boolean') throw userError('INPUT_OPTION', '--describe', 'must be true or false', 'Pass --describe or leave it out');
  if (typeof merged.contextCondition !== 'boolean') throw userError('INPUT_OPTION', '--no-context-condition', 'must be true or false', 'Pass --no-context-condition or leave it out');
  return merged;
}

function checkPolicyName(value: string): string {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', '--policy-name', `"${value}" ${problem}`, 'Retype the policy name as plain ASCII');
  if (value.startsWith('arn:')) {
    const arn = tryParseArn(value);
    if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('policy/')) {
      throw userError('INPUT_POLICY_NAME', '--policy-name', `"${value}" is not a policy ARN`, 'Pass a policy name, e.g. SecretShareWizard-MY_TEST_SECRET');
    }
    if (arn.account === 'aws') {
      throw userError('INPUT_ARN_AWS_MANAGED_POLICY', '--policy-name', `"${value}" is in the namespace of AWS managed policies (iam::aws:policy/)`, `A customer managed policy is arn:${arn.partition}:iam::ACCOUNT:policy/${arn.resource.split('/').pop()}; or pass just the name`);
    }
    return value;
  }
  if (!/^[\w+=,.@-]{1,128}$/.test(value)) {
    throw userError('INPUT_POLICY_NAME', '--policy-name', `"${value}" is not a valid IAM policy name`, 'Use 1-128 letters, digits or +=,.@_- characters');
  }
  return value;
}

/**
 * Validate what the user typed (CLI flags, wizard answers, extension inputs) into a ShareRequest.
 * Throws a WizardError naming the field (`--secret`, `--consumer`, ...) and the fix. Values are not
 * silently cleaned: a pasted typographic dash is an error the user should see.
 */
export function buildShareRequest(input: ShareRequestInput): ShareRequest {
  const secretRef = parseSecretRef(input.secret, '--secret');
  const partition = secretRef.kind === 'arn' ? secretRef.secret.partition : 'aws';
  const consumer = parsePrincipal(input.consumer, '--consumer', partition);
  const organization = isOrgConsumer(consumer);
  // An organization's member accounts each grant their own roles: the identity policy is for their administrators.
  const identityPolicy = (input.identityPolicy ?? (organization ? 'none' : 'managed')) as IdentityPolicyMode;
  if (!MODES.includes(identityPolicy)) {
    throw userError('INPUT_IDENTITY_MODE', '--consumer-policy', `"${input.identityPolicy}" is not one of managed, inline, none`, 'Use managed (default), inline or none');
  }
  if (organization && identityPolicy !== 'none') {
    throw userError('INPUT_IDENTITY_MODE', '--consumer-policy', `${identityPolicy} is not possible for ${consumer.kind === 'organization' ? 'an organization' : 'an OU'}: each member account's administrators grant their own roles`, 'Use --consumer-policy none (the default for an organization or OU): the identity policy is printed for them');
  }
  const request: ShareRequest = { secret: input.secret, consumer: input.consumer, identityPolicy, options: checkOptions(input.options) };
  const binding = checkRoleBinding(input.roleBinding === '' ? undefined : input.roleBinding, consumer);
  if (binding === 'condition') request.roleBinding = 'condition';
  const callerOrg = checkCallerOrg(input.callerOrg);
  if (callerOrg) request.callerOrg = callerOrg;
  if (input.consumerIdentity !== undefined && input.consumerIdentity !== '') {
    const value = input.consumerIdentity;
    if (organization && !value.startsWith('arn:')) throw orgRoleNameError(value);
    if (value.startsWith('arn:') || pastedTextProblem(value)) {
      const principal = parsePrincipal(value, '--consumer-role', partition);
      if (!isIamConsumer(principal)) throw userError('INPUT_CONSUMER_IDENTITY', '--consumer-role', `"${value}" is ${principal.kind === 'account' ? 'an account' : 'an organization'}, not a role or user`, 'Name the role (or user) that reads the secret, e.g. arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE');
    } else if (!/^((role|user)\/)?[\w+=,.@-]{1,64}$/.test(value)) {
      throw userError('INPUT_CONSUMER_IDENTITY', '--consumer-role', `"${value}" is not a role or user name`, 'Pass a role ARN or a role name (user/NAME for a user)');
    }
    request.consumerIdentity = value;
  }
  if (input.policyName !== undefined && input.policyName !== '') request.policyName = checkPolicyName(input.policyName);
  const move = input.moveToKey;
  if (typeof move === 'string' && move !== '') {
    request.moveToKey = move === 'new' ? { createKey: true } : { keyArn: parseKeyArn(move, '--move-to-key').arn };
  } else if (move && typeof move === 'object') {
    request.moveToKey = 'keyArn' in move ? { keyArn: parseKeyArn(move.keyArn, '--move-to-key').arn } : { createKey: true };
  }
  if (input.allowDrift !== undefined) {
    if (typeof input.allowDrift !== 'boolean') throw userError('INPUT_OPTION', '--allow-drift', 'must be true or false', 'Pass --allow-drift or leave it out');
    if (input.allowDrift) request.allowDrift = true;
  }
  return request;
}

/** The input a built request stands for (a saved plan's, the doctor's fix): every field it carries. */
export function requestInputOf(request: ShareRequest): ShareRequestInput {
  const input: ShareRequestInput = { secret: request.secret, consumer: request.consumer, identityPolicy: request.identityPolicy, options: request.options };
  if (request.consumerIdentity !== undefined) input.consumerIdentity = request.consumerIdentity;
  if (request.policyName !== undefined) input.policyName = request.policyName;
  if (request.moveToKey !== undefined) input.moveToKey = request.moveToKey;
  if (request.allowDrift !== undefined) input.allowDrift = request.allowDrift;
  if (request.roleBinding !== undefined) input.roleBinding = request.roleBinding;
  if (request.callerOrg !== undefined) input.callerOrg = request.callerOrg;
  return input;
}

/** Validate a ShareRequest object (e.g. read back from a saved plan); same checks as buildShareRequest. */
export function normaliseRequest(request: ShareRequest): ShareRequest {
  return buildShareRequest(requestInputOf(request));
}
