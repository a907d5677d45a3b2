import { checkAccountId, consumerSnippets, isRegion, partitionOf, parsePrincipal, pastedTextProblem } from '@secret-share-wizard/core';
import { advance, applyFlags, listSecrets, organizationAnswers, startShare } from './advance';
import { choicesFor, listedSecret } from './choices';
import { awsOf, goTo, leave, messageOf, request, startSession } from './navigation';
import { back, effectFailed, forget } from './recovery';
import { confirm, credentialsAnswered, interrupt, previewContinue, questionAnswered, sessionAsked, sessionEvent, sessionFinished, verified } from './session-flow';
import { applyTextEdit } from './text-edit';
import { EXIT, type Effect, type WizardAction, type WizardState } from './wizard-state';

/**
 * The wizard as a pure state machine. Every answer lands in a field; `advance` then picks the
 * first question still open (an answer given as a flag skips its screen) or the AWS work to do
 * next (`pending`, performed by the effects layer, which dispatches the result back). Nothing ends
 * the wizard but the user leaving (Exit, Ctrl+C): errors return to the step that caused them.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (state.exitCode !== undefined) return state; // over: nothing changes any more
  switch (action.type) {
    case 'start':
      return applyFlags(state);
    case 'choose-flow':
      return advance({ ...state, flow: action.flow });
    case 'profiles-loaded':
      return advance({ ...state, profiles: action.profiles, defaultRegion: action.defaultRegion, pending: undefined });
    case 'choose-profile':
      return advance({ ...state, profile: action.profile, region: state.options.region && isRegion(state.options.region) ? state.options.region : undefined, identity: undefined, consumerConnected: false });
    case 'submit-region': {
      const region = action.region.trim();
      if (!isRegion(region)) return { ...state, inputError: `"${action.region}" is not an AWS region. Type one like us-east-1 or eu-west-2.` };
      return advance({ ...state, region, identity: undefined });
    }
    case 'connected':
      return connected(state, action);
    case 'search-secrets':
      return listSecrets({ ...state, cursor: 0, inputError: undefined }, action.search);
    case 'secrets-loaded': {
      if (action.search !== state.secretList.search) return state; // an older search answered late
      const items = action.append ? [...state.secretList.items, ...action.items] : action.items;
      const next = { ...state, secretList: { ...state.secretList, items, nextToken: action.nextToken, loadedFor: action.search, loading: false } };
      return state.pending?.effect.kind === 'list-secrets' ? { ...next, pending: undefined } : next;
    }
    case 'load-more-secrets': {
      const list = state.secretList;
      if (!list.nextToken || list.loading) return state;
      return request({ ...state, secretList: { ...list, loading: true } }, { kind: 'list-secrets', search: list.search, nextToken: list.nextToken });
    }
    case 'choose-secret': {
      if (action.secret.trim() === '') return state; // Enter on an empty search (the list still loading) chooses nothing
      const problem = pastedTextProblem(action.secret);
      if (problem) return { ...state, inputError: `The secret "${action.secret}" ${problem}. Retype it: an ARN or a name.` };
      return request({ ...state, typedSecret: action.secret }, { kind: 'describe-secret', secret: action.secret }, 'Reading the secret');
    }
    case 'secret-described':
      return advance({ ...state, pending: undefined, secret: action.secret, moveToKey: undefined });
    case 'list-keys':
      return request(state, { kind: 'list-keys' }, 'Listing the customer managed keys of the owner account');
    case 'keys-loaded':
      return goTo({ ...state, pending: undefined, keys: action.keys }, 'move-key');
    case 'choose-key':
      return advance({ ...state, moveToKey: action.key });
    case 'other-secret':
      return forget(state, 'secret');
    case 'submit-consumer-account':
      return submitConsumerAccount(state, action.value);
    case 'choose-principal':
      return advance({ ...state, principalKind: action.kind, roleBinding: action.kind === 'role' ? (action.roleBinding ?? 'principal') : undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined });
    case 'choose-consumer-profile':
      return advance({ ...state, consumerProfile: action.profile, previousConsumerProfile: action.profile, consumerConnected: false, roles: undefined });
    case 'roles-loaded':
      return advance({ ...state, pending: undefined, roles: action.roles });
    case 'choose-consumer-identity':
      return chooseConsumerIdentity(state, action.identity);
    case 'shares-loaded':
      return advance({ ...state, pending: undefined, shares: { items: action.shares, secrets: action.secrets, ...(action.secret ? { secret: action.secret } : {}) } });
    case 'choose-share':
      return revokeShare(state, action.index);
    case 'backups-loaded':
      return advance({ ...state, pending: undefined, backups: action.backups });
    case 'choose-backup':
      return startSession({ ...state, flow: 'restore' }, 'restore', { kind: 'restore', aws: awsOf(state), folder: action.folder }, 'Reading the backup folder');
    case 'diagnosed':
      return advance({ ...state, pending: undefined, doctor: action.result, lastExitCode: action.result.verdict === 'allowed' ? EXIT.ok : action.result.verdict === 'denied' ? EXIT.denied : EXIT.attention });
    case 'verified':
      return verified(state, action.outcome);
    case 'session-event':
      return sessionEvent(state, action.id, action.event);
    case 'session-asked':
      return sessionAsked(state, action.id, action.question);
    case 'session-finished':
      return sessionFinished(state, action.id, action.outcome);
    case 'preview-continue':
      return previewContinue(state);
    case 'confirm':
      return confirm(state, action.yes);
    case 'question-answered':
      return questionAnswered(state, action.answer);
    case 'credentials-answered':
      return credentialsAnswered(state, action.profile);
    case 'next':
      return next(state, action.step);
    case 'snippet-page': {
      const pages = state.lastShare ? consumerSnippets({ secretArn: state.lastShare.plan.secret.arn }).snippets.length : 1;
      return { ...state, snippetPage: Math.min(pages - 1, Math.max(0, state.snippetPage + action.delta)), scroll: 0 };
    }
    case 'retry':
      return retry(state);
    case 'go-back':
      return state.recovery?.back ? forget(state, state.recovery.back) : state;
    case 'leave':
      return leave(state, action.exitCode ?? state.recovery?.exitCode ?? state.lastExitCode);
    case 'effect-failed':
      return effectFailed(state, action.effect, action.error);
    case 'interrupt':
      return interrupt(state);
    case 'back':
      if (state.screen === 'confirm') return confirm(state, false);
      if (state.screen === 'question') return questionAnswered(state, false);
      if (state.screen === 'credentials') return credentialsAnswered(state, null);
      return back(state);
    case 'move-cursor': {
      const size = choicesFor(state).length;
      if (size === 0) return state;
      return { ...state, cursor: Math.min(size - 1, Math.max(0, state.cursor + action.delta)) };
    }
    case 'edit': {
      const edited = applyTextEdit({ text: state.input, cursor: state.inputCursor }, action.edit);
      if (state.screen === 'secret' && edited.text !== state.input) return listSecrets({ ...state, input: edited.text, inputCursor: edited.cursor, cursor: 0, inputError: undefined }, edited.text);
      return { ...state, input: edited.text, inputCursor: edited.cursor, inputError: edited.text === state.input ? state.inputError : undefined };
    }
    case 'scroll':
      return { ...state, scroll: Math.min(Math.max(0, action.max), Math.max(0, state.scroll + action.delta)) };
  }
}

function connected(state: WizardState, action: Extract<WizardAction, { type: 'connected' }>): WizardState {
  const next = { ...state, pending: undefined, identity: action.identity };
  const effect = state.pending?.effect;
  if (effect?.kind === 'connect' && effect.consumerProfile) {
    const account = action.consumer?.account;
    if (account && account !== state.consumerAccount) {
      return effectFailed(state, 'connect', { message: `The profile "${effect.consumerProfile}" signs in to account ${account}, not to the consumer account ${state.consumerAccount}.`, fix: 'Choose the profile of the consumer account, or None.', source: 'user' });
    }
    next.consumerConnected = true;
  }
  return advance(next);
}

function submitConsumerAccount(state: WizardState, value: string): WizardState {
  try {
    const org = organizationAnswers(state, value.trim());
    if (org) return typeof org === 'string' ? { ...state, inputError: org } : advance({ ...state, ...org });
    const account = checkAccountId(value.trim(), 'consumer account');
    if (state.identity && account === state.identity.account) {
      return { ...state, inputError: `${account} is the owner account itself: same-account access needs no resource policy. Enter the account that will read the secret.` };
    }
    return advance({ ...state, consumerAccount: account });
  } catch (error) {
    return { ...state, inputError: messageOf(error) };
  }
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
    const next = { ...state, consumerIdentity: principal.arn, doctor: undefined };
    if (state.principalKind !== 'account') next.consumerPrincipalArn = principal.arn;
    return advance(next);
  } catch (error) {
    return { ...state, inputError: messageOf(error) };
  }
}

/** Revoke one listed share: the secret and the consumer name it (its record knows the rest). */
function revokeShare(state: WizardState, index: number): WizardState {
  const share = state.shares?.items[index];
  if (!share) return state;
  const request = { secret: share.secret, consumer: share.consumer, ...(share.consumerRole && share.consumerRole !== share.consumer ? { consumerIdentity: share.consumerRole } : {}) };
  return startSession({ ...state, flow: 'revoke' }, 'revoke', { kind: 'revoke', aws: awsOf(state), request }, 'Reading the share record and the policies');
}

/** The entries after a share (the summary): snippets, verify, revoke, restore, list, the start, exit. */
function next(state: WizardState, step: Extract<WizardAction, { type: 'next' }>['step']): WizardState {
  const share = state.lastShare;
  const aws = { ...awsOf(state), ...(typeof share?.consumerProfile === 'string' ? { consumerProfile: share.consumerProfile } : {}) };
  switch (step) {
    case 'snippets':
      return share ? goTo({ ...state, snippetsShown: true, snippetPage: 0 }, 'snippets') : state;
    case 'verify': {
      if (!share) return state;
      const role = share.plan.identity?.principalKind === 'role' ? share.plan.identity.arn : share.plan.consumer.kind === 'role' ? share.plan.consumer.arn : undefined;
      return request(state, { kind: 'verify', aws, secretArn: share.plan.secret.arn, ...(role ? { consumerRole: role } : {}) }, 'Reading the secret as the consumer (GetSecretValue, kms:Decrypt)');
    }
    case 'revoke': {
      if (!share) return state;
      const identity = share.plan.identity?.arn;
      const request = { secret: share.plan.secret.arn, consumer: share.plan.consumer.arn, ...(identity && identity !== share.plan.consumer.arn ? { consumerIdentity: identity } : {}) };
      return startSession({ ...state, flow: 'revoke', shares: undefined }, 'revoke', { kind: 'revoke', aws, request }, 'Reading the share record and the policies');
    }
    case 'restore': {
      const folder = state.session?.outcome?.backup ?? share?.backup;
      if (!folder) return state;
      return startSession({ ...state, flow: 'restore' }, 'restore', { kind: 'restore', aws, folder }, 'Reading the backup folder');
    }
    case 'list': {
      const secret = listedSecret(state);
      return request({ ...state, flow: 'list', session: undefined, shares: undefined }, { kind: 'list-shares', aws, ...(secret ? { secret } : {}) }, secret ? 'Reading the shares of the secret' : 'Reading the shares of every secret in the region');
    }
    case 'home':
      return forget(state, 'home');
    case 'exit':
      return leave(state, state.lastExitCode);
  }
}

/** "Try again" on the error screen: the same AWS work once more (a session starts anew). */
function retry(state: WizardState): WizardState {
  const effect: Effect | undefined = state.recovery?.retry;
  if (!effect) return state;
  const s = { ...state, recovery: undefined };
  switch (effect.kind) {
    case 'share':
      return startShare(s);
    case 'revoke':
    case 'restore':
      return startSession(s, effect.kind, effect, 'Trying again');
    default:
      return request(s, effect, 'Trying again');
  }
}
