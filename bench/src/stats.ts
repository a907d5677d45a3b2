/** Summary of repeated measurements: the median is what the table reports, min/max show the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median of the samples (mean of the two middle values for an even count). Throws on no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summary of no samples');
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples.length };
}

/** Runs `measure` `runs` times one after the other and summarizes what it returns. */
export async function repeat(runs: number, measure: (run: number) => Promise<number>): Promise<Summary> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await measure(run));
  return summarize(samples);
}

/** Requests per fixed window of `windowMs` (default 1 s), counted from the first timestamp. */
export function windowCounts(timestampsMs: readonly number[], windowMs = 1_000): number[] {
  if (timestampsMs.length === 0) return [];
  const start = Math.min(...timestampsMs);
  const counts: number[] = [];
  for (const time of timestampsMs) {
    const index = Math.floor((time - start) / windowMs);
    while (counts.length <= index) counts.push(0);
    counts[index]! += 1;
  }
  return counts;
}

/**
 * The most requests seen in ANY window of `windowMs` (sliding over the request times): the figure to
 * compare with a per-second quota, stricter than fixed windows.
 */
export function maxInSlidingWindow(timestampsMs: readonly number[], windowMs = 1_000): number {
  const sorted = [...timestampsMs].sort((a, b) => a - b);
  let best = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}
