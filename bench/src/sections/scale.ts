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
 * every 1 s window.
 */
export async function scale(context: BenchContext): Promise<Row[]> {
  const bench = await context.aws();
  const count = context.options.secrets;
  const plans: ScaleRun[] = [];
  const applies: ScaleRun[] = [];
  const limited: ScaleRun[] = [];

  const shareMany = async (secretsFile: string, extra: string[]) => {
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
        '222222222222',
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

  // Each scale run seeds moto twice with all the secrets: at most 3 runs keep the bench near 5 minutes.
  const runs = Math.min(context.options.runs, 3);
  for (let run = 0; run < runs; run += 1) {
    const scenario = await bench.freshScenario(count);
    const secretsFile = join(bench.workDir, `secrets-${run}.txt`);
    await writeFile(secretsFile, `${scenario.extraSecrets.map((secret) => secret.arn).join('\n')}\n`);
    plans.push(await shareMany(secretsFile, ['--dry-run']));
    applies.push(await shareMany(secretsFile, ['--yes']));
    const again = await bench.freshScenario(count);
    const againFile = join(bench.workDir, `secrets-${run}-limited.txt`);
    await writeFile(againFile, `${again.extraSecrets.map((secret) => secret.arn).join('\n')}\n`);
    limited.push(await shareMany(againFile, ['--yes', '--rate-limit', String(RATE_LIMIT)]));
    context.log(
      `4. run ${run + 1}/${runs}: plan ${(plans.at(-1)!.ms / 1000).toFixed(2)} s, apply ${(applies.at(-1)!.ms / 1000).toFixed(2)} s, ` +
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
  ];
}
