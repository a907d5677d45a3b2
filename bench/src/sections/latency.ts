import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { awsCliName, findAwsCli } from '../aws-cli';
import { runBlogSteps } from '../blog-steps';
import { referenceShareArgs, type BenchAws, type BenchContext } from '../context';
import { awsCalls, countByOperation, roundTrips } from '../counting-proxy';
import { runManualDiagnosis } from '../manual-diagnosis';
import { runChecked, runProcess } from '../processes';
import { median, summarize } from '../stats';
import type { Row } from '../table';

/** Added to every AWS call by the proxy: none, a nearby region, another continent. */
export const DELAYS_MS = [0, 60, 150] as const;
/** The figures the targets are about. */
const TARGET_DELAY_MS = 60;
const MAX_ROUND_TRIPS = 7;
const DOCTOR_LIMIT_MS = 1_500;

/** One side's run: wall time, AWS calls, sequential round trips (as the proxy saw them). */
interface SideRun {
  ms: number;
  calls: number;
  rounds: number;
  operations: Record<string, number>;
}

interface Sides {
  product: SideRun[];
  baseline: SideRun[];
  processes: number;
}

function measured(bench: BenchAws, ms: number): SideRun {
  const calls = awsCalls(bench.proxy.calls);
  return { ms, calls: calls.length, rounds: roundTrips(calls), operations: countByOperation(calls) };
}

const medianOf = (runs: readonly SideRun[], pick: (run: SideRun) => number) => median(runs.map(pick));

function sideNote(runs: readonly SideRun[], prefix = ''): string {
  return `${prefix}${medianOf(runs, (r) => r.calls)} AWS calls, ${medianOf(runs, (r) => r.rounds)} round trips`;
}

function breakdown(operations: Record<string, number>): string {
  return Object.entries(operations)
    .map(([operation, count]) => (count > 1 ? `${operation} ×${count}` : operation))
    .join(', ');
}

/**
 * 6. Latency: every AWS call delayed by the proxy (0, 60 and 150 ms, answered that long after the
 * request arrived), the share of the reference secret — `apply --yes` against the blog's AWS CLI
 * steps — and the doctor against the same layers read by hand with the AWS CLI. Per side: the time,
 * the AWS calls and the sequential round trips (the deepest chain of calls each waiting for an
 * earlier answer, as the proxy sees it).
 */
export async function latency(context: BenchContext): Promise<Row[]> {
  const aws = await findAwsCli({ install: context.options.installAwsCli, log: context.log });
  const cli = awsCliName(aws.version);
  const bench = await context.aws();
  const runs = context.options.runs;
  const share = new Map<number, Sides>();
  const doctor: Sides = { product: [], baseline: [], processes: 0 };

  const withDelay = async <T>(delay: number, work: () => Promise<T>): Promise<T> => {
    bench.proxy.setDelay(delay);
    try {
      return await work();
    } finally {
      bench.proxy.setDelay(0);
    }
  };

  for (const delay of DELAYS_MS) {
    const sides: Sides = { product: [], baseline: [], processes: 0 };
    share.set(delay, sides);
    for (let run = 0; run < runs; run += 1) {
      {
        const scenario = await bench.freshScenario();
        const env = bench.freshEnv();
        const workDir = join(String(env.HOME), 'blog');
        await mkdir(workDir, { recursive: true });
        const ms = await withDelay(delay, async () => {
          const started = performance.now();
          const result = await runBlogSteps(aws.command, scenario, workDir, env, bench.proxy.endpoint);
          sides.processes = result.commands.length;
          return performance.now() - started;
        });
        sides.baseline.push(measured(bench, ms));
      }
      {
        const scenario = await bench.freshScenario();
        const env = bench.freshEnv();
        const args = referenceShareArgs(context, bench, scenario);
        const result = await withDelay(delay, () => runChecked(context.cli.command, args, { env }));
        sides.product.push(measured(bench, result.ms));
      }
      const last = (list: SideRun[]) => list.at(-1)!;
      context.log(`6. ${delay} ms per call, run ${run + 1}/${runs}: ${cli} ${last(sides.baseline).ms.toFixed(0)} ms (${last(sides.baseline).rounds} round trips), product ${last(sides.product).ms.toFixed(0)} ms (${last(sides.product).rounds} round trips)`);
    }
  }

  for (let run = 0; run < runs; run += 1) {
    {
      const scenario = await bench.freshScenario();
      const env = bench.freshEnv();
      const ms = await withDelay(TARGET_DELAY_MS, async () => {
        const started = performance.now();
        const result = await runManualDiagnosis(aws.command, scenario, env, bench.proxy.endpoint);
        doctor.processes = result.commands.length;
        return performance.now() - started;
      });
      doctor.baseline.push(measured(bench, ms));
    }
    {
      const scenario = await bench.freshScenario();
      const env = bench.freshEnv();
      const args = [...context.cli.args, 'doctor', '--secret', scenario.secret.arn, '--consumer-role', scenario.role.arn, '--profile', bench.config.ownerProfile, '--consumer-profile', bench.config.consumerProfile, '--json'];
      const result = await withDelay(TARGET_DELAY_MS, () => runProcess(context.cli.command, args, { env }));
      // 0 allowed, 3 denied (the fresh scenario is not shared yet), 4 allowed only if: all are answers.
      if (![0, 3, 4].includes(result.code ?? -1)) throw new Error(`doctor exited with ${result.code}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
      doctor.product.push(measured(bench, result.ms));
    }
  }

  const at = (delay: number) => share.get(delay)!;
  const slope = (pick: (sides: Sides) => SideRun[], delay: number) => (medianOf(pick(at(delay)), (r) => r.ms) - medianOf(pick(at(0)), (r) => r.ms)) / delay;
  const last = DELAYS_MS[DELAYS_MS.length - 1]!;
  context.note(
    `Latency (6): the proxy answers every AWS call ${DELAYS_MS.join(', ')} ms after it arrived; baseline ${cli} (${aws.source}), one \`aws\` process per step with \`--endpoint-url\`. ` +
      `Round trips from the times, (t${last} − t0) / ${last} ms: product ${slope((s) => s.product, last).toFixed(1)}, ${cli} ${slope((s) => s.baseline, last).toFixed(1)}.`,
  );
  context.note(`Latency (6), \`apply --yes\` at ${last} ms: ${breakdown(at(last).product.at(-1)!.operations)}.`);
  context.note(`Latency (6e), doctor at ${TARGET_DELAY_MS} ms (${sideNote(doctor.product)}): ${breakdown(doctor.product.at(-1)!.operations)}; by hand: ${doctor.processes} \`aws\` runs.`);

  const shareRow = (delay: number, letter: string): Row => {
    const sides = at(delay);
    return {
      section: `6${letter}`,
      measure: `Share at ${delay} ms per AWS call: \`apply --yes\` vs the blog's steps (${cli})`,
      product: { summary: summarize(sides.product.map((r) => r.ms)), unit: 'ms', note: sideNote(sides.product) },
      baseline: { summary: summarize(sides.baseline.map((r) => r.ms)), unit: 'ms', note: sideNote(sides.baseline, `${sides.processes} aws runs, `) },
      ratio: 'speedup',
      ...(delay === TARGET_DELAY_MS ? { target: { on: 'ratio' as const, bound: 'min' as const, limit: 5 } } : {}),
    };
  };
  return [
    shareRow(0, 'a'),
    shareRow(60, 'b'),
    shareRow(150, 'c'),
    {
      section: '6d',
      measure: `Sequential round trips of the share (\`apply --yes\` vs the blog's steps), at ${last} ms per call`,
      product: { summary: summarize(at(last).product.map((r) => r.rounds)), unit: 'count' },
      baseline: { summary: summarize(at(last).baseline.map((r) => r.rounds)), unit: 'count' },
      target: { on: 'value', bound: 'max', limit: MAX_ROUND_TRIPS },
    },
    {
      section: '6e',
      measure: `Doctor at ${TARGET_DELAY_MS} ms per AWS call vs the same layers read by hand (${cli})`,
      product: { summary: summarize(doctor.product.map((r) => r.ms)), unit: 'ms', note: sideNote(doctor.product) },
      baseline: { summary: summarize(doctor.baseline.map((r) => r.ms)), unit: 'ms', note: sideNote(doctor.baseline, `${doctor.processes} aws runs, `) },
      ratio: 'speedup',
      target: { on: 'value', bound: 'max', limit: DOCTOR_LIMIT_MS },
    },
  ];
}
