/**
 * IAM wildcard matching (`*` any run of characters, `?` exactly one) that never backtracks.
 *
 * A pattern is split at its `*`s into segments (which may hold `?`). The first segment must match at
 * the start of the value, the last at its end, and each middle segment at its leftmost place after
 * the previous one: for globs the leftmost choice is always a correct one, so nothing is ever tried
 * twice (no backtracking). Each segment is a RegExp with no quantifier (it cannot backtrack; the
 * regex engine just compares and searches text fast). Work: one search per segment, at most
 * O(|pattern| · |value|) in all, usually O(|pattern| + |value|), whatever the number of `*`s. One
 * RegExp for the whole pattern (`^a[\s\S]*b[\s\S]*…$`) backtracks: 45 `*`s took minutes (issue 10).
 *
 * Compiled patterns are cached by their text so that the hot evaluation loop splits each once.
 */
type Matcher = (value: string) => boolean;

const MAX_CACHE = 10_000;
const sensitive = new Map<string, Matcher>();
const insensitive = new Map<string, Matcher>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+^${}()|[\]\\]/g, '\\$&');
}

/**
 * A part of a pattern between two `*`s, as a RegExp without any quantifier (`?` is `[\s\S]`): it
 * cannot backtrack, and the regex engine compares and searches literal text faster than a loop.
 */
interface Segment {
  length: number;
  /** Sticky: matches exactly at `lastIndex`. */
  at: RegExp;
  /** Global: the leftmost match from `lastIndex` on. */
  search: RegExp;
}

function segmentOf(text: string, ignoreCase: boolean): Segment {
  const source = escapeRegExp(text).replace(/\?/g, '[\\s\\S]');
  const flags = ignoreCase ? 'i' : '';
  return { length: text.length, at: new RegExp(source, `y${flags}`), search: new RegExp(source, `g${flags}`) };
}

/** Does `segment` match `value` exactly at `index`? */
function segmentAt(segment: Segment, value: string, index: number): boolean {
  if (segment.length === 0) return true;
  segment.at.lastIndex = index;
  return segment.at.test(value);
}

/** Leftmost index ≥ `from` where `segment` matches and ends by `end`; -1 when there is none. */
function findSegment(segment: Segment, value: string, from: number, end: number): number {
  segment.search.lastIndex = from;
  const found = segment.search.exec(value);
  // A later match would end later still: the leftmost one decides.
  return found && found.index + segment.length <= end ? found.index : -1;
}

function compileGlob(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    if (!ignoreCase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const texts = pattern.split('*');
  if (texts.length === 1) {
    const whole = segmentOf(pattern, ignoreCase);
    return (value) => value.length === whole.length && segmentAt(whole, value, 0);
  }
  const first = segmentOf(texts[0]!, ignoreCase);
  const final = segmentOf(texts[texts.length - 1]!, ignoreCase);
  const middle = texts.slice(1, -1).filter((text) => text.length > 0).map((text) => segmentOf(text, ignoreCase));
  const minimum = texts.reduce((sum, text) => sum + text.length, 0);
  return (value) => {
    if (value.length < minimum) return false;
    if (!segmentAt(first, value, 0)) return false;
    const end = value.length - final.length;
    if (!segmentAt(final, value, end)) return false;
    let at = first.length;
    for (const segment of middle) {
      const found = findSegment(segment, value, at, end);
      if (found < 0) return false;
      at = found + segment.length;
    }
    return true;
  };
}

function matcher(pattern: string, ignoreCase: boolean): Matcher {
  const cache = ignoreCase ? insensitive : sensitive;
  let found = cache.get(pattern);
  if (found === undefined) {
    if (cache.size >= MAX_CACHE) cache.clear();
    found = compileGlob(pattern, ignoreCase);
    cache.set(pattern, found);
  }
  return found;
}

/** Does `value` match the IAM wildcard `pattern` (`*`, `?`)? */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return matcher(pattern, ignoreCase)(value);
}

const ARN_SEGMENTS = 6;

/** Splits an ARN into its six colon-separated parts (the resource keeps its colons); undefined if not an ARN. */
function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < ARN_SEGMENTS) return undefined;
  if (parts.length > ARN_SEGMENTS) parts.splice(ARN_SEGMENTS - 1, parts.length, parts.slice(ARN_SEGMENTS - 1).join(':'));
  return parts;
}

const arnCache = new Map<string, Matcher>();

function compileArn(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const patternParts = arnParts(pattern);
  // Not ARN-shaped (fewer than six parts): matches no ARN (AWS rejects such a policy value).
  if (!patternParts) return () => false;
  const segments = patternParts.map((part) => matcher(part, false));
  return (value) => {
    const parts = arnParts(value);
    if (!parts) return false;
    for (let i = 0; i < ARN_SEGMENTS; i++) {
      if (!segments[i]!(parts[i]!)) return false;
    }
    return true;
  };
}

/**
 * ArnEquals / ArnLike: each of the six colon-separated parts of the ARN is matched separately, so a
 * wildcard never spans a colon except inside the resource part (AWS documented behaviour).
 */
export function arnMatch(pattern: string, value: string): boolean {
  let found = arnCache.get(pattern);
  if (found === undefined) {
    if (arnCache.size >= MAX_CACHE) arnCache.clear();
    found = compileArn(pattern);
    arnCache.set(pattern, found);
  }
  return found(value);
}

/** Token of a pattern for `patternCovers`: a character code, ANY_ONE (`?`) or ANY_RUN (`*`). */
const ANY_ONE = -1;
const ANY_RUN = -2;

/**
 * The pattern as tokens, each run of wildcards that holds a `*` rewritten as its `?`s then one `*`
 * (`*?*?` → `??*`: same language), so that equal languages give comparable shapes.
 */
function tokens(pattern: string): number[] {
  const out: number[] = [];
  let ones = 0;
  let star = false;
  const flush = () => {
    for (let i = 0; i < ones; i++) out.push(ANY_ONE);
    if (star) out.push(ANY_RUN);
    ones = 0;
    star = false;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */) star = true;
    else if (c === 63 /* ? */) ones += 1;
    else {
      flush();
      out.push(c);
    }
  }
  flush();
  return out;
}

/**
 * Above this many cells (|a| · |b| tokens, both with wildcards) `patternCovers` answers false
 * without looking: no real policy value comes near it (an ARN pattern is ~100 characters).
 */
export const COVER_BUDGET = 1_000_000;

/**
 * Does pattern `a` match every value that pattern `b` matches (L(b) ⊆ L(a))? Correct or
 * conservative: true only when it holds; false when it does not, or in rare shapes where proving
 * it would need more than a token-by-token alignment (e.g. `*a*` vs `*a?a*`-style overlaps), or
 * when both patterns are huge (`COVER_BUDGET`).
 *
 * The alignment: `a`'s `*` absorbs any run of `b`'s tokens, `a`'s `?` one token of `b` that stands
 * for exactly one character (a literal or `?`), `a`'s literal the same literal in `b`. Whatever value
 * `b` produces, the same split shows `a` matching it, so a found alignment is a proof. Dynamic
 * programming over the two token lists: O(|a| · |b|) time, O(|b|) memory.
 */
export function patternCovers(a: string, b: string, ignoreCase = false): boolean {
  const pa = ignoreCase ? a.toLowerCase() : a;
  const pb = ignoreCase ? b.toLowerCase() : b;
  if (!pb.includes('*') && !pb.includes('?')) return wildcardMatch(pa, pb);
  if (pa === '*' || pa === pb) return true;
  if (!pa.includes('*') && !pa.includes('?')) return false;
  const ta = tokens(pa);
  const tb = tokens(pb);
  if (ta.length * tb.length > COVER_BUDGET) return false;
  // row[j]: a's tokens so far can absorb exactly b's first j tokens.
  let row = new Uint8Array(tb.length + 1);
  let next = new Uint8Array(tb.length + 1);
  row[0] = 1;
  for (const t of ta) {
    next.fill(0);
    if (t === ANY_RUN) {
      next[0] = row[0]!;
      for (let j = 1; j <= tb.length; j++) next[j] = row[j]! | next[j - 1]!;
    } else {
      for (let j = 0; j < tb.length; j++) {
        if (!row[j]) continue;
        const u = tb[j]!;
        if (t === ANY_ONE ? u !== ANY_RUN : u === t) next[j + 1] = 1;
      }
    }
    [row, next] = [next, row];
  }
  return row[tb.length] === 1;
}
