import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchAws, warmCompileCache, type BenchAws, type BenchContext } from './context';
import { describeMachine, finishMachine } from './machine';
import { parseBenchOptions, USAGE } from './options';
import { runChecked } from './processes';
import { renderReport, verdicts, writeReport } from './results-file';
import { audit } from './sections/audit';
import { coldStart } from './sections/cold-start';
import { scale } from './sections/scale';
import { latency } from './sections/latency';
import { shareEndToEnd } from './sections/share-end-to-end';
import { SECTION_TITLES } from './section-list';
import { simulation } from './sections/simulation';
import { vscodeExtension } from './sections/vscode';
import { renderTable, type Row } from './table';

interface Section {
  number: number;
  title: string;
  run(context: BenchContext): Promise<Row[]>;
}

const RUNS: Record<number, Section['run']> = { 1: coldStart, 2: shareEndToEnd, 3: simulation, 4: scale, 5: vscodeExtension, 6: latency, 7: audit };

const SECTIONS: Section[] = Object.entries(SECTION_TITLES).map(([number, title]) => {
  const run = RUNS[Number(number)];
  if (!run) throw new Error(`bench: section ${number} (${title}) has nothing to run`);
  return { number: Number(number), title, run };
});

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The AWS SDK warns on Node 20 that later releases need Node 22: noise in the bench's output. */
function silenceSdkNodeVersionWarning(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'NodeVersionSupportWarning' || /AWS SDK for JavaScript \(v3\)[\s\S]*node >=22/.test(text)) return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** Runs the bench; resolves to the exit code (0 ok, 1 a section failed to measure, 2 bad options). */
export async function main(argv: string[]): Promise<number> {
  silenceSdkNodeVersionWarning();
  // bench/results/.build/bench.mjs → the repository root is three levels up.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  let options;
  try {
    options = parseBenchOptions(argv, join(root, 'bench', 'RESULTS.md'));
  } catch (error) {
    console.error(`bench: ${errorText(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const machine = describeMachine();
  const log = (message: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
  const notes: string[] = [];
  let aws: Promise<BenchAws> | undefined;
  const context: BenchContext = {
    root,
    options,
    cli: { command: process.execPath, args: [join(root, 'packages', 'tui', 'dist', 'cli.js')] },
    log,
    note: (text) => void notes.push(text),
    aws: () => (aws ??= startBenchAws().then(async (started) => warmCompileCache(context, started))),
  };
  log(`${machine.cores} cores, Node ${machine.node}, load average ${machine.loadStart.toFixed(2)}${options.quick ? ', --quick' : ''}`);

  if (options.build || !existsSync(context.cli.args[0]!)) {
    log('building the CLI (pnpm --filter secret-share-wizard build)');
    await runChecked('pnpm', ['--filter', 'secret-share-wizard', 'build'], { cwd: root, timeoutMs: 300_000 });
  }

  // Ctrl+C / SIGTERM: stop moto and the proxy before leaving (the 'exit' hooks do not run on a signal).
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void (aws ? aws.then((started) => started.close()) : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const rows: Row[] = [];
  try {
    for (const section of SECTIONS) {
      if (!options.only.has(section.number)) continue;
      log(`${section.number}. ${section.title}`);
      try {
        rows.push(...(await section.run(context)));
      } catch (error) {
        log(`${section.number}. ${section.title} failed: ${errorText(error)}`);
        rows.push({ section: String(section.number), measure: section.title, error: errorText(error).split('\n')[0] ?? 'failed' });
      }
    }
  } finally {
    if (aws) await (await aws).close();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const report = {
    date: new Date(),
    machine: finishMachine(machine),
    command: `node bench/run.mjs${argv.length ? ` ${argv.join(' ')}` : ''}`,
    rows,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(renderTable(rows));
  const { met, missed, notMeasured } = verdicts(rows);
  console.log(`\nTargets: ${met} met, ${missed} missed${notMeasured ? `, ${notMeasured} not measured` : ''}. ${report.seconds.toFixed(0)} s.`);
  for (const note of notes) console.log(`- ${note}`);
  if (options.resultsFile) {
    await writeReport(options.resultsFile, report);
    log(`wrote ${relative(process.cwd(), options.resultsFile)}`);
  }
  if (options.jsonFile) await writeFile(options.jsonFile, JSON.stringify({ ...report, markdown: renderReport(report) }, null, 2));
  return notMeasured > 0 ? 1 : 0;
}
