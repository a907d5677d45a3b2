import { describe, expect, it } from 'vitest';
import { createRateLimiter, createTokenBucket, createWindowLimiter } from './token-bucket';

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

describe('createWindowLimiter', () => {
  it('never lets more than `limit` through in any window, and makes up a late turn at once', async () => {
    const clock = fakeClock();
    const limiter = createWindowLimiter({ limit: 50, windowMs: 1000, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 200 }, async () => {
      await limiter.acquire();
      times.push(clock.now());
    }));
    for (let i = 50; i < times.length; i++) expect(times[i]! - times[i - 50]!).toBeGreaterThanOrEqual(1000);
    // 200 at 50 per window: the 151st waits for the third window to end, not a token less.
    expect(clock.elapsed()).toBe(3000);
  });

  it('refuses a rate of 0 and a fractional limit', async () => {
    expect(() => createRateLimiter(0)).toThrow(RangeError);
    expect(() => createWindowLimiter({ limit: 1.5, windowMs: 1000 })).toThrow(RangeError);
  });
});
