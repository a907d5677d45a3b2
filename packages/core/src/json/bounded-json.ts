import { policyPath } from '../plan/findings/policy-path';
import { overLimit, type JsonLimits } from './json-limits';
import { formatCount } from '../text/locale-free';

/** Why a JSON text was not read. `message` follows the name of the file or field ("is …"). */
export interface JsonProblem {
  reason: 'too-large' | 'too-deep' | 'syntax' | 'reserved-key';
  message: string;
  /** reserved-key: where the key is (`Statement[0].Condition.StringEquals`). */
  path?: string;
}

export type BoundedJson = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

/**
 * Keys that name a property of every JavaScript object (`__proto__`, `constructor`, `toString`, …)
 * plus `prototype`, compared without case (the code lower-cases condition keys). No policy, plan or
 * manifest uses one; as data they would reach objects' prototypes (`{}["__proto__"]`), so they are
 * refused where the text is read, with the path of the key.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'].map((name) => name.toLowerCase()));

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key.toLowerCase());
}

/**
 * The size and nesting of `text`, checked in one pass before any parser builds objects: a
 * 47 MB file or 100,000 nested arrays are refused in time linear in the text, without recursion.
 * `comments`: the text may hold `//` and `/* *\/` comments (JSONC, editor buffers).
 */
export function checkJsonText(text: string, limits: JsonLimits, comments = false): JsonProblem | undefined {
  if (text.length > limits.maxChars) {
    return { reason: 'too-large', message: `is ${formatCount(text.length)} characters, ${overLimit(limits, 'characters')}` };
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth += 1;
      if (depth > limits.maxDepth) {
        return { reason: 'too-deep', message: `nests objects and arrays more than ${limits.maxDepth} levels deep (at character ${formatCount(i)}), which no ${limits.what.replace(/^an? /, '')} does` };
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth -= 1;
    } else if (comments && c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (comments && c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    }
  }
  return undefined;
}

/** The path of the first reserved key in a parsed value (depth already bounded), or undefined. */
export function reservedKeyPath(value: unknown, path: Array<string | number> = []): { key: string; path: string } | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = reservedKeyPath(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (isReservedKey(key)) return { key, path: path.length > 0 ? policyPath(...path) : '(top level)' };
      const found = reservedKeyPath((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The problem for a reserved key found by `reservedKeyPath`. */
export function reservedKeyProblem(found: { key: string; path: string }): JsonProblem {
  return {
    reason: 'reserved-key',
    path: found.path,
    message: `has the key ${JSON.stringify(found.key)} at ${found.path}, which is no policy element (keys named like JavaScript object internals are refused)`,
  };
}

/**
 * Strict JSON from an untrusted source, within `limits`: size and depth first, then `JSON.parse`,
 * then no reserved key anywhere. Never throws.
 */
export function parseBoundedJson(text: string, limits: JsonLimits): BoundedJson {
  const problem = checkJsonText(text, limits);
  if (problem) return { ok: false, problem };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { reason: 'syntax', message: `is not valid JSON (${(error as Error).message})` } };
  }
  const reserved = reservedKeyPath(value);
  if (reserved) return { ok: false, problem: reservedKeyProblem(reserved) };
  return { ok: true, value };
}
