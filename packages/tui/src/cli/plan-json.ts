import type { Change, Finding, Plan, SimulationResult } from '@secret-share-wizard/core';

/**
 * The `--json` shape of a plan: what scripts rely on. Changes, findings and the simulation before →
 * after; apply/revoke/restore add `results` and `backup` (see command-json.ts).
 */
export interface JsonChange {
  kind: Change['kind'];
  target: string;
  account: string;
  action: Change['action'];
  broadensAccess: boolean;
  before: unknown;
  after: unknown;
  diff: string;
  /** Identity-policy changes: where the document goes (mode none: for the consumer's administrator). */
  identity?: { mode: string; principalKind: string; name: string; arn: string; policyName: string; policyArn?: string };
}

export interface JsonFinding {
  code: string;
  severity: Finding['severity'];
  message: string;
  change?: string;
  path?: string;
}

export interface JsonSimulation {
  allowed: boolean;
  /** The layer that denies (when not allowed); null when access is allowed. */
  decidingLayer: string | null;
  explanation: string;
  /** What the verdict takes for granted (a document apply does not write, a layer not read): "allowed if". */
  assumptions: Array<{ layer: string; text: string }>;
  /** Layers that could not be read (never assumed to allow). */
  unknownLayers: string[];
}

export interface JsonPlan {
  operation: Plan['operation'];
  secret: string;
  keyArn: string | null;
  consumer: string;
  blocked: boolean;
  changes: JsonChange[];
  findings: JsonFinding[];
  simulation: { before: JsonSimulation; after: JsonSimulation };
}

export function simulationJson(result: SimulationResult): JsonSimulation {
  return { allowed: result.allowed, decidingLayer: result.decidingLayer ?? null, explanation: result.explanation, assumptions: result.assumptions, unknownLayers: result.unknownLayers };
}

export function changeJson(change: Change): JsonChange {
  const json: JsonChange = {
    kind: change.kind,
    target: change.target,
    account: change.account,
    action: change.action,
    broadensAccess: change.broadensAccess,
    before: change.before,
    after: change.after,
    diff: change.diff,
  };
  if (change.kind === 'identity-policy' && change.identity) {
    const { mode, principalKind, name, arn, policyName, policyArn } = change.identity;
    json.identity = { mode, principalKind, name, arn, policyName, ...(policyArn ? { policyArn } : {}) };
  }
  return json;
}

export function findingJson(finding: Finding): JsonFinding {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    ...(finding.change ? { change: finding.change } : {}),
    ...(finding.path ? { path: finding.path } : {}),
  };
}

export function planJson(plan: Plan): JsonPlan {
  return {
    operation: plan.operation,
    secret: plan.secret.arn,
    keyArn: plan.secret.keyArn ?? null,
    consumer: plan.consumer.arn,
    blocked: plan.blocked,
    changes: plan.changes.map(changeJson),
    findings: plan.findings.map(findingJson),
    simulation: { before: simulationJson(plan.simulation.before), after: simulationJson(plan.simulation.after) },
  };
}
