/**
 * The bench's sections, by number: `--only` and the usage text read this list, `main.ts` runs them
 * in this order. A new section (audit, manifest plan, …) takes the next number here and in main.ts.
 */
export const SECTION_TITLES: Readonly<Record<number, string>> = {
  1: 'Cold start',
  2: 'Share end to end',
  3: 'Simulation',
  4: 'Scale',
  5: 'VS Code',
  6: 'Latency',
  7: 'Audit',
};

export const SECTION_NUMBERS: readonly number[] = Object.keys(SECTION_TITLES).map(Number);
