import type { Summary } from './stats';

export type Unit = 'ms' | 's' | 'per-s' | 'bytes' | 'count';

/** One measured figure: the summary of its runs, plus what to print after it (e.g. "9 AWS calls"). */
export interface Figure {
  summary: Summary;
  unit: Unit;
  note?: string;
}

/** A target: `max` means the ratio (or value) must be at most `limit`, `min` at least. */
export interface Target {
  /** What is compared with the limit: the ratio against the baseline, or the product's own median. */
  on: 'ratio' | 'value';
  bound: 'max' | 'min';
  limit: number;
}

export interface Row {
  section: string;
  measure: string;
  /** Absent when the figure could not be measured: `error` says why, and the row reads NOT MEASURED. */
  product?: Figure;
  error?: string;
  baseline?: Figure;
  /** How the ratio reads: `fraction` = product ÷ baseline (×), `speedup` = baseline ÷ product (× faster). */
  ratio?: 'fraction' | 'speedup';
  target?: Target;
  /** Shown in the Result column instead of met/MISSED when there is no numeric target, or with it. */
  note?: string;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatNumber(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${numberFormat.format(value)} ms` : `${value.toFixed(1)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'per-s':
      return `${numberFormat.format(value)}/s`;
    case 'bytes':
      return value >= 1024 * 1024 ? `${(value / (1024 * 1024)).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`;
    case 'count':
      return numberFormat.format(value);
  }
}

/** `312 ms (298 ms–340 ms)`; a single run or a constant shows just the value. */
export function formatFigure(figure: Figure): string {
  const { median, min, max } = figure.summary;
  const spread = min === max ? '' : ` (${formatNumber(min, figure.unit)}–${formatNumber(max, figure.unit)})`;
  const note = figure.note ? `, ${figure.note}` : '';
  return `${formatNumber(median, figure.unit)}${spread}${note}`;
}

/** The ratio's value, from the medians; undefined without a baseline. */
export function ratioValue(row: Row): number | undefined {
  if (!row.product || !row.baseline || !row.ratio) return undefined;
  const product = row.product.summary.median;
  const baseline = row.baseline.summary.median;
  return row.ratio === 'fraction' ? product / baseline : baseline / product;
}

export function formatRatio(row: Row): string {
  const value = ratioValue(row);
  if (value === undefined) return '—';
  const digits = value < 10 ? 2 : 1;
  return row.ratio === 'speedup' ? `${value.toFixed(digits)}× faster` : `${value.toFixed(digits)}×`;
}

/** Whether the row meets its target; undefined when it has none (or no ratio to compare). */
export function targetMet(row: Row): boolean | undefined {
  if (!row.target || !row.product) return undefined;
  const value = row.target.on === 'ratio' ? ratioValue(row) : row.product.summary.median;
  if (value === undefined || Number.isNaN(value)) return undefined;
  return row.target.bound === 'max' ? value <= row.target.limit : value >= row.target.limit;
}

export function formatTarget(row: Row): string {
  if (!row.target) return '—';
  const sign = row.target.bound === 'max' ? '≤' : '≥';
  if (row.target.on === 'value') return `${sign} ${formatNumber(row.target.limit, row.product?.unit ?? 'count')}`;
  return row.ratio === 'speedup' ? `${sign} ${row.target.limit}× faster` : `${sign} ${row.target.limit}×`;
}

export function formatResult(row: Row): string {
  if (!row.product) {
    const reason = row.error ?? 'unknown reason';
    return `**NOT MEASURED**: ${reason.length > 160 ? `${reason.slice(0, 157)}...` : reason}`;
  }
  const met = targetMet(row);
  const verdict = met === undefined ? '' : met ? 'met' : '**MISSED**';
  return [verdict, row.note ?? ''].filter(Boolean).join(' — ') || '—';
}

const HEADERS = ['#', 'Measure', 'secret-share-wizard (median (min–max))', 'Baseline (median (min–max))', 'Ratio', 'Target', 'Result'];

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** One Markdown table (readable as plain text too), columns padded to line up. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.section,
    row.measure,
    row.product ? formatFigure(row.product) : 'not measured',
    row.baseline ? formatFigure(row.baseline) : '—',
    formatRatio(row),
    formatTarget(row),
    formatResult(row),
  ].map(escapeCell));
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(HEADERS), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
