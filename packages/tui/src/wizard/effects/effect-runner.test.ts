import { describe, expect, it } from 'vitest';
import type { Plan } from '@secret-share-wizard/core';
import type { ApplyHost } from './wizard-port';
import { plan } from '../state/test-fixtures';
import type { WizardAction } from '../state/wizard-state';
import { createEffectRunner } from './effect-runner';
import type { WizardPort } from './wizard-port';

/** A port that records calls; apply waits until the test lets it finish. */
function recordingPort() {
  const calls: string[] = [];
  let finishApply!: () => void;
  let seenSignal: AbortSignal | undefined;
  let host: ApplyHost | undefined;
  const port: WizardPort = {
    listProfiles: async () => ({ profiles: [] }),
    connect: async () => ({ identity: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/u' } }),
    listSecrets: async ({ search }) => {
      calls.push(`list:${search}`);
      return { items: [] };
    },
    describeSecret: async () => {
      throw Object.assign(new Error('--secret: not found'), { brand: 'secret-share-wizard/error', code: 'AWS_NOT_FOUND', source: 'user', fix: 'Check the name' });
    },
    listRoles: async () => [],
    plan: async () => plan(),
    apply: async (_plan: Plan, h: ApplyHost, signal: AbortSignal) => {
      host = h;
      seenSignal = signal;
      await new Promise<void>((resolve) => (finishApply = resolve));
      return { ok: false, rolledBack: true, aborted: signal.aborted };
    },
    verify: async () => ({ ran: true, allowed: true, message: 'ok' }),
    close: () => {},
  };
  return { port, calls, finish: () => finishApply(), signal: () => seenSignal, host: () => host };
}

describe('the effects runner', () => {
  it('asks AWS once per pause in typing, for the latest search', async () => {
    const { port, calls } = recordingPort();
    const runner = createEffectRunner(port, { searchDebounceMs: 20 });
    const actions: WizardAction[] = [];
    await Promise.all(['M', 'MY', 'MY_'].map((search) => runner.run({ kind: 'list-secrets', search }, (a) => actions.push(a))));
    expect(calls).toEqual(['list:MY_']);
    expect(actions).toEqual([{ type: 'secrets-loaded', search: 'MY_', items: [], append: false }]);
  });

  it('turns a failure into effect-failed with the field and the fix', async () => {
    const { port } = recordingPort();
    const actions: WizardAction[] = [];
    await createEffectRunner(port).run({ kind: 'describe-secret', secret: 'nope' }, (a) => actions.push(a));
    expect(actions).toEqual([{ type: 'effect-failed', effect: 'describe-secret', error: { message: '--secret: not found', code: 'AWS_NOT_FOUND', source: 'user', fix: 'Check the name' } }]);
  });

  it('passes apply an AbortSignal that Ctrl+C aborts, and answers open questions No', async () => {
    const recording = recordingPort();
    const runner = createEffectRunner(recording.port);
    const actions: WizardAction[] = [];
    const done = runner.run({ kind: 'apply', plan: plan() }, (a) => actions.push(a));
    await new Promise((resolve) => setImmediate(resolve));
    const answer = recording.host()!.askYesNo({ code: 'delete-policy-version', message: 'Delete?', defaultAnswer: true });
    expect(actions.at(-1)).toMatchObject({ type: 'question-asked' });
    runner.abort();
    expect(await answer).toBe(false);
    expect(recording.signal()!.aborted).toBe(true);
    recording.finish();
    await done;
    expect(actions.at(-1)).toEqual({ type: 'apply-finished', outcome: { ok: false, rolledBack: true, aborted: true } });
  });
});
