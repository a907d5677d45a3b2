import { describe, expect, it } from 'vitest';
import { isWizardError } from '../errors/wizard-error';
import { findFreePort, startMotoServer } from './moto-server';

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe('startMotoServer', () => {
  it('starts on a free 127.0.0.1 port, answers HTTP, and stops (twice is fine)', async () => {
    const server = await startMotoServer();
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(await answers(server.endpoint)).toBe(true);
    await server.stop();
    await server.stop();
    expect(await answers(server.endpoint)).toBe(false);
  }, 60_000);

  it('runs two servers side by side on different ports', async () => {
    const [a, b] = await Promise.all([startMotoServer(), startMotoServer()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(await answers(a.endpoint)).toBe(true);
      expect(await answers(b.endpoint)).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it('reports a missing executable as MOTO_NOT_INSTALLED with the pip command', async () => {
    const error = await startMotoServer({ command: 'moto_server_that_does_not_exist' }).catch((e: unknown) => e);
    expect(isWizardError(error)).toBe(true);
    if (!isWizardError(error)) return;
    expect(error.code).toBe('MOTO_NOT_INSTALLED');
    expect(error.source).toBe('user');
    expect(error.fix).toContain("pip install 'moto[server]'");
  });

  it('findFreePort returns a bindable port', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(1023);
  });
});
