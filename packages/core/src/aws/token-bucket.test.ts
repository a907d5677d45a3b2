import { describe, expect, it } from 'vitest';
import { createPacer, createRateLimiter, createTokenBucket } from './token-bucket';

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

describe('createPacer', () => {
  it('an even pace: 50/s gives slots 20 ms apart, and a late wake-up does not move the next slot', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const pacer = createPacer({ ratePerSecond: 50, now: () => t, sleep: async (ms) => void sleeps.push(ms) });
    // Three callers at once: slots 0, 20, 40.
    await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()]);
    expect(sleeps).toEqual([20, 40]);
    // The timer fired 7 ms late (t = 47): the next slot is still 60, not 67.
    t = 47;
    await pacer.acquire();
    expect(sleeps.at(-1)).toBe(13);
    // A caller after a pause gets no credit: now, then 20 ms later.
    t = 500;
    await pacer.acquire();
    await pacer.acquire();
    expect(sleeps.at(-1)).toBe(20);
  });

  it('createRateLimiter paces 4 % under the quota: 48 slots in a second at 50/s', async () => {
    let t = 0;
    const limiter = createRateLimiter(50, undefined, { now: () => t, sleep: async (ms) => void (t += ms) });
    const at: number[] = [];
    for (let i = 0; i < 100; i++) {
      await limiter.acquire();
      at.push(t);
    }
    expect(at.filter((time) => time < 1000)).toHaveLength(48);
    expect(() => createRateLimiter(0)).toThrow(RangeError);
  });
});
