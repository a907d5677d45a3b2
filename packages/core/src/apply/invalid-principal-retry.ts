import { WizardError } from '../errors/wizard-error';
import type { Host } from '../host/host';
import { errorMessage, isInvalidPrincipal } from './aws-errors';

export interface InvalidPrincipalRetryOptions {
  host: Host;
  /** Step id for the host's `retry` events. */
  id: string;
  /** Give up once this much time has passed since the first attempt. */
  boundMs: number;
  signal?: AbortSignal;
  /** First pause (default 1 s, at most a quarter of the bound); doubles up to 8 s. */
  firstDelayMs?: number;
}

/** Waits `ms`, or less when `signal` aborts first (a retry's backoff that Ctrl+C cuts short). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a policy write, retrying while AWS refuses it for an "Invalid principal": IAM takes a few
 * seconds to make a newly created role or user known to Secrets Manager and KMS. Each retry is
 * announced to the host. Other errors (and throttling, which the SDK already retried) pass through.
 */
export async function withInvalidPrincipalRetry<T>(fn: () => Promise<T>, options: InvalidPrincipalRetryOptions): Promise<T> {
  const started = Date.now();
  let delay = Math.max(1, Math.min(options.firstDelayMs ?? 1_000, Math.floor(options.boundMs / 4)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!isInvalidPrincipal(error)) throw error;
      const elapsed = Date.now() - started;
      if (options.signal?.aborted) {
        throw new WizardError('CANCELLED', `Cancelled while waiting for AWS to accept the principal (${errorMessage(error)})`, { fix: 'Apply again when ready', cause: error });
      }
      if (elapsed + delay > options.boundMs) {
        throw new WizardError(
          'INVALID_PRINCIPAL',
          `AWS still refuses the principal after ${Math.round(elapsed / 1000)} s of retries: ${errorMessage(error)}`,
          { fix: 'Check that the consumer role or user exists (a role created moments ago can take a minute to be accepted), then apply again', cause: error },
        );
      }
      options.host.notify({
        type: 'retry',
        id: options.id,
        attempt,
        delayMs: delay,
        message: `AWS does not accept the principal yet (a role or user created moments ago takes a few seconds to propagate in IAM): retrying in ${(delay / 1000).toFixed(1)} s`,
      });
      await pause(delay, options.signal);
      delay = Math.min(delay * 2, 8_000);
    }
  }
}
