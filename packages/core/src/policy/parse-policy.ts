import { userError, type ErrorCode, type WizardError } from '../errors/wizard-error';
import { parseBoundedJson, type JsonProblem } from '../json/bounded-json';
import { ANY_POLICY_JSON_LIMITS, POLICY_JSON_LIMITS } from '../json/json-limits';
import { policyShapeProblem } from './policy-shape';
import type { DocumentKind, PolicyDocument, Statement } from './policy-types';

const FIXES: Record<JsonProblem['reason'], [code: ErrorCode, fix: string]> = {
  syntax: ['INPUT_POLICY_JSON', 'Fix the JSON syntax, or export the policy again'],
  'too-large': ['INPUT_POLICY_TOO_LARGE', 'Pass the policy document itself (AWS refuses larger ones)'],
  'too-deep': ['INPUT_POLICY_TOO_DEEP', 'Pass the policy document itself: {"Version": "2012-10-17", "Statement": [...]}'],
  'reserved-key': ['INPUT_POLICY_RESERVED_KEY', 'Remove that key; condition keys look like "aws:PrincipalOrgID"'],
};

/** The user error for JSON text of a policy that was not read (size, depth, syntax, reserved key). */
export function policyTextError(field: string, problem: JsonProblem): WizardError {
  const [code, fix] = FIXES[problem.reason];
  return userError(code, field, problem.message, fix);
}

/**
 * Parse policy JSON text (from AWS, a file or an editor) into a document with `Statement` always
 * an array. `field` names where the text came from, for the error message. Untrusted text: the size
 * (AWS's limit for `kind` with a margin, see json/json-limits.ts) and the nesting are checked before
 * parsing, keys such as `__proto__` are refused, and the shape is checked (`policyShapeProblem`).
 * AWS accepts a single statement object in place of the array; we accept it too.
 */
export function parsePolicy(text: string, field: string, kind?: DocumentKind): PolicyDocument {
  const parsed = parseBoundedJson(text, kind ? POLICY_JSON_LIMITS[kind] : ANY_POLICY_JSON_LIMITS);
  if (!parsed.ok) throw policyTextError(field, parsed.problem);
  return toPolicyDocument(parsed.value, field);
}

/** A parsed value as a policy document; a user error naming the path of the first shape problem. */
export function toPolicyDocument(value: unknown, field: string): PolicyDocument {
  const problem = policyShapeProblem(value);
  if (problem) {
    const where = problem.path === '(document)' ? '' : `${problem.path} `;
    throw userError('INPUT_POLICY_SHAPE', field, `${where}${problem.problem}`, 'A policy is {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ..., "Resource": ...}]}');
  }
  const doc = value as Record<string, unknown>;
  const raw = doc.Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  return { ...doc, Statement: statements as Statement[] } as PolicyDocument;
}

/** Always an array, for fields that may be a string or an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
