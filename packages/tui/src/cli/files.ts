import { ANY_POLICY_JSON_LIMITS, formatCount, overLimit, PLAN_JSON_LIMITS, POLICY_JSON_LIMITS, parsePlanText, parsePolicy, readBoundedFile, userError, type DocumentKind, type JsonLimits, type Plan, type PolicyDocument } from '@secret-share-wizard/core';

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code ?? (error as Error).message;
  }
}

/** --secrets-file: 10,000 secret ARNs of ~100 characters. */
export const LIST_FILE_LIMITS: JsonLimits = { maxChars: 1024 * 1024, maxDepth: 0, what: 'a list of secrets', why: '10,000 secret ARNs' };

/**
 * Reads a file named by a flag, at most `maxBytes` (checked before reading: a 47 MB file is refused
 * at once); a missing, unreadable or too large file is a user error naming the flag.
 */
export async function readInputFile(path: string, field: string, limits: JsonLimits): Promise<string> {
  let read;
  try {
    read = await readBoundedFile(path, limits.maxChars);
  } catch (error) {
    throw userError('INPUT_FILE', field, `cannot read "${path}" (${fileProblem(error)})`, 'Check the path and the file permissions');
  }
  if (!read.ok) {
    const size = `${read.atLeast ? 'at least ' : ''}${formatCount(read.bytes)} bytes`;
    throw userError('INPUT_FILE_TOO_LARGE', field, `"${path}" is ${size}, ${overLimit(limits, 'bytes')}`, 'Pass the right file');
  }
  return read.text;
}

/** A policy document from a JSON file (`--secret-policy F` etc.), within the size for its kind. */
export async function readPolicyFile(path: string, field: string, kind?: DocumentKind): Promise<PolicyDocument> {
  const limits = kind ? POLICY_JSON_LIMITS[kind] : ANY_POLICY_JSON_LIMITS;
  const text = await readInputFile(path, field, limits);
  return parsePolicy(text, `${field} ${path}`, kind);
}

/** A plan written by `plan --out`. Shape-checked here; the core re-checks it against AWS. */
export async function readPlanFile(path: string, field = '--plan'): Promise<Plan> {
  const text = await readInputFile(path, field, PLAN_JSON_LIMITS);
  return parsePlanText(text, field, path);
}
