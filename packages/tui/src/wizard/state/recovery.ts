import { messageWithFix, type SessionOutcome } from '@secret-share-wizard/core';
import { advance } from './advance';
import { goTo, recover } from './navigation';
import { EXIT } from './wizard-state';
import type { BackTarget, EffectKind, ErrorInfo, Recovery, ScreenName, WizardState } from './wizard-state';

/**
 * Every recoverable error returns to the step that caused it: a mistake in an answer shows on its
 * question; an AWS error shows the error screen, which offers to try again, to go back to the
 * question it came from, or to leave (only then does the wizard end, with the error's exit code).
 */
export function effectFailed(state: WizardState, effect: EffectKind, error: ErrorInfo): WizardState {
  const retry = state.pending?.effect.kind === effect ? state.pending.effect : undefined;
  const s: WizardState = { ...state, pending: undefined };
  const shown = messageWithFix(error.message, error.fix);
  const exitCode = error.source === 'user' ? EXIT.invalid : EXIT.failure;
  switch (effect) {
    case 'connect':
      if (retry?.kind === 'connect' && retry.consumerProfile) {
        // The consumer profile failed or signs in elsewhere: ask it again, with the reason.
        return { ...goTo({ ...s, consumerProfile: undefined, previousConsumerProfile: retry.consumerProfile, consumerConnected: false }, 'consumer-profile', consumerCursor(s, retry.consumerProfile)), inputError: shown };
      }
      return recover(s, { error, ...(retry ? { retry } : {}), ...(s.profiles?.length ? { back: 'profile' as const } : {}), exitCode });
    case 'list-secrets':
      return { ...s, secretList: { ...s.secretList, loading: false, loadedFor: s.secretList.search }, inputError: shown };
    case 'describe-secret':
      if (error.source === 'user' || error.code?.includes('NOT_FOUND')) return { ...advance({ ...s, secret: undefined }), inputError: shown };
      return recover(s, { error, ...(retry ? { retry } : {}), back: 'secret', exitCode });
    case 'list-roles':
      return { ...goTo({ ...s, roles: [] }, 'consumer-role'), inputError: `Could not list the roles: ${shown} Type the role name instead.` };
    case 'list-keys':
      return recover(s, { error, ...(retry ? { retry } : {}), back: 'aws-managed', exitCode });
    case 'verify':
      return recover(s, { error, ...(retry ? { retry } : {}), back: 'summary', exitCode });
    case 'diagnose':
      return recover(s, { error, ...(retry ? { retry } : {}), back: 'consumer-role', exitCode });
    case 'share':
    case 'revoke':
    case 'restore':
      return recover({ ...s, session: s.session ? { ...s.session, asked: undefined } : undefined }, { error, ...(retry ? { retry } : {}), back: lastQuestion(s), exitCode });
    default:
      return recover(s, { error, ...(retry ? { retry } : {}), back: 'home', exitCode: EXIT.failure });
  }
}

function consumerCursor(s: WizardState, profile: string): number {
  return Math.max(0, (s.profiles ?? []).findIndex((p) => p.name === profile));
}

/** The question before a session's review: where "change the answers" leads. */
export function lastQuestion(state: WizardState): BackTarget {
  switch (state.session?.operation ?? state.flow) {
    case 'revoke':
      return 'shares';
    case 'restore':
      return 'backups';
    default:
      return state.principalKind === 'organization' ? 'consumer-account' : 'consumer-role';
  }
}

/** A session that stopped before the end (refused, failed): the error screen's choices. */
export function sessionRecovery(state: WizardState, outcome: SessionOutcome): Recovery {
  const error: ErrorInfo = outcome.error ?? { message: `The ${outcome.operation} stopped (${outcome.status}).`, source: 'bug' };
  const retry = state.session?.effect;
  return { error, ...(retry ? { retry } : {}), back: backForField(error.field) ?? lastQuestion(state), exitCode: outcome.exitCode };
}

/** The question a refused input names (`error.field`). */
function backForField(field: string | undefined): BackTarget | undefined {
  switch (field) {
    case '--secret':
    case '--move-to-key':
      return 'secret';
    case '--consumer':
      return 'consumer-account';
    case '--consumer-role':
      return 'consumer-role';
    case '--consumer-profile':
      return 'consumer-profile';
    case '--profile':
    case '--region':
      return 'profile';
    default:
      return undefined;
  }
}

/**
 * Forgets the answer to `target` (and what depends on it) and asks again. The sign-in stays unless
 * the profile is what is asked again.
 */
export function forget(state: WizardState, target: BackTarget): WizardState {
  const s: WizardState = { ...state, pending: undefined, recovery: undefined, session: undefined, doctor: undefined, inputError: undefined };
  switch (target) {
    case 'home':
      return advance({
        ...s,
        flow: undefined,
        secret: undefined,
        typedSecret: '',
        moveToKey: undefined,
        keys: undefined,
        secretList: { ...s.secretList, loadedFor: undefined, search: '', items: [] },
        consumerAccount: undefined,
        principalKind: undefined,
        roleBinding: undefined,
        consumerPrincipalArn: undefined,
        consumerIdentity: undefined,
        // The consumer profile is proved against the next consumer account again (the flag's stays the default answer).
        consumerProfile: s.options.consumerProfile,
        consumerConnected: false,
        roles: undefined,
        shares: undefined,
        backups: undefined,
      });
    case 'profile':
      return advance({ ...s, profile: undefined, region: undefined, identity: undefined, consumerConnected: false, secretList: { ...s.secretList, loadedFor: undefined, items: [] } });
    case 'secret':
      return advance({ ...s, secret: undefined, typedSecret: '', moveToKey: undefined, keys: undefined, secretList: { ...s.secretList, loadedFor: undefined } });
    case 'aws-managed':
      return advance({ ...s, moveToKey: undefined, keys: undefined });
    case 'consumer-account':
      // An organization set no consumer profile: the next consumer is asked for one again.
      return advance({ ...s, consumerAccount: undefined, principalKind: undefined, roleBinding: undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined, ...(s.principalKind === 'organization' ? { consumerProfile: s.options.consumerProfile } : {}) });
    case 'consumer-profile':
      return advance({ ...s, previousConsumerProfile: s.consumerProfile, consumerProfile: undefined, consumerConnected: false, roles: undefined, consumerIdentity: undefined });
    case 'consumer-role':
      return advance({ ...s, consumerIdentity: undefined });
    case 'shares':
    case 'backups':
      return advance(s);
    case 'summary':
      return goTo({ ...s, session: state.session }, 'summary');
  }
}

/** The screens Esc leads back from, to the question before them (in the order they are asked). */
const BACK: Partial<Record<ScreenName, (s: WizardState) => WizardState>> = {
  profile: (s) => forget(s, 'home'),
  region: (s) => forget(s, 'profile'),
  secret: (s) => advance({ ...s, region: undefined, identity: undefined }),
  'aws-managed': (s) => forget(s, 'secret'),
  'move-key': (s) => advance({ ...s, moveToKey: undefined, keys: undefined }),
  'consumer-account': (s) => forget(s, 'secret'),
  principal: (s) => advance({ ...s, consumerAccount: undefined, principalKind: undefined, roleBinding: undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined }),
  'consumer-profile': (s) => (s.flow === 'doctor' ? forget(s, 'consumer-account') : advance({ ...s, principalKind: undefined, roleBinding: undefined, consumerPrincipalArn: undefined, consumerIdentity: undefined })),
  'consumer-role': (s) => forget(s, 'consumer-profile'),
  preview: (s) => forget(s, lastQuestion(s)),
  shares: (s) => forget(s, 'home'),
  backups: (s) => forget(s, 'home'),
  doctor: (s) => forget(s, 'consumer-role'),
  snippets: (s) => goTo(s, 'summary'),
  error: (s) => (s.recovery?.back ? forget(s, s.recovery.back) : s),
};

/** Esc: the question before this one. */
export function back(state: WizardState): WizardState {
  const to = BACK[state.screen];
  if (!to) return state;
  // Esc on the first question of a flow started by flags stays (there is nothing before it).
  if (state.screen === 'profile' && state.flow === 'share' && (state.options.secret !== undefined || state.options.consumer !== undefined)) return state;
  return to(state);
}
