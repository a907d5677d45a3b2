import { describe, expect, it } from 'vitest';
import { keyToAction, splitChunk } from './key-map';
import { CONSUMER, approval, atApply, atConfirm, atConsumerAccount, atReview, atSecret, run, sessionId } from './test-fixtures';
import type { WizardState } from './wizard-state';

const view = { pageSize: 10, scrollMax: 40 };

/** Types a raw terminal chunk into the state, as the Ink front end does. */
function typeChunk(state: WizardState, chunk: string): WizardState {
  let s = state;
  for (const [input, key] of splitChunk(chunk, {})) {
    const action = keyToAction(s, input, key, view);
    if (action) s = run(s, action);
  }
  return s;
}

describe('splitting what arrives in one read', () => {
  it('keeps a paste together, makes each backspace and control key its own press, Enter last', () => {
    expect(splitChunk('2222\u007f\u007fab\u0015cd\u0017\r', {})).toEqual([
      ['2222', {}],
      ['', { backspace: true }],
      ['', { backspace: true }],
      ['ab', {}],
      ['u', { ctrl: true }],
      ['cd', {}],
      ['w', { ctrl: true }],
      ['', { return: true }],
    ]);
  });

  it('leaves single keys as Ink parsed them', () => {
    expect(splitChunk('a', {})).toEqual([['a', {}]]);
    expect(splitChunk('u', { ctrl: true })).toEqual([['u', { ctrl: true }]]);
  });
});

describe('keys → actions', () => {
  it('a paste, a backspace burst and Ctrl+U in one chunk edit the field as typed one by one', () => {
    let s = typeChunk(atConsumerAccount(), '22222222222299\u007f\u007f');
    expect(s.input).toBe(CONSUMER);
    s = typeChunk(s, 'junk\u0015');
    expect([s.input, s.inputCursor]).toEqual(['', 0]);
    s = typeChunk(s, `${CONSUMER}\r`);
    expect(s.screen).toBe('principal');
  });

  it('Ctrl+W, arrows and Home/End edit at the cursor', () => {
    let s = typeChunk(atConsumerAccount(), '111 222');
    s = run(s, keyToAction(s, 'w', { ctrl: true }, view)!);
    expect(s.input).toBe('111 ');
    s = run(s, keyToAction(s, '', { home: true }, view)!, keyToAction(s, '', { rightArrow: true }, view)!);
    s = run(s, keyToAction(s, '9', {}, view)!);
    expect([s.input, s.inputCursor]).toEqual(['1911 ', 2]);
  });

  it('Ctrl+C interrupts on every screen; Esc goes back', () => {
    expect(keyToAction(atSecret(), 'c', { ctrl: true }, view)).toEqual({ type: 'interrupt' });
    expect(keyToAction(atApply(), 'c', { ctrl: true }, view)).toEqual({ type: 'interrupt' });
    expect(keyToAction(atSecret(), '', { escape: true }, view)).toEqual({ type: 'back' });
  });

  it('preview: arrows and pages scroll, Enter continues', () => {
    const s = atReview();
    expect(keyToAction(s, '', { pageDown: true }, view)).toEqual({ type: 'scroll', delta: 10, max: 40 });
    expect(keyToAction(s, '', { upArrow: true }, view)).toEqual({ type: 'scroll', delta: -1, max: 40 });
    expect(keyToAction(s, '', { return: true }, view)).toEqual({ type: 'preview-continue' });
  });

  it('confirm: y and n answer once the session asks; Enter takes the pre-selected No', () => {
    const waiting = run(atReview(), { type: 'preview-continue' });
    expect(keyToAction(waiting, 'y', {}, view)).toBeUndefined();
    const s = run(waiting, { type: 'session-asked', id: sessionId(waiting), question: approval() });
    expect(keyToAction(s, 'y', {}, view)).toEqual({ type: 'confirm', yes: true });
    expect(keyToAction(s, 'n', {}, view)).toEqual({ type: 'confirm', yes: false });
    expect(keyToAction(atConfirm(), '', { return: true }, view)).toEqual({ type: 'confirm', yes: false });
  });

  it('no keys but Ctrl+C while the writes run', () => {
    expect(keyToAction(atApply(), 'y', {}, view)).toBeUndefined();
    expect(keyToAction(atApply(), '', { return: true }, view)).toBeUndefined();
  });
});

describe('report lines', () => {
  it('wrap at spaces; a diff line repeats its mark on its continuation, a bullet does not', async () => {
    const { wrapLines } = await import('./report-lines');
    const diff = wrapLines([{ text: '  +      "Resource": "arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3 and more words here"', tone: 'add' }], 60);
    expect(diff.length).toBeGreaterThan(1);
    expect(diff.every((l) => l.text.length <= 60 && l.tone === 'add')).toBe(true);
    expect(diff[1]!.text.startsWith('  +      ')).toBe(true);
    const bullet = wrapLines([{ text: '  - Session policies are not stored in IAM: the doctor takes the role as assumed without one' }], 60);
    expect(bullet[1]!.text.startsWith('  - ')).toBe(false);
    expect(bullet[1]!.text.startsWith('  ')).toBe(true);
  });
});
