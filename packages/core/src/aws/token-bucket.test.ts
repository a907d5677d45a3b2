import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket';

/** A fake clock: sleeping advances time instantly and records the waits. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
    elapsed: () => t,
  };
}

describe('createTokenBucket', () => {
  it('lets a burst of `capacity` through at once, then paces at the rate', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 10, capacity: 5, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await bucket.acquire();
    expect(clock.elapsed()).toBe(0);
    for (let i = 0; i < 10; i++) await bucket.acquire();
    // 10 more tokens at 10/s: one second.
    expect(clock.elapsed()).toBeGreaterThanOrEqual(1000);
    expect(clock.elapsed()).toBeLessThan(1100);
  });

  it('never exceeds the rate for concurrent callers (50/s, 200 calls → ≥ 3 s after the burst)', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 50, now: clock.now, sleep: clock.sleep });
    await Promise.all(Array.from({ length: 200 }, () => bucket.acquire()));
    expect(clock.elapsed()).toBeGreaterThanOrEqual(3000);
    expect(clock.elapsed()).toBeLessThan(3200);
  });

  it('refuses a non-positive rate', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
