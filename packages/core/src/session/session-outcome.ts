import type { ApplyOutcome } from '../apply/apply-types';
import type { AwsContext } from '../aws/aws-context';
import { asWizardError, errorInfo } from '../errors/wizard-error';
import type { Host } from '../host/host';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { SessionOutcome } from './session-types';

/** The exit code of a finished apply/revoke/restore: it says whether anything stayed written. */
export function applyExitCode(apply: ApplyOutcome): ExitCode {
  if (apply.ok) return EXIT_CODES.ok;
  if (apply.results.some((result) => result.status === 'rollback-failed')) return EXIT_CODES.rollbackIncomplete;
  if (apply.error?.code === 'CANCELLED') return EXIT_CODES.interrupted;
  const wroteSomething = apply.results.some((result) => result.status === 'applied' || result.status === 'rolled-back' || result.status === 'failed');
  if (!wroteSomething && apply.error?.source === 'user') return EXIT_CODES.nothingWritten;
  return EXIT_CODES.failed;
}

/** An outcome for a session that stopped before writing anything. */
export function refusedOutcome(operation: SessionOutcome['operation'], error: unknown, ctx: AwsContext | undefined, host: Host, extra: Partial<SessionOutcome> = {}): SessionOutcome {
  const wizardError = asWizardError(error);
  const info = errorInfo(wizardError);
  host.notify({ type: 'error', error: info });
  const exitCode = wizardError.code === 'CANCELLED' ? EXIT_CODES.interrupted : wizardError.source === 'user' ? EXIT_CODES.nothingWritten : EXIT_CODES.failed;
  return {
    operation,
    ok: false,
    status: 'refused',
    exitCode,
    pending: 0,
    results: [],
    backup: null,
    remerged: [],
    error: info,
    calls: ctx?.calls.length ?? 0,
    ...extra,
  };
}
