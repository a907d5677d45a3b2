import { WizardError } from '../errors/wizard-error';

/**
 * `work`, or a CANCELLED error as soon as `signal` aborts (the work is abandoned). For phases that
 * write nothing — reads, planning, the preflight, a command that only reads — so that a read waiting
 * on AWS or a slow disk never holds up Ctrl+C. Writes are never abandoned this way: the apply checks
 * the signal between its rounds and rolls back.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  const cancelled = () => new WizardError('CANCELLED', 'Interrupted before anything was written', { fix: 'Run the command again when ready' });
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
