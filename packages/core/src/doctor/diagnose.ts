import type { ConsumerPrincipal } from '../arn/principal';
import type { ShareRequest } from '../plan/plan-types';
import type { ShareState } from '../plan/share-state';
import { simulateAccess } from '../simulate/simulate-access';
import { LAYERS, verdictOf, type Layer, type LayerDecision, type SimulationInput } from '../simulate/simulate-types';
import { compareWithMessage } from './compare-message';
import { doctorFix } from './doctor-fix';
import type { DiagnoseResult, DoctorCall, DoctorLayer } from './doctor-types';
import type { ParsedAccessDenied } from './parse-access-denied';

/** Everything the doctor read (from AWS or files), ready to evaluate. */
export interface DoctorCase {
  input: SimulationInput;
  /** The same state as the planner wants it, for a fix in the three documents. */
  state: ShareState;
  request: ShareRequest;
  role: ConsumerPrincipal;
  owner: string;
  management?: string;
  parsed?: ParsedAccessDenied;
  notes: string[];
}

const CALLS: readonly DoctorCall[] = ['secretsmanager:GetSecretValue', 'kms:Decrypt'];
const RANK: Record<LayerDecision['decision'], number> = { allow: 0, unknown: 1, 'implicit-deny': 2, 'explicit-deny': 3 };

/** Each layer over both calls: its answer to the call it decided, else the worst of its answers. */
function layersOf(result: DiagnoseResult['simulation']): DoctorLayer[] {
  const byLayer = new Map<Layer, DoctorLayer>();
  result.checks.forEach((check, i) => {
    for (const decision of check.layers) {
      const call = CALLS[i]!;
      let entry = byLayer.get(decision.layer);
      if (!entry) {
        entry = { layer: decision.layer, decision: decision.decision, calls: {} };
        byLayer.set(decision.layer, entry);
      }
      entry.calls[call] = decision.decision;
      const decided = !check.allowed && check.decidingLayer === decision.layer;
      if (decided || RANK[decision.decision] > RANK[entry.decision]) {
        entry.decision = decision.decision;
        if (decision.statement) entry.statement = decision.statement;
        else delete entry.statement;
        if (decision.target !== undefined) entry.target = decision.target;
      } else if (!entry.statement && decision.statement && decision.decision === entry.decision) {
        entry.statement = decision.statement;
      }
      if (decision.readableBy !== undefined) entry.readableBy = decision.readableBy;
    }
  });
  return LAYERS.filter((layer) => byLayer.has(layer)).map((layer) => byLayer.get(layer)!);
}

/** Simulates the whole path and answers: allowed or not, where, what could not be read, and the fix. */
export function diagnose(doctorCase: DoctorCase): DiagnoseResult {
  const { input, parsed } = doctorCase;
  const simulation = simulateAccess(input);
  const layers = layersOf(simulation);
  const failing = simulation.checks.findIndex((check) => !check.allowed);
  const result: DiagnoseResult = {
    secretArn: input.secretArn,
    consumerRole: doctorCase.role.arn,
    allowed: simulation.allowed,
    verdict: verdictOf(simulation),
    explanation: simulation.explanation,
    unknownLayers: layers.filter((layer) => layer.decision === 'unknown' || simulation.unknownLayers.includes(layer.layer)).map((layer) => ({ layer: layer.layer, readableBy: layer.readableBy ?? 'another account' })),
    layers,
    assumptions: simulation.assumptions,
    notes: [...doctorCase.notes, ...(simulation.notes ?? [])],
    simulation,
  };
  if (input.sessionName !== undefined) result.sessionName = input.sessionName;
  if (!simulation.allowed) {
    if (simulation.decidingLayer) result.decidingLayer = simulation.decidingLayer;
    if (failing >= 0) result.decidingCall = CALLS[failing]!;
    if (simulation.statement) result.statement = simulation.statement;
  }
  const fix = doctorFix({
    result: simulation,
    state: doctorCase.state,
    request: doctorCase.request,
    input,
    owner: doctorCase.owner,
    consumer: doctorCase.role.account,
    ...(doctorCase.management ? { management: doctorCase.management } : {}),
  });
  if (fix) result.fix = fix;
  if (parsed) result.message = compareWithMessage(parsed, simulation, doctorCase.role.arn);
  return result;
}
