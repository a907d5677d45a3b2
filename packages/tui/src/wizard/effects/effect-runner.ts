import type { AnswerOf, Host, Question, QuestionCode } from '@secret-share-wizard/core';
import { errorInfo } from '../state/navigation';
import type { Effect, WizardAction } from '../state/wizard-state';
import type { SessionIo, WizardPort } from './wizard-port';

export type Dispatch = (action: WizardAction) => void;

/**
 * The effects layer: runs the AWS work the state machine asks for (`state.pending`) and dispatches
 * the answer back. For a core session it is the Host: the plan, the progress and every question
 * become actions; a question's promise waits until the screen that shows it answers (`answer`).
 * Front ends never call AWS themselves.
 */
export interface EffectRunner {
  run(pending: { id: number; effect: Effect }, dispatch: Dispatch): Promise<void>;
  /** The answer to the question the running session asked (approval, policy version, profile). */
  answer(value: boolean | string | null): void;
  /** Leaves the running session: before its writes nothing is written; during them the current write finishes or is rolled back. */
  abort(): void;
  close(): void;
}

/** Typing in the secret search waits this long for the next key before asking AWS. */
export const SEARCH_DEBOUNCE_MS = 150;

/** What a question gets when its session was left: no approval, no profile. */
function refusal(question: Question): boolean | null {
  return question.code === 'credentials' ? null : false;
}

export function createEffectRunner(port: WizardPort, options: { searchDebounceMs?: number } = {}): EffectRunner {
  const debounceMs = options.searchDebounceMs ?? SEARCH_DEBOUNCE_MS;
  let searchSeq = 0;
  let current: { id: number; controller: AbortController; waiting?: { question: Question; resolve: (value: unknown) => void } } | undefined;

  /** A Host for session `id`: its events and questions become actions tagged with the id. */
  function sessionIo(id: number, dispatch: Dispatch): SessionIo {
    const session: NonNullable<typeof current> = { id, controller: new AbortController() };
    current = session;
    const host: Host = {
      notify: (event) => dispatch({ type: 'session-event', id, event }),
      ask<C extends QuestionCode>(question: Question<C>): Promise<AnswerOf<C>> {
        if (session.controller.signal.aborted) return Promise.resolve(refusal(question) as AnswerOf<C>);
        return new Promise<AnswerOf<C>>((resolve) => {
          session.waiting = { question, resolve: resolve as (value: unknown) => void };
          dispatch({ type: 'session-asked', id, question });
        });
      },
    };
    return { host, signal: session.controller.signal };
  }

  /** Reads that run as a session (list, verify) but ask nothing: their questions get the default. */
  function quietIo(): SessionIo {
    return { host: { notify: () => undefined, ask: async (question) => question.defaultAnswer }, signal: new AbortController().signal };
  }

  async function perform(id: number, effect: Effect, dispatch: Dispatch): Promise<WizardAction> {
    switch (effect.kind) {
      case 'load-profiles': {
        const { profiles, defaultRegion } = await port.listProfiles();
        return { type: 'profiles-loaded', profiles, ...(defaultRegion ? { defaultRegion } : {}) };
      }
      case 'connect': {
        const { identity, consumer } = await port.connect(effect);
        return { type: 'connected', identity, ...(consumer ? { consumer } : {}) };
      }
      case 'list-secrets': {
        const page = await port.listSecrets(effect);
        return { type: 'secrets-loaded', search: effect.search, items: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}), append: effect.nextToken !== undefined };
      }
      case 'describe-secret':
        return { type: 'secret-described', secret: await port.describeSecret(effect.secret) };
      case 'list-roles':
        return { type: 'roles-loaded', roles: await port.listRoles() };
      case 'list-keys':
        return { type: 'keys-loaded', keys: await port.listKeys() };
      case 'list-backups':
        return { type: 'backups-loaded', backups: await port.listBackups() };
      case 'list-shares': {
        const outcome = await port.listShares(effect, quietIo());
        if (!outcome.ok) return { type: 'effect-failed', effect: 'list-shares', error: outcome.error ?? { message: 'list stopped', source: 'bug' } };
        return { type: 'shares-loaded', shares: outcome.shares, secrets: outcome.secrets, ...(effect.secret ? { secret: effect.secret } : {}) };
      }
      case 'verify':
        return { type: 'verified', outcome: await port.verify(effect, quietIo()) };
      case 'diagnose':
        return { type: 'diagnosed', result: await port.diagnose(effect) };
      case 'share':
        return { type: 'session-finished', id, outcome: await port.share(effect, sessionIo(id, dispatch)) };
      case 'revoke':
        return { type: 'session-finished', id, outcome: await port.revoke(effect, sessionIo(id, dispatch)) };
      case 'restore':
        return { type: 'session-finished', id, outcome: await port.restore(effect, sessionIo(id, dispatch)) };
    }
  }

  return {
    async run({ id, effect }, dispatch) {
      if (effect.kind === 'list-secrets' && effect.search !== '' && !effect.nextToken) {
        // One ListSecrets per pause in typing, not per key: a newer search supersedes this one.
        const mine = ++searchSeq;
        await new Promise((resolve) => setTimeout(resolve, debounceMs));
        if (mine !== searchSeq) return;
      }
      let result: WizardAction;
      try {
        result = await perform(id, effect, dispatch);
      } catch (error) {
        result = { type: 'effect-failed', effect: effect.kind, error: errorInfo(error) };
      } finally {
        if (current?.id === id) current = undefined;
      }
      dispatch(result);
    },
    answer(value) {
      const waiting = current?.waiting;
      if (!waiting || !current) return;
      current.waiting = undefined;
      waiting.resolve(value);
    },
    abort() {
      if (!current) return;
      current.controller.abort();
      const waiting = current.waiting;
      current.waiting = undefined;
      waiting?.resolve(refusal(waiting.question));
    },
    close() {
      port.close();
    },
  };
}
