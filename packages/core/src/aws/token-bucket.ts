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

export interface WindowLimiterOptions {
  /** At most this many acquisitions in any window of `windowMs`. */
  limit: number;
  windowMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token bucket whose tokens each come back exactly `windowMs` after they were spent (a sliding
 * window log): never more than `limit` acquisitions in ANY window of `windowMs`, and — unlike a
 * bucket of capacity 1, which loses its budget whenever a timer fires late — a late turn is made up
 * at once, so a paced run reaches the quota floor (`limit` per window) on a busy machine too.
 * Waiters are served in order.
 */
export function createWindowLimiter(options: WindowLimiterOptions): TokenBucket {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${options.limit}`);
  if (!(options.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${options.windowMs}`);
  const { limit, windowMs } = options;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** When each of the last `limit` tokens was spent (oldest first). */
  const spent: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const takeOne = async () => {
    for (;;) {
      const t = now();
      if (spent.length < limit) break;
      const free = spent[0]! + windowMs;
      if (t >= free) {
        spent.shift();
        break;
      }
      await sleep(Math.ceil(free - t));
    }
    spent.push(now());
  };

  return {
    acquire() {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/**
 * The limiter of `ratePerSecond` requests per second as a sliding window: `floor(rate)` tokens per
 * `1000 × floor(rate) / rate` ms (rates below 1: one token per `1000 / rate` ms), plus `marginMs` (4 %
 * at 50/s) so that the arrival times the server sees, a few ms of jitter later, stay within the quota too.
 */
export function createRateLimiter(ratePerSecond: number, marginMs = 40): TokenBucket {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  const limit = Math.max(1, Math.floor(ratePerSecond));
  return createWindowLimiter({ limit, windowMs: (1000 * limit) / ratePerSecond + marginMs });
}
