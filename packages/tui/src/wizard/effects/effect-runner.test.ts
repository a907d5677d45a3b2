import { describe, expect, it } from 'vitest';
import type { SessionOutcome } from '@secret-share-wizard/core';
import { approval, outcome, plan } from '../state/test-fixtures';
import type { WizardAction } from '../state/wizard-state';
import { createEffectRunner } from './effect-runner';
import type { SessionIo, WizardPort } from './wizard-port';

/** A port whose share session is scripted by the test (the real one runs against moto in test/tui). */
function scriptedPort(share: (io: SessionIo) => Promise<SessionOutcome>) {
  const calls: string[] = [];
  const unused = async (): Promise<never> => {
    throw new Error('not used here');
  };
  const port: WizardPort = {
    listProfiles: async () => ({ profiles: [] }),
    connect: unused,
    listSecrets: async ({ search }) => {
      calls.push(`list:${search}`);
      return { items: [] };
    },
    describeSecret: async () => {
      throw Object.assign(new Error('--secret: not found'), { brand: 'secret-share-wizard/error', code: 'AWS_NOT_FOUND', source: 'user', fix: 'Check the name', field: '--secret' });
    },
    listRoles: unused,
    listKeys: unused,
    listBackups: unused,
    listShares: unused,
    share: (_input, io) => share(io),
    revoke: unused,
    restore: unused,
    verify: unused,
    diagnose: unused,
    close: () => {},
  };
  return { port, calls };
}

const shareEffect = { kind: 'share' as const, aws: {}, request: { secret: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-abcdef', consumer: '222222222222' }, verify: false };

/** Lets pending promise callbacks run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the effects runner', () => {
  it('asks AWS once per pause in typing, for the latest search', async () => {
    const { port, calls } = scriptedPort(async () => outcome());
    const runner = createEffectRunner(port, { searchDebounceMs: 20 });
    const actions: WizardAction[] = [];
    await Promise.all(['M', 'MY', 'MY_'].map((search, i) => runner.run({ id: i + 1, effect: { kind: 'list-secrets', search } }, (a) => actions.push(a))));
    expect(calls).toEqual(['list:MY_']);
    expect(actions).toEqual([{ type: 'secrets-loaded', search: 'MY_', items: [], append: false }]);
  });

  it('turns a failure into effect-failed with the field and the fix', async () => {
    const { port } = scriptedPort(async () => outcome());
    const actions: WizardAction[] = [];
    await createEffectRunner(port).run({ id: 1, effect: { kind: 'describe-secret', secret: 'nope' } }, (a) => actions.push(a));
    expect(actions).toEqual([{ type: 'effect-failed', effect: 'describe-secret', error: { message: '--secret: not found', code: 'AWS_NOT_FOUND', source: 'user', fix: 'Check the name', field: '--secret' } }]);
  });

  it('is the session’s Host: the plan and the question become actions with its id; the answer resumes it', async () => {
    const answers: unknown[] = [];
    const { port } = scriptedPort(async ({ host }) => {
      host.notify({ type: 'plan', plan: plan() });
      answers.push(await host.ask(approval() as never));
      return outcome();
    });
    const runner = createEffectRunner(port);
    const actions: WizardAction[] = [];
    const done = runner.run({ id: 7, effect: shareEffect }, (a) => actions.push(a));
    await tick();
    expect(actions.map((a) => [a.type, 'id' in a ? a.id : undefined])).toEqual([
      ['session-event', 7],
      ['session-asked', 7],
    ]);
    runner.answer(true);
    await done;
    expect(answers).toEqual([true]);
    expect(actions.at(-1)).toEqual({ type: 'session-finished', id: 7, outcome: outcome() });
  });

  it('abort (Esc, No, Ctrl+C) refuses the open question, aborts the signal, and refuses later questions without asking', async () => {
    const answers: unknown[] = [];
    let signal: AbortSignal | undefined;
    const { port } = scriptedPort(async (io) => {
      signal = io.signal;
      answers.push(await io.host.ask({ code: 'credentials', message: 'Which profile?', payload: { account: '222222222222', side: 'consumer', reason: 'r' }, defaultAnswer: 'production' }));
      answers.push(await io.host.ask(approval() as never));
      return outcome({ status: 'declined' });
    });
    const runner = createEffectRunner(port);
    const actions: WizardAction[] = [];
    const done = runner.run({ id: 3, effect: shareEffect }, (a) => actions.push(a));
    await tick();
    runner.abort();
    await done;
    expect(answers).toEqual([null, false]);
    expect(signal?.aborted).toBe(true);
    expect(actions.filter((a) => a.type === 'session-asked')).toHaveLength(1);
  });
});
