import { describe, expect, it } from 'vitest';
import { paint } from './paint';

describe('plain output colours', () => {
  it('colours added and removed diff lines green and red', () => {
    expect(paint({ text: '+ "Sid"', tone: 'add' }, true)).toBe('\u001B[32m+ "Sid"\u001B[39m');
    expect(paint({ text: '- "Sid"', tone: 'remove' }, true)).toBe('\u001B[31m- "Sid"\u001B[39m');
  });

  it('prints plain text without colour (NO_COLOR), keeping the +/- marks', () => {
    expect(paint({ text: '+ "Sid"', tone: 'add' }, false)).toBe('+ "Sid"');
  });
});
