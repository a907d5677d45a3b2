import { DEFAULT_SHARE_OPTIONS, checkAccountId, errorInfo as coreErrorInfo, isRegion, messageWithFix, partitionOf, parsePrincipal, pastedTextProblem } from '@secret-share-wizard/core';
import type { Plan, ProgressEvent, ShareRequest } from '@secret-share-wizard/core';
import { choicesFor } from './choices';
import { EXIT } from './wizard-state';
import type { ApplyLine, Effect, ErrorInfo, ScreenName, WizardAction, WizardState } from './wizard-state';

/**
 * The wizard as a pure state machine. Every answer lands in a field; `advance` then picks the
 * first question still open (an answer given as a flag skips its screen) or the AWS work to do
 * next (`pending`, performed by the effects layer, which dispatches the result back).
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (state.exitCode !== undefined) return state; // over: nothing changes any more
  switch (action.type) {
    case 'start':
      return applyFlags(state);
    case 'profiles-loaded':
      return advance({ ...state, profiles: action.profiles, defaultRegion: action.defaultRegion, pending: undefined });
    case 'choose-profile':
      return advance({ ...state, profile: action.profile, region: state.options.region, identity: undefined });
    case 'submit-region': {
      const region = action.region.trim();
      if (!isRegion(region)) return { ...state, inputError: `"${action.region}" is not an AWS region. Type one like us-east-1 or eu-west-2.` };
      return advance({ ...state, region, identity: undefined });
    }
    case 'connected': {
      const next = { ...state, pending: undefined, identity: action.identity };
      const effect = state.pending?.effect;
      if (effect?.kind === 'connect' && effect.consumerProfile) {
        const account = action.consumer?.account;
        if (account && account !== state.consumerAccount) {
          const error = { message: `The profile "${effect.consumerProfile}" signs in to account ${account}, not to the consumer account ${state.consumerAccount}.`, fix: 'Choose the profile of the consumer account.', source: 'user' as const };
          return effectFailed(state, 'connect', error);
        }
        next.consumerConnected = true;
      }
      return advance(next);
    }
    case 'search-secrets':
      return listSecrets({ ...state, input: action.search, cursor: 0, inputError: undefined }, action.search);
    case 'secrets-loaded': {
      if (action.search !== state.secretList.search) return state; // an older search answered late
      const items = action.append ? [...state.secretList.items, ...action.items] : action.items;
      const next = { ...state, secretList: { ...state.secretList, items, nextToken: action.nextToken, loadedFor: action.search, loading: false } };
      return samePending(state, 'list-secrets') ? { ...next, pending: undefined } : next;
    }
    case 'load-more-secrets': {
      const list = state.secretList;
      if (!list.nextToken || list.loading) return state;
      return request({ ...state, secretList: { ...list, loading: true } }, { kind: 'list-secrets', search: list.search, nextToken: list.nextToken }, undefined);
    }
    case 'choose-secret': {
      const problem = pastedTextProblem(action.secret);
      if (problem) return { ...state, inputError: `The secret "${action.secret}" ${problem}. Retype it: an ARN or a name.` };
      return request({ ...state, typedSecret: action.secret }, { kind: 'describe-secret', secret: action.secret }, 'Reading the secret');
    }
    case 'secret-described':
      return advance({ ...state, pending: undefined, secret: action.secret });
    case 'submit-consumer-account': {
      const value = action.value.trim();
      try {
        const account = checkAccountId(value, 'consumer account');
        if (state.identity && account === state.identity.account) {
          return { ...state, inputError: `${account} is the owner account itself. Enter the account that will read the secret.` };
        }
        return advance({ ...state, consumerAccount: account });
      } catch (error) {
        return { ...state, inputError: messageOf(error) };
      }
    }
    case 'choose-principal-kind':
      return advance({ ...state, principalKind: action.kind, consumerPrincipalArn: undefined, consumerIdentity: undefined });
    case 'choose-consumer-profile':
      return advance({ ...state, consumerProfile: action.profile, consumerConnected: false, roles: undefined });
    case 'roles-loaded':
      return advance({ ...state, pending: undefined, roles: action.roles });
    case 'choose-consumer-identity':
      return chooseConsumerIdentity(state, action.identity);
    case 'plan-ready':
      return advance({ ...state, pending: undefined, plan: action.plan });
    case 'preview-continue':
      return previewContinue(state);
    case 'confirm':
      if (state.screen !== 'confirm') return state;
      if (!action.yes) return finish(state, 'cancelled', EXIT.ok, { message: 'Nothing was changed: you chose not to apply.' });
      return request({ ...state, confirmed: true, screen: 'apply' }, { kind: 'apply', plan: state.plan! }, undefined, 'apply');
    case 'apply-progress':
      return applyProgress(state, action.event);
    case 'question-asked':
      return goTo({ ...state, question: action.question }, 'question', action.question.defaultAnswer ? 0 : 1);
    case 'question-answered':
      return goTo({ ...state, question: undefined }, 'apply');
    case 'apply-finished':
      return applyFinished(state, action.outcome);
    case 'verify-finished': {
      const exitCode = action.outcome.ran && !action.outcome.allowed ? EXIT.denied : EXIT.ok;
      return finish({ ...state, pending: undefined, verify: action.outcome }, 'summary', exitCode);
    }
    case 'effect-failed':
      return effectFailed(state, action.effect, action.error);
    case 'interrupt':
      return interrupt(state);
    case 'back':
      return back(state);
    case 'move-cursor': {
      const size = choicesFor(state).length;
      if (size === 0) return state;
      return { ...state, cursor: Math.min(size - 1, Math.max(0, state.cursor + action.delta)) };
    }
    case 'type-text':
      if (state.screen === 'secret') return wizardReducer(state, { type: 'search-secrets', search: state.input + action.text });
      return { ...state, input: state.input + action.text, inputError: undefined };
    case 'erase':
      if (state.screen === 'secret') return wizardReducer(state, { type: 'search-secrets', search: state.input.slice(0, -1) });
      return { ...state, input: state.input.slice(0, -1), inputError: undefined };
    case 'scroll':
      return { ...state, scroll: Math.min(Math.max(0, action.max), Math.max(0, state.scroll + action.delta)) };
  }
}

/** Answers given as flags; a bad flag ends the wizard with exit 2 and the flag's name. */
function applyFlags(state: WizardState): WizardState {
  const o = state.options;
  let next: WizardState = { ...state };
  if (o.profile !== undefined) next.profile = o.profile;
  if (o.region !== undefined) {
    if (!isRegion(o.region)) return fail(next, { message: `--region: "${o.region}" is not an AWS region`, fix: 'Pass a region like --region us-east-1', source: 'user' }, EXIT.invalid);
    next.region = o.region;
  }
  if (o.consumerProfile !== undefined) next.consumerProfile = o.consumerProfile;
  if (o.consumer !== undefined) {
    try {
      const principal = parsePrincipal(o.consumer, '--consumer');
      if (principal.kind === 'organization' || principal.kind === 'organizational-unit') {
        return fail(next, { message: `--consumer: ${o.consumer} is an organization; the wizard shares with an account, a role or a user`, fix: `Run secret-share-wizard apply --secret <ARN> --consumer ${o.consumer}`, source: 'user' }, EXIT.invalid);
      }
      next = { ...next, consumerAccount: principal.account, principalKind: principal.kind };
      if (principal.kind !== 'account') next = { ...next, consumerPrincipalArn: principal.arn, consumerIdentity: principal.arn };
    } catch (error) {
      return fail(next, errorInfo(error), EXIT.invalid);
    }
  }
  if (o.consumerRole !== undefined) {
    const problem = pastedTextProblem(o.consumerRole);
    if (problem) return fail(next, { message: `--consumer-role: "${o.consumerRole}" ${problem}`, fix: 'Retype the role name or ARN as plain ASCII', source: 'user' }, EXIT.invalid);
    next.consumerIdentity = o.consumerRole;
  }
  return advance(next);
}

/** The first open question, or the AWS work that must happen before it. */
export function advance(state: WizardState): WizardState {
  const s = { ...state, inputError: undefined };
  if (s.profile === undefined) {
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    if (s.profiles.length === 0) return advance({ ...s, profile: null });
    return goTo(s, 'profile', Math.max(0, s.profiles.findIndex((p) => p.name === 'default')));
  }
  if (s.region === undefined) {
    // --profile given without --region: the profile's region is the default answer, so read the profiles.
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    const region = s.profiles?.find((p) => p.name === s.profile)?.region ?? s.defaultRegion ?? '';
    return { ...goTo(s, 'region'), input: region };
  }
  if (!s.identity) return request(s, { kind: 'connect', profile: s.profile, region: s.region }, 'Signing in to the owner account');
  if (!s.secret) {
    if (s.options.secret !== undefined && s.typedSecret === undefined) {
      return request({ ...s, typedSecret: s.options.secret }, { kind: 'describe-secret', secret: s.options.secret }, 'Reading the secret');
    }
    const screen = goTo(s, 'secret');
    const withInput = { ...screen, input: s.secretList.search };
    return s.secretList.loadedFor === undefined && !s.secretList.loading ? listSecrets(withInput, s.secretList.search) : withInput;
  }
  if (s.secret.usesAwsManagedKey) return finish(s, 'aws-managed', EXIT.invalid);
  if (s.consumerAccount === undefined) return goTo(s, 'consumer-account');
  if (s.principalKind === undefined) return goTo(s, 'principal');
  if (s.consumerProfile === undefined) {
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    if (!s.profiles.length) return advance({ ...s, consumerProfile: null });
    return goTo(s, 'consumer-profile');
  }
  if (s.consumerProfile !== null && !s.consumerConnected) {
    return request(s, { kind: 'connect', profile: s.profile, region: s.region, consumerProfile: s.consumerProfile }, 'Signing in to the consumer account');
  }
  if (s.consumerIdentity === undefined) {
    if (s.consumerProfile !== null && s.principalKind !== 'user' && !s.roles) return request(s, { kind: 'list-roles' }, 'Listing the roles of the consumer account');
    return goTo(s, 'consumer-role');
  }
  if (!s.plan) return request(s, { kind: 'plan', request: shareRequest(s) }, 'Reading the three policies and planning the share');
  if (s.screen !== 'preview' && s.confirmed === undefined) return goTo(s, 'preview');
  return s;
}

/** The request the planner gets, from the answers. */
export function shareRequest(s: WizardState): ShareRequest {
  const consumer = s.principalKind === 'account' ? s.consumerAccount! : (s.consumerPrincipalArn ?? s.consumerIdentity!);
  const identity = s.consumerIdentity ?? undefined;
  return {
    secret: s.secret!.arn,
    consumer,
    ...(identity !== undefined ? { consumerIdentity: identity } : {}),
    // Without the consumer's credentials the identity policy is shown for its administrator, not written.
    identityPolicy: identity !== undefined && typeof s.consumerProfile === 'string' ? 'managed' : 'none',
    options: { ...DEFAULT_SHARE_OPTIONS },
  };
}

function chooseConsumerIdentity(state: WizardState, identity: string | null): WizardState {
  if (identity === null) {
    if (state.principalKind !== 'account') return { ...state, inputError: `Name the ${state.principalKind} that will read the secret.` };
    return advance({ ...state, consumerIdentity: null });
  }
  const value = identity.trim();
  const kind = state.principalKind === 'user' ? 'user' : 'role';
  const partition = partitionOf(state.secret?.arn);
  const arn = value.startsWith('arn:') ? value : `arn:${partition}:iam::${state.consumerAccount}:${kind}/${value}`;
  try {
    const principal = parsePrincipal(arn, `consumer ${kind}`, partition);
    if (principal.kind === 'account') return { ...state, inputError: `Name a ${kind}, not the account root.` };
    if (principal.account !== state.consumerAccount) {
      return { ...state, inputError: `${arn} is in account ${principal.account}, not in the consumer account ${state.consumerAccount}.` };
    }
    const next = { ...state, consumerIdentity: principal.arn };
    if (state.principalKind !== 'account') next.consumerPrincipalArn = principal.arn;
    return advance(next);
  } catch (error) {
    return { ...state, inputError: messageOf(error) };
  }
}

function previewContinue(state: WizardState): WizardState {
  const plan = state.plan;
  if (state.screen !== 'preview' || !plan) return state;
  if (plan.blocked) {
    const errors = plan.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    return fail(state, { message: `The plan is blocked, nothing was written: ${errors.join(' ')}`, source: 'user' }, EXIT.invalid);
  }
  if (plan.changes.every((c) => c.action === 'none')) {
    return finish({ ...state, confirmed: false, verify: { ran: false, allowed: plan.simulation.after.allowed, message: 'Nothing to change: the secret is already shared this way.' } }, 'summary', EXIT.ok);
  }
  return goTo({ ...state }, 'confirm', broadens(plan) ? 1 : 0);
}

export function broadens(plan: Plan): boolean {
  return plan.changes.some((c) => c.broadensAccess);
}

function applyProgress(state: WizardState, event: ProgressEvent): WizardState {
  if (event.type !== 'step') return 'message' in event ? { ...state, notes: [...state.notes, event.message].slice(-5) } : state;
  const status: ApplyLine['status'] = event.status === 'start' ? 'running' : event.status;
  const lines = state.applyLines.some((l) => l.id === event.id)
    ? state.applyLines.map((l) => (l.id === event.id ? { ...l, status, message: event.message } : l))
    : [...state.applyLines, { id: event.id, status, message: event.message }];
  return { ...state, applyLines: lines };
}

function applyFinished(state: WizardState, outcome: WizardState['apply'] & object): WizardState {
  const s = { ...state, pending: undefined, apply: outcome, question: undefined };
  if (outcome.aborted || (state.cancelRequested && !outcome.ok)) {
    return finish(s, 'cancelled', EXIT.cancelled, { message: outcome.rolledBack ? 'Stopped: the writes made so far were rolled back.' : 'Stopped before anything was written.' });
  }
  if (!outcome.ok) return fail(s, { message: outcome.message ?? 'Apply failed.', source: 'aws' }, EXIT.failure, 'error');
  if (state.cancelRequested) return finish(s, 'summary', EXIT.cancelled);
  if (s.consumerProfile && s.consumerIdentity) return request({ ...s, screen: 'verify' }, { kind: 'verify', plan: s.plan! }, undefined, 'verify');
  return finish({ ...s, verify: verifyNotRun(s) }, 'summary', EXIT.ok);
}

function verifyNotRun(s: WizardState): { ran: false; allowed: boolean; message: string } {
  const allowed = s.plan?.simulation.after.allowed ?? false;
  const how = s.consumerIdentity
    ? `From the consumer account run: secret-share-wizard verify --secret ${s.secret?.arn} --consumer-role ${s.consumerIdentity} --consumer-profile <PROFILE>`
    : 'Once the consumer administrator has attached the identity policy, verify from the consumer account with secret-share-wizard verify.';
  return { ran: false, allowed, message: `Not verified against AWS (no consumer profile). ${how}` };
}

function effectFailed(state: WizardState, effect: Effect['kind'], error: ErrorInfo): WizardState {
  const s = { ...state, pending: undefined };
  const shown = messageWithFix(error.message, error.fix);
  switch (effect) {
    case 'connect':
      if (state.consumerProfile && state.identity) {
        if (state.options.consumerProfile === undefined) return { ...goTo({ ...s, consumerProfile: undefined }, 'consumer-profile'), inputError: shown };
      } else if (state.options.profile === undefined && state.profiles?.length) {
        return { ...goTo({ ...s, profile: undefined, region: undefined }, 'profile'), inputError: shown };
      }
      return fail(s, error, error.source === 'user' ? EXIT.invalid : EXIT.failure);
    case 'list-secrets':
      return { ...s, secretList: { ...s.secretList, loading: false, loadedFor: s.secretList.search }, inputError: shown };
    case 'describe-secret':
      if (state.options.secret !== undefined && state.typedSecret === state.options.secret && state.secretList.loadedFor === undefined) {
        return fail(s, error, error.source === 'user' || error.code?.includes('NOT_FOUND') ? EXIT.invalid : EXIT.failure);
      }
      return { ...advance({ ...s, secret: undefined }), inputError: shown };
    case 'list-roles':
      return { ...goTo({ ...s, roles: [] }, 'consumer-role'), inputError: `Could not list the roles: ${shown} Type the role name instead.` };
    case 'plan':
      return fail(s, error, error.source === 'aws' || error.source === 'bug' ? EXIT.failure : EXIT.invalid);
    case 'apply':
      return applyFinished(s, { ok: false, rolledBack: false, aborted: false, message: shown });
    case 'verify':
      return finish({ ...s, verify: { ran: true, allowed: false, message: `Verify failed: ${shown}` } }, 'summary', EXIT.failure);
    default:
      return fail(s, error, EXIT.failure);
  }
}

function interrupt(state: WizardState): WizardState {
  if (state.pending?.effect.kind === 'apply') {
    return { ...state, cancelRequested: true, screen: state.screen === 'question' ? 'apply' : state.screen, question: undefined };
  }
  if (state.pending?.effect.kind === 'verify') {
    return finish({ ...state, pending: undefined, verify: { ran: false, allowed: false, message: 'Verify interrupted (the changes are applied).' } }, 'summary', EXIT.cancelled);
  }
  return finish({ ...state, pending: undefined }, 'cancelled', EXIT.cancelled, { message: 'Cancelled. Nothing was written.' });
}

/** Esc: forget the answer that led to this screen and ask it again. */
function back(state: WizardState): WizardState {
  const s = { ...state, pending: undefined };
  const order: ScreenName[] = ['profile', 'region', 'secret', 'consumer-account', 'principal', 'consumer-profile', 'consumer-role', 'preview', 'confirm'];
  const at = order.indexOf(state.screen);
  if (at <= 0) return state;
  const target = order[at - 1]!;
  switch (target) {
    case 'profile':
      return advance({ ...s, profile: undefined, region: undefined, identity: undefined });
    case 'region':
      return advance({ ...s, region: undefined, identity: undefined });
    case 'secret':
      return advance({ ...s, secret: undefined, typedSecret: '', secretList: { ...s.secretList, loadedFor: undefined } });
    case 'consumer-account':
      return advance({ ...s, consumerAccount: undefined, principalKind: undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined });
    case 'principal':
      return advance({ ...s, principalKind: undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined });
    case 'consumer-profile':
      return advance({ ...s, consumerProfile: undefined, consumerConnected: false, roles: undefined, consumerIdentity: undefined, plan: undefined });
    case 'consumer-role':
    case 'preview':
      return advance({ ...s, consumerIdentity: target === 'consumer-role' ? undefined : s.consumerIdentity, plan: undefined, confirmed: undefined });
    default:
      return state;
  }
}

function listSecrets(state: WizardState, search: string): WizardState {
  const list = { ...state.secretList, search, items: search === state.secretList.loadedFor ? state.secretList.items : state.secretList.items, loading: true, nextToken: undefined };
  return request({ ...state, secretList: list }, { kind: 'list-secrets', search }, undefined);
}

function request(state: WizardState, effect: Effect, loadingLabel: string | undefined, screen?: ScreenName): WizardState {
  const next: WizardState = { ...state, pending: { id: state.nextEffectId, effect }, nextEffectId: state.nextEffectId + 1 };
  if (loadingLabel !== undefined) return { ...goTo(next, 'loading'), loadingLabel };
  if (screen) return { ...next, screen };
  return next;
}

function samePending(state: WizardState, kind: Effect['kind']): boolean {
  return state.pending?.effect.kind === kind;
}

function goTo(state: WizardState, screen: ScreenName, cursor = 0): WizardState {
  if (state.screen === screen) return { ...state, cursor: state.cursor };
  return { ...state, screen, cursor, input: '', scroll: 0, inputError: undefined };
}

function finish(state: WizardState, screen: ScreenName, exitCode: number, error?: ErrorInfo): WizardState {
  return { ...goTo(state, screen), exitCode, ...(error ? { error } : {}) };
}

function fail(state: WizardState, error: ErrorInfo, exitCode: number, screen: ScreenName = 'error'): WizardState {
  return finish({ ...state, pending: undefined }, screen, exitCode, error);
}

export function errorInfo(error: unknown): ErrorInfo {
  const info = coreErrorInfo(error);
  return { message: info.message, code: info.code, source: info.source, ...(info.fix ? { fix: info.fix } : {}) };
}

function messageOf(error: unknown): string {
  return errorInfo(error).message;
}

