import type { TextEdit } from './wizard-state';

export interface TextValue {
  text: string;
  /** 0..text.length */
  cursor: number;
}

/** Where the word before `cursor` starts (spaces before it included, as a shell's Ctrl+W). */
function wordStart(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i;
}

/**
 * One edit of a one-line text field, pure: typed or pasted text is inserted at the cursor (line
 * breaks dropped), backspace deletes the character before it, Ctrl+W the word before it, Ctrl+U
 * everything, Ctrl+K the rest of the line. The cursor always stays inside the text.
 */
export function applyTextEdit(value: TextValue, edit: TextEdit): TextValue {
  const { text } = value;
  const cursor = Math.min(Math.max(0, value.cursor), text.length);
  switch (edit.kind) {
    case 'insert': {
      const inserted = edit.text.replace(/[\r\n]+/g, '');
      return { text: text.slice(0, cursor) + inserted + text.slice(cursor), cursor: cursor + inserted.length };
    }
    case 'backspace':
      return cursor === 0 ? { text, cursor } : { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete-word': {
      const start = wordStart(text, cursor);
      return { text: text.slice(0, start) + text.slice(cursor), cursor: start };
    }
    case 'clear':
      return { text: '', cursor: 0 };
    case 'kill-to-end':
      return { text: text.slice(0, cursor), cursor };
    case 'move': {
      const to = { left: cursor - 1, right: cursor + 1, home: 0, end: text.length }[edit.to];
      return { text, cursor: Math.min(Math.max(0, to), text.length) };
    }
  }
}
