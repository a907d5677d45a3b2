/**
 * The request context a policy's conditions are checked against. Condition keys are
 * case-insensitive in IAM, so they are stored lower-cased; values keep their case.
 */
export type ContextValues = readonly string[];

export class RequestContext {
  private readonly values = new Map<string, ContextValues>();

  constructor(entries?: Record<string, string | readonly string[] | undefined>) {
    if (entries) {
      for (const key of Object.keys(entries)) {
        const value = entries[key];
        if (value !== undefined) this.set(key, value);
      }
    }
  }

  set(key: string, value: string | readonly string[]): this {
    this.values.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
    return this;
  }

  /** The values of `key`, or undefined when the request does not carry it. */
  get(key: string): ContextValues | undefined {
    return this.values.get(key.toLowerCase());
  }

  /** Lookup for a key that is already lower-case (the hot path). */
  getLower(lowerKey: string): ContextValues | undefined {
    return this.values.get(lowerKey);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}
