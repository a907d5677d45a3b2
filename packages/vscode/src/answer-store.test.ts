import { describe, expect, it } from 'vitest';
import { ANSWERS_KEY, AnswerStore, rememberedFirst, type StateLike } from './answer-store';

/** A Memento in memory: get/update exactly as workspaceState does (values stored as given). */
function memento(initial: Record<string, unknown> = {}): StateLike & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: <T>(key: string) => data[key] as T | undefined,
    update: async (key, value) => {
      data[key] = value;
    },
  };
}

describe('remembered answers', () => {
  it('are remembered per workspace state and merged: a later answer keeps the others', async () => {
    const state = memento();
    const store = new AnswerStore(state);
    expect(store.get()).toEqual({});
    await store.remember({ ownerProfile: 'central-security', consumerProfile: 'production', region: 'us-east-2' });
    await store.remember({ secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3', region: 'eu-west-1' });
    expect(new AnswerStore(state).get()).toEqual({ ownerProfile: 'central-security', consumerProfile: 'production', region: 'eu-west-1', secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:S-a1b2c3' });
    // "No consumer profile" is an answer too.
    await store.remember({ consumerProfile: '' });
    expect(store.get().consumerProfile).toBe('');
  });

  it('ignores what is not an answer of ours (another type, too long, unknown fields)', () => {
    const store = new AnswerStore(memento({ [ANSWERS_KEY]: { ownerProfile: 42, region: 'x'.repeat(5000), consumer: '222222222222', password: 'never' } }));
    expect(store.get()).toEqual({ consumer: '222222222222' });
    expect(new AnswerStore(memento({ [ANSWERS_KEY]: 'garbage' })).get()).toEqual({});
  });

  it('pre-selects the remembered item: first, the others in their order', () => {
    expect(rememberedFirst(['a', 'b', 'c', 'd'], (x) => x === 'c')).toEqual(['c', 'a', 'b', 'd']);
    expect(rememberedFirst(['a', 'b'], () => false)).toEqual(['a', 'b']);
  });
});
