import { describe, expect, it } from 'vitest';
import { compareText, formatCount } from './locale-free';

describe('formatCount', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 20480, 32768, 81920, 1048576, 4194304, -1234567, 12.5, 1234.25]) expect(formatCount(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });
});

describe('compareText', () => {
  it('orders by code units, independent of the locale', () => {
    expect(['b', 'a', 'B', 'aws:x', 'aws-y'].sort(compareText)).toEqual(['B', 'a', 'aws-y', 'aws:x', 'b']);
    expect(compareText('same', 'same')).toBe(0);
  });
});
