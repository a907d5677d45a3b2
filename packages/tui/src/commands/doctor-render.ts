import type { DiagnoseResult, DoctorLayer, StatementRef } from '@secret-share-wizard/core';
import type { Colors } from '../cli/color';
import { planJson, type JsonPlan } from '../cli/plan-json';

/** The `doctor --json` object: what scripts rely on. */
export interface DoctorJson {
  allowed: boolean;
  /** `allowed`, `allowed-if` (allowed when the unknown layers allow) or `denied`. */
  verdict: DiagnoseResult['verdict'];
  decidingLayer: string | null;
  decidingCall: string | null;
  statement: StatementRef | null;
  unknownLayers: Array<{ layer: string; readableBy: string }>;
  fix: { kind: 'plan' | 'text'; layer: string; account: string | null; text: string; plan: JsonPlan | null } | null;
  layers: Array<{ layer: string; decision: string; statement: StatementRef | null; calls: DoctorLayer['calls']; target?: string; readableBy?: string }>;
  explanation: string;
  secret: string;
  consumerRole: string;
  sessionName: string | null;
  message: { agrees: boolean; text: string; layer: string | null; deny: string | null; action: string | null; principal: string | null } | null;
  assumptions: DiagnoseResult['assumptions'];
  notes: string[];
  reads: DiagnoseResult['reads'] | null;
}

export function doctorJson(result: DiagnoseResult): DoctorJson {
  return {
    allowed: result.allowed,
    verdict: result.verdict,
    decidingLayer: result.decidingLayer ?? null,
    decidingCall: result.decidingCall ?? null,
    statement: result.statement ?? null,
    unknownLayers: result.unknownLayers,
    fix: result.fix ? { kind: result.fix.kind, layer: result.fix.layer, account: result.fix.account ?? null, text: result.fix.text, plan: result.fix.plan ? planJson(result.fix.plan) : null } : null,
    layers: result.layers.map((layer) => ({
      layer: layer.layer,
      decision: layer.decision,
      statement: layer.statement ?? null,
      calls: layer.calls,
      ...(layer.target !== undefined ? { target: layer.target } : {}),
      ...(layer.readableBy !== undefined ? { readableBy: layer.readableBy } : {}),
    })),
    explanation: result.explanation,
    secret: result.secretArn,
    consumerRole: result.consumerRole,
    sessionName: result.sessionName ?? null,
    message: result.message
      ? {
          agrees: result.message.agrees,
          text: result.message.text,
          layer: result.message.parsed.layer ?? null,
          deny: result.message.parsed.deny ?? null,
          action: result.message.parsed.action ?? null,
          principal: result.message.parsed.principal ?? null,
        }
      : null,
    assumptions: result.assumptions,
    notes: result.notes,
    reads: result.reads ?? null,
  };
}

function statementText(ref: StatementRef | undefined): string {
  if (!ref) return '';
  let text = `statement ${ref.index}${ref.sid ? ` (Sid "${ref.sid}")` : ''}`;
  if (ref.document) text += ` of ${ref.document}`;
  if (ref.target) text += ` at ${ref.target}`;
  return text;
}

function mark(decision: DoctorLayer['decision'], c: Colors): string {
  switch (decision) {
    case 'allow':
      return c.green('✔');
    case 'unknown':
      return c.yellow('?');
    default:
      return c.red('✖');
  }
}

/** The doctor's answer for a terminal: the verdict, every layer, the fix, AWS's message. */
export function renderDoctor(result: DiagnoseResult, c: Colors): string {
  const lines: string[] = [];
  const verdict = result.verdict === 'allowed' ? c.green('✔ Allowed') : result.verdict === 'allowed-if' ? c.yellow('? Allowed only if the unknown layers allow') : c.red('✖ Denied');
  lines.push(`${verdict}: ${result.consumerRole}${result.sessionName ? ` (session ${result.sessionName})` : ''} → ${result.secretArn}`);
  lines.push(`  ${result.explanation}`);
  if (result.decidingLayer) lines.push(`  Deciding layer: ${c.bold(result.decidingLayer)}${result.decidingCall ? ` on ${result.decidingCall}` : ''}${result.statement ? `, ${statementText(result.statement)}` : ' (no statement allows it)'}`);
  lines.push('', 'Layers (GetSecretValue / kms:Decrypt through Secrets Manager):');
  const width = Math.max(...result.layers.map((layer) => layer.layer.length));
  for (const layer of result.layers) {
    const calls = Object.entries(layer.calls).map(([call, decision]) => `${call.split(':')[1]} ${decision}`).join(', ');
    const detail = layer.decision === 'unknown' ? `could not be read — ${layer.readableBy ?? 'unknown'}` : statementText(layer.statement);
    lines.push(`  ${mark(layer.decision, c)} ${layer.layer.padEnd(width)}  ${calls}${detail ? c.dim(`  ${detail}`) : ''}`);
  }
  if (result.unknownLayers.length > 0) {
    lines.push('', c.yellow('Could not read:'));
    for (const unknown of result.unknownLayers) lines.push(`  ${unknown.layer}: readable by ${unknown.readableBy}`);
  }
  if (result.message) {
    lines.push('', `AWS's message: ${result.message.parsed.summary}`);
    lines.push(`  ${result.message.agrees ? c.green('Agrees:') : c.yellow('Does not agree:')} ${result.message.text}`);
  }
  if (result.fix) {
    lines.push('', `${c.bold('Fix')} (${result.fix.kind === 'plan' ? 'a plan secret-share-wizard can apply' : 'outside the documents secret-share-wizard writes'}${result.fix.account ? `, account ${result.fix.account}` : ''}):`);
    lines.push(`  ${result.fix.text}`);
  }
  if (result.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of result.notes) lines.push(`  - ${note}`);
  }
  if (result.reads) lines.push('', c.dim(`Read with ${result.reads.calls} AWS calls in ${result.reads.roundTrips} round trips.`));
  return `${lines.join('\n')}\n`;
}
