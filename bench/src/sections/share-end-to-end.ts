import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runBlogSteps } from '../blog-steps';
import { awsCliName, findAwsCli } from '../aws-cli';
import { referenceShareArgs, type BenchContext } from '../context';
import { awsCalls, countByOperation, type ProxiedCall } from '../counting-proxy';
import { runChecked } from '../processes';
import { summarize } from '../stats';
import type { Row } from '../table';

function breakdown(calls: readonly ProxiedCall[]): string {
  return Object.entries(countByOperation(calls))
    .map(([operation, count]) => (count > 1 ? `${operation} ×${count}` : operation))
    .join(', ');
}

/**
 * 2. Share the reference secret with PRODUCTION_SECRET_ROLE end to end: the blog's (corrected) AWS
 * CLI steps vs `secret-share-wizard apply --yes`, each from a freshly seeded moto, all AWS calls
 * counted by the proxy in front of moto.
 */
export async function shareEndToEnd(context: BenchContext): Promise<Row[]> {
  const aws = await findAwsCli({ install: context.options.installAwsCli, log: context.log });
  const bench = await context.aws();
  const baselineMs: number[] = [];
  const productMs: number[] = [];
  let baselineCalls: ProxiedCall[] = [];
  let productCalls: ProxiedCall[] = [];
  let processes = 0;
  let productError: string | undefined;
  for (let run = 0; run < context.options.runs; run += 1) {
    {
      const scenario = await bench.freshScenario();
      const env = bench.freshEnv();
      const workDir = join(String(env.HOME), 'blog');
      await mkdir(workDir, { recursive: true });
      const started = performance.now();
      const result = await runBlogSteps(aws.command, scenario, workDir, env, bench.proxy.endpoint);
      baselineMs.push(performance.now() - started);
      baselineCalls = awsCalls(bench.proxy.calls);
      processes = result.commands.length;
    }
    if (productError === undefined) {
      const scenario = await bench.freshScenario();
      const env = bench.freshEnv();
      const args = referenceShareArgs(context, bench, scenario);
      try {
        const result = await runChecked(context.cli.command, args, { env });
        productMs.push(result.ms);
        productCalls = awsCalls(bench.proxy.calls);
      } catch (error) {
        productError = error instanceof Error ? error.message : String(error);
        context.log(`2. the product failed: ${productError}`);
      }
    }
    context.log(`2. run ${run + 1}/${context.options.runs}: AWS CLI ${baselineMs.at(-1)!.toFixed(0)} ms, product ${productMs.at(-1)?.toFixed(0) ?? '-'} ms`);
  }
  context.note(`Share end to end, ${awsCliName(aws.version)} (${processes} \`aws\` processes, ${baselineCalls.length} AWS calls): ${breakdown(baselineCalls)}.`);
  context.note(`Share end to end, \`secret-share-wizard apply --yes\` (1 process, ${productCalls.length} AWS calls): ${breakdown(productCalls)}.`);
  return [
    {
      section: '2',
      measure: `Share one secret end to end on moto (no added latency): \`apply --yes\` vs the blog's steps (${awsCliName(aws.version)})`,
      ...(productError === undefined
        ? { product: { summary: summarize(productMs), unit: 'ms' as const, note: `${productCalls.length} AWS calls` } }
        : { error: productError.split('\n')[0] }),
      baseline: { summary: summarize(baselineMs), unit: 'ms', note: `${processes} aws runs, ${baselineCalls.length} AWS calls` },
      ratio: 'speedup',
      target: { on: 'ratio', bound: 'min', limit: 10 },
    },
  ];
}
