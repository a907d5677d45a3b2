import { changeKindTitle, type Change, type Finding, type Plan, type Severity, type SimulationResult } from '@secret-share-wizard/core';
import type { Colors } from './color';

/** Human-readable plan: coloured diffs, findings by severity, the simulation before → after. */

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

export function colorDiff(diff: string, c: Colors): string[] {
  return diff
    .split('\n')
    .filter((line) => line !== '' && !/^(=+|Index: .*)$/.test(line))
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return c.dim(line);
      if (line.startsWith('+')) return c.green(line);
      if (line.startsWith('-')) return c.red(line);
      if (line.startsWith('@@')) return c.cyan(line);
      return line;
    });
}

function actionLabel(change: Change, c: Colors): string {
  switch (change.action) {
    case 'create':
      return c.green('create');
    case 'update':
      return c.yellow('update');
    case 'delete':
      return c.red('delete');
    default:
      return c.dim('no change');
  }
}


/** The identity policy when nobody applies it here (no consumer role, or --consumer-policy none). */
export function isHandedToConsumer(change: Change): boolean {
  return change.kind === 'identity-policy' && (change.identity === undefined || change.identity.mode === 'none');
}

export function renderChange(change: Change, c: Colors): string[] {
  const lines = [`${c.bold(changeKindTitle(change.kind))}  ${actionLabel(change, c)}  ${c.dim(change.target)}${change.broadensAccess ? `  ${c.yellow('(broadens access)')}` : ''}`];
  if (isHandedToConsumer(change)) {
    if (change.action === 'none') lines.push(c.dim("  Nothing for the consumer account's administrator to change."));
    else if (change.after === null) lines.push(c.dim("  Not applied by this tool: ask the consumer account's administrator to delete this identity policy."));
    else {
      lines.push(c.dim("  Not applied by this tool: give this document to the consumer account's administrator:"));
      lines.push(...JSON.stringify(change.after, null, 2).split('\n').map((line) => `  ${line}`));
    }
    return lines;
  }
  if (change.action !== 'none') lines.push(...colorDiff(change.diff, c).map((line) => `  ${line}`));
  return lines;
}

const SEVERITY_MARK: Record<Severity, (c: Colors) => string> = {
  error: (c) => c.red('✖ error  '),
  warning: (c) => c.yellow('▲ warning'),
  info: (c) => c.blue('ℹ info   '),
};

export function renderFindings(findings: readonly Finding[], c: Colors): string[] {
  if (findings.length === 0) return [c.green('✔ No findings.')];
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return sorted.map((finding) => `${SEVERITY_MARK[finding.severity](c)} ${c.dim(finding.code)}  ${finding.message}`);
}

export function accessLabel(result: SimulationResult, c: Colors): string {
  if (result.allowed) return c.green('✔ allowed');
  return c.red(`✖ denied${result.decidingLayer ? ` (by the ${result.decidingLayer})` : ''}`);
}

export function renderSimulation(simulation: Plan['simulation'], c: Colors): string[] {
  return [
    `${c.bold('Will it work?')}  before: ${accessLabel(simulation.before, c)}  →  after: ${accessLabel(simulation.after, c)}`,
    `  ${simulation.after.explanation}`,
  ];
}

export function renderPlan(plan: Plan, c: Colors): string {
  const verb = plan.operation === 'revoke' ? 'Revoke' : 'Share';
  const lines = [`${c.bold(verb)} ${plan.secret.arn}`, `  ${plan.operation === 'revoke' ? 'from' : 'with'} ${plan.consumer.arn}`, ''];
  for (const change of plan.changes) lines.push(...renderChange(change, c), '');
  lines.push(c.bold('Findings'), ...renderFindings(plan.findings, c).map((line) => `  ${line}`), '');
  lines.push(...renderSimulation(plan.simulation, c), '');
  const pending = plan.changes.filter((change) => change.action !== 'none' && !isHandedToConsumer(change));
  if (plan.blocked) lines.push(c.red('Blocked: fix the errors above; nothing can be applied.'));
  else if (pending.length === 0) lines.push(c.green('Nothing to change: everything is already in place.'));
  else {
    const broadening = pending.filter((change) => change.broadensAccess).length;
    lines.push(`${pending.length} change(s)${broadening ? `, ${broadening} broaden access` : ''}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Changes that apply would write. */
export function pendingChanges(plan: Plan): Change[] {
  return plan.changes.filter((change) => change.action !== 'none' && !isHandedToConsumer(change));
}
