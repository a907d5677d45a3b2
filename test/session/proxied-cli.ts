import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startFaultProxy, writesDuring, type FaultProxy } from '../support/fault-proxy';
import type { SeededMotoHarness } from '../support/moto';
import { readShareDocuments, type ShareDocuments } from '../support/share-documents';
import { cliEnv } from '../tui/cli-support';

/** The built CLI run against the test file's moto with every request through a counting proxy. */
export interface ProxiedCli {
  /** A scratch folder of the file (plan files, the backup home). */
  readonly work: string;
  readonly proxy: FaultProxy;
  /** The share's documents as seeded, before any test wrote. */
  readonly original: ShareDocuments;
  /** The child's environment: AWS_ENDPOINT_URL (the proxy) wins over the profiles' endpoint_url. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** The write requests (by action) the proxy saw while `fn` ran. */
  writesDuring<T>(fn: () => Promise<T>): Promise<{ result: T; writes: string[] }>;
}

/** Starts the proxy and the scratch folder before the file's tests, and removes them after. */
export function useProxiedCli(moto: () => SeededMotoHarness, prefix: string): ProxiedCli {
  let work = '';
  let proxy: FaultProxy | undefined;
  let original: ShareDocuments | undefined;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), prefix));
    proxy = await startFaultProxy(moto().endpoint);
    original = await readShareDocuments(moto());
  });
  afterAll(async () => {
    await proxy?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });
  return {
    get work() {
      return work;
    },
    get proxy() {
      return proxy!;
    },
    get original() {
      return original!;
    },
    env: (extra = {}) => cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home'), AWS_ENDPOINT_URL: proxy!.endpoint, ...extra }),
    writesDuring: (fn) => writesDuring(proxy!, fn),
  };
}
