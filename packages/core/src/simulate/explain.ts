import { asArray } from '../policy/parse-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import type { Evaluation } from './evaluate';
import { nearMiss, statementsOf, type AccessRequest, type NearMiss } from './evaluate-policy';
import { LAYER_LABELS } from './layer-labels';
import { isUniqueIdPrincipal, roleNameOf, type Caller } from './principal-match';
import { LAYERS, type AccessCheck, type Assumption, type Layer, type SimulationInput, type SimulationResult, type StatementRef } from './simulate-types';

/** Plain-words explanations of a simulation: what decided, and what to change. */

const LAYER_NAMES = LAYER_LABELS;

/** The principal as policies name it: the role/user ARN, or the account root for an unnamed principal. */
export function principalName(caller: Caller): string {
  return caller.arn ?? `arn:${caller.partition}:iam::${caller.account}:root`;
}

/** `statement 2 (Sid "X")`, with the document and the organization target when known. */
export function describeStatement(ref: StatementRef): string {
  let text = ref.sid === undefined ? `statement ${ref.index}` : `statement ${ref.index} (Sid "${ref.sid}")`;
  if (ref.document !== undefined) text += ` of ${ref.document}`;
  if (ref.target !== undefined) text += ` attached to ${ref.target}`;
  return text;
}

function regionOf(request: AccessRequest): string {
  return request.context.get('aws:RequestedRegion')?.[0] ?? 'REGION';
}

function show(values: readonly string[]): string {
  return JSON.stringify(values.length === 1 ? values[0] : values);
}

/** A statement that would have allowed but for its condition, in words; empty when there is none. */
function nearMissText(miss: NearMiss | undefined): string {
  if (!miss) return '';
  const { condition } = miss;
  const asked = condition.context === undefined || condition.context.length === 0 ? 'the request has no value for it' : `the request has ${show(condition.context)}`;
  return ` (${describeStatement(miss.statement)} would allow it, but its condition ${condition.operator} ${condition.key} = ${show(condition.values)} does not hold: ${asked})`;
}

/** What to do about a near miss. */
function nearMissFix(miss: NearMiss): string {
  const key = miss.condition.key.toLowerCase();
  if (key === 'secretsmanager:versionstage') {
    return `The grant is limited to the version stage ${show(miss.condition.values)}: ask for that version, or widen the grant to any version.`;
  }
  if (key === 'aws:principalorgid' || key === 'aws:principalorgpaths') {
    return `The grant is limited to an organization (${miss.condition.key}): the caller's account must be in it (give the simulator the caller's organization id / path when it is), or grant the account.`;
  }
  return 'Make the request meet that condition, or change the condition.';
}

/** Statements naming a deleted role or user (`AROA...`/`AIDA...`), in words. */
function uniqueIdText(document: PolicyDocument | null): string {
  if (!document) return '';
  const statements = statementsOf(document);
  for (let i = 0; i < statements.length; i++) {
    const principal = statements[i]!.Principal;
    if (typeof principal !== 'object') continue;
    const id = asArray(principal.AWS).find(isUniqueIdPrincipal);
    if (id !== undefined) {
      return ` Statement ${i} names the unique id ${id}: the role or user it granted was deleted, and a recreated one with the same name does not match. Name the account root instead, with "ArnEquals": {"aws:PrincipalArn": "<role ARN>"} to keep the grant to that one role (recreating the role cannot break it).`;
    }
  }
  return '';
}

function resourceAllowFix(layer: Layer, request: AccessRequest, principal: string): string {
  if (layer === 'secret-policy') {
    return `Add a statement to the secret's resource policy: Effect Allow, Principal {"AWS": "${principal}"}, Action ${request.action}, Resource "*".`;
  }
  return `Add a statement to the key policy: Effect Allow, Principal {"AWS": "${principal}"}, Action ${request.action}, Resource "*", with StringEquals kms:ViaService = secretsmanager.${regionOf(request)}.amazonaws.com.`;
}

function identityAllowFix(request: AccessRequest): string {
  if (request.action.toLowerCase() === 'kms:decrypt') {
    return `Attach an identity policy allowing ${request.action} on ${request.resource} with StringEquals kms:ViaService = secretsmanager.${regionOf(request)}.amazonaws.com.`;
  }
  return `Attach an identity policy allowing ${request.action} on ${request.resource}.`;
}

function managedKeyText(request: AccessRequest, caller: Caller): string {
  const keyAccount = request.context.get('aws:ResourceAccount')?.[0] ?? '';
  return (
    `Denied: the secret is encrypted with the AWS managed key aws/secretsmanager, whose key policy (fixed by AWS) only allows principals of its own account ${keyAccount} (kms:CallerAccount), ` +
    `so ${principalName(caller)} in account ${caller.account} can never decrypt it. ` +
    "Move the secret to a customer managed key (aws secretsmanager update-secret --secret-id SECRET_ARN --kms-key-id KEY_ARN) and allow the consumer in that key's policy."
  );
}

function allowedText(evaluation: Evaluation, request: AccessRequest): string {
  const layer = evaluation.decidingLayer ?? 'identity-policy';
  const parts: string[] = [];
  const granting = evaluation.statement ? `${LAYER_NAMES[layer]} ${describeStatement(evaluation.statement)}` : LAYER_NAMES[layer];
  const delegated = layer !== 'identity-policy' && evaluation.resource.principal === 'account';
  parts.push(delegated ? `${granting}, which names account ${request.caller.account} (delegating to its IAM)` : granting);
  if (evaluation.resourceGrant === 'session') parts[0] += ', which names the caller\'s session (within one account, not limited by a permissions boundary or session policy)';
  if (layer !== 'identity-policy' && evaluation.identity.statement) parts.push(`the identity policy ${describeStatement(evaluation.identity.statement)}`);
  if (layer === 'identity-policy' && evaluation.resource.principal === 'account' && evaluation.resource.statement) {
    parts.push(`${LAYER_NAMES[evaluation.layers[0].layer]} ${describeStatement(evaluation.resource.statement)}, which delegates to the account's IAM`);
  }
  return `Allowed: ${principalName(request.caller)} may call ${request.action} on ${request.resource}, granted by ${parts.join(' and ')}.`;
}

/** Who the account-level layers are about, in words. */
function layerWithOwner(layer: Layer, request: AccessRequest): string {
  const caller = request.caller;
  const resourceAccount = request.context.get('aws:ResourceAccount')?.[0] ?? '';
  switch (layer) {
    case 'scp':
      return `the SCPs of account ${caller.account}`;
    case 'rcp':
      return `the RCPs of account ${resourceAccount}`;
    case 'permissions-boundary':
      return `the permissions boundary of ${principalName(caller)}`;
    case 'session-policy':
      return `the session policy of ${principalName(caller)}'s session`;
    default:
      return LAYER_NAMES[layer];
  }
}

export function explicitDenyFix(layer: Layer, ref: StatementRef | undefined): string {
  switch (layer) {
    case 'scp':
      return `An SCP deny applies whatever the IAM policies say: the organization's management account (or a delegated administrator) must narrow that statement${ref?.target ? ` or detach the policy from ${ref.target}` : ''}, or exempt this principal with a condition.`;
    case 'rcp':
      return `An RCP deny applies to every request on the resource: the organization's management account (or a delegated administrator) must narrow that statement${ref?.target ? ` or detach the policy from ${ref.target}` : ''}, e.g. add an exception for this principal or its organization.`;
    case 'permissions-boundary':
      return `A boundary deny caps every grant: remove or narrow that statement in the boundary policy${ref?.document ? ` ${ref.document}` : ''}.`;
    case 'session-policy':
      return 'Assume the role again without that session policy (or with one that does not deny this).';
    case 'vpc-endpoint-policy':
      return 'Remove or narrow that statement in the endpoint policy, or call through another endpoint.';
    default:
      return 'An explicit deny overrides every allow: remove or narrow that statement.';
  }
}

/** The caller's role session in words, for notes about session principals. */
function sessionWords(caller: Caller): string {
  return `role ${roleNameOf(caller) ?? '?'}`;
}

function explicitDenyText(evaluation: Evaluation, request: AccessRequest, what: string, principal: string): string {
  const layer = evaluation.decidingLayer ?? 'identity-policy';
  const ref = evaluation.statement!;
  const layerEvaluation = layerEvaluationOf(evaluation, layer);
  const subject = ref.document === undefined ? `${layerWithOwner(layer, request)} ${describeStatement(ref)}` : `${describeStatement(ref)} (${layerWithOwner(layer, request)})`;
  let text = `Denied: ${subject} explicitly denies ${what} to ${principal}. ${explicitDenyFix(layer, ref)}`;
  if (layerEvaluation?.principal === 'any-session') {
    text += ` The statement names a session of ${sessionWords(request.caller)}: the simulator models the role, not one session, so a Deny naming any session of the role is treated as applying (give the session name to simulate one session).`;
  }
  return text;
}

function layerEvaluationOf(evaluation: Evaluation, layer: Layer) {
  switch (layer) {
    case 'scp':
      return evaluation.scp;
    case 'rcp':
      return evaluation.rcp;
    case 'vpc-endpoint-policy':
      return evaluation.endpoint;
    case 'permissions-boundary':
      return evaluation.boundary;
    case 'session-policy':
      return evaluation.session;
    case 'identity-policy':
      return evaluation.identity;
    default:
      return evaluation.resource;
  }
}

function orgAllowText(evaluation: Evaluation, request: AccessRequest, what: string, layer: 'scp' | 'rcp'): string {
  const target = layerEvaluationOf(evaluation, layer)?.target ?? 'one level';
  const account = layer === 'scp' ? request.caller.account : (request.context.get('aws:ResourceAccount')?.[0] ?? '');
  const kind = layer === 'scp' ? 'SCP' : 'RCP';
  const governs = layer === 'scp' ? `every principal of account ${account}` : `every request on the resources of account ${account}`;
  return `Denied: no ${kind} attached to ${target} allows ${what}. ${kind}s govern ${governs}, and each level of the account's organization path (root, OUs, account) must allow the action. Attach ${layer === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess'} (or an ${kind} allowing ${request.action}) to ${target}, from the organization's management account.`;
}

function boundaryText(evaluation: Evaluation, request: AccessRequest, input: SimulationInput, what: string, principal: string): string {
  const boundary = input.permissionsBoundary?.status === 'known' ? input.permissionsBoundary.value : undefined;
  const miss = boundary ? nearMiss([boundary.document], 'permissions-boundary', request, [boundary.name]) : undefined;
  const name = boundary ? ` ${boundary.name}` : '';
  const roleGrant = !evaluation.crossAccount && evaluation.resource.decision === 'allow' && evaluation.resource.principal === 'direct';
  const note = roleGrant
    ? ` The ${evaluation.layers[0].layer === 'key-policy' ? 'key policy' : "secret's resource policy"} names the role, but within one account a grant to the role ARN is still limited by the role's boundary; only a grant naming the session ARN (arn:${request.caller.partition}:sts::${request.caller.account}:assumed-role/ROLE/SESSION) is not.`
    : '';
  return `Denied: the permissions boundary${name} of ${principal} does not allow ${what}${nearMissText(miss)}. A boundary caps what the identity policies grant (both must allow).${note} Add ${request.action} on ${request.resource} to the boundary policy${name}, or remove the boundary from the role.`;
}

function sessionText(request: AccessRequest, what: string, principal: string): string {
  return `Denied: the session policy passed when ${principal} was assumed does not allow ${what}. A session has the permissions its identity policies AND its session policy both allow: assume the role again with a session policy allowing ${request.action} on ${request.resource}, or without a session policy.`;
}

function endpointText(request: AccessRequest, input: SimulationInput, what: string, principal: string): string {
  const endpoint = input.vpcEndpoint?.status === 'known' ? input.vpcEndpoint.value : undefined;
  const id = endpoint?.endpointId ? ` ${endpoint.endpointId}` : '';
  return `Denied: the policy of the VPC endpoint${id} the call goes through does not allow ${principal} to call ${what}. Add a statement to the endpoint policy: Effect Allow, Principal {"AWS": "${principal}"} (or "*"), Action ${request.action}, Resource "${request.resource}".`;
}

export function explainCheck(evaluation: Evaluation, request: AccessRequest, input: SimulationInput, managedKey: boolean): string {
  if (evaluation.allowed) return allowedText(evaluation, request);
  const caller = request.caller;
  const principal = principalName(caller);
  const layer = evaluation.decidingLayer ?? 'identity-policy';
  const what = `${request.action} on ${request.resource}`;
  const keyPolicy = managedKey ? null : input.keyPolicy;
  switch (evaluation.reason) {
    case 'explicit-deny':
      return explicitDenyText(evaluation, request, what, principal);
    case 'no-scp-allow':
      return orgAllowText(evaluation, request, what, 'scp');
    case 'no-rcp-allow':
      return orgAllowText(evaluation, request, what, 'rcp');
    case 'no-endpoint-allow':
      return endpointText(request, input, what, principal);
    case 'no-boundary-allow':
      return boundaryText(evaluation, request, input, what, principal);
    case 'no-session-allow':
      return sessionText(request, what, principal);
    case 'no-resource-allow': {
      if (managedKey) return managedKeyText(request, caller);
      const document = layer === 'secret-policy' ? input.secretPolicy : keyPolicy;
      // Resource-side messages name the consumer as the user gave it (the principal a grant should name).
      const consumer = input.principal.arn;
      const miss = document ? nearMiss([document], layer, request) : undefined;
      const opening =
        document === null
          ? `Denied: ${layer === 'secret-policy' ? 'the secret has no resource policy' : 'the key has no key policy'}, so nothing allows ${consumer} to call ${request.action}`
          : `Denied: ${LAYER_NAMES[layer]} has no statement allowing ${consumer} to ${request.action}`;
      return (
        opening +
        nearMissText(miss) +
        '. Across accounts the resource side must allow the consumer (or its account root) as well as its own IAM policy.' +
        uniqueIdText(document) +
        ' ' +
        (miss ? nearMissFix(miss) : resourceAllowFix(layer, request, consumer))
      );
    }
    case 'key-not-delegated': {
      const miss = keyPolicy ? nearMiss([keyPolicy], 'key-policy', request) : undefined;
      return (
        `Denied: the KMS key policy neither allows ${principal} ${request.action} nor delegates to account ${caller.account}'s IAM (a statement allowing arn:${caller.partition}:iam::${caller.account}:root the action)` +
        nearMissText(miss) +
        ', so identity policies cannot grant it. Restore the key policy statement that lets the account administer the key, or allow the principal in the key policy.'
      );
    }
    case 'no-identity-allow': {
      const who = caller.kind === 'account' ? `any role of account ${caller.account} that reads the secret` : principal;
      const none = input.identityPolicies.length === 0 ? `no identity policy of ${who} is known, so none` : `no identity policy of ${who}`;
      const miss = nearMiss(input.identityPolicies, 'identity-policy', request, input.identityPolicyNames);
      const why = evaluation.crossAccount
        ? "Across accounts the consumer's own IAM policy must allow it too, whatever the resource policy says."
        : 'The resource policy does not name this principal, so its identity policy must allow it.';
      return `Denied: ${none} allows ${what}${nearMissText(miss)}. ${why} ${miss ? nearMissFix(miss) : identityAllowFix(request)}`;
    }
    default:
      return `Denied: ${what} is not allowed.`;
  }
}

/** An unknown layer as an assumption: what must hold, and who can check it. */
function assumptionText(layer: Layer, readableBy: string | undefined, caller: Caller, secretAccount: string): string {
  const subject =
    layer === 'scp'
      ? `the SCPs of account ${caller.account} allow`
      : layer === 'rcp'
        ? `the RCPs of account ${secretAccount} allow`
        : layer === 'identity-policy'
          ? `the identity policies of ${principalName(caller)} allow`
          : `${LAYER_NAMES[layer]} allows`;
  return `${subject} GetSecretValue and kms:Decrypt through Secrets Manager, with no Deny: it could not be read${readableBy ? ` (readable by ${readableBy})` : ''}`;
}

const sessionGrants = new WeakMap<PolicyDocument, Array<{ index: number; role: string; session: string; effect: Statement['Effect'] }>>();

/** Statements whose Principal names an assumed-role session, per document (cached). */
function sessionPrincipals(document: PolicyDocument): Array<{ index: number; role: string; session: string; effect: Statement['Effect'] }> {
  let found = sessionGrants.get(document);
  if (found === undefined) {
    found = [];
    statementsOf(document).forEach((statement, index) => {
      const principal = statement.Principal;
      if (typeof principal !== 'object') return;
      for (const entry of asArray(principal.AWS)) {
        const match = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(entry);
        if (match) found!.push({ index, role: match[1]!, session: match[2]!, effect: statement.Effect });
      }
    });
    sessionGrants.set(document, found);
  }
  return found;
}

/** Notes about grants that name one session of the caller's role while the simulator models the role. */
function sessionNotes(caller: Caller, input: SimulationInput): string[] {
  const role = roleNameOf(caller);
  if (role === undefined || caller.sessionName !== undefined) return [];
  const notes: string[] = [];
  const check = (document: PolicyDocument | null, layer: Layer) => {
    if (!document) return;
    for (const grant of sessionPrincipals(document)) {
      if (grant.role !== role || grant.effect !== 'Allow') continue;
      notes.push(`${LAYER_NAMES[layer]} statement ${grant.index} allows only the session "${grant.session}" of role ${role}, not the role: the simulator models the role, so that grant is not counted. Give the session name to simulate that one session.`);
    }
  };
  check(input.secretPolicy, 'secret-policy');
  if (input.keyArn !== undefined) check(input.keyPolicy, 'key-policy');
  return notes;
}

function denyNotes(evaluations: Evaluation[], caller: Caller): string[] {
  const notes: string[] = [];
  for (const evaluation of evaluations) {
    if (evaluation.reason !== 'explicit-deny' || evaluation.decidingLayer === undefined) continue;
    if (layerEvaluationOf(evaluation, evaluation.decidingLayer)?.principal !== 'any-session') continue;
    notes.push(`${LAYER_NAMES[evaluation.decidingLayer]} ${describeStatement(evaluation.statement!)} denies a session of ${sessionWords(caller)}: the simulator models the role, not one session, so a Deny naming any session of the role applies.`);
  }
  return notes;
}

function managementNotes(input: SimulationInput, caller: Caller, secretAccount: string): string[] {
  const management = input.managementAccount;
  if (management === undefined) return [];
  const notes: string[] = [];
  if (caller.account === management && input.scps?.status === 'known') notes.push(`SCPs not applied: account ${management} is the organization's management account, which SCPs do not govern.`);
  if (secretAccount === management && input.rcps?.status === 'known') notes.push(`RCPs not applied: account ${management} is the organization's management account, whose resources RCPs do not govern.`);
  return notes;
}

const NO_UNKNOWN: { layers: Layer[]; readers: Partial<Record<Layer, string>> } = Object.freeze({ layers: [], readers: {} }) as never;

function unknownReaders(evaluations: Evaluation[]): { layers: Layer[]; readers: Partial<Record<Layer, string>> } {
  if (evaluations.every((evaluation) => evaluation.unknown.length === 0)) return NO_UNKNOWN;
  const readers: Partial<Record<Layer, string>> = {};
  let any = false;
  for (const evaluation of evaluations) {
    if (evaluation.unknown.length === 0) continue;
    any = true;
    for (const decision of evaluation.layers) {
      if (decision.decision === 'unknown' && readers[decision.layer] === undefined) readers[decision.layer] = decision.readableBy ?? '';
    }
  }
  return { layers: any ? LAYERS.filter((layer) => readers[layer] !== undefined) : [], readers };
}

function allNotes(evaluations: Evaluation[], caller: Caller, input: SimulationInput, secretAccount: string): string[] | undefined {
  let notes: string[] | undefined;
  const add = (more: string[]) => {
    if (more.length > 0) notes = notes ? notes.concat(more) : more;
  };
  if (evaluations.some((evaluation) => evaluation.reason === 'explicit-deny')) add(denyNotes(evaluations, caller));
  if (caller.kind === 'role' && caller.sessionName === undefined) add(sessionNotes(caller, input));
  if (input.managementAccount !== undefined) add(managementNotes(input, caller, secretAccount));
  return notes;
}

export function summarize(checks: AccessCheck[], evaluations: Evaluation[], secretAccount: string, caller: Caller, input: SimulationInput): SimulationResult {
  const { layers: unknownLayers, readers } = unknownReaders(evaluations);
  const notes = allNotes(evaluations, caller, input, secretAccount);
  let failing = -1;
  for (let i = 0; i < evaluations.length; i++) {
    if (!evaluations[i]!.allowed) {
      failing = i;
      break;
    }
  }
  let result: SimulationResult;
  if (failing === -1) {
    const assumptions: Assumption[] = [];
    for (const layer of unknownLayers) assumptions.push({ layer, text: assumptionText(layer, readers[layer] || undefined, caller, secretAccount) });
    const explanation =
      assumptions.length === 0
        ? `Allowed: ${principalName(caller)} can read the secret (GetSecretValue, and kms:Decrypt through Secrets Manager, are both allowed).`
        : `Allowed if ${unknownLayers.map((layer) => LAYER_NAMES[layer]).join(' and ')} allow${unknownLayers.length === 1 ? 's' : ''}: every layer that could be read allows ${principalName(caller)} GetSecretValue and kms:Decrypt through Secrets Manager, but ${unknownLayers.length === 1 ? 'that layer' : 'those layers'} could not be read.`;
    result = { allowed: true, explanation, checks, assumptions, unknownLayers: unknownLayers.length === 0 ? [] : unknownLayers };
  } else {
    const evaluation = evaluations[failing]!;
    result = { allowed: false, explanation: checks[failing]!.explanation, checks, assumptions: [], unknownLayers: unknownLayers.length === 0 ? [] : unknownLayers };
    if (evaluation.decidingLayer) result.decidingLayer = evaluation.decidingLayer;
    if (evaluation.statement) result.statement = evaluation.statement;
  }
  if (notes !== undefined) result.notes = notes;
  return result;
}
