import type { ApplyOutcome, ChangeResult } from '@secret-share-wizard/core';
import type { Colors } from './color';

const STATUS: Record<ChangeResult['status'], (c: Colors) => string> = {
  applied: (c) => c.green('✔ applied        '),
  unchanged: (c) => c.dim('= unchanged      '),
  'rolled-back': (c) => c.yellow('↺ rolled back    '),
  'not-started': (c) => c.dim('– not started    '),
  'rollback-failed': (c) => c.red('✖ rollback failed'),
  failed: (c) => c.red('✖ failed         '),
};

/** Per-change results of apply/revoke/restore, the backup folder and the way back. */
export function renderOutcome(outcome: ApplyOutcome, c: Colors, verb: string): string {
  const lines: string[] = [];
  for (const result of outcome.results) {
    lines.push(`${STATUS[result.status](c)}  ${result.kind.padEnd(15)} ${c.dim(result.target)}${result.message ? `  ${result.message}` : ''}`);
    if (result.restoreCommand) lines.push(`    restore with: ${result.restoreCommand}`);
  }
  if (outcome.backup) lines.push('', `Backup of the documents before the ${verb}: ${outcome.backup}`);
  if (outcome.ok) lines.push(c.green(`✔ ${verb[0]!.toUpperCase()}${verb.slice(1)} complete.`));
  else lines.push(c.red(`✖ ${verb[0]!.toUpperCase()}${verb.slice(1)} failed${outcome.error ? `: ${outcome.error.message}` : ''}`));
  if (outcome.restoreCommand) lines.push(`Undo with: ${outcome.restoreCommand}`);
  return `${lines.join('\n')}\n`;
}

export function outcomeJson(outcome: ApplyOutcome) {
  return {
    ok: outcome.ok,
    results: outcome.results.map((result) => ({
      kind: result.kind,
      target: result.target,
      status: result.status,
      ...(result.message ? { message: result.message } : {}),
      ...(result.restoreCommand ? { restoreCommand: result.restoreCommand } : {}),
    })),
    backup: outcome.backup,
    ...(outcome.restoreCommand ? { restoreCommand: outcome.restoreCommand } : {}),
    ...(outcome.createdKeyArn ? { createdKeyArn: outcome.createdKeyArn } : {}),
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
  };
}
