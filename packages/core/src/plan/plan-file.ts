import { userError } from '../errors/wizard-error';
import { parseBoundedJson } from '../json/bounded-json';
import { PLAN_JSON_LIMITS } from '../json/json-limits';
import { PLAN_SCHEMA } from './plan-share';
import type { Plan } from './plan-types';

const WRITE_AGAIN = 'Write the plan again with `secret-share-wizard plan ... --out plan.json`';

/**
 * A plan file's text (`plan --out`) as a Plan, read as untrusted: the size (PLAN_JSON_LIMITS) and
 * nesting are checked before parsing, reserved keys (`__proto__`…) are refused with their path, and
 * the outline is checked. The documents inside are not trusted either: apply re-plans from the
 * request and checks every document before it is written (guard/).
 */
export function parsePlanText(text: string, field: string, name: string): Plan {
  const parsed = parseBoundedJson(text, PLAN_JSON_LIMITS);
  if (!parsed.ok) {
    const code = parsed.problem.reason === 'syntax' ? 'INPUT_PLAN_JSON' : 'INPUT_PLAN_FILE';
    throw userError(code, field, `"${name}" ${parsed.problem.message}`, WRITE_AGAIN);
  }
  const plan = parsed.value as Partial<Plan> | null;
  if (typeof plan !== 'object' || plan === null || plan.schema !== PLAN_SCHEMA || !Array.isArray(plan.changes) || typeof plan.request !== 'object' || typeof plan.secret !== 'object') {
    throw userError('INPUT_PLAN_FILE', field, `"${name}" is not a plan written by \`secret-share-wizard plan --out\` (expected "schema": "${PLAN_SCHEMA}")`, WRITE_AGAIN);
  }
  return plan as Plan;
}
