import { type Arn, tryParseArn } from '../arn/arn';

/** `tryParseArn`, memoised: the evaluator parses the same few principal and resource ARNs again and again. */
const MAX_CACHE = 10_000;
const cache = new Map<string, Arn | null>();

export function cachedArn(value: string): Arn | undefined {
  let found = cache.get(value);
  if (found === undefined) {
    if (cache.size >= MAX_CACHE) cache.clear();
    found = tryParseArn(value) ?? null;
    cache.set(value, found);
  }
  return found ?? undefined;
}
