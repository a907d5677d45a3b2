import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoAwsEnv, writeAssumedDemoAwsConfig, type DemoAwsConfig } from '../../packages/core/src/demo/demo-aws-config';
import { startMotoServer, type MotoServer } from '../../packages/core/src/demo/moto-server';
import { seedReferenceScenario, type DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { runChecked } from './processes';

export interface BenchOptions {
  quick: boolean;
  /** Runs per figure (medians); --quick makes it 1. */
  runs: number;
  /** Secrets in the scale benchmark. */
  secrets: number;
  /** Secrets in the audit benchmark (the reference scenario's two included). */
  auditSecrets: number;
  /** Section numbers to run (default all). */
  only: Set<number>;
  build: boolean;
  installAwsCli: boolean;
  /** Where the results go (bench/RESULTS.md), or undefined to write nothing. */
  resultsFile?: string;
  jsonFile?: string;
}

/**
 * The emulator, the counting proxy in front of it, and AWS profiles that point at the proxy. The
 * profiles hold temporary keys of the two accounts, assumed by the bench (not counted, not timed) after
 * every reset of moto: AWS CLI 2.9 cannot send a profile's AssumeRole to the emulator (it ignores
 * AWS_ENDPOINT_URL and the config's endpoint_url), so both sides start with credentials at hand, as
 * with SSO or environment credentials.
 */
export interface BenchAws {
  moto: MotoServer;
  proxy: CountingProxy;
  config: DemoAwsConfig;
  /** Environment for child processes (AWS CLI and product): the proxy, the demo profiles, a private HOME. */
  env: NodeJS.ProcessEnv;
  /** A private temporary folder for files the sections write (removed by close). */
  workDir: string;
  /** Empties moto and seeds the reference scenario again (through moto directly: not counted). */
  freshScenario(extraSecrets?: number): Promise<DemoScenario>;
  /** `env` with a new empty HOME (the AWS CLI's assume-role cache must not survive a moto reset). */
  freshEnv(): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface BenchContext {
  root: string;
  options: BenchOptions;
  /** `node packages/tui/dist/cli.js`. */
  cli: { command: string; args: string[] };
  log(message: string): void;
  /** A line for the notes under the table (versions, call breakdowns, caveats). */
  note(text: string): void;
  /** Started on first use. */
  aws(): Promise<BenchAws>;
}

/** `cli.js apply --yes` of the reference share (the secret with the consumer role, both profiles): rows 2 and 6. */
export function referenceShareArgs(context: BenchContext, bench: BenchAws, scenario: DemoScenario): string[] {
  return [...context.cli.args, 'apply', '--yes', '--secret', scenario.secret.arn, '--consumer', scenario.role.arn, '--profile', bench.config.ownerProfile, '--consumer-profile', bench.config.consumerProfile];
}

/**
 * The first run after an install or upgrade compiles the engine and writes its code cache: done once,
 * untimed, before any figure (the way the AWS CLI's Python bytecode is compiled at install); its time
 * goes into the notes.
 */
export async function warmCompileCache(context: BenchContext, bench: BenchAws): Promise<BenchAws> {
  const scenario = await bench.freshScenario();
  const result = await runChecked(context.cli.command, referenceShareArgs(context, bench, scenario), { env: bench.freshEnv() });
  context.note(`The product's first run compiles its engine and writes the V8 code cache (once per install or upgrade, as the AWS CLI's .pyc files are written at install): that \`apply --yes\` took ${result.ms.toFixed(0)} ms and is not in any figure; every figure runs with the cache.`);
  return bench;
}

/** This process's environment without AWS_* variables: nothing may reach a real account. */
export function envWithoutAws(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !name.startsWith('AWS_')));
}

export async function startBenchAws(): Promise<BenchAws> {
  const moto = await startMotoServer();
  const proxy = await startCountingProxy(moto.endpoint);
  const dir = await mkdtemp(join(tmpdir(), 'ssw-bench-'));
  const assume = () => writeAssumedDemoAwsConfig(join(dir, 'aws'), proxy.endpoint, moto.endpoint);
  const config = await assume();
  const env: NodeJS.ProcessEnv = {
    ...envWithoutAws(),
    ...demoAwsEnv(proxy.endpoint, config),
    HOME: join(dir, 'home'),
    SECRET_SHARE_WIZARD_HOME: join(dir, 'wizard-home'),
    NO_COLOR: '1',
  };
  let homes = 0;
  // The product's V8 code cache (packages/tui/src/engine) is kept across runs, as on a user's machine;
  // each run's HOME is new (the AWS CLI's caches must not survive a moto reset).
  env.SECRET_SHARE_WIZARD_COMPILE_CACHE = join(dir, 'compile-cache');
  return {
    moto,
    proxy,
    config,
    env,
    workDir: dir,
    async freshScenario(extraSecrets = 0) {
      const reset = await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
      if (!reset.ok) throw new Error(`moto reset failed: HTTP ${reset.status}`);
      const [scenario] = await Promise.all([seedReferenceScenario({ endpoint: moto.endpoint, extraSecrets }), assume()]);
      proxy.reset();
      return scenario;
    },
    freshEnv() {
      homes += 1;
      return { ...env, HOME: join(dir, `home-${homes}`), SECRET_SHARE_WIZARD_HOME: join(dir, `wizard-home-${homes}`) };
    },
    async close() {
      await proxy.close();
      await moto.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
