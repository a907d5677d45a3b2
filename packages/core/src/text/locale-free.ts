/**
 * Number and text helpers that do not touch ICU. `toLocaleString('en-US')` and `localeCompare` load
 * the ICU formatter or collator on first use (about 15 ms each at start-up, measured in the CLI's
 * profile), for output that is English and ASCII anyway.
 */

/** `20480` → `20,480` (grouped thousands, as en-US prints them). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole = '', fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A stable, locale-independent order for sort(): by UTF-16 code units. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
