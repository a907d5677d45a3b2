import type { Line } from '../state/report-lines';

const CODES: Record<NonNullable<Line['tone']>, [number, number]> = {
  add: [32, 39],
  remove: [31, 39],
  hunk: [36, 39],
  heading: [1, 22],
  error: [31, 39],
  warning: [33, 39],
  info: [36, 39],
  ok: [32, 39],
  dim: [2, 22],
};

/** A report line as terminal text; plain text when colour is off (NO_COLOR, --no-color). */
export function paint(line: Line, color: boolean): string {
  if (!color || !line.tone) return line.text;
  const [open, close] = CODES[line.tone];
  return `\u001B[${open}m${line.text}\u001B[${close}m`;
}
