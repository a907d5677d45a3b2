/**
 * IAM wildcard matching (`*` any run of characters, `?` exactly one), with every compiled pattern
 * cached by its text so that the hot evaluation loop never builds a RegExp.
 */
type Matcher = (value: string) => boolean;

const MAX_CACHE = 10_000;
const sensitive = new Map<string, Matcher>();
const insensitive = new Map<string, Matcher>();

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function compile(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return () => true;
  const hasWildcard = pattern.includes('*') || pattern.includes('?');
  if (!hasWildcard) {
    if (!ignoreCase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const star = pattern.indexOf('*');
  if (star === pattern.length - 1 && !pattern.includes('?')) {
    // The common `prefix*` shape: a prefix test, no RegExp.
    const prefix = ignoreCase ? pattern.slice(0, -1).toLowerCase() : pattern.slice(0, -1);
    return ignoreCase ? (value) => value.toLowerCase().startsWith(prefix) : (value) => value.startsWith(prefix);
  }
  const source = '^' + escapeRegExp(pattern).replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]') + '$';
  const regexp = new RegExp(source, ignoreCase ? 'i' : '');
  return (value) => regexp.test(value);
}

function matcher(pattern: string, ignoreCase: boolean): Matcher {
  const cache = ignoreCase ? insensitive : sensitive;
  let found = cache.get(pattern);
  if (found === undefined) {
    if (cache.size >= MAX_CACHE) cache.clear();
    found = compile(pattern, ignoreCase);
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
