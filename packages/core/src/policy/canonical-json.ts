import type { PolicyDocument, Statement } from './policy-types';

const DOCUMENT_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** Known keys first in the given order, then any other keys alphabetically. */
function ordered(value: Record<string, unknown>, order: string[]): Array<[string, unknown]> {
  const known = order.filter((key) => key in value && value[key] !== undefined).map((key) => [key, value[key]] as [string, unknown]);
  const rest = Object.keys(value)
    .filter((key) => !order.includes(key) && value[key] !== undefined)
    .sort()
    .map((key) => [key, value[key]] as [string, unknown]);
  return [...known, ...rest];
}

function canonicalStatement(statement: Statement): Record<string, unknown> {
  const entries = ordered(statement as unknown as Record<string, unknown>, STATEMENT_KEYS).map(([key, value]) => {
    if ((key === 'Principal' || key === 'NotPrincipal') && typeof value === 'object' && value !== null) {
      return [key, Object.fromEntries(ordered(value as Record<string, unknown>, PRINCIPAL_KEYS))];
    }
    if (key === 'Condition' && typeof value === 'object' && value !== null) {
      const operators = Object.keys(value).sort();
      return [key, Object.fromEntries(operators.map((op) => {
        const block = (value as Record<string, Record<string, unknown>>)[op] ?? {};
        return [op, Object.fromEntries(Object.keys(block).sort().map((k) => [k, block[k]]))];
      }))];
    }
    return [key, value];
  });
  return Object.fromEntries(entries);
}

/** The document with keys in AWS order (Version, Id, Statement; Sid, Effect, Principal, ...). Values untouched. */
export function canonicalDocument(doc: PolicyDocument): PolicyDocument {
  const entries = ordered(doc as unknown as Record<string, unknown>, DOCUMENT_KEYS).map(([key, value]) =>
    key === 'Statement' && Array.isArray(value) ? [key, value.map((s) => canonicalStatement(s as Statement))] : [key, value],
  );
  return Object.fromEntries(entries) as unknown as PolicyDocument;
}

/**
 * Stable, pretty-printed (2 spaces) JSON of a policy: the text diffs are computed on and front ends
 * show (and save to files). Two documents with the same content in a different
 * key order give the same text. Array order is kept (it is the user's).
 */
export function canonicalJson(doc: PolicyDocument): string {
  return JSON.stringify(canonicalDocument(doc), null, 2);
}
