import { describe, expect, it } from 'vitest';
import type { ApplyOutcome } from '../apply/apply-types';
import { WizardError } from '../errors/wizard-error';
import { silentHost } from '../host/host';
import { applyExitCode, refusedOutcome } from './session-outcome';

const base: ApplyOutcome = {
  ok: false,
  backup: '/b',
  findings: [],
  results: [
    { kind: 'identity-policy', target: 'p', status: 'rolled-back' },
    { kind: 'key-policy', target: 'k', status: 'failed' },
    { kind: 'secret-policy', target: 's', status: 'not-started' },
  ],
  error: new WizardError('APPLY_FAILED', 'PutKeyPolicy failed'),
};

describe('exit codes never lie', () => {
  it('0 applied · 1 failed and rolled back · 4 rollback incomplete · 130 interrupted', () => {
    expect(applyExitCode({ ...base, ok: true })).toBe(0);
    expect(applyExitCode(base)).toBe(1);
    expect(applyExitCode({ ...base, results: [{ kind: 'key-policy', target: 'k', status: 'rollback-failed' }] })).toBe(4);
    expect(applyExitCode({ ...base, error: new WizardError('CANCELLED', 'stop') })).toBe(130);
  });

  it('2 only when nothing was written', () => {
    const untouched = base.results.map((result) => ({ ...result, status: 'not-started' as const }));
    expect(applyExitCode({ ...base, results: untouched, error: new WizardError('STALE_DOCUMENT', 'changed') })).toBe(2);
    // A refusal after a write was made and rolled back is a failure, not "nothing written".
    expect(applyExitCode({ ...base, error: new WizardError('STALE_DOCUMENT', 'changed') })).toBe(1);
  });

  it('a session stopped before writing: 2 for the user, 1 for AWS, the error as data', () => {
    const host = silentHost();
    expect(refusedOutcome('share', new WizardError('PLAN_BLOCKED', 'blocked', { fix: 'fix it' }), undefined, host)).toMatchObject({ ok: false, exitCode: 2, error: { code: 'PLAN_BLOCKED', message: 'blocked', fix: 'fix it', source: 'user' } });
    expect(refusedOutcome('share', new WizardError('AWS_THROTTLED', 'slow'), undefined, host).exitCode).toBe(1);
    expect(refusedOutcome('share', new TypeError('x is not iterable'), undefined, host)).toMatchObject({ exitCode: 1, error: { code: 'BUG', source: 'bug' } });
    expect(host.events.map((event) => event.type)).toEqual(['error', 'error', 'error']);
  });
});
