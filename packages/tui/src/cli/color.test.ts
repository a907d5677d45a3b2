import { describe, expect, it } from 'vitest';
import { colorsEnabled, createColors } from './color';

describe('colours', () => {
  it.each([
    [{ isTTY: true, env: {} }, true],
    [{ isTTY: false, env: {} }, false],
    [{ isTTY: true, env: { NO_COLOR: '1' } }, false],
    [{ isTTY: true, env: { TERM: 'dumb' } }, false],
    [{ isTTY: true, env: {}, noColorFlag: true }, false],
    [{ isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    [{ isTTY: true, env: { NO_COLOR: '' } }, true],
  ])('%j → %s', (environment, expected) => {
    expect(colorsEnabled(environment)).toBe(expected);
  });

  it('wraps text in ANSI codes only when enabled', () => {
    expect(createColors(true).green('+x')).toBe('\u001B[32m+x\u001B[39m');
    expect(createColors(false).green('+x')).toBe('+x');
  });
});
