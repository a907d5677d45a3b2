/**
 * The request context a policy's conditions are checked against. Condition keys are
 * case-insensitive in IAM, so they are stored lower-cased; values keep their case.
 * A context may extend a parent (the keys about the caller, shared by several requests), and
 * `aws:CurrentTime` / `aws:EpochTime` are formatted only when a policy asks for them.
 */
export type ContextValues = readonly string[];

const CURRENT_TIME = 'aws:currenttime';
const MAX_CACHE = 10_000;
const lowered = new Map<string, string>();

/** `key.toLowerCase()`, memoised: the same few keys are looked up for every request. */
function lower(key: string): string {
  let found = lowered.get(key);
  if (found === undefined) {
    if (lowered.size >= MAX_CACHE) lowered.clear();
    found = key.toLowerCase();
    lowered.set(key, found);
  }
  return found;
}
const EPOCH_TIME = 'aws:epochtime';

export class RequestContext {
  /** A single value is kept as a string and wrapped only when looked up. */
  private readonly values = new Map<string, string | ContextValues>();
  private readonly parent: RequestContext | undefined;
  /** Values shared by many requests (lower-case keys), looked up after the request's own: never copied. */
  private readonly defaults: ReadonlyMap<string, string | ContextValues> | undefined;
  private time: Date | undefined;

  constructor(entries?: Record<string, string | readonly string[] | undefined>, parent?: RequestContext, defaults?: ReadonlyMap<string, string | ContextValues>) {
    this.parent = parent;
    this.defaults = defaults;
    if (entries) {
      for (const key in entries) {
        const value = entries[key];
        if (value !== undefined) this.set(key, value);
      }
    }
  }

  set(key: string, value: string | readonly string[]): this {
    this.values.set(lower(key), value);
    return this;
  }

  /** `set` for a key already in lower case (the evaluator's own keys). */
  setLower(lowerKey: string, value: string | readonly string[]): this {
    this.values.set(lowerKey, value);
    return this;
  }

  /** The time of the request: `aws:CurrentTime` (ISO 8601) and `aws:EpochTime` (seconds). */
  setTime(time: Date): this {
    this.time = time;
    return this;
  }

  /** The values of `key`, or undefined when the request does not carry it. */
  get(key: string): ContextValues | undefined {
    return this.getLower(lower(key));
  }

  /** Lookup for a key that is already lower-case. */
  getLower(lowerKey: string): ContextValues | undefined {
    const own = this.values.get(lowerKey) ?? this.defaults?.get(lowerKey);
    if (own !== undefined) return typeof own === 'string' ? [own] : own;
    if (this.time !== undefined) {
      if (lowerKey === CURRENT_TIME) return [this.time.toISOString()];
      if (lowerKey === EPOCH_TIME) return [String(Math.floor(this.time.getTime() / 1000))];
    }
    return this.parent?.getLower(lowerKey);
  }

  /** Every key the request carries (lower-cased). */
  keys(): string[] {
    const keys = new Set(this.parent?.keys());
    if (this.defaults) for (const key of this.defaults.keys()) keys.add(key);
    for (const key of this.values.keys()) keys.add(key);
    if (this.time !== undefined) keys.add(CURRENT_TIME).add(EPOCH_TIME);
    return [...keys];
  }
}
