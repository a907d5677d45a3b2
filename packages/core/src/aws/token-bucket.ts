/**
 * A token bucket: at most `ratePerSecond` acquisitions per second on average, bursts up to
 * `capacity`. Waiters are served in order. Clock and sleep are injectable for tests.
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Burst size (default: ratePerSecond, at least 1). */
  capacity?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TokenBucket {
  /** Resolves when a token is available (and takes it). */
  acquire(): Promise<void>;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
  const rate = options.ratePerSecond;
  const capacity = Math.max(1, options.capacity ?? rate);
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let tokens = capacity;
  let last = now();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * rate);
    last = t;
  };

  const takeOne = async () => {
    refill();
    while (tokens < 1) {
      await sleep(Math.ceil(((1 - tokens) / rate) * 1000));
      refill();
    }
    tokens -= 1;
  };

  return {
    acquire() {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export interface PacerOptions {
  ratePerSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An even pace of `ratePerSecond` (GCRA, no burst): each acquisition gets the next slot, one interval
 * after the previous slot or now, whichever is later, and waits for it. A timer that fires late does
 * not lose its slot (the next one is counted from the slot, not from the late wake-up), so a paced
 * run keeps its rate on a busy event loop; a caller that comes late gets no credit for the time no
 * one asked (no burst after a pause). Any window of one second holds at most `rate` slots.
 */
export function createPacer(options: PacerOptions): TokenBucket {
  if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
  const interval = 1000 / options.ratePerSecond;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let next = -Infinity;
  return {
    async acquire() {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval;
      if (slot > t) await sleep(slot - t);
    },
  };
}

/**
 * The limiter of `ratePerSecond` policy-API requests (aws-context.ts): an even pace at `rate × (1 −
 * margin)` (4 % by default), so that the arrival times the server sees, tens of ms of jitter later,
 * still hold at most `rate` requests in any second.
 */
export function createRateLimiter(ratePerSecond: number, margin = 0.04, clock: Pick<PacerOptions, 'now' | 'sleep'> = {}): TokenBucket {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  return createPacer({ ratePerSecond: ratePerSecond * (1 - margin), ...clock });
}
