/**
 * The shared moto harness for vitest: each test file gets its own moto_server on a free 127.0.0.1
 * port, a throwaway AWS config with two profiles (central-security = 111111111111,
 * production = 222222222222), and process.env pointed at both for the file's duration.
 *
 *   const moto = seededMoto();            // or useMoto() for an empty server
 *   it('...', async () => { const { endpoint, env, scenario } = moto(); ... });
 *
 * If moto_server is missing, beforeAll FAILS with "pip install 'moto[server]'" (never skips).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createAwsContext, type AwsContext, type AwsContextOptions } from '../../packages/core/src/aws/aws-context';
import { demoAwsEnv, writeDemoAwsConfig, type DemoAwsConfig } from '../../packages/core/src/demo/demo-aws-config';
import { startMotoServer, type MotoServer } from '../../packages/core/src/demo/moto-server';
import { seedReferenceScenario, type DemoScenario } from '../../packages/core/src/demo/seed-scenario';

export interface MotoHarness {
  endpoint: string;
  port: number;
  region: string;
  /** Just the variables the harness sets (AWS_ENDPOINT_URL, AWS_CONFIG_FILE, ...). */
  vars: Record<string, string>;
  /** A complete environment for child processes: this process's env without AWS_* from outside, plus `vars`. */
  env: NodeJS.ProcessEnv;
  config: DemoAwsConfig;
  ownerProfile: 'central-security';
  consumerProfile: 'production';
  /** The directory holding the AWS config (removed after the file's tests). */
  dir: string;
}

export interface SeededMotoHarness extends MotoHarness {
  scenario: DemoScenario;
}

export interface UseMotoOptions {
  region?: string;
  /** Set the variables on process.env for the file (default true; restored in afterAll). */
  applyToProcessEnv?: boolean;
}

/** This process's env minus every AWS_* variable that could point the SDK at a real account. */
export function envWithoutAws(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !name.startsWith('AWS_')));
}

function register<T extends MotoHarness>(options: UseMotoOptions, extend: (base: MotoHarness) => Promise<T>): () => T {
  let harness: T | undefined;
  let server: MotoServer | undefined;
  let starting: Promise<MotoServer> | undefined;
  let dir: string | undefined;
  let saved: NodeJS.ProcessEnv | undefined;

  beforeAll(async () => {
    const region = options.region ?? 'us-east-2';
    starting = startMotoServer();
    server = await starting;
    dir = await mkdtemp(join(tmpdir(), 'ssw-moto-'));
    const config = await writeDemoAwsConfig(dir, server.endpoint, region);
    const vars = demoAwsEnv(server.endpoint, config, region);
    if (options.applyToProcessEnv !== false) {
      saved = { ...process.env };
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      Object.assign(process.env, vars);
    }
    const base: MotoHarness = {
      endpoint: server.endpoint,
      port: server.port,
      region,
      vars,
      env: { ...envWithoutAws(saved ?? process.env), ...vars },
      config,
      ownerProfile: config.ownerProfile,
      consumerProfile: config.consumerProfile,
      dir,
    };
    harness = await extend(base);
  });

  afterAll(async () => {
    if (saved) {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    // A beforeAll that timed out may still be starting the server: wait for it, so no moto is orphaned.
    await (server ?? (await starting?.catch(() => undefined)))?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  return () => {
    if (!harness) throw new Error('the moto harness is not ready: call moto() inside a test or hook, not at file level');
    return harness;
  };
}

/** An empty moto server for this test file. */
export function useMoto(options: UseMotoOptions = {}): () => MotoHarness {
  return register(options, async (base) => base);
}

/** A moto server seeded with the reference scenario (CENTRAL_SECURITY + PRODUCTION). */
export function seededMoto(options: UseMotoOptions & { extraSecrets?: number } = {}): () => SeededMotoHarness {
  return register(options, async (base) => ({
    ...base,
    scenario: await seedReferenceScenario({ endpoint: base.endpoint, region: base.region, extraSecrets: options.extraSecrets ?? 0 }),
  }));
}

/**
 * AWS contexts on this file's moto, signed in with the demo profiles (the consumer one unless
 * `consumer: false`), destroyed after each test.
 */
export function useAwsContexts(moto: () => MotoHarness): (options?: AwsContextOptions & { consumer?: boolean }) => AwsContext {
  const contexts: AwsContext[] = [];
  afterEach(() => {
    for (const ctx of contexts.splice(0)) ctx.destroy();
  });
  return ({ consumer = true, ...options } = {}) => {
    const { ownerProfile, consumerProfile } = moto();
    const ctx = createAwsContext({ ownerProfile, ...(consumer ? { consumerProfile } : {}), ...options });
    contexts.push(ctx);
    return ctx;
  };
}
