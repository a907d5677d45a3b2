import { errorInfo } from '../state/wizard-reducer';
import type { Effect, WizardAction } from '../state/wizard-state';
import type { ApplyHost, WizardPort } from './wizard-port';

export type Dispatch = (action: WizardAction) => void;

/**
 * The effects layer: runs the AWS work the state machine asks for (`state.pending`) and dispatches
 * the answer back. It is the Host of apply: progress becomes actions, questions wait for an answer.
 * Front ends never call AWS themselves.
 */
export interface EffectRunner {
  run(effect: Effect, dispatch: Dispatch): Promise<void>;
  /** The answer to the question apply asked (Host.confirm). */
  answer(yes: boolean): void;
  /** Ctrl+C during apply: the current write finishes or is rolled back, then apply stops. */
  abort(): void;
  close(): void;
}

/** Typing in the secret search waits this long for the next key before asking AWS. */
export const SEARCH_DEBOUNCE_MS = 150;

export function createEffectRunner(port: WizardPort, options: { searchDebounceMs?: number } = {}): EffectRunner {
  const debounceMs = options.searchDebounceMs ?? SEARCH_DEBOUNCE_MS;
  let searchSeq = 0;
  let controller: AbortController | undefined;
  let waiting: ((yes: boolean) => void) | undefined;

  async function perform(effect: Effect, dispatch: Dispatch): Promise<WizardAction> {
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
      case 'plan':
        return { type: 'plan-ready', plan: await port.plan(effect.request) };
      case 'apply': {
        controller = new AbortController();
        const host: ApplyHost = {
          notify: (event) => dispatch({ type: 'apply-progress', event }),
          askYesNo: (question) => {
            if (controller?.signal.aborted) return Promise.resolve(false);
            return new Promise<boolean>((resolve) => {
              waiting = resolve;
              dispatch({ type: 'question-asked', question });
            });
          },
        };
        try {
          return { type: 'apply-finished', outcome: await port.apply(effect.plan, host, controller.signal) };
        } finally {
          controller = undefined;
        }
      }
      case 'verify':
        return { type: 'verify-finished', outcome: await port.verify(effect.plan) };
    }
  }

  return {
    async run(effect, dispatch) {
      if (effect.kind === 'list-secrets' && effect.search !== '' && !effect.nextToken) {
        // One ListSecrets per pause in typing, not per key: a newer search supersedes this one.
        const mine = ++searchSeq;
        await new Promise((resolve) => setTimeout(resolve, debounceMs));
        if (mine !== searchSeq) return;
      }
      let result: WizardAction;
      try {
        result = await perform(effect, dispatch);
      } catch (error) {
        result = { type: 'effect-failed', effect: effect.kind, error: errorInfo(error) };
      }
      dispatch(result);
    },
    answer(yes) {
      const resolve = waiting;
      waiting = undefined;
      resolve?.(yes);
    },
    abort() {
      controller?.abort();
      this.answer(false);
    },
    close() {
      port.close();
    },
  };
}
