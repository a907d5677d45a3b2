import { messageWithFix, recordRestoreLines, type ChangeResult, type ErrorInfo, type SessionOutcome } from '@secret-share-wizard/core';
import type { Colors } from './color';
import { planJson } from './plan-json';

const STATUS: Record<ChangeResult['status'], (c: Colors) => string> = {
  applied: (c) => c.green('✔ applied        '),
  unchanged: (c) => c.dim('= unchanged      '),
  'rolled-back': (c) => c.yellow('↺ rolled back    '),
  'not-started': (c) => c.dim('– not started    '),
  'rollback-failed': (c) => c.red('✖ rollback failed'),
  failed: (c) => c.red('✖ failed         '),
};

const VERB: Record<SessionOutcome['operation'], string> = { share: 'apply', revoke: 'revoke', restore: 'restore', verify: 'verify', list: 'list' };

/** An error as the terminal shows it: one line (message, fix), then its details (diffs). */
export function renderError(error: ErrorInfo, c: Colors): string {
  return `${c.red('error:')} ${messageWithFix(error.message, error.fix)}\n${error.details ? `${error.details.replace(/\n?$/, '\n')}` : ''}`;
}

/** What a session did: per-change results, the backup folder, the way back, and why it stopped. */
export function renderOutcome(outcome: SessionOutcome, c: Colors): string {
  const verb = VERB[outcome.operation];
  const title = `${verb[0]!.toUpperCase()}${verb.slice(1)}`;
  const lines: string[] = [];
  for (const result of outcome.results) {
    lines.push(`${STATUS[result.status](c)}  ${result.kind.padEnd(15)} ${c.dim(result.target)}${result.message ? `  ${result.message}` : ''}`);
    if (result.restoreCommand) lines.push(`    restore with: ${result.restoreCommand}`);
  }
  for (const document of outcome.remerged) lines.push(c.yellow(`↻ another writer changed the ${document} meanwhile: this run's statements were merged onto its version`));
  if (outcome.backup) lines.push('', `Backup of the documents before the ${verb}: ${outcome.backup}`);
  switch (outcome.status) {
    case 'declined':
      lines.push('Nothing written.');
      break;
    case 'no-changes':
      lines.push(c.green('✔ Nothing to change: everything is already in place.'));
      break;
    case 'applied':
      lines.push(c.green(`✔ ${title} complete.`));
      if (outcome.record) lines.push(c.dim(`  Recorded on the secret (tag ${outcome.operation === 'revoke' ? 'removed' : 'written'}): ${outcome.record.consumer}${outcome.record.identityArn ? ` via ${outcome.record.identityArn}` : ''}`));
      for (const line of recordRestoreLines(outcome.records ?? [])) lines.push(line.failed ? c.yellow(`  ⚠ ${line.text}`) : c.dim(`  ${line.text}`));
      break;
    case 'failed':
      lines.push(c.red(`✖ ${title} failed${outcome.error ? `: ${messageWithFix(outcome.error.message, outcome.error.fix)}` : ''}`));
      if (outcome.exitCode === 4) lines.push(c.red('  The rollback is incomplete: restore with the command above.'));
      break;
    default:
      break;
  }
  if (outcome.status === 'applied' && outcome.restoreCommand) lines.push(`Undo with: ${outcome.restoreCommand}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** One change's result as `--json` prints it. */
export function resultJson(result: ChangeResult): Record<string, unknown> {
  return {
    kind: result.kind,
    target: result.target,
    status: result.status,
    ...(result.message ? { message: result.message } : {}),
    ...(result.restoreCommand ? { restoreCommand: result.restoreCommand } : {}),
  };
}

/**
 * The `--json` object of a session: exactly one, failures included. `ok`, `operation`, `status`,
 * `exitCode`; the plan (changes, findings, simulation) when one was made; `results` when anything
 * ran; `error` {code, message, fix, source, field, details} when it stopped.
 */
export function outcomeJson(outcome: SessionOutcome): Record<string, unknown> {
  return {
    ok: outcome.ok,
    operation: outcome.operation,
    status: outcome.status,
    exitCode: outcome.exitCode,
    ...(outcome.plan ? planJson({ ...outcome.plan, findings: outcome.apply?.findings ?? outcome.plan.findings }) : {}),
    pending: outcome.pending,
    results: outcome.results.map(resultJson),
    backup: outcome.backup,
    ...(outcome.restoreCommand ? { restoreCommand: outcome.restoreCommand } : {}),
    ...(outcome.apply?.createdKeyArn ? { createdKeyArn: outcome.apply.createdKeyArn } : {}),
    ...(outcome.remerged.length ? { remerged: outcome.remerged } : {}),
    ...(outcome.record ? { record: outcome.record } : {}),
    ...(outcome.records ? { records: outcome.records } : {}),
    ...(outcome.verify ? { verify: outcome.verify } : {}),
    ...(outcome.planFileDifferences ? { planFileDifferences: outcome.planFileDifferences } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    calls: outcome.calls,
  };
}
