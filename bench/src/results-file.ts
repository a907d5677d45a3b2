import { writeFile } from 'node:fs/promises';
import type { Machine } from './machine';
import { renderTable, targetMet, type Row } from './table';

export interface BenchReport {
  date: Date;
  machine: Machine;
  command: string;
  rows: Row[];
  /** Extra lines under the table (what each figure measures, tool versions, notes). */
  notes: string[];
  seconds: number;
}

/** The targets met / missed / not measured, for the summary line. */
export function verdicts(rows: readonly Row[]): { met: number; missed: number; notMeasured: number } {
  let met = 0;
  let missed = 0;
  let notMeasured = 0;
  for (const row of rows) {
    if (!row.product) notMeasured += 1;
    else if (targetMet(row) === true) met += 1;
    else if (targetMet(row) === false) missed += 1;
  }
  return { met, missed, notMeasured };
}

/**
 * Other work competed for the CPU: more runnable work than cores when the run started, or far more at
 * its end. The end's 1-minute average includes the bench's own last section (code-server, chromium and
 * moto keep about one core per core busy), so only twice the cores counts as noise there.
 */
export function busy(machine: Machine): boolean {
  return machine.loadStart > machine.cores || (machine.loadEnd ?? 0) > 2 * machine.cores;
}

export function renderReport(report: BenchReport): string {
  const { machine } = report;
  const { met, missed, notMeasured } = verdicts(report.rows);
  const load = `load average ${machine.loadStart.toFixed(2)} at start${machine.loadEnd === undefined ? '' : `, ${machine.loadEnd.toFixed(2)} at end`}`;
  return [
    '# Benchmark results',
    '',
    `Latest run: ${report.date.toISOString().replace('T', ' ').slice(0, 16)} UTC, \`${report.command}\`, ${report.seconds.toFixed(0)} s.`,
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}; ${load}.`,
    ...(busy(machine) ? ['', `**Noisy figures:** the load average exceeded the ${machine.cores} cores when the bench started, or twice that at its end (other work competed for the CPU). Re-run \`pnpm bench\` on an idle machine before quoting them.`] : []),
    '',
    renderTable(report.rows),
    '',
    `Targets: ${met} met, ${missed} missed${notMeasured ? `, ${notMeasured} not measured` : ''}.`,
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

export async function writeReport(file: string, report: BenchReport): Promise<void> {
  await writeFile(file, renderReport(report));
}
