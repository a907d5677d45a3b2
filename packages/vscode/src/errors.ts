const CANCELLED = 'secret-share-wizard/cancelled';

/** The user dismissed a prompt: the command stops quietly. */
export interface Cancelled {
  brand: typeof CANCELLED;
}

export function cancelled(): Cancelled {
  return { brand: CANCELLED };
}

export function isCancelled(value: unknown): value is Cancelled {
  return typeof value === 'object' && value !== null && (value as { brand?: unknown }).brand === CANCELLED;
}

/** The answer, or throw `cancelled()` when the prompt was dismissed (undefined). */
export function answered<T>(value: T | undefined): T {
  if (value === undefined) throw cancelled();
  return value;
}
