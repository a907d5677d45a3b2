import { describe, expect, it } from 'vitest';
import { silentHost } from '../host/host';
import { withInvalidPrincipalRetry } from './invalid-principal-retry';

function malformed(message: string): Error {
  return Object.assign(new Error(message), { name: 'MalformedPolicyDocumentException' });
}

describe('withInvalidPrincipalRetry', () => {
  it('retries an "invalid principal" refusal with doubling pauses and reports each retry', async () => {
    const host = silentHost();
    let calls = 0;
    const result = await withInvalidPrincipalRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw malformed('Policy contains a statement with one or more invalid principals.');
        return 'written';
      },
      { host, id: 'apply.key-policy', boundMs: 1_000, firstDelayMs: 10 },
    );
    expect(result).toBe('written');
    expect(host.events).toEqual([
      expect.objectContaining({ type: 'retry', id: 'apply.key-policy', attempt: 1, delayMs: 10 }),
      expect.objectContaining({ type: 'retry', id: 'apply.key-policy', attempt: 2, delayMs: 20 }),
    ]);
  });

  it('passes other errors through at once (a malformed document that is not about a principal too)', async () => {
    const host = silentHost();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw malformed('Statement is missing Effect');
    };
    await expect(withInvalidPrincipalRetry(failing, { host, id: 'x', boundMs: 1_000, firstDelayMs: 1 })).rejects.toThrow('Statement is missing Effect');
    expect(calls).toBe(1);
    expect(host.events).toEqual([]);
  });

  it('gives up after the bound with INVALID_PRINCIPAL and the fix', async () => {
    const host = silentHost();
    const started = Date.now();
    const error = await withInvalidPrincipalRetry(
      async () => {
        throw Object.assign(new Error('Invalid principal in policy: "AWS":"arn:aws:iam::222222222222:role/NEW"'), { name: 'MalformedPolicyDocumentException' });
      },
      { host, id: 'x', boundMs: 100, firstDelayMs: 20 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_PRINCIPAL', source: 'aws' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(host.events.length).toBeGreaterThanOrEqual(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const host = silentHost();
    let calls = 0;
    const promise = withInvalidPrincipalRetry(
      async () => {
        calls += 1;
        if (calls === 1) setTimeout(() => controller.abort(), 5);
        throw malformed('invalid principal');
      },
      { host, id: 'x', boundMs: 60_000, firstDelayMs: 30_000, signal: controller.signal },
    );
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(calls).toBe(2);
  });
});
