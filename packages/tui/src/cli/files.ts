import { readFile } from 'node:fs/promises';
import { parsePolicy, userError, type Plan, type PolicyDocument } from '@secret-share-wizard/core';

const PLAN_SCHEMA: Plan['schema'] = 'secret-share-wizard/plan@1';

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

/** Reads a file named by a flag; a missing or unreadable file is a user error naming the flag. */
export async function readInputFile(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw userError('INPUT_FILE', field, `cannot read "${path}" (${fileProblem(error)})`, 'Check the path and the file permissions');
  }
}

/** A policy document from a JSON file (`--secret-policy F` etc.). */
export async function readPolicyFile(path: string, field: string): Promise<PolicyDocument> {
  const text = await readInputFile(path, field);
  return parsePolicy(text, `${field} ${path}`);
}

/** A plan written by `plan --out`. Shape-checked here; the core re-checks it against AWS (stale check). */
export async function readPlanFile(path: string, field = '--plan'): Promise<Plan> {
  const text = await readInputFile(path, field);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw userError('INPUT_PLAN_JSON', field, `"${path}" is not valid JSON (${(error as Error).message})`, 'Write the plan again with `secret-share-wizard plan ... --out plan.json`');
  }
  const plan = value as Partial<Plan> | null;
  if (typeof plan !== 'object' || plan === null || plan.schema !== PLAN_SCHEMA || !Array.isArray(plan.changes) || typeof plan.request !== 'object' || typeof plan.secret !== 'object') {
    throw userError('INPUT_PLAN_FILE', field, `"${path}" is not a plan written by \`secret-share-wizard plan --out\` (expected "schema": "${PLAN_SCHEMA}")`, 'Write the plan again with `secret-share-wizard plan ... --out plan.json`');
  }
  return plan as Plan;
}
