import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext } from '../context';
import { awsCalls, countByOperation, resourcePolicyCalls, type ProxiedCall } from '../counting-proxy';
import { runChecked } from '../processes';
import { maxInSlidingWindow, summarize, windowCounts } from '../stats';
import type { Row } from '../table';

/** The product's default concurrency for share-many (see packages/core/src/batch/share-many.ts). */
const DEFAULT_CONCURRENCY_LABEL = 'default concurrency';
const RATE_LIMIT = 50;

interface ScaleRun {
  ms: number;
  calls: ProxiedCall[];
}

function requestsPerSecond(run: ScaleRun): number {
  return run.calls.length / (run.ms / 1000);
}

/** The busiest second of the resource-policy APIs (sliding 1 s window over the request times). */
function peakPolicyRate(run: ScaleRun): number {
  return maxInSlidingWindow(resourcePolicyCalls(run.calls).map((call) => call.at), 1_000);
}

/**
 * 4. Scale: share N secrets (created by the bench on MY_CMK) with PRODUCTION_SECRET_ROLE through
 * `secret-share-wizard share-many`: plan only, apply with the default concurrency, and apply with
 * `--rate-limit 50`, where the Secrets Manager resource-policy APIs must stay within 50 requests in
 * every 1 s window. And the manifest: `plan -f` of the N secrets × 2 consumer accounts in one run,
 * side by side with what it replaces, `share-many --dry-run` once per consumer.
 */
export async function scale(context: BenchContext): Promise<Row[]> {
  const bench = await context.aws();
  const count = context.options.secrets;
  const plans: ScaleRun[] = [];
  const applies: ScaleRun[] = [];
  const limited: ScaleRun[] = [];

  const shareMany = async (secretsFile: string, extra: string[], consumer = '222222222222') => {
    const scenarioEnv = bench.freshEnv();
    bench.proxy.reset();
    const result = await runChecked(
      context.cli.command,
      [
        ...context.cli.args,
        'share-many',
        '--secrets-file',
        secretsFile,
        // The PRODUCTION account (the recommended principal): its administrator grants the role. A role
        // consumer would need ~10 managed policies for 200 exact secret ARNs (IAM's default quota is 10).
        '--consumer',
        consumer,
        '--profile',
        bench.config.ownerProfile,
        '--consumer-profile',
        bench.config.consumerProfile,
        '--json',
        ...extra,
      ],
      { env: scenarioEnv, timeoutMs: 300_000 },
    );
    const output = JSON.parse(result.stdout) as { ok?: boolean; shared?: number; secrets?: number };
    if (output.ok !== true) throw new Error(`share-many ${extra.join(' ')} did not succeed: ${result.stdout.slice(0, 500)}`);
    return { ms: result.ms, calls: awsCalls(bench.proxy.calls) };
  };

  /** `plan -f` of a manifest: the secrets × both consumer accounts (their administrators grant the roles). */
  const planManifest = async (secretArns: string[]) => {
    const file = join(bench.workDir, 'shares.yaml');
    const consumers = MANIFEST_CONSUMERS.map((account) => `      - account: "${account}"\n        consumerPolicy: none`).join('\n');
    // 200 exact secret ARNs per consumer in one key-policy statement: two consumers would pass the key
    // policy's 32,768 bytes (the plan says so: SIZE_LIMIT_KEY_POLICY). A fan-out this wide grants the
    // key through Secrets Manager without the per-secret list (contextCondition: false), on both sides.
    await writeFile(file, `version: 1\ndefaults:\n  contextCondition: false\nshares:\n  - secrets:\n${secretArns.map((arn) => `      - arn: ${arn}`).join('\n')}\n    consumers:\n${consumers}\n`);
    bench.proxy.reset();
    const result = await runChecked(
      context.cli.command,
      [...context.cli.args, 'plan', '-f', file, '--profile', bench.config.ownerProfile, '--consumer-profile', bench.config.consumerProfile, '--json'],
      { env: bench.freshEnv(), timeoutMs: 300_000 },
    );
    const output = JSON.parse(result.stdout) as { ok?: boolean; shares?: unknown[] };
    if (output.ok !== true || output.shares?.length !== secretArns.length * MANIFEST_CONSUMERS.length) throw new Error(`plan -f did not succeed: ${result.stdout.slice(0, 500)}`);
    return { ms: result.ms, calls: awsCalls(bench.proxy.calls) };
  };
  /** The same without a manifest: `share-many --dry-run` once per consumer account, one after the other. */
  const planPerConsumer = async (secretsFile: string) => {
    const runs: ScaleRun[] = [];
    for (const account of MANIFEST_CONSUMERS) runs.push(await shareMany(secretsFile, ['--dry-run', '--no-context-condition'], account));
    return { ms: runs.reduce((sum, one) => sum + one.ms, 0), calls: runs.flatMap((one) => one.calls) };
  };
  const manifests: ScaleRun[] = [];
  const perConsumer: ScaleRun[] = [];

  // Each scale run seeds moto twice with all the secrets: at most 3 runs keep the bench near 5 minutes.
  const runs = Math.min(context.options.runs, 3);
  for (let run = 0; run < runs; run += 1) {
    const scenario = await bench.freshScenario(count);
    const secretsFile = join(bench.workDir, `secrets-${run}.txt`);
    await writeFile(secretsFile, `${scenario.extraSecrets.map((secret) => secret.arn).join('\n')}\n`);
    plans.push(await shareMany(secretsFile, ['--dry-run']));
    manifests.push(await planManifest(scenario.extraSecrets.map((secret) => secret.arn)));
    perConsumer.push(await planPerConsumer(secretsFile));
    applies.push(await shareMany(secretsFile, ['--yes']));
    const again = await bench.freshScenario(count);
    const againFile = join(bench.workDir, `secrets-${run}-limited.txt`);
    await writeFile(againFile, `${again.extraSecrets.map((secret) => secret.arn).join('\n')}\n`);
    limited.push(await shareMany(againFile, ['--yes', '--rate-limit', String(RATE_LIMIT)]));
    context.log(
      `4. run ${run + 1}/${runs}: plan ${(plans.at(-1)!.ms / 1000).toFixed(2)} s, manifest ×${MANIFEST_CONSUMERS.length} ${(manifests.at(-1)!.ms / 1000).toFixed(2)} s (per consumer ${(perConsumer.at(-1)!.ms / 1000).toFixed(2)} s), apply ${(applies.at(-1)!.ms / 1000).toFixed(2)} s, ` +
        `rate-limited ${(limited.at(-1)!.ms / 1000).toFixed(2)} s (peak ${peakPolicyRate(limited.at(-1)!)} policy req/s)`,
    );
  }

  const seconds = (runs: ScaleRun[]) => summarize(runs.map((run) => run.ms / 1000));
  const rate = (runs: ScaleRun[]) => summarize(runs.map(requestsPerSecond));
  const lastApply = applies.at(-1)!;
  const lastLimited = limited.at(-1)!;
  const fixedWindows = windowCounts(resourcePolicyCalls(lastLimited.calls).map((call) => call.at));
  context.note(
    `Scale: ${count} secrets on MY_CMK created by the bench, shared with the PRODUCTION account 222222222222 (its administrator grants the role); each run starts from a freshly seeded moto, through the built CLI.`,
  );
  context.note(`Scale apply (${DEFAULT_CONCURRENCY_LABEL}), last run: ${lastApply.calls.length} AWS calls: ${JSON.stringify(countByOperation(lastApply.calls))}.`);
  context.note(
    `Scale apply with --rate-limit ${RATE_LIMIT}, last run: resource-policy API requests per fixed 1 s window: ${fixedWindows.join(', ')}; ` +
      `peak over any sliding 1 s window ${peakPolicyRate(lastLimited)}; without the limit the peak was ${peakPolicyRate(lastApply)}.`,
  );
  context.note(
    `Scale manifest, last run (contextCondition: false on both sides: ${MANIFEST_CONSUMERS.length} key grants listing ${count} exact secret ARNs each would pass the key policy's 32,768 bytes): \`plan -f\` of ${count} secrets × ${MANIFEST_CONSUMERS.length} consumer accounts in one process, ${manifests.at(-1)!.calls.length} AWS calls: ${JSON.stringify(countByOperation(manifests.at(-1)!.calls))}; ` +
      `\`share-many --dry-run\` once per consumer: ${perConsumer.at(-1)!.calls.length} AWS calls: ${JSON.stringify(countByOperation(perConsumer.at(-1)!.calls))}.`,
  );
  return [
    {
      section: '4a',
      measure: `Scale: plan sharing ${count} secrets with one consumer account (\`share-many --dry-run\`)`,
      product: { summary: seconds(plans), unit: 's', note: `${plans.at(-1)!.calls.length} AWS calls, ${rate(plans).median.toFixed(0)} req/s` },
    },
    {
      section: '4b',
      measure: `Scale: apply sharing ${count} secrets (\`share-many --yes\`, ${DEFAULT_CONCURRENCY_LABEL})`,
      product: { summary: seconds(applies), unit: 's', note: `${lastApply.calls.length} AWS calls, ${rate(applies).median.toFixed(0)} req/s` },
    },
    {
      section: '4c',
      measure: `Scale: same with \`--rate-limit ${RATE_LIMIT}\`: peak Get/Put/Delete/ValidateResourcePolicy requests in any 1 s`,
      product: {
        summary: summarize(limited.map(peakPolicyRate)),
        unit: 'per-s',
        note: `${seconds(limited).median.toFixed(2)} s, ${resourcePolicyCalls(lastLimited.calls).length} policy-API requests (${(resourcePolicyCalls(lastLimited.calls).length / (lastLimited.ms / 1000)).toFixed(0)}/s on average), ${lastLimited.calls.length} AWS calls in all`,
      },
      target: { on: 'value', bound: 'max', limit: RATE_LIMIT },
    },
    {
      section: '4d',
      measure: `Scale: plan a manifest of ${count} secrets × ${MANIFEST_CONSUMERS.length} consumer accounts (\`plan -f\`) vs \`share-many --dry-run\` once per consumer`,
      product: { summary: seconds(manifests), unit: 's', note: `${manifests.at(-1)!.calls.length} AWS calls, 1 process` },
      baseline: { summary: seconds(perConsumer), unit: 's', note: `${perConsumer.at(-1)!.calls.length} AWS calls, ${MANIFEST_CONSUMERS.length} processes` },
      ratio: 'speedup',
    },
  ];
}

/** The consumer accounts of the manifest row: PRODUCTION and a third account, each granted by its administrator. */
const MANIFEST_CONSUMERS = ['222222222222', '333333333333'];
