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
