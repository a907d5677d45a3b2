import { describe, expect, it } from 'vitest';
import { mapConcurrently } from './map-concurrently';

describe('mapConcurrently', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (value, index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Resolve in a different order than started.
      await new Promise<void>((resolve) => setImmediate(() => (value % 2 ? resolve() : setImmediate(resolve))));
      inFlight -= 1;
      return `${index}:${value * 10}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:40', '3:20', '4:30', '5:0', '6:60']);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (value) => {
        started.push(value);
        if (value === 1) throw new Error('boom 1');
        await new Promise<void>((resolve) => setImmediate(resolve));
        return value;
      }),
    ).rejects.toThrow('boom 1');
    expect(started.length).toBeLessThan(6);
  });

  it('refuses a limit below 1', async () => {
    await expect(mapConcurrently([1], 0, async (value) => value)).rejects.toThrow(RangeError);
  });
});
