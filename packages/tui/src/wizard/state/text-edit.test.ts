import { describe, expect, it } from 'vitest';
import { applyTextEdit, type TextValue } from './text-edit';
import type { TextEdit } from './wizard-state';

function edit(value: TextValue, ...edits: TextEdit[]): TextValue {
  return edits.reduce(applyTextEdit, value);
}

describe('one-line text editing', () => {
  it('inserts a paste at the cursor in one edit, without its line breaks', () => {
    expect(edit({ text: 'arn::x', cursor: 4 }, { kind: 'insert', text: 'aws\n' })).toEqual({ text: 'arn:aws:x', cursor: 7 });
  });

  it('a burst of backspaces deletes one character each, and stops at the start', () => {
    const backspace: TextEdit = { kind: 'backspace' };
    expect(edit({ text: '22222222222299', cursor: 14 }, backspace, backspace)).toEqual({ text: '222222222222', cursor: 12 });
    expect(edit({ text: 'ab', cursor: 2 }, backspace, backspace, backspace)).toEqual({ text: '', cursor: 0 });
  });

  it('Ctrl+U clears, Ctrl+W deletes the word before the cursor (with the spaces before it), Ctrl+K the rest', () => {
    expect(edit({ text: 'PRODUCTION_SECRET_ROLE', cursor: 10 }, { kind: 'clear' })).toEqual({ text: '', cursor: 0 });
    expect(edit({ text: 'my secret  name', cursor: 15 }, { kind: 'delete-word' })).toEqual({ text: 'my secret  ', cursor: 11 });
    expect(edit({ text: 'my secret  ', cursor: 11 }, { kind: 'delete-word' })).toEqual({ text: 'my ', cursor: 3 });
    expect(edit({ text: 'abcdef', cursor: 2 }, { kind: 'kill-to-end' })).toEqual({ text: 'ab', cursor: 2 });
  });

  it('moves the cursor within the text and inserts where it is', () => {
    const moved = edit({ text: 'ace', cursor: 3 }, { kind: 'move', to: 'left' }, { kind: 'insert', text: 'd' }, { kind: 'move', to: 'home' }, { kind: 'move', to: 'left' }, { kind: 'move', to: 'right' }, { kind: 'insert', text: 'b' });
    expect(moved).toEqual({ text: 'abcde'.replace('c', 'c'), cursor: 2 });
    expect(edit({ text: 'abc', cursor: 9 }, { kind: 'move', to: 'right' })).toEqual({ text: 'abc', cursor: 3 });
    expect(edit({ text: 'abc', cursor: 0 }, { kind: 'move', to: 'end' })).toEqual({ text: 'abc', cursor: 3 });
  });
});
