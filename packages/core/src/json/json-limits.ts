import { SIZE_LIMITS } from '../policy/policy-size';
import type { DocumentKind } from '../policy/policy-types';
import { formatCount } from '../text/locale-free';

/**
 * How much untrusted JSON the tool reads. Every document that comes from outside (a policy file, a
 * plan file, a backup folder, a document AWS returned, an editor buffer) goes through
 * `parseBoundedJson` with one of these limits: the size is checked before parsing, the nesting
 * depth before building any object.
 */
export interface JsonLimits {
  /** Longest text read, in characters (files: in bytes, checked before reading). */
  maxChars: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** What the limit is for, for messages: "a secret policy". */
  what: string;
  /** Why this size, for messages: "AWS allows 20,480 characters". */
  why: string;
}

/**
 * Policies: AWS's own limit times `POLICY_MARGIN`. AWS measures a compact or whitespace-free text;
 * a file may be pretty-printed (indentation, one value a line), which takes 2–3 times the room.
 * Anything larger cannot become a valid policy, whatever it holds.
 */
export const POLICY_MARGIN = 4;

/** A policy nests 6 levels (document, Statement, statement, Condition, operator, values); a plan ~12. */
export const MAX_JSON_DEPTH = 64;

const IAM_LIMIT = SIZE_LIMITS['inline-policy'].limit;

function policyLimit(limit: number, unit: string, what: string): JsonLimits {
  return { maxChars: limit * POLICY_MARGIN, maxDepth: MAX_JSON_DEPTH, what, why: `AWS allows ${formatCount(limit)} ${unit}` };
}

/** Per document kind; identity policies get the larger IAM budget (inline, 10,240). */
export const POLICY_JSON_LIMITS: Record<DocumentKind, JsonLimits> = {
  'secret-policy': policyLimit(SIZE_LIMITS['secret-policy'].limit, 'characters', 'a secret policy'),
  'key-policy': policyLimit(SIZE_LIMITS['key-policy'].limit, 'bytes', 'a key policy'),
  'identity-policy': policyLimit(IAM_LIMIT, 'characters without whitespace', 'an IAM policy'),
};

/** A policy of a kind not known yet (an editor buffer, a file named without its kind): the largest. */
export const ANY_POLICY_JSON_LIMITS: JsonLimits = { ...POLICY_JSON_LIMITS['key-policy'], what: 'a policy', why: 'AWS allows at most 32,768 bytes, for a key policy' };

/**
 * A plan file (`plan --out`): three changes, each with the document before and after and their diff,
 * plus the findings and the simulation. Three key-policy-sized documents written out in full stay
 * under 1 MiB; 4 MiB leaves room for long findings and explanations.
 */
export const PLAN_JSON_LIMITS: JsonLimits = { maxChars: 4 * 1024 * 1024, maxDepth: MAX_JSON_DEPTH, what: 'a plan file', why: 'a plan holds three policies' };

/** A backup folder's manifest.json: a few entries of a few hundred characters each. */
export const MANIFEST_JSON_LIMITS: JsonLimits = { maxChars: 1024 * 1024, maxDepth: MAX_JSON_DEPTH, what: "a backup folder's manifest.json", why: 'a manifest lists a few documents' };

/** "more than the 81,920 characters read for a secret policy (AWS allows 20,480 characters)". */
export function overLimit(limits: JsonLimits, unit: 'characters' | 'bytes'): string {
  return `more than the ${formatCount(limits.maxChars)} ${unit} read for ${limits.what} (${limits.why})`;
}
