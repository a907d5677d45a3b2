import type { BenchContext } from '../context';
import { awsCliName, findAwsCli } from '../aws-cli';
import { runChecked } from '../processes';
import { summarize } from '../stats';
import type { Row } from '../table';

/**
 * 1. Cold start: `secret-share-wizard --help` vs `aws --version`, alternating so that background
 * load hits both alike. One unmeasured warm-up each first (file cache).
 */
export async function coldStart(context: BenchContext): Promise<Row[]> {
  const aws = await findAwsCli({ install: context.options.installAwsCli, log: context.log });
  context.log(`1. cold start: ${aws.version} (${aws.source})`);
  const env = { ...process.env, NO_COLOR: '1' };
  const product = () => runChecked(context.cli.command, [...context.cli.args, '--help'], { env });
  const baseline = () => runChecked(aws.command, ['--version'], { env });
  await product();
  await baseline();
  const productMs: number[] = [];
  const baselineMs: number[] = [];
  const runs = context.options.quick ? 1 : Math.max(context.options.runs * 2, 10);
  for (let run = 0; run < runs; run += 1) {
    productMs.push((await product()).ms);
    baselineMs.push((await baseline()).ms);
  }
  return [
    {
      section: '1',
      measure: `Cold start: \`secret-share-wizard --help\` vs \`aws --version\` (${awsCliName(aws.version)})`,
      product: { summary: summarize(productMs), unit: 'ms' },
      baseline: { summary: summarize(baselineMs), unit: 'ms', note: aws.version.split(' ')[0] },
      ratio: 'fraction',
      target: { on: 'ratio', bound: 'max', limit: 0.2 },
    },
  ];
}
