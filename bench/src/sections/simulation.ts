import type { BenchContext } from '../context';
import { referencePathLayers, referenceScenario } from '../../../packages/core/src/simulate/reference-scenario';
import { simulateAccess } from '../../../packages/core/src/simulate/simulate-access';
import type { SimulationInput } from '../../../packages/core/src/simulate/simulate-types';
import { repeat } from '../stats';
import type { Row } from '../table';

/**
 * The scenario's cases: each combination of the three changes in place (secret policy, key policy,
 * identity policy) for both kinds of consumer (the PRODUCTION account and its role), plus a request
 * for a version stage the grant does not cover. Allowed and denied paths alike.
 */
export function simulationCases(): SimulationInput[] {
  const cases: SimulationInput[] = [];
  for (const consumer of ['account', 'role'] as const) {
    for (let mask = 0; mask < 8; mask += 1) {
      cases.push(referenceScenario({ consumer, secretPolicy: (mask & 1) !== 0, keyPolicy: (mask & 2) !== 0, identityPolicy: (mask & 4) !== 0 }));
    }
    cases.push({ ...referenceScenario({ consumer }), versionStage: 'AWSPREVIOUS' });
  }
  return cases;
}

/**
 * The same cases on the whole path: each also goes through a permissions boundary, the SCPs of three
 * levels (root, OU, account), the RCPs of three levels and a VPC endpoint, inside one organization.
 */
export function wholePathCases(): SimulationInput[] {
  return simulationCases().map((input) => ({ ...input, ...referencePathLayers() }));
}

/** Evaluations per second over `durationMs` of evaluating the cases round-robin. */
export function evaluationsPerSecond(cases: readonly SimulationInput[], durationMs: number): { rate: number; allowed: number } {
  let evaluations = 0;
  let allowed = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const input of cases) if (simulateAccess(input).allowed) allowed += 1;
    evaluations += cases.length;
    elapsed = performance.now() - started;
  } while (elapsed < durationMs);
  return { rate: (evaluations / elapsed) * 1000, allowed };
}

/** Issue 12: the simulator keeps at least this many evaluations per second, whole path included. */
const TARGET_PER_SECOND = 250_000;

async function measure(context: BenchContext, cases: SimulationInput[], durationMs: number) {
  evaluationsPerSecond(cases, durationMs / 2); // warm-up: let the JIT compile the evaluator
  return repeat(context.options.runs, async () => evaluationsPerSecond(cases, durationMs).rate);
}

/** 3. Simulation: evaluations per second of the core simulator on the scenario's cases, three documents and whole path. */
export async function simulation(context: BenchContext): Promise<Row[]> {
  const cases = simulationCases();
  const whole = wholePathCases();
  const allowedCases = cases.filter((input) => simulateAccess(input).allowed).length;
  const durationMs = context.options.quick ? 200 : 1_000;
  const documents = await measure(context, cases, durationMs);
  const path = await measure(context, whole, durationMs);
  context.note(`Simulation: ${cases.length} cases of the reference scenario (${allowedCases} allowed, ${cases.length - allowedCases} denied), evaluated round-robin for ${durationMs} ms per run, in process; the whole-path row adds to each a permissions boundary, SCPs and RCPs at three levels and a VPC endpoint.`);
  return [
    {
      section: '3a',
      measure: 'Simulation: `simulateAccess` evaluations per second (three documents)',
      product: { summary: documents, unit: 'per-s', note: `${cases.length} cases` },
      target: { on: 'value', bound: 'min', limit: TARGET_PER_SECOND },
    },
    {
      section: '3b',
      measure: 'Simulation: `simulateAccess` evaluations per second (whole path: + boundary, SCPs, RCPs, VPC endpoint)',
      product: { summary: path, unit: 'per-s', note: `${whole.length} cases` },
      target: { on: 'value', bound: 'min', limit: TARGET_PER_SECOND },
    },
  ];
}
