import { userError } from '../errors/wizard-error';
import { parseBoundedJson } from '../json/bounded-json';
import { PLAN_JSON_LIMITS } from '../json/json-limits';
import { policyShapeProblem } from '../policy/policy-shape';
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
  plan.changes.forEach((change, index) => {
    const problem = changeProblem(change);
    if (problem) throw userError('INPUT_PLAN_FILE', field, `"${name}": changes[${index}] ${problem}`, WRITE_AGAIN);
  });
  return plan as Plan;
}

const KINDS = new Set(['secret-policy', 'key-policy', 'identity-policy', 'secret-key']);
const ACTIONS = new Set(['create', 'update', 'delete', 'none']);

/** What is wrong with the outline of one change of a plan file (its documents must be policies). */
function changeProblem(change: unknown): string | undefined {
  if (typeof change !== 'object' || change === null) return 'is not a change';
  const c = change as Record<string, unknown>;
  if (typeof c.kind !== 'string' || !KINDS.has(c.kind)) return `has the kind ${JSON.stringify(c.kind)}, not one of ${[...KINDS].join(', ')}`;
  if (typeof c.target !== 'string' || typeof c.account !== 'string') return 'has no target or account';
  if (typeof c.action !== 'string' || !ACTIONS.has(c.action)) return `has the action ${JSON.stringify(c.action)}`;
  for (const side of ['before', 'after'] as const) {
    const document = c[side];
    if (c.kind === 'secret-key') {
      if (typeof (document as { KmsKeyId?: unknown } | null)?.KmsKeyId !== 'string') return `has a ${side} that is no {"KmsKeyId": …}`;
    } else if (document !== null) {
      const shape = policyShapeProblem(document);
      if (shape) return `has a ${side} that is not a policy document (${shape.path} ${shape.problem})`;
    }
  }
  return undefined;
}
