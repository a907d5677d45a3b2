import { parsePrincipal } from '../arn/principal';
import { planShare, isAdministratorChange } from '../plan/plan-share';
import { asArray } from '../policy/parse-policy';
import type { Change, PolicyChange, ShareRequest } from '../plan/plan-types';
import type { ShareState } from '../plan/share-state';
import { LAYER_LABELS } from '../simulate/layer-labels';
import { describeStatement, explicitDenyFix } from '../simulate/explain';
import { isDocumentLayer, type AccessCheck, type Layer, type SimulationInput, type SimulationResult, type StatementRef } from '../simulate/simulate-types';
import type { DoctorFix } from './doctor-types';

export interface FixContext {
  result: SimulationResult;
  /** What was read, as the planner wants it (for a fix in the three documents). */
  state: ShareState;
  request: ShareRequest;
  input: SimulationInput;
  owner: string;
  consumer: string;
  /** The management account of the organization, when known. */
  management?: string;
}

const CHANGE_WORDS: Record<PolicyChange['kind'], string> = {
  'secret-policy': "the secret's resource policy",
  'key-policy': 'the key policy',
  'identity-policy': "the consumer's identity policy",
};

function changeLine(change: Change): string {
  if (change.kind === 'secret-key') return `move the secret to ${change.newKey ? 'a new customer managed key' : change.target} (account ${change.account})`;
  const who = isAdministratorChange(change) ? ' (for the consumer account\'s administrator to attach)' : '';
  return `${change.action} ${CHANGE_WORDS[change.kind]} ${change.target} in account ${change.account}${who}`;
}

/** The command that applies the plan from the same request. */
function applyCommand(request: ShareRequest): string {
  const parts = ['secret-share-wizard apply', `--secret ${request.secret}`, `--consumer ${request.consumer}`];
  if (request.consumerIdentity) parts.push(`--consumer-role ${request.consumerIdentity}`);
  if (request.identityPolicy !== 'managed') parts.push(`--consumer-policy ${request.identityPolicy}`);
  if (request.moveToKey) parts.push(`--move-to-key ${'keyArn' in request.moveToKey ? request.moveToKey.keyArn : 'new'}`);
  return parts.join(' ');
}

/** Where a change of `layer` is made, in words. */
function where(layer: Layer, context: FixContext, document?: string): { text: string; account?: string } {
  const { input, owner, consumer, management } = context;
  const keyAccount = input.keyArn?.split(':')[4] ?? owner;
  switch (layer) {
    case 'scp':
      return { text: `In the organization's management account${management ? ` ${management}` : ''} (AWS Organizations → service control policies${document ? `, ${document}` : ''})`, ...(management ? { account: management } : {}) };
    case 'rcp':
      return { text: `In the organization's management account${management ? ` ${management}` : ''} (AWS Organizations → resource control policies${document ? `, ${document}` : ''})`, ...(management ? { account: management } : {}) };
    case 'permissions-boundary':
      return { text: `In account ${consumer}, the permissions boundary${document ? ` ${document}` : ''} of ${input.principal.arn}`, account: consumer };
    case 'session-policy':
      return { text: `Where ${input.principal.arn} is assumed (the session policy passed to sts:AssumeRole)`, account: consumer };
    case 'vpc-endpoint-policy': {
      const endpoint = (input.vpcEndpoint?.status === 'known' ? input.vpcEndpoint.value.endpointId : undefined) ?? 'the VPC endpoint';
      return { text: `In the account that owns ${endpoint} (its endpoint policy)` };
    }
    case 'secret-policy':
      return { text: `In account ${owner}, the secret's resource policy`, account: owner };
    case 'key-policy':
      return { text: `In account ${keyAccount}, the key policy of ${input.keyArn ?? 'the key'}`, account: keyAccount };
    default:
      return { text: `In account ${consumer}, ${document ?? `the identity policies of ${input.principal.arn}`}`, account: consumer };
  }
}

/**
 * The fix for a diagnosis: a share plan (made with `planShare` from what was read, for the session
 * to apply) when the missing grant is in one of the three documents the tool writes; otherwise the
 * exact change to make, and where. None when the read is allowed.
 */
export function doctorFix(context: FixContext): DoctorFix | undefined {
  const { result } = context;
  if (result.allowed) {
    const unknown = result.unknownLayers;
    if (unknown.length === 0) return undefined;
    const layer = unknown[0]!;
    const readers = result.checks.flatMap((check) => check.layers).filter((decision) => decision.decision === 'unknown' && decision.readableBy);
    const who = [...new Set(readers.map((decision) => `${LAYER_LABELS[decision.layer]}: ${decision.readableBy}`))].join('; ');
    return { kind: 'text', layer, text: `Nothing to fix in what could be read. Confirm the layers that could not be read allow the read (${who}), or run the doctor again with credentials that can read them.` };
  }
  const layer = result.decidingLayer ?? 'identity-policy';
  const check = result.checks.find((c) => !c.allowed);
  const explanation = check?.explanation ?? result.explanation;
  const explicit = result.statement !== undefined && check?.layers.some((decision) => decision.layer === layer && decision.decision === 'explicit-deny');
  const managedKey = layer === 'key-policy' && context.input.keyArn === undefined;

  if (isDocumentLayer(layer) && !explicit) {
    let request: ShareRequest = managedKey ? { ...context.request, moveToKey: { createKey: true } } : context.request;
    let state: ShareState = managedKey ? { ...context.state, targetKey: { create: true } } : context.state;
    // The consumer's own policies already allow both calls: the plan leaves them alone.
    const identityAllows = result.checks.every((c) => c.layers.some((decision) => decision.layer === 'identity-policy' && decision.decision === 'allow'));
    if (identityAllows && request.identityPolicy !== 'none') {
      request = { ...request, identityPolicy: 'none' };
      if (state.identity) {
        const target = { ...state.identity.target, mode: 'none' as const };
        delete target.policyArn;
        state = { ...state, identity: { target, document: null, ...(state.identity.otherPolicies ? { otherPolicies: state.identity.otherPolicies } : {}) } };
      }
    }
    // Where the resource side already grants the consumer's account root, share with the account
    // (and the role for the identity side): the plan then adds nothing beside that grant.
    if (grantsAccount(result, context.input)) {
      const account = parsePrincipal(context.consumer, 'consumer', context.input.principal.partition);
      request = { ...request, consumer: account.account, consumerIdentity: context.input.principal.arn };
      state = { ...state, consumer: account };
    }
    const plan = planShare(state, request);
    const place = where(layer, context);
    if (plan.blocked) {
      const errors = plan.findings.filter((f) => f.severity === 'error').map((f) => f.message);
      return { kind: 'text', layer, ...(place.account ? { account: place.account } : {}), text: `${place.text}: ${explanation} A share plan would fix it, but it is blocked: ${errors.join(' ')}` };
    }
    const changes = plan.changes.filter((change) => change.action !== 'none' && !(identityAllows && isAdministratorChange(change))).map(changeLine);
    const after = plan.simulation.after;
    const still = after.allowed ? '' : ` After it, the read would still be denied: ${after.explanation}`;
    const lead = managedKey ? 'The secret is on the AWS managed key aws/secretsmanager, which no other account can use: move it to a customer managed key and share it. ' : '';
    return {
      kind: 'plan',
      layer,
      ...(place.account ? { account: place.account } : {}),
      text: `${lead}Apply this plan (${applyCommand(request)}): ${changes.length > 0 ? changes.join('; ') : 'nothing to change in the three documents'}.${still}`,
      request,
      plan,
    };
  }
  const place = where(layer, context, result.statement?.document);
  const sentence = check ? fixSentence(layer, explicit === true, check, result.statement) : explanation;
  return { kind: 'text', layer, ...(place.account ? { account: place.account } : {}), text: `${place.text}: ${sentence}${isDocumentLayer(layer) ? ' (secret-share-wizard only removes statements it wrote: edit this one yourself.)' : ''}` };
}

/** Does an allowing secret or key policy statement name the consumer's account (not the role)? */
function grantsAccount(result: SimulationResult, input: SimulationInput): boolean {
  const account = input.principal.account;
  return result.checks.some((check) =>
    check.layers.some((decision) => {
      if (decision.decision !== 'allow' || !decision.statement || (decision.layer !== 'secret-policy' && decision.layer !== 'key-policy')) return false;
      const document = decision.layer === 'secret-policy' ? input.secretPolicy : input.keyPolicy;
      const principal = document?.Statement[decision.statement.index]?.Principal;
      if (!principal || principal === '*') return false;
      return asArray(principal.AWS).some((entry) => entry === account || entry.endsWith(`:iam::${account}:root`));
    }),
  );
}

/** What to change, for a layer the tool does not write (or a Deny it did not write). */
function fixSentence(layer: Layer, explicit: boolean, check: AccessCheck, statement: StatementRef | undefined): string {
  const call = `${check.action} on ${check.resource}`;
  if (explicit && statement) return `${describeStatement(statement)} denies ${call}. ${explicitDenyFix(layer, statement)}`;
  const target = check.layers.find((decision) => decision.layer === layer)?.target;
  switch (layer) {
    case 'scp':
      return `attach FullAWSAccess (or an SCP allowing ${check.action}) to ${target ?? 'the level that has none'}: no SCP attached there allows ${call}, and every level from the root to the account must.`;
    case 'rcp':
      return `attach RCPFullAWSAccess (or an RCP allowing ${check.action}) to ${target ?? 'the level that has none'}: no RCP attached there allows ${call}, and every level from the root to the account must.`;
    case 'permissions-boundary':
      return `add ${check.action} on ${check.resource} to the boundary policy (${call} is outside it), or remove the boundary from the role.`;
    case 'session-policy':
      return `assume the role with a session policy that allows ${call}, or without a session policy.`;
    case 'vpc-endpoint-policy':
      return `add a statement to the endpoint policy: Effect Allow, Principal "*" (or the consumer role), Action ${check.action}, Resource "${check.resource}".`;
    default:
      return check.explanation;
  }
}
