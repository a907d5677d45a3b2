import { userError } from '../errors/wizard-error';
import type { PolicyDocument, Statement } from './policy-types';

/**
 * Parse policy JSON text (from AWS, a file or an editor) into a document with `Statement` always
 * an array. `field` names where the text came from, for the error message.
 * AWS accepts a single statement object in place of the array; we accept it too.
 */
export function parsePolicy(text: string, field: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw userError('INPUT_POLICY_JSON', field, `is not valid JSON (${(error as Error).message})`, 'Fix the JSON syntax, or export the policy again');
  }
  return toPolicyDocument(value, field);
}

export function toPolicyDocument(value: unknown, field: string): PolicyDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw userError('INPUT_POLICY_SHAPE', field, 'is not a policy document (a JSON object)', 'A policy is {"Version": "2012-10-17", "Statement": [...]}');
  }
  const doc = value as Record<string, unknown>;
  const raw = doc.Statement;
  if (raw === undefined) throw userError('INPUT_POLICY_SHAPE', field, 'has no "Statement"', 'A policy is {"Version": "2012-10-17", "Statement": [...]}');
  const statements = Array.isArray(raw) ? raw : [raw];
  statements.forEach((statement, index) => {
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
      throw userError('INPUT_POLICY_SHAPE', field, `Statement[${index}] is not an object`, 'Each statement is an object with Effect, Action and Resource');
    }
    const effect = (statement as Record<string, unknown>).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      throw userError('INPUT_POLICY_SHAPE', field, `Statement[${index}].Effect is ${JSON.stringify(effect)}`, 'Effect must be "Allow" or "Deny"');
    }
  });
  return { ...(doc as object), Statement: statements as Statement[] } as PolicyDocument;
}

/** Always an array, for fields that may be a string or an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
