import type { AnswerOf, ApprovalPayload, Host, ProgressEvent, Question, QuestionCode } from '@secret-share-wizard/core';
import type { Colors } from './color';
import type { CliIo } from './context';
import { askYesNo } from './prompt';
import { renderManifestPlan } from './render-manifest';
import { renderPlan } from './render-plan';

export interface CliHostOptions {
  io: CliIo;
  /** Colours for stdout (the plan) and stderr (progress). */
  colors: Colors;
  errColors: Colors;
  /** --json: nothing but the final JSON object reaches stdout, and progress is silent. */
  json: boolean;
  /** --yes: every approval the session asks is answered yes. */
  yes: boolean;
  interactive: boolean;
}

const STATUS_MARK: Record<string, (c: Colors) => string> = {
  start: (c) => c.dim('…'),
  done: (c) => c.green('✔'),
  failed: (c) => c.red('✖'),
  'rolled-back': (c) => c.yellow('↺'),
  skipped: (c) => c.dim('–'),
};

export function formatProgress(event: ProgressEvent, c: Colors): string | undefined {
  switch (event.type) {
    case 'step':
      return `${STATUS_MARK[event.status]!(c)} ${event.message}`;
    case 'retry':
      return `${c.yellow('↻')} ${event.message}${event.delayMs > 0 ? ` (attempt ${event.attempt}, next in ${Math.round(event.delayMs / 100) / 10} s)` : ''}`;
    case 'warning':
      return `${c.yellow('▲')} ${event.message}`;
    case 'info':
      return `${c.dim('ℹ')} ${event.message}`;
    case 'stage':
      return c.dim(`» ${event.message}`);
    default:
      return undefined;
  }
}

/** The approval as the terminal shows it: every write, grouped by account. */
export function renderApproval(payload: ApprovalPayload, c: Colors): string {
  const lines: string[] = [];
  for (const group of payload.accounts) {
    lines.push(`${c.bold(`Account ${group.account}`)} (${group.side === 'owner' ? 'owner of the secret' : 'consumer'}${group.profile ? `, profile ${group.profile}` : ''}):`);
    for (const write of group.writes) lines.push(`  ${write.action.padEnd(6)} ${write.label}${write.broadensAccess ? c.yellow('  (broadens access)') : ''}`);
  }
  for (const note of payload.notes ?? []) lines.push(`  also: ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The session's Host for the command line: the plan (the review) on stdout, progress on stderr,
 * approvals answered by --yes or asked on the terminal (default No), other questions asked on a
 * terminal or answered with their default.
 */
export function cliHost(options: CliHostOptions): Host {
  const { io, colors, errColors, json, yes, interactive } = options;
  return {
    notify(event) {
      if (json) return;
      if (event.type === 'plan') {
        io.stdout.write(renderPlan(event.plan, colors));
        return;
      }
      if (event.type === 'manifest-plan') {
        io.stdout.write(renderManifestPlan(event.plan, colors));
        return;
      }
      // Stages are a spinner's words: on a terminal only; logs keep the steps, retries and warnings.
      if (event.type === 'stage' && io.stderr.isTTY !== true) return;
      const line = formatProgress(event, errColors);
      if (line) io.stderr.write(`${line}\n`);
    },
    async ask<C extends QuestionCode>(question: Question<C>): Promise<AnswerOf<C>> {
      if (question.code === 'approve-writes') {
        if (!json) io.stderr.write(renderApproval((question as Question<'approve-writes'>).payload, errColors));
        if (yes) return true as AnswerOf<C>;
        if (!interactive) return question.defaultAnswer;
        return (await askYesNo(io, question.message, false)) as AnswerOf<C>;
      }
      if (question.code === 'delete-policy-version') {
        if (yes) return true as AnswerOf<C>;
        if (!interactive) return question.defaultAnswer;
        return (await askYesNo(io, question.message, question.defaultAnswer as boolean)) as AnswerOf<C>;
      }
      // Credentials come from the flags: a missing one is an error naming the flag.
      return question.defaultAnswer;
    },
  };
}
